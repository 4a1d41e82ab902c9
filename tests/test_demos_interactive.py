"""start-methods --pitfall interactive, through the real CLI: the script's code typed at a real
`python -i` prompt (its file on stdin), where every spawned or forkserver worker fails to find the
function; the same code run as a file, and the function imported from that file at the prompt,
where every worker finds it. Real PIDs: what each process printed of itself is its row's PID."""

from __future__ import annotations

import json
import re
import sys

import pytest

from helpers import children_of, printed, run_cli, said

WORKERS = 4
PARENT = r"parent: pid (\d+), start method (\w+), __main__ file: (\S+)(?:, work from (\S+))?"
CHILD = r"child (\d+): pid (\d+), \1 \* \1 = (\d+)"
# how a module without a file shows in the AttributeError, measured on 3.11, 3.12 and 3.13
MAIN_REPR = (
    "<module '__main__' (built-in)>"
    if sys.version_info < (3, 12)
    else "<module '__main__' (<class '_frozen_importlib.BuiltinImporter'>)>"
)
LOST = f"AttributeError: Can't get attribute 'work' on {MAIN_REPR}"


def pitfall(env: dict, *extra: str, lang: str = "en") -> dict:
    proc = run_cli(
        "--lang",
        lang,
        "run",
        "start-methods",
        "--pitfall",
        "interactive",
        "--json",
        *extra,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["topic"] == "start-methods" and report["pitfall"] == "interactive"
    assert [phase["phase"] for phase in report["phases"]] == ["broken", "file", "fixed"]
    return report


def parent_line(phase: dict) -> tuple[str, ...]:
    """The parent's first line: its PID (the row's, the OS's), its start method, its __main__'s
    file, and where `work` came from in the fix."""
    match = said(phase, PARENT)
    assert int(match[1]) == phase["parent_pid"]
    return match.groups()


def check_workers_ran(phase: dict, method: str) -> None:
    """Every worker exited 0 and printed its own PID, and the parent counted exit codes of 0."""
    children = children_of(phase)
    assert phase["outcome"] == "ok" and len(children) == WORKERS
    for row in children:
        lines = [m for m in (re.fullmatch(CHILD, line) for line in row["printed"]) if m]
        assert len(lines) == 1 and int(lines[0][2]) == row["pid"], row
        assert row["exitcode"] == 0
    assert len({row["pid"] for row in children} | {phase["parent_pid"]}) == WORKERS + 1
    said(phase, rf"parent: exit codes \[{', '.join(['0'] * WORKERS)}\]")
    if method == "forkserver":  # forked by the one fork server, not by the parent
        ppids = {row["ppid"] for row in children}
        assert len(ppids) == 1 and phase["parent_pid"] not in ppids
    else:
        assert {row["ppid"] for row in children} == {phase["parent_pid"]}


@pytest.mark.parametrize("method", [None, "forkserver"], ids=["default", "forkserver"])
def test_typed_at_the_prompt_no_worker_finds_the_function_and_the_file_fixes_it(method, tutor_env):
    report = pitfall(tutor_env, *(["--start-method", method] if method else []))
    broken, as_file, fixed = report["phases"]
    method = method or "spawn"  # the pitfall's own choice
    assert {phase["start_method"] for phase in report["phases"]} == {method}

    assert parent_line(broken) == (parent_line(broken)[0], method, "None", None)
    assert broken["outcome"] == "failed"
    children = children_of(broken)
    assert len(children) == WORKERS
    assert len({row["pid"] for row in children} | {broken["parent_pid"]}) == WORKERS + 1
    for row in children:
        assert row["exitcode"] == 1 and row["state"] == "failed", row
        assert row["error"].startswith(LOST), row["error"]
        assert row["printed"][-1] == LOST  # its own traceback's last line
        assert not [line for line in row["printed"] if line.startswith("child ")]
    said(broken, rf"parent: exit codes \[{', '.join(['1'] * WORKERS)}\]")

    assert parent_line(as_file)[2] == "start_methods_interactive_file.py"
    check_workers_ran(as_file, method)
    _, _, where, module = parent_line(fixed)
    assert where == "None" and module == "start_methods_interactive_file.py"
    check_workers_ran(fixed, method)

    assert report["reproduced"] is True
    assert report["finding"] == (
        f"Typed at the prompt, under {method}: 4 of 4 workers failed with exit code 1: {LOST}. "
        "The same code run as a file: 4 of 4 workers worked. At the prompt with the function "
        "imported from that file: 4 of 4 worked."
    )


def test_under_fork_the_typed_function_is_copied_and_the_tutor_says_so(tutor_env):
    report = pitfall(tutor_env, "--start-method", "fork")
    broken, as_file, fixed = report["phases"]
    assert parent_line(broken)[1:3] == ("fork", "None")  # at the prompt, and still it works
    for phase in report["phases"]:
        check_workers_ran(phase, "fork")
    assert not printed(broken, r".*Can't get attribute.*")
    assert report["reproduced"] is False
    assert report["finding"].startswith(
        "Under fork all 4 workers found the function typed at the prompt"
    )


def test_the_finding_in_chinese(tutor_env):
    report = pitfall(tutor_env, "--start-method", "spawn", lang="zh")
    assert report["reproduced"] is True
    assert report["finding"].startswith(
        "在提示符下输入，在 spawn 下：4 个工作进程中有 4 个失败，退出码为 1："
    )
    assert report["start_methods"] == "每次运行都用 spawn 启动方式，这个问题正是在它下面出现。"
