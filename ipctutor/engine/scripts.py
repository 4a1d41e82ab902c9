"""`ipctutor show`: a demo as one standalone script, with the event helpers pasted in."""
from __future__ import annotations

from pathlib import Path

from ipctutor.engine.demos import DEMOS

DEMOS_DIR = Path(__file__).parent / "demos"
IMPORT_LINE = "from ipctutor.engine.demos._events import "


def demo_source(topic: str) -> str:
    """The demo module's own source: what runs when the tutor runs it."""
    return (DEMOS_DIR / f"{DEMOS[topic]}.py").read_text(encoding="utf-8")


def standalone_script(topic: str) -> str:
    """The demo with `ipctutor.engine.demos._events` inlined, so plain `python` can run it anywhere."""
    demo = demo_source(topic)
    events = (DEMOS_DIR / "_events.py").read_text(encoding="utf-8")
    helpers = events.split('"""', 2)[2].lstrip("\n")  # drop the module docstring
    lines = demo.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(IMPORT_LINE))
    header = (f"# ipctutor demo: {topic}. Run it:  python ipc_{topic}.py --workers 3 --start-method spawn\n"
              f"# (Name the file anything but {topic}.py: a file named like a standard module hides it.)\n")
    pasted = "# ---- the tutor's report helpers (ipctutor/engine/demos/_events.py) ----\n" + helpers + \
             "# ---- the demo (ipctutor/engine/demos/" + DEMOS[topic] + ".py) ----\n"
    return header + "".join(lines[:at]) + pasted + "".join(lines[at + 1:])
