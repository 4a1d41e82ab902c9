"""The manager lesson's claims about cost, run for real: speed shapes (which is slower, by about how
much), marked `claims` and judged on the best of three tries, never an exact figure.

Each try runs a small stdlib-only script in a fresh interpreter (the Python running the tests).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from helpers import best_of_three

COSTS = """
    import time, timeit
    from multiprocessing import Manager, Process, Queue, Value

    def drain(q, n):
        for _ in range(n):
            q.get()

    def stream(q, n=3000):  # n small messages to another process, until it has them all
        p = Process(target=drain, args=(q, n))
        p.start()
        began = time.perf_counter()
        for i in range(n):
            q.put(i)
        p.join()
        return time.perf_counter() - began

    if __name__ == "__main__":
        v = Value("i", 0)
        value_s = min(timeit.repeat("v.value = 1", globals={"v": v}, number=50_000, repeat=3)) / 50_000
        with Manager() as manager:
            d = manager.dict()
            proxy_s = min(timeit.repeat("d['x'] = 1", globals={"d": d}, number=1000, repeat=3)) / 1000
            through_manager = stream(manager.Queue())
        through_queue = stream(Queue())
        print(proxy_s / value_s, through_manager / through_queue)
"""


def measure(tmp_path: Path) -> list[float]:
    script = tmp_path / "costs.py"
    script.write_text(textwrap.dedent(COSTS), encoding="utf-8")
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return [float(x) for x in done.stdout.split()]


@pytest.mark.claims
def test_a_proxy_call_costs_a_hundred_value_writes_and_a_manager_queue_several_queues(tmp_path):
    best_of_three(
        lambda: measure(tmp_path),
        lambda ratios: ratios[0] >= 50 and ratios[1] >= 3,
        "a dict proxy write costs about 100 (50+) Value writes; a manager.Queue several Queues",
    )
