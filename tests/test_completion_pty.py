"""Shell completion as a person gets it: an interactive bash in a real pty, <TAB> pressed.

The completion script is the one `ipctutor --show-completion` prints for bash; the names come from
the registries (DEMOS, PITFALL_NAMES) and the lessons folder, so they are checked against those.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from ipctutor.engine.demos import DEMOS, PITFALL_NAMES

BIN = Path(sys.executable).parent
PROMPT = "READY> "

pytestmark = pytest.mark.skipif(
    not (BIN / "ipctutor").exists() or shutil.which("bash") is None,
    reason="needs bash and the ipctutor console script",
)


@pytest.fixture
def bash(tutor_env, tmp_path):
    env = dict(
        tutor_env,
        PATH=f"{BIN}{os.pathsep}{tutor_env.get('PATH', '')}",
        HOME=str(tmp_path),
        PS1=PROMPT,
        TERM="dumb",
        INPUTRC=str(tmp_path / "inputrc"),
    )
    (tmp_path / "inputrc").write_text("set show-all-if-ambiguous off\nset bell-style none\n")
    shell = pexpect.spawn(
        "bash",
        ["--norc", "--noprofile", "-i"],
        env=env,
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 200),
    )
    shell.expect_exact(PROMPT)
    shell.sendline('eval "$(ipctutor --show-completion)"; echo "loaded:$?"')
    shell.expect_exact("loaded:0")
    shell.expect_exact(PROMPT)
    yield shell
    shell.sendline("exit")
    shell.expect(pexpect.EOF)


def fresh_line(shell) -> None:
    shell.send("\x03")  # Ctrl-C: abandon the line being typed
    shell.expect_exact(PROMPT)


def test_tab_completes_a_topic_name(bash):
    assert "pipe" in DEMOS
    bash.send("ipctutor run pi\t")
    bash.expect_exact("ipctutor run pipe ")  # the only topic starting with 'pi'
    fresh_line(bash)


def test_two_tabs_list_the_pitfalls_of_the_topic(bash):
    bash.send("ipctutor run queue --pitfall \t\t")
    for name in PITFALL_NAMES["queue"]:
        bash.expect_exact(name)
    bash.expect_exact(PROMPT)  # bash lists the candidates, then redraws the line
    listed = bash.before
    others = {n for names in PITFALL_NAMES.values() for n in names} - set(PITFALL_NAMES["queue"])
    assert not [n for n in others if n in listed]  # only this topic's pitfalls
    fresh_line(bash)


def test_tab_completes_commands_options_and_lessons(bash):
    bash.send("ipctutor qu\t")
    bash.expect_exact("ipctutor quiz ")
    fresh_line(bash)
    bash.send("ipctutor run pipe --start-m\t")
    bash.expect_exact("--start-method ")
    fresh_line(bash)
    bash.send("ipctutor learn va\t")
    bash.expect_exact("ipctutor learn value ")
    fresh_line(bash)


def completions(shell: str, line: str, env: dict) -> str:
    """What `ipctutor` answers the completion script of `shell` for `line` (zsh and fish are not
    installed everywhere: this is the protocol their scripts speak, without the shell)."""
    import subprocess

    env = dict(
        env,
        _IPCTUTOR_COMPLETE=f"complete_{shell}",
        _TYPER_COMPLETE_ARGS=line,
        _TYPER_COMPLETE_FISH_ACTION="get-args",
    )
    return subprocess.run(
        [str(BIN / "ipctutor")], capture_output=True, text=True, env=env, timeout=60
    ).stdout


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_get_topics_and_pitfalls(shell, tutor_env):
    topics = completions(shell, "ipctutor run p", tutor_env)
    assert all(name in topics for name in DEMOS if name.startswith("p"))
    assert "queue" not in topics
    pitfalls = completions(shell, "ipctutor run queue --pitfall ", tutor_env)
    assert all(name in pitfalls for name in PITFALL_NAMES["queue"]) and "race" not in pitfalls
