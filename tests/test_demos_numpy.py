"""The shared-memory lesson's numpy-copy pitfall through the real CLI, with NumPy and without.

With NumPy (CI installs it through the `test` extra): under every start method the broken run's
parent reads back none of its workers' writes (each wrote into its own unpickled copy) and the
fixed run's parent reads back all of them (each worker viewed the same block), and the block is
gone afterwards. Without NumPy, for real: a folder first on PYTHONPATH (tests/fixtures/without_numpy)
whose `numpy` module raises ImportError; the same scripts run on array.array and a memoryview and
the finding says so, en and zh. The verdict is what the parent read back, never a time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import START_METHODS, printed, run_cli, said

ROOT = Path(__file__).resolve().parent.parent
WITHOUT_NUMPY = str(ROOT / "tests" / "fixtures" / "without_numpy")  # `import numpy` fails there
WROTE = (
    r"child (\d): pid (\d+), (got a copy|on (psm_\w+)), wrote a\[(\d)\] = (\S+), "
    r"in [\d.]+ s, peak memory [\d,]+ KiB"
)
HEADER = r"parent: pid (\d+), start method (\w+)"
ARRAY = r"array: (\w+) of 131,072 float64(?: on (psm_\w+))?"
PARENT_PEAK = r"parent: pid (\d+), in [\d.]+ s, peak memory [\d,]+ KiB"
INSTALL = "pip install 'ipctutor[numpy]'"


def without_numpy(env: dict) -> dict:
    """`env` with NumPy hidden (the scripts' array.array and memoryview path)."""
    return dict(
        env, PYTHONPATH=os.pathsep.join(filter(None, [WITHOUT_NUMPY, env.get("PYTHONPATH")]))
    )


def numpy_here() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def pitfall(env: dict, method: str) -> dict:
    proc = run_cli(
        "run",
        "shared-memory",
        "--pitfall",
        "numpy-copy",
        "--start-method",
        method,
        "--size",
        "1048576",
        "--json",
        env=env,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["topic"] == "shared-memory" and report["pitfall"] == "numpy-copy"
    return report


def check_phases(report: dict, method: str, kinds: tuple[str, str]) -> None:
    broken, fixed = report["phases"]
    for phase, kind, how in ((broken, kinds[0], "got a copy"), (fixed, kinds[1], "on psm_")):
        assert phase["start_method"] == method and phase["outcome"] == "ok", phase["outcome"]
        header = said(phase, HEADER)
        assert int(header[1]) == phase["parent_pid"] and header[2] == method
        assert said(phase, ARRAY)[1] == kind
        children = {p["pid"]: p for p in phase["processes"] if p["name"].startswith("child-")}
        wrote = printed(phase, WROTE)
        assert sorted(int(m[1]) for m in wrote) == [0, 1, 2, 3]
        for m in wrote:  # the PID each worker printed is the OS's, as the observer saw it
            child = children[int(m[2])]
            assert child["name"] == f"child-{m[1]}" and child["exitcode"] == 0
            assert m[3].startswith(how) and m[5] == m[1] and m[6] == f"{-(int(m[1]) + 1.0)}"
            if method != "forkserver":  # a forkserver child's parent is the fork server
                assert child["ppid"] == phase["parent_pid"]
        said(phase, PARENT_PEAK)
    # the verdict: what the parent read back after all four wrote and exited
    said(broken, r"parent reads back a\[:4\] = \[1\.0, 1\.0, 1\.0, 1\.0\]")
    said(fixed, r"parent reads back a\[:4\] = \[-1\.0, -2\.0, -3\.0, -4\.0\]")
    block = said(fixed, ARRAY)[2]
    assert not os.path.exists(f"/dev/shm/{block}")  # closed everywhere, unlinked once
    assert "leaked shared_memory" not in fixed["output"]
    assert report["reproduced"] is True
    finding = report["finding"]
    assert "every worker (4 in all) unpickled a copy" in finding
    assert "writes the parent read back once all had exited: 0 of 4." in finding
    assert "writes read back: 4 of 4." in finding


@pytest.mark.parametrize("method", START_METHODS)
def test_through_a_queue_no_write_comes_back_and_on_a_block_every_one_does(method, tutor_env):
    if not numpy_here():
        pytest.skip(f"NumPy is not installed ({INSTALL}); the next test runs without it")
    report = pitfall(tutor_env, method)
    check_phases(report, method, ("ndarray", "ndarray"))
    assert "NumPy is not installed" not in report["finding"]


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_without_numpy_the_same_runs_on_array_and_memoryview_and_says_so(method, tutor_env):
    report = pitfall(without_numpy(tutor_env), method)
    check_phases(report, method, ("array", "memoryview"))
    assert report["finding"].endswith(
        "NumPy is not installed, so the scripts used array.array and a memoryview cast to "
        f'"d", which behave the same way here (`{INSTALL}`).'
    )


def test_without_numpy_the_finding_says_so_in_chinese(tutor_env):
    env = dict(without_numpy(tutor_env), IPCTUTOR_LANG="zh")
    proc = run_cli(
        "run", "shared-memory", "--pitfall", "numpy-copy", "-n", "2", "--size", "65536",
        "--json", env=env, timeout=180,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    finding = json.loads(proc.stdout)["finding"]  # in the learner's language, unwrapped
    assert "全部退出之后，父进程读回的写入：2 项中的 0 项。" in finding
    assert "读回的写入：2 项中的 2 项。" in finding
    assert finding.endswith(
        f'没有安装 NumPy，所以脚本用的是 array.array 和转换成 "d" 的 memoryview，在这里的表现完全一样（`{INSTALL}`）。'
    )
    assert "Traceback" not in proc.stderr


def test_the_hiding_folder_really_hides_numpy(tutor_env):
    """The array.array path above is not a fake: in that environment `import numpy` fails."""
    done = subprocess.run(
        [sys.executable, "-c", "import numpy"],
        capture_output=True,
        text=True,
        env=without_numpy(tutor_env),
        timeout=60,
    )
    assert done.returncode == 1 and "ImportError: numpy is hidden" in done.stderr
