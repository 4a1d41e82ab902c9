"""Ctrl-C at any moment of ipctutor's life: one line and exit 130, never a traceback.

Each try sends SIGINT to the whole process group, as a terminal's Ctrl-C does (the tutor and the
children it is starting), at a random moment of the first second. Before ipctutor's first line
runs, the moment belongs to Python itself: a Ctrl-C before the interpreter has a handler ends it
by SIGINT with no output (a shell reports 130); one during its initialisation (its standard
streams, `import site`), the console script's
own first lines (`import re`, `from ipctutor.__main__ import main`) or runpy makes Python print
its traceback there. No package can catch those; such tries are counted apart and must show no
frame past the start of ipctutor's main(). Every other try must end with exit 130
and one line, or with exit 0 if the run had already finished (its output complete).
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

CONSOLE_SCRIPT = Path(sys.executable).parent / "ipctutor"
RUN = ["run", "pipe", "--start-method", "forkserver", "-n", "2", "--delay", "0.2", "--plain"]
# Started in the background by a shell without job control, this process ignores SIGINT, and so
# would every child: give them the default back (preexec_fn is not thread-safe: one at a time then).
IGNORED = signal.getsignal(signal.SIGINT) == signal.SIG_IGN


def interrupt_at(command: list[str], moment: float, env: dict) -> dict:
    """Start `command`, Ctrl-C its process group after `moment` seconds, and say what happened."""
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_DFL)) if IGNORED else None,
    )
    time.sleep(moment)
    alive = process.poll() is None
    try:
        os.killpg(process.pid, signal.SIGINT)
    except ProcessLookupError:  # it had finished already (a quick --help)
        alive = False
    out, err = process.communicate(timeout=60)
    return {
        "moment": moment,
        "alive": alive,
        "code": process.returncode,
        "out": out.decode(),
        "err": err.decode(),
    }


# What Python prints when a KeyboardInterrupt strikes one of importlib's weakref callbacks, which
# drop it: a module lock's `cb` (3.11, 3.12) or KeyedRef.remove (3.13), only importlib frames
DROPPED_IN_IMPORTLIB = re.compile(
    r"Exception ignored in: <function (_get_module_lock\.<locals>\.cb|"
    r"_WeakValueDictionary\.__init__\.<locals>\.KeyedRef\.remove) at 0x[0-9a-f]+>\n"
    r"Traceback \(most recent call last\):\n"
    r'(  File "<frozen importlib\._bootstrap>", line \d+, in \w+\n)+'
    r"KeyboardInterrupt: ?\n?\Z"
)


# A traceback's last exception is KeyboardInterrupt, maybe followed by notes that 3.13 adds (an
# import interrupted inside a class body: "Error calling __set_name__ on 'property' instance ...")
ENDS_IN_KEYBOARD_INTERRUPT = re.compile(
    r"(^|\n)KeyboardInterrupt\s*\n(Error calling [^\n]*\n)*\s*\Z"
)


def before_ipctutor(result: dict) -> bool:
    """The Ctrl-C came while Python was still starting, before ipctutor's main() ran."""
    err = result["err"]
    if result["code"] == -signal.SIGINT and err == "" and result["out"] == "":
        return True  # no handler yet: the kernel ended it, as any program
    if re.match(r"Fatal Python error: init_\w+", err) and "ipctutor/" not in err:
        return True  # the interpreter's own initialisation (init_sys_streams, init_import_site)
    if DROPPED_IN_IMPORTLIB.match(err) and result["code"] == 0:
        return True  # Python's start-up dropped it in an importlib callback (main() defers those)
    if re.search(
        r'__main__\.py", line \d+, in main\n\s+def main\(\) -> int:\s*\nKeyboardInterrupt\s*$', err
    ):
        return True  # raised as main() began (its `def` line): none of its lines had run yet
    # A traceback that never reached main(): Python's start-up, the console script's own lines
    # (`import re`, the import of ipctutor.__main__), runpy; nothing of ipctutor's ran yet
    ours = re.compile(
        r'ipctutor/(__main__\.py", line \d+, in (?!<module>)|commands/|engine/|screen/|content/)'
    )
    return bool(ENDS_IN_KEYBOARD_INTERRUPT.search(err)) and not ours.search(err)


def judge(results: list[dict], finished_mark: str | None) -> tuple[int, list[str]]:
    """(tries that fell before ipctutor's code, what is wrong with the others)."""
    early, wrong = 0, []
    for r in results:
        if before_ipctutor(r):
            early += 1
            continue
        lines = r["err"].strip().splitlines()
        if (
            r["code"] == 130
            and len(lines) == 1
            and lines[0].startswith("ipctutor: ")
            and "nterrupted" in lines[0]
        ):
            continue
        if (
            r["code"] == 0
            and r["err"] == ""
            and (finished_mark is None or finished_mark in r["out"])
        ):
            continue  # the run was over (its last line printed): the Ctrl-C came as it exited
        wrong.append(
            f"at {r['moment']:.3f} s (alive: {r['alive']}): exit {r['code']}, "
            f"stderr {r['err'][-600:]!r}"
        )
    return early, wrong


def sweep(command: list[str], env: dict, moments: list[float]) -> list[dict]:
    with ThreadPoolExecutor(max_workers=1 if IGNORED else 4) as pool:
        return list(pool.map(lambda m: interrupt_at(command, m, env), moments))


@pytest.fixture
def ctrl_c_env(tutor_env):
    return dict(tutor_env, PYTHONUNBUFFERED="1")


@pytest.mark.skipif(
    not CONSOLE_SCRIPT.exists(), reason="the ipctutor console script is not installed"
)
def test_ctrl_c_at_50_moments_of_a_forkserver_run(ctrl_c_env):
    whole = subprocess.run(
        [str(CONSOLE_SCRIPT), *RUN], capture_output=True, text=True, env=ctrl_c_env, timeout=60
    )
    assert whole.returncode == 0 and "Done in" in whole.stdout, whole.stderr
    rng = random.Random(os.getpid())
    moments = sorted(rng.uniform(0, 1.0) for _ in range(50))
    results = sweep([str(CONSOLE_SCRIPT), *RUN], ctrl_c_env, moments)
    early, wrong = judge(results, "Done in")
    assert wrong == [], "\n".join(wrong)
    interrupted = [r for r in results if r["code"] == 130]
    assert len(interrupted) >= 10  # most moments fell within the run, not after it
    assert early <= 10  # Python's own start-up is a small part of the first second


def test_ctrl_c_while_python_m_ipctutor_help_starts(ctrl_c_env):
    rng = random.Random(os.getpid() + 1)
    moments = sorted(rng.uniform(0, 0.3) for _ in range(30))
    results = sweep([sys.executable, "-m", "ipctutor", "--help"], ctrl_c_env, moments)
    early, wrong = judge(results, "Usage")
    assert wrong == [], "\n".join(wrong)
    assert any(r["code"] == 130 for r in results)
