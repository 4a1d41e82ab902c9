"""The README's set-up, typed as a person would into a fresh shell (bash --norc, a copy of the
project in a temporary folder, a fresh virtual environment): afterwards `ipctutor` is on the PATH,
and the `Next:` command it suggests runs."""

from __future__ import annotations

import io
import os
import re
import shutil
import sys

import pexpect

from helpers import ROOT

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r")


def readme_block(containing: str) -> str:
    """The one-line shell block of the README's Start section that contains `containing`."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme[readme.index("## Start") : readme.index("## Run the tests")]
    blocks = re.findall(r"```sh\n(.*?)\n```", start, re.DOTALL)
    return next(block for block in blocks if containing in block)


def test_the_venv_line_leaves_ipctutor_on_the_path_and_next_runs(tmp_path):
    line = readme_block("python3 -m venv")
    assert line.endswith("ipctutor learn") and "activate" in line
    project = tmp_path / "ipctutor"
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(
            ".git",
            ".venv*",
            "__pycache__",
            "*.egg-info",
            "build",
            "dist",
            ".pytest_cache",
            "ipctutor-exercises",
        ),
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("VIRTUAL_ENV", "PYTHONPATH", "COLUMNS", "LINES", "NO_COLOR")
    }
    here = os.path.dirname(sys.executable)  # the suite's own venv is not the learner's
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p != here)
    env.update(
        TERM="xterm-256color",
        PROMPT_TOOLKIT_NO_CPR="1",
        PS1="$ ",
        IPCTUTOR_LANG="en",
        IPCTUTOR_HOME=str(tmp_path / "home"),
    )
    shell = pexpect.spawn(
        "bash",
        ["--norc", "--noprofile"],
        cwd=str(project),
        env=env,
        encoding="utf-8",
        timeout=60,
        dimensions=(24, 80),
    )
    shell.logfile_read = log = io.StringIO()
    shell.expect_exact("$ ")
    shell.sendline("command -v ipctutor || echo no-ipctutor-yet")
    shell.expect_exact("no-ipctutor-yet")
    shell.sendline(line)  # exactly what the README says
    shell.expect_exact(
        "Enter: next", timeout=600
    )  # pip install done, the first lesson's first screen
    shell.send("q")
    shell.expect_exact("Left the lesson")
    shell.expect_exact("$ ")
    shell.sendline("ipctutor list")
    shell.expect(r"Next: (ipctutor [a-z -]+)")
    command = shell.match.group(1).strip()
    shell.expect_exact("$ ")
    shell.sendline(command)
    shell.expect_exact("Enter: next", timeout=60)  # the command it suggested runs
    shell.send("q")
    shell.expect_exact("$ ")
    shell.sendline("exit")
    shell.expect(pexpect.EOF)
    seen = ANSI.sub("", log.getvalue())
    assert "Traceback" not in seen and "command not found" not in seen
    assert command.startswith("ipctutor learn")
