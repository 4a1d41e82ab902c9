"""`ipctutor show TOPIC` prints the topic's plain script, byte for byte, and it runs on its own.

tests/test_plain_scripts.py runs every plain script under every start method; this file checks the
command: what it prints is the file the tutor runs, saved anywhere it still runs with plain python.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import run_cli
from ipctutor.engine.demos import DEMOS
from ipctutor.engine.scripts import demo_path


@pytest.mark.parametrize("topic", list(DEMOS))  # every lesson's demo
def test_shown_script_runs_on_its_own(topic, tmp_path, tutor_env):
    shown = run_cli("show", topic, env=tutor_env)
    assert shown.returncode == 0, shown.stderr
    script = shown.stdout
    assert script == demo_path(topic).read_text(encoding="utf-8")  # the file the tutor runs
    assert "import ipctutor" not in script and "from ipctutor" not in script
    path = tmp_path / f"ipc_{topic.replace('-', '_')}.py"
    path.write_text(script)
    # -I: isolated from the environment; the script needs nothing but the standard library
    done = subprocess.run(
        [sys.executable, "-I", str(path), "--workers", "3", "--delay", "0"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("parent: pid ")
    assert "resource_tracker" not in done.stderr  # no leaked shared memory, no tracker errors


def test_show_accepts_the_topic_spelt_as_the_module_is(tutor_env):
    shown = run_cli("show", "Shared_Memory", env=tutor_env)
    assert shown.returncode == 0 and shown.stdout == demo_path("shared-memory").read_text(
        encoding="utf-8"
    )
