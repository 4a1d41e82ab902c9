"""`ipctutor practice` in a real pseudo-terminal: the learner sees the check fail, asks for a hint,
saves a fix as an editor does (a temporary file renamed over theirs), and sees it pass."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pexpect
import pytest

from helpers import ROOT, shown, spawn

SOLUTION = ROOT / "exercises" / "solutions" / "pool-lambda.py"


def save_as_an_editor_does(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_practice_fails_then_passes_after_a_save(tmp_path, tutor_env):
    workspace = tmp_path / "work"
    child = spawn("practice", "pool-lambda", "--workspace", str(workspace), env=tutor_env)
    child.expect_exact("✗ Not yet")
    child.expect_exact("Watching")
    mine = workspace / "pool-lambda.py"
    assert "lambda" in mine.read_text()
    assert "PicklingError" in shown(child)
    child.send("h")
    child.expect_exact("Hint 1/3")
    child.send("s")
    child.expect_exact("The solution comes after more checks (to go: 3)")
    child.send("c")  # the file as handed out: checked, but not counted as a try
    child.expect_exact("✗ Not yet")
    broken = mine.read_text(encoding="utf-8")
    for attempt in range(1, 4):  # three saves that do not fix it
        save_as_an_editor_does(mine, broken + f"# attempt {attempt}\n")
        child.expect_exact("Saved: checking again.")
        child.expect_exact("✗ Not yet")
    child.expect_exact("s shows the solution now")
    child.send("s")
    child.expect_exact("The solution (")
    child.expect_exact("+def square(x):")
    save_as_an_editor_does(mine, SOLUTION.read_text(encoding="utf-8"))
    child.expect_exact("Saved: checking again.")
    child.expect_exact("✓ Passed")
    child.expect_exact("n: next exercise")
    child.send("q")
    child.expect(pexpect.EOF, timeout=30)
    child.close()
    assert child.exitstatus == 0, shown(child)
    assert "Left. Your file stays as it is" in shown(child)
    assert mine.read_text() == SOLUTION.read_text()
    progress = json.loads((Path(tutor_env["IPCTUTOR_HOME"]) / "progress.json").read_text())
    assert progress["exercises"]["pool-lambda"]["passed"] is True


def test_ctrl_c_during_a_check_stops_every_run(tmp_path, tutor_env):
    """The runs live in sessions of their own (a stuck one must not catch the learner's Ctrl-C), so
    the checker stops them itself: nothing of the learner's script is left running."""
    workspace = tmp_path / "work"
    child = spawn("practice", "lock-early-return", "--workspace", str(workspace), env=tutor_env)
    child.expect_exact("Checking")
    child.expect(pexpect.TIMEOUT, timeout=1)  # the runs are under way, stuck on the lock
    child.sendintr()
    child.expect(pexpect.EOF, timeout=30)
    child.close()
    assert child.exitstatus == 130, shown(child)
    assert "interrupted" in shown(child)
    left = [
        pid for pid in os.listdir("/proc") if pid.isdigit() and str(workspace) in command_line(pid)
    ]
    assert left == [], f"still running: {left}"


def test_a_key_pressed_while_the_first_check_runs_is_not_lost(tmp_path, tutor_env):
    """q typed while the first check runs (the keys are not yet read one by one) still leaves once
    the check is done: switching to single keys keeps what was typed (it threw it away once)."""
    workspace = tmp_path / "work"
    child = spawn("practice", "queue-join-before-get", "--workspace", str(workspace), env=tutor_env)
    child.expect_exact("Checking")  # its runs hang until the watchdog: seconds away from a verdict
    child.send("q")
    child.expect_exact("✗ Not yet")
    child.expect(pexpect.EOF, timeout=60)
    child.close()
    assert child.exitstatus == 0, shown(child)
    assert "Left. Your file stays as it is" in shown(child), shown(child)


def command_line(pid: str) -> str:
    try:
        return (
            Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        )
    except OSError:  # gone meanwhile
        return ""


@pytest.mark.parametrize(
    "lang, size", [("en", (24, 80)), ("zh", (24, 80)), ("en", (40, 120))], ids=str
)
def test_a_verdict_tells_one_story_and_how_to_rerun_the_failing_run(
    tmp_path, tutor_env, lang, size
):
    """The three start methods agree (joining before getting hangs under each): one story, not
    three; the arguments the example run was given, and a command that runs exactly it again,
    which does."""
    from helpers import run_cli, squeezed

    env = dict(tutor_env, IPCTUTOR_LANG=lang)
    workspace = tmp_path / "work"
    name = "queue-join-before-get"
    child = spawn("practice", name, "--workspace", str(workspace), env=env, size=size)
    child.expect_exact({"en": "✗ Not yet", "zh": "✗ 还没通过"}[lang])
    child.expect_exact({"en": "Watching", "zh": "正在监视"}[lang])
    child.send("q")
    child.expect(pexpect.EOF, timeout=30)
    child.close()
    screen = squeezed(shown(child))
    assert squeezed("fork, spawn, forkserver") in screen  # one story for all three
    assert "fork:" not in screen and "fork：" not in screen
    workers, size_arg = re.search(r"workers=(\d+)size=(\d+)", screen).groups()
    again = f"--start-method fork --runs 1 --args {workers},{size_arg}"
    assert squeezed(f"ipctutor practice --check {name} --workspace {workspace} {again}") in screen
    rerun = run_cli(
        "practice", "--check", name, "--workspace", str(workspace), *again.split(), env=env
    )
    assert rerun.returncode == 1, rerun.stderr
    first = rerun.stdout.splitlines()[0]
    assert first.startswith("fork") and "1" in first, rerun.stdout
    assert f"workers={workers} size={size_arg}" in rerun.stdout  # exactly that run, again


def test_c_on_an_edited_file_counts_toward_the_solution_as_a_save_does(tmp_path, tutor_env):
    """Two saves that do not fix it, then c: the third failed check, and the solution is offered."""
    workspace = tmp_path / "work"
    child = spawn("practice", "pool-lambda", "--workspace", str(workspace), env=tutor_env)
    child.expect_exact("✗ Not yet")
    child.expect_exact("Watching")
    mine = workspace / "pool-lambda.py"
    broken = mine.read_text(encoding="utf-8")
    for attempt in (1, 2):
        save_as_an_editor_does(mine, broken + f"# attempt {attempt}\n")
        child.expect_exact("Saved: checking again.")
        child.expect_exact("✗ Not yet")
    child.send("s")
    child.expect_exact("The solution comes after more checks (to go: 1)")
    child.send("c")
    child.expect_exact("✗ Not yet")
    child.expect_exact("s shows the solution now")
    child.send("q")
    child.expect(pexpect.EOF, timeout=30)
    child.close()
    progress = json.loads((Path(tutor_env["IPCTUTOR_HOME"]) / "progress.json").read_text())
    assert progress["exercises"]["pool-lambda"]["failed_checks"] == 3
