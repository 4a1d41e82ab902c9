"""Where the plain scripts are: one per topic, one per pitfall phase, in ipctutor/engine/plain/.

A plain script is what the tutor runs, what `ipctutor show` prints and what `learn` shows: standard
library only, no tutor import, runnable as `python FILE`. None is named like a standard module
(a `queue.py` run as a script would hide the `queue` module from itself and from multiprocessing).
"""

from __future__ import annotations

from pathlib import Path

PLAIN_DIR = Path(__file__).parent / "plain"


def demo_path(topic: str) -> Path:
    """A topic's demo: `shared-memory` is plain/shared_memory_demo.py."""
    return PLAIN_DIR / f"{topic.replace('-', '_')}_demo.py"


def phase_path(topic: str, pitfall: str, phase: str) -> Path:
    """One phase of a pitfall: ("value", "race", "broken") is plain/value_race_broken.py."""
    return PLAIN_DIR / (f"{topic}_{pitfall}_{phase}".replace("-", "_") + ".py")


def demo_source(topic: str) -> str:
    """The demo's text, exactly as it is on disk: what runs is what the learner reads."""
    return demo_path(topic).read_bytes().decode("utf-8")


def shown_name(path: Path) -> str:
    """The script's path as the learner reads it in a title: ipctutor/engine/plain/NAME.py."""
    return f"ipctutor/engine/plain/{path.name}"
