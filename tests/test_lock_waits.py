"""lock_waits.py: who holds a lock and who waits for one, from stack dumps and the source (the
doctor runs in test_doctor.py show the whole finding on real processes)."""

from __future__ import annotations

import ast
import textwrap

from ipctutor.engine.lock_waits import Held, Wait, held_at, lock_hang, wanted_at, waits

CODE = textwrap.dedent("""\
    import multiprocessing as mp

    def work(a, b, cond):
        with a:
            with b:
                pass
        with cond:
            cond.wait()

    if __name__ == "__main__":
        lock = mp.Lock()
        with lock, open("f") as f:
            p = mp.Process(target=work)
            p.start()
            p.join()
        p.join()
    """)
TREE = ast.parse(CODE)


def test_the_with_blocks_around_a_line_hold_their_locks_and_a_call_is_not_one():
    assert held_at(TREE, (5,)) == [Held("a", 4)]
    assert held_at(TREE, (6, 14)) == [Held("a", 4), Held("b", 5), Held("lock", 12)]
    assert held_at(TREE, (4,)) == []  # the with's own line: acquiring, not yet holding
    assert wanted_at(TREE, 5) == ["b"] and wanted_at(TREE, 12) == ["lock"]
    assert wanted_at(ast.parse("x = 1\nlocks[0].acquire(timeout=1)\n"), 2) == ["locks[0]"]


def wait(line: int, func: str = "__enter__", module: str = "", *outer: int) -> Wait:
    return Wait(line, module, func, (line, *outer))


def test_each_kind_of_lock_hang_and_none_where_nothing_waits_for_a_lock():
    join = wait(16, "join", "process.py")  # outside `with lock:`
    # the parent holds `lock` while it joins; the child wants it (line 4 stands in for it here)
    held_join = lock_hang({1: wait(15, "join", "process.py"), 2: wait(4)}, TREE, {})
    assert held_join.how == "holds-and-waits" and held_join.holding == {1: [Held("lock", 12)]}
    # two children, each inside `with a:` and waiting at `with b:`
    cycle = lock_hang({1: join, 2: wait(5), 3: wait(5)}, TREE, {})
    assert cycle.how == "cycle" and set(cycle.holding) == {2, 3}
    # a child waiting at `with a:` from inside `with a:` (another frame of its stack)
    assert lock_hang({2: wait(4, "__enter__", "", 5)}, TREE, {}).how == "self"
    # the same, while another process holds a lock too: that one may be what it waits for
    both = lock_hang({1: wait(15, "join", "process.py"), 2: wait(4, "__enter__", "", 5)}, TREE, {})
    assert both.how == "holds-and-waits" and set(both.holding) == {1}
    # an ended process that held a Lock; a Semaphore alone may be a signal: not told
    assert lock_hang({2: wait(4)}, TREE, {3: ["Lock"]}).how == "ended-holding"
    assert lock_hang({2: wait(4)}, TREE, {3: ["Semaphore"]}) is None
    # a Condition's wait() holds nothing; nothing waits for a lock: no lock hang
    assert lock_hang({1: join, 2: wait(8, "wait", "synchronize.py", 8)}, TREE, {}) is None
    assert lock_hang({1: join}, TREE, {3: ["Lock"]}) is None


def test_a_forked_child_s_stack_below_its_start_is_the_parent_s(tmp_path):
    """Under fork the child's stack goes on into the parent's start() inside `with lock:`; those
    frames are not the child's: it holds nothing there."""
    script = tmp_path / "s.py"
    script.write_text(CODE)
    (tmp_path / "7.dump").write_text(
        "Current thread 0x00007f (most recent call first):\n"
        f'  File "{tmp_path}/observer/sitecustomize.py", line 300 in _op\n'
        f'  File "{tmp_path}/observer/sitecustomize.py", line 570 in __enter__\n'
        f'  File "{script}", line 4 in work\n'
        '  File "/usr/lib/python3/multiprocessing/process.py", line 108 in run\n'
        f'  File "{tmp_path}/observer/sitecustomize.py", line 860 in _bootstrap\n'
        '  File "/usr/lib/python3/multiprocessing/popen_fork.py", line 71 in _launch\n'
        f'  File "{script}", line 14 in <module>\n'
    )
    assert waits(str(tmp_path), script) == {7: Wait(4, "", "__enter__", (4,))}
