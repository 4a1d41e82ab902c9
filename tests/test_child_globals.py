"""child_globals.py: which module-level names a learner's children change and the parent reads,
read from the source alone (the doctor runs in test_doctor.py confirm the whole finding)."""

from __future__ import annotations

import ast
import textwrap

import pytest

from ipctutor.engine.child_globals import changed_in_children


def found(code: str) -> list[tuple[str, str, int, int]]:
    tree = ast.parse(textwrap.dedent(code))
    return [(f.func, f.name, f.line, f.read) for f in changed_in_children(tree)]


def test_a_counter_a_process_target_adds_to_and_the_parent_prints():
    assert found("""
        import multiprocessing as mp
        counter = 0
        def add():
            global counter
            counter += 1
        if __name__ == "__main__":
            p = mp.Process(target=add)
            p.start(); p.join()
            print(counter)
    """) == [("add", "counter", 6, 10)]


@pytest.mark.parametrize(
    "change",
    ["results.append(n)", "results[n] = n", "results.update({n: n})", "del results[n]"],
)
def test_a_module_level_container_a_pool_task_changes_in_place(change):
    made = "{}" if "update" in change or "del" in change or "[n] =" in change else "[]"
    assert found(f"""
        from multiprocessing import Pool
        results = {made}
        def task(n):
            {change}
        if __name__ == "__main__":
            with Pool(2) as pool:
                pool.map(task, range(3))
            print(results)
    """) == [("task", "results", 5, 9)]


def test_executor_submit_and_apply_async_count_as_running_in_a_child():
    code = """
        from concurrent.futures import ProcessPoolExecutor
        seen = set()
        def task(n):
            seen.add(n)
        if __name__ == "__main__":
            with ProcessPoolExecutor() as ex:
                ex.submit(task, 1).result()
            print(len(seen))
    """
    assert found(code) == [("task", "seen", 5, 9)]
    assert found(code.replace("ex.submit(task, 1).result()", "ex.submit(fn=task)")) == [
        ("task", "seen", 5, 9)
    ]


@pytest.mark.parametrize(
    "code",
    [
        # the parent never reads it
        """
        import multiprocessing as mp
        counter = 0
        def add():
            global counter
            counter += 1
            print(counter)
        if __name__ == "__main__":
            p = mp.Process(target=add); p.start(); p.join()
        """,
        # read before any child starts
        """
        import multiprocessing as mp
        counter = 0
        def add():
            global counter
            counter += 1
        if __name__ == "__main__":
            print(counter)
            p = mp.Process(target=add); p.start(); p.join()
        """,
        # a local of the same name, and a parameter
        """
        from multiprocessing import Pool
        results = []
        def task(n, results=None):
            results = [n]
            return results
        if __name__ == "__main__":
            with Pool(2) as pool:
                print(pool.map(task, range(3)), results)
        """,
        # the initializer's global is the worker's own
        """
        from multiprocessing import Pool
        offset = 0
        def setup(value):
            global offset
            offset = value
        def task(n):
            return n + offset
        if __name__ == "__main__":
            with Pool(2, initializer=setup, initargs=(1,)) as pool:
                print(pool.map(task, range(3)), offset)
        """,
        # bound again in the parent to a manager's list: shared, not the plain one
        """
        from multiprocessing import Manager, Process
        results = []
        def task(n):
            results.append(n)
        if __name__ == "__main__":
            results = Manager().list()
            p = Process(target=task, args=(1,)); p.start(); p.join()
            print(results)
        """,
        # a Value changed through its attribute: shared on purpose
        """
        from multiprocessing import Process, Value
        total = Value("i", 0)
        def add():
            total.value += 1
        if __name__ == "__main__":
            p = Process(target=add); p.start(); p.join()
            print(total.value)
        """,
    ],
    ids=["never-read", "read-before", "local", "initializer", "rebound", "value"],
)
def test_nothing_is_found_where_the_parent_does_not_read_a_childs_change(code):
    assert found(code) == []
