"""`ipctutor show TOPIC` prints a script that plain `python` runs, under every start method."""
from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import START_METHODS, run_cli
from ipctutor.engine.demos import DEMOS


@pytest.mark.parametrize("topic", list(DEMOS))  # every lesson's demo
def test_shown_script_runs_on_its_own(topic, tmp_path, tutor_env):
    shown = run_cli("show", topic, env=tutor_env)
    assert shown.returncode == 0, shown.stderr
    script = shown.stdout
    assert "import ipctutor" not in script and "from ipctutor" not in script
    compile(script, f"ipc_{topic}.py", "exec")
    path = tmp_path / f"ipc_{topic}.py"
    path.write_text(script)
    for method in START_METHODS:
        # -I: isolated from the environment; the script needs nothing but the standard library
        done = subprocess.run([sys.executable, "-I", str(path), "--workers", "3", "--delay", "0",
                               "--start-method", method], capture_output=True, text=True,
                              timeout=60, cwd=tmp_path)
        assert done.returncode == 0, f"{method}: {done.stderr}"
        assert f"start method={method}" in done.stdout
        assert "parent got:" in done.stdout
        assert "resource_tracker" not in done.stderr  # no leaked shared memory, no tracker errors
        assert done.stdout.count("  running") == 3 or topic == "pool"


def test_shown_script_is_the_demo_module(tutor_env):
    from ipctutor.engine.scripts import demo_source

    script = run_cli("show", "queue", env=tutor_env).stdout
    body = demo_source("queue").split("from ipctutor.engine.demos._events import", 1)[1].split("\n", 1)[1]
    assert body in script  # what the learner reads is what the tutor runs
