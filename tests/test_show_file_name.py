"""`ipctutor show queue > queue.py`: a file named like a standard module hides it; show says so."""

from __future__ import annotations

import subprocess
import sys

import pytest


def show_into(path, topic: str, env: dict, *options: str) -> subprocess.CompletedProcess:
    """What a shell does for `ipctutor show TOPIC > PATH`: stdout is that file."""
    with open(path, "w") as out:
        return subprocess.run(
            [sys.executable, "-m", "ipctutor", *options, "show", topic],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=60,
        )


def test_warns_when_the_file_hides_the_module_it_needs(tmp_path, tutor_env):
    shown = show_into(tmp_path / "queue.py", "queue", tutor_env)
    assert shown.returncode == 0
    lines = shown.stderr.splitlines()
    assert (
        len(lines) == 1
        and "queue.py" in lines[0]
        and "'queue'" in lines[0]
        and "ipc_queue.py" in lines[0]
    )
    # and the warning is true: run beside itself, the script imports itself instead of queue
    ran = subprocess.run(
        [sys.executable, "queue.py", "--workers", "2", "--delay", "0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode != 0 and "queue.py" in ran.stderr and "ImportError" in ran.stderr


def test_the_warning_in_chinese(tmp_path, tutor_env):
    shown = show_into(tmp_path / "queue.py", "queue", tutor_env, "--lang", "zh")
    assert shown.returncode == 0 and "标准库模块 'queue'" in shown.stderr


@pytest.mark.parametrize("name", ["ipc_queue.py", "queue.txt", "pipe.py"])
def test_no_warning_for_a_harmless_name(name, tmp_path, tutor_env):
    shown = show_into(tmp_path / name, "queue", tutor_env)
    assert shown.returncode == 0 and shown.stderr == ""
    from ipctutor.engine.scripts import demo_path

    assert (tmp_path / name).read_bytes() == demo_path("queue").read_bytes()


def test_no_warning_into_a_pipe(tutor_env):
    shown = subprocess.run(
        [sys.executable, "-m", "ipctutor", "show", "queue"],
        capture_output=True,
        text=True,
        env=tutor_env,
        timeout=60,
    )
    assert (
        shown.returncode == 0
        and shown.stderr == ""
        and "from multiprocessing import" in shown.stdout
    )
