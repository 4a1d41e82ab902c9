"""Every shipped exercise fails as shipped and passes with its solution, under every start method it
names, checked for real by the checker the learner meets; the manifest is validated with locations.

The broken files are checked with the manifest's own number of runs (the figure `measured:` gives
for how reliably that catches the bug); the solutions with 2 runs per start method, since a correct
solution passes every run, and 4 times the watchdog, since a busy machine must not fail one. Each
exercise is checked on whichever xdist worker is free.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers import ROOT, run_cli
from ipctutor.content.exercises import check_exercises, load_course
from ipctutor.content.workspace import hand_out, reset
from ipctutor.engine.practice_check import CheckSpec, check

EXERCISES = ROOT / "exercises"
COURSE = load_course(EXERCISES)


@functools.cache
def verdict(name: str):
    """(report of the shipped file, report of the solution), checked at once in two threads; kept
    for the worker's other tests of the same exercise (its xdist group sends them there)."""
    exercise = COURSE.find(name)
    spec = exercise.spec("en")
    with ThreadPoolExecutor(max_workers=2) as pool:
        broken = pool.submit(check, COURSE.broken(exercise), spec, parallel=2)
        solution = pool.submit(  # 4 times the watchdog: a busy machine is no failure
            check, COURSE.solution(exercise), spec, runs=2, parallel=2, watchdog=4 * spec.watchdog
        )
        return broken.result(), solution.result()


def same_worker(name: str):
    """An exercise's tests in one xdist group: its verdict is worked out once. Exercises are spread
    over the workers (as one module fixture on one worker, they were the suite's longest path)."""
    return pytest.mark.xdist_group(f"exercise-{name}")


@pytest.mark.stress
@pytest.mark.parametrize(
    "name", [pytest.param(e.name, marks=same_worker(e.name), id=e.name) for e in COURSE.exercises]
)
def test_shipped_file_fails_and_solution_passes(name):
    broken, solution = verdict(name)
    assert not broken.passed, f"{name} passes as shipped:\n" + "\n".join(broken.lines())
    assert solution.passed, f"{name}'s solution fails:\n" + "\n".join(solution.lines())
    exercise = COURSE.find(name)
    assert {r.method for r in solution.results} == set(exercise.start_methods)
    assert len(solution.results) == 2 * len(exercise.start_methods)


@pytest.mark.stress
@same_worker("queue-join-before-get")
def test_evidence_of_a_deadlock_names_where_each_process_waits():
    lines = verdict("queue-join-before-get")[0].lines()
    text = "\n".join(lines)
    join_line = next(
        n
        for n, line in enumerate(
            COURSE.broken(COURSE.find("queue-join-before-get")).read_text().splitlines(), 1
        )
        if "child.join()" in line
    )
    assert "the parent (pid " in text and f"waits in join() at line {join_line}" in text, text
    assert "feeder thread waits to write to the pipe" in text, text
    assert re.search(r"stuck in (\d+) of \1 runs \(watchdog 3 s\)", text), text


@pytest.mark.stress
@same_worker("queue-spawn-global")
def test_evidence_of_a_global_under_spawn():
    lines = verdict("queue-spawn-global")[0].lines()
    assert lines[0].startswith("The start methods do not agree: passed under fork; failed under")
    assert lines[1] == "fork: passed in 1 of 1 runs", lines
    spawn = next(line for line in lines if line.startswith("spawn"))
    # 3.12 and newer add "Did you forget to import 'queue'?" to the message
    assert re.search(
        r"NameError: name 'queue' is not defined[^(]*\(line 11\), in every child", spawn
    ), lines


@pytest.mark.stress
@same_worker("value-lost-update")
def test_evidence_of_lost_updates_gives_the_figures():
    lines = verdict("value-lost-update")[0].lines()
    fork = next(line for line in lines if line.startswith("fork"))  # with the methods that agree
    assert ": lost updates in " in fork and " runs (final " in fork, lines


def test_printing_the_expected_line_without_processes_does_not_pass(tmp_path):
    cheat = tmp_path / "cheat.py"
    cheat.write_text("import sys\nprint(f'total {int(sys.argv[1]) * int(sys.argv[2])}')\n")
    report = check(cheat, COURSE.find("value-lost-update").spec("en"), runs=1)
    assert not report.passed
    assert "no child process was started" in report.lines()[0]


SLOW_CHILD = """import multiprocessing as mp, sys, time


def work(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        {how}


if __name__ == "__main__":
    child = mp.Process(target=work, args=({seconds},))
    child.start()
    child.join()
    print("total 1")
"""


def test_a_run_still_using_the_cpu_at_its_watchdog_is_slow_not_stuck(tmp_path):
    # a child still starting on a busy machine (or printing its traceback) is working: waited for.
    # It works 3 s against a 2 s watchdog and the 2 x 2 s more a working run gets: 3 s to spare.
    busy = tmp_path / "busy.py"
    busy.write_text(SLOW_CHILD.format(how="pass", seconds=3.0))
    spec = CheckSpec(("fork",), 1, 2.0, (), r"total (\d+)", "1")
    report = check(busy, spec)
    assert report.passed, report.lines()
    assert report.results[0].elapsed > 3.0  # it was waited for, past its watchdog


def test_a_run_that_only_waits_past_its_watchdog_is_stuck(tmp_path):
    # it would wait 30 s: stopped once a check finds it idle, within the 1 s watchdog, the 2 s
    # more a working run may get (a busy machine's start-up) and the stacks' dump
    idle = tmp_path / "idle.py"
    idle.write_text(SLOW_CHILD.format(how="time.sleep(0.5)", seconds=30.0))
    spec = CheckSpec(("fork",), 1, 1.0, (), r"total (\d+)", "1")
    report = check(idle, spec)
    assert not report.passed and report.results[0].problem == "stuck", report.lines()
    assert report.results[0].elapsed < 30.0  # stopped, not waited for


def test_a_constant_result_does_not_pass(tmp_path):
    cheat = tmp_path / "cheat.py"
    cheat.write_text(
        "import multiprocessing as mp\nif __name__ == '__main__':\n"
        "    p = mp.Process(target=print); p.start(); p.join(); print('total 40000')\n"
    )
    spec = CheckSpec(
        ("fork",),
        2,
        5.0,
        (("workers", 3, 4), ("times", 20000, 40000)),
        r"total (\d+)",
        "workers * times",
    )
    assert not check(cheat, spec).passed


SHARED_BLOCK = """import multiprocessing as mp
from multiprocessing import shared_memory


def write(name):
    block = shared_memory.SharedMemory(name=name)
    block.buf[0] = 1
    block.close()


if __name__ == "__main__":
    block = shared_memory.SharedMemory(create=True, size=8)
    child = mp.Process(target=write, args=(block.name,))
    child.start()
    child.join()
    print(f"total {{block.buf[0]}}")
    block.close()
    {unlink}
"""


def test_a_shared_memory_block_never_unlinked_is_a_leak(tmp_path):
    # the resource tracker unlinks it at shutdown, with a warning on stderr: the run fails on that
    spec = CheckSpec(("fork", "spawn"), 1, 5.0, (), r"total (\d+)", "1")
    leaky = tmp_path / "leaky.py"
    leaky.write_text(SHARED_BLOCK.format(unlink="pass"))
    report = check(leaky, spec)
    assert not report.passed and {r.problem for r in report.results} == {"leaked"}, report.lines()
    assert report.lines()[0] == (  # fork and spawn agree: one story
        "fork, spawn: the resource tracker found 1 shared_memory block never unlinked "
        "(leaked), in 2 of 2 runs"
    ), report.lines()
    tidy = tmp_path / "tidy.py"
    tidy.write_text(SHARED_BLOCK.format(unlink="block.unlink()"))
    report = check(tidy, spec)
    assert report.passed, report.lines()


STUCK_WITH_A_QUEUE = """import multiprocessing as mp


def wait_for_ever(q):
    q.get()


if __name__ == "__main__":
    q = mp.Queue()
    print(*(lock._semlock.name for lock in (q._rlock, q._wlock, q._sem)), flush=True)
    child = mp.Process(target=wait_for_ever, args=(q,))
    child.start()
    child.join()
"""


@pytest.mark.skipif(
    not Path("/dev/shm").is_dir(), reason="named semaphores live in /dev/shm on Linux"
)
def test_a_stuck_run_leaves_no_semaphore_behind(tmp_path):
    # stopped at the watchdog, its resource tracker is spared to unlink the Queue's named semaphores
    stuck = tmp_path / "stuck.py"
    stuck.write_text(STUCK_WITH_A_QUEUE)
    report = check(stuck, CheckSpec(("spawn", "forkserver"), 1, 1.0))
    assert {r.problem for r in report.results} == {"stuck"}, report.lines()
    names = [name for r in report.results for name in r.stdout.split()]
    assert len(names) == 6 and all(name.startswith("/mp-") for name in names), names
    assert [n for n in names if Path("/dev/shm", "sem." + n.lstrip("/")).exists()] == []


def test_children_started_another_way_are_named(tmp_path):
    own = tmp_path / "own.py"
    own.write_text(
        "import multiprocessing as mp\nif __name__ == '__main__':\n"
        "    p = mp.get_context('fork').Process(target=print); p.start(); p.join(); print('n 1')\n"
    )
    spec = CheckSpec(("spawn",), 1, 5.0, (), r"n (\d+)", "1")
    assert "children started with fork, not this start method" in check(own, spec).lines()[0]


def test_shipped_manifest_is_valid_through_the_cli(tutor_env):
    proc = run_cli("check", "--exercises", str(EXERCISES), env=tutor_env)
    assert proc.returncode == 0, proc.stdout
    assert f"{len(COURSE.exercises)} exercises in" in proc.stdout
    assert len(COURSE.exercises) >= 5


def test_manifest_errors_are_located(tmp_path, tutor_env):
    folder = tmp_path / "ex"
    shutil.copytree(EXERCISES, folder)
    manifest = folder / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("runs: 5", "runs: 500", 1), encoding="utf-8")
    (folder / "stray.py").write_text("print()\n")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.strip() == "runs: 5")
    proc = run_cli("check", "--exercises", str(folder), env=tutor_env)
    assert proc.returncode == 1
    assert f"manifest.yaml:{line}: exercises." in proc.stdout and ".runs:" in proc.stdout, (
        proc.stdout
    )
    manifest.write_text(text, encoding="utf-8")
    (folder / "solutions" / "pool-lambda.py").unlink()
    course, problems = check_exercises(folder)
    said = "\n".join(map(str, problems))
    assert "solutions/pool-lambda.py is missing" in said and "stray.py: no exercise" in said, said


def test_the_learners_file_is_never_overwritten_and_reset_keeps_it(tmp_path):
    original = COURSE.broken(COURSE.exercises[0])
    path, fresh = hand_out(original, tmp_path)
    assert fresh and path.read_text() == original.read_text()
    path.write_text("# mine\n")
    assert hand_out(original, tmp_path) == (path, False) and path.read_text() == "# mine\n"
    again, kept = reset(original, tmp_path)
    assert again == path and path.read_text() == original.read_text()
    assert kept.read_text() == "# mine\n" and kept.parent == tmp_path


def test_check_once_exits_1_then_0_and_keeps_the_pass(tmp_path, tutor_env):
    workspace = tmp_path / "work"
    failed = run_cli(
        "practice", "--check", "pool-lambda", "--workspace", str(workspace), env=tutor_env
    )
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "PicklingError" in failed.stdout and (workspace / "pool-lambda.py").is_file()
    assert not (Path(tutor_env["IPCTUTOR_HOME"]) / "progress.json").exists()  # untouched: no try
    with open(workspace / "pool-lambda.py", "a") as mine:
        mine.write("# my first try\n")
    failed = run_cli(
        "practice", "--check", "pool-lambda", "--workspace", str(workspace), env=tutor_env
    )
    assert failed.returncode == 1
    shutil.copy(COURSE.solution(COURSE.find("pool-lambda")), workspace / "pool-lambda.py")
    passed = run_cli(
        "practice", "--check", "pool-lambda", "--workspace", str(workspace), env=tutor_env
    )
    assert passed.returncode == 0, passed.stdout + passed.stderr
    progress = json.loads((Path(tutor_env["IPCTUTOR_HOME"]) / "progress.json").read_text())
    entry = progress["exercises"]["pool-lambda"]
    assert entry["passed"] and entry["checks"] == 2 and entry["failed_checks"] == 1
    listed = run_cli("practice", "--list", env=tutor_env)
    assert "✓ pool" in listed.stdout and "1 of" in listed.stdout


def test_reset_without_a_terminal_asks_for_yes(tmp_path, tutor_env):
    workspace = tmp_path / "work"
    run_cli("practice", "--check", "pool-lambda", "--workspace", str(workspace), env=tutor_env)
    proc = run_cli(
        "practice", "--reset", "pool-lambda", "--workspace", str(workspace), env=tutor_env
    )
    assert proc.returncode == 2 and "--yes" in proc.stderr
    proc = run_cli(
        "practice", "--reset", "pool-lambda", "--yes", "--workspace", str(workspace), env=tutor_env
    )
    assert proc.returncode == 0 and "Yours is kept as" in proc.stdout
    assert len(list(workspace.glob("pool-lambda.yours-*.py"))) == 1


def test_a_damaged_exercises_record_is_moved_aside(tmp_path):
    from ipctutor.content.progress import ProgressStore

    (tmp_path / "progress.json").write_text(
        json.dumps(
            {"format_version": 1, "lessons": {}, "exercises": {"pool-lambda": {"passed": "yes"}}}
        )
    )
    warned = []
    store = ProgressStore(tmp_path, warn=warned.append)
    assert store.passed_exercises() == set() and "damaged" in warned[0]
    store.record_check("pool-lambda", True)
    store.record_check("pool-lambda", False)  # a pass is kept
    assert store.passed_exercises() == {"pool-lambda"}
    assert store.load()["lessons"] == {}


CJK = re.compile(r"[\u4e00-\u9fff]")
CODE = re.compile(r"`[^`]*`")


@pytest.mark.parametrize("name", [e.name for e in COURSE.exercises])
def test_chinese_texts_are_chinese_with_full_width_punctuation(name):
    exercise = COURSE.find(name)
    texts = [exercise.title, exercise.task, *exercise.hints] + (
        [exercise.check.wrong] if exercise.check.wrong else []
    )
    for text in texts:
        prose = CODE.sub("", text.zh)
        assert CJK.search(prose), text.zh
        assert not re.search(r"[\u4e00-\u9fff][,;:.!?]|[,;:!?]\s*[\u4e00-\u9fff]", prose), text.zh
