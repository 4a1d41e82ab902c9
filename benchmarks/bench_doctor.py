"""How long a learner waits for `ipctutor doctor`'s verdict, against running the script bare.

    PYTHONPATH=. python benchmarks/bench_doctor.py [--repeats 5]

1. A correct 4-process script (4 children each put a result on a Queue; the parent gets them and
   joins): `ipctutor doctor --plain SCRIPT` from start to exit, against the baseline measured in
   the same go: the script itself run once per start method with plain python, one after the
   other (what a learner would do by hand to try fork, spawn and forkserver). Target: the verdict
   within 3 s. Doctor runs it 4 times per start method (engine/diagnose.py says why), 3 at a time.
2. A script that hangs (a child waits on an Event nobody sets; the parent joins it): the verdict
   against the watchdog, 5 s a run (engine/diagnose.py: a correct script of a few processes ends
   in well under 1 s even under spawn, so 5 s is slow by a wide margin; a run still using the CPU
   then is given more time). A start method whose run hung gets no more runs, and the three
   start methods run at once, so the verdict should come within the watchdog plus 1 s.

Doctor and baseline alternate, and the figures are medians, so that a busy machine slows both
sides alike; the load average is printed before and after. Not a test: figures depend on the
machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ipctutor.engine.diagnose import WATCHDOG_S  # noqa: E402

CORRECT = textwrap.dedent("""
    import multiprocessing as mp
    import sys


    def work(queue, n):
        queue.put((n, n * n))


    if __name__ == "__main__":
        if len(sys.argv) > 1:
            mp.set_start_method(sys.argv[1])
        queue = mp.Queue()
        workers = [mp.Process(target=work, args=(queue, n)) for n in range(4)]
        for w in workers:
            w.start()
        got = sorted(queue.get() for _ in workers)
        for w in workers:
            w.join()
        print("got", got)
""")

HANG = textwrap.dedent("""
    import multiprocessing as mp


    def wait_for_go(go):
        go.wait()


    if __name__ == "__main__":
        go = mp.Event()
        child = mp.Process(target=wait_for_go, args=(go,))
        child.start()
        child.join()  # nobody sets go
        print("never printed")
""")


def timed(command: list[str], expect: int, env: dict | None = None) -> float:
    began = time.perf_counter()
    done = subprocess.run(
        command,
        check=False,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    took = time.perf_counter() - began
    if done.returncode != expect:
        raise SystemExit(
            f"{command} exited {done.returncode}, not {expect}: {(done.stdout + done.stderr)[-800:]}"
        )
    return took


def spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s ({min(values):.2f}-{max(values):.2f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of each side")
    parser.add_argument("--only", choices=["correct", "hang"], help="just one of the two")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONUNBUFFERED",)}
    env.update(PYTHONPATH=str(ROOT), IPCTUTOR_LANG="en")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-doctor-") as folder:
        env["IPCTUTOR_HOME"] = str(Path(folder, "home"))
        correct, hang = Path(folder, "four_queue.py"), Path(folder, "event_never_set.py")
        correct.write_text(CORRECT)
        hang.write_text(HANG)
        doctor = [sys.executable, "-m", "ipctutor", "doctor", "--plain"]
        if args.only in (None, "correct"):
            verdicts, bare = [], []
            for _ in range(args.repeats):
                verdicts.append(timed([*doctor, str(correct)], 0, env))
                began = time.perf_counter()
                for method in ("fork", "spawn", "forkserver"):
                    timed([sys.executable, str(correct), method], 0)
                bare.append(time.perf_counter() - began)
            v, b = statistics.median(verdicts), statistics.median(bare)
            print(
                f"doctor on a correct 4-process script (12 runs): {spread(verdicts)}, target 3 s; "
                f"bare, once per start method: {spread(bare)}; ratio {v / b:.1f}x",
                flush=True,
            )
        if args.only in (None, "hang"):
            verdicts = [timed([*doctor, str(hang)], 1, env) for _ in range(args.repeats)]
            v = statistics.median(verdicts)
            print(
                f"doctor on a hang: {spread(verdicts)}; watchdog {WATCHDOG_S:.0f} s, target "
                f"{WATCHDOG_S + 1:.0f} s; the watchdog plus {v - WATCHDOG_S:.2f} s "
                f"(ratio to the watchdog {v / WATCHDOG_S:.2f}x)",
                flush=True,
            )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}", flush=True)


if __name__ == "__main__":
    main()
