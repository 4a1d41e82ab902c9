"""Claims the shared-memory and sync lessons make outside their predict questions, run for real.

Each test runs a small script in a fresh interpreter, as a learner would. Only deterministic facts
are asserted. IPCTUTOR_CLAIMS_PYTHON runs the scripts under another interpreter, to check that
3.12 and 3.13 behave the same:  IPCTUTOR_CLAIMS_PYTHON=$(pyenv prefix 3.13.0)/bin/python pytest ...
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import CLAIMS_PYTHON, START_METHODS, run_script as run

LEAK_WARNING = (
    "UserWarning: resource_tracker: There appear to be 1 leaked shared_memory objects "
    "to clean up at shutdown"
)


def exists(name: str) -> bool:
    return os.path.exists(f"/dev/shm/{name}")


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="blocks in /dev/shm")


# ---------------------------------------------------------------- shared memory


@linux_only
def test_a_block_has_a_name_and_is_a_file_in_dev_shm(tmp_path):
    done = run(
        tmp_path,
        """
        import os
        from multiprocessing import shared_memory
        if __name__ == "__main__":
            block = shared_memory.SharedMemory(create=True, size=16)
            print(type(block.name).__name__, block.name, os.path.exists("/dev/shm/" + block.name))
            block.close()
            block.unlink()
            print(os.path.exists("/dev/shm/" + block.name))
    """,
    )
    kind, name, there, after = done.stdout.split()
    assert (kind, there, after) == ("str", "True", "False") and name.startswith("psm_")
    assert done.stderr == ""  # unlinked: no warning from the resource tracker


@linux_only
def test_forgotten_unlink_the_tracker_warns_and_removes_the_block(tmp_path):
    done = run(
        tmp_path,
        """
        import sys
        from multiprocessing import shared_memory
        if __name__ == "__main__":
            block = shared_memory.SharedMemory(create=True, size=16)
            block.close()
            print(block.name, sys.version_info >= (3, 13), flush=True)
    """,
    )
    name, names_listed = done.stdout.split()
    assert done.returncode == 0 and LEAK_WARNING in done.stderr
    assert (f"{{'/{name}'}}" in done.stderr) == (names_listed == "True")  # 3.13 adds the names
    assert not exists(name)  # the tracker unlinked it at shutdown


@linux_only
def test_closed_everywhere_the_block_stays_and_without_its_tracker_it_outlives_the_program(
    tmp_path,
):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, os, signal
        from multiprocessing import resource_tracker, shared_memory

        def attach_and_close(name):
            block = shared_memory.SharedMemory(name=name)
            block.buf[0] = 1
            block.close()

        if __name__ == "__main__":
            block = shared_memory.SharedMemory(create=True, size=16)
            p = mp.Process(target=attach_and_close, args=(block.name,))
            p.start()
            p.join()
            block.close()
            print(block.name, os.path.exists("/dev/shm/" + block.name), flush=True)
            os.kill(resource_tracker._resource_tracker._pid, signal.SIGKILL)  # as kill -9 would
    """,
    )
    name, there = done.stdout.split()
    try:
        assert there == "True"  # every process closed it: still there
        assert exists(name) and "leaked" not in done.stderr  # nobody cleaned it up
    finally:
        if exists(name):
            os.unlink(f"/dev/shm/{name}")


@linux_only
@pytest.mark.parametrize("fix", ["none", "unregister", "track=False"])
def test_a_separate_program_that_attaches_destroys_the_block_unless_told_not_to_track(
    fix, tmp_path
):
    too_old = subprocess.run(
        [CLAIMS_PYTHON, "-c", "import sys; sys.exit(sys.version_info < (3, 13))"], check=False
    )
    if fix == "track=False" and too_old.returncode:
        pytest.skip("track= is new in Python 3.13")
    done = run(
        tmp_path,
        """
        import os, subprocess, sys
        from multiprocessing import shared_memory

        fix = sys.argv[1]
        block = shared_memory.SharedMemory(create=True, size=16)
        block.buf[0] = 42
        other = "\\n".join([
            "from multiprocessing import resource_tracker, shared_memory",
            f"if {fix!r} == 'track=False':",
            f"    b = shared_memory.SharedMemory(name={block.name!r}, track=False)",
            "else:",
            f"    b = shared_memory.SharedMemory(name={block.name!r})",
            f"    if {fix!r} == 'unregister':",
            "        resource_tracker.unregister(b._name, 'shared_memory')",
            "print('the other program read', b.buf[0])",
            "b.close()",
        ])
        # a separate program, not a child: its own interpreter, its own resource tracker
        seen = subprocess.run([sys.executable, "-c", other], capture_output=True, text=True)
        print(seen.stdout.strip())
        print("it warned of a leak:", "leaked shared_memory" in seen.stderr)
        print("block still there:", os.path.exists("/dev/shm/" + block.name))
        block.close()
        try:
            block.unlink()
            print("owner unlinked")
        except FileNotFoundError:
            print("owner unlink: FileNotFoundError")
    """,
        fix,
    )
    if fix == "none":
        expected = [
            "the other program read 42",
            "it warned of a leak: True",
            "block still there: False",
            "owner unlink: FileNotFoundError",
        ]
    else:
        expected = [
            "the other program read 42",
            "it warned of a leak: False",
            "block still there: True",
            "owner unlinked",
        ]
    assert done.stdout.splitlines() == expected, done.stderr


def test_a_block_is_bare_bytes_with_no_lock(tmp_path):
    # "No lock, no types": buf is a memoryview of unsigned bytes, and nothing guards a write.
    done = run(
        tmp_path,
        """
        from multiprocessing import shared_memory
        block = shared_memory.SharedMemory(create=True, size=8)
        try:
            print(block.buf.format, block.buf.itemsize,
                  [name for name in dir(block) if "lock" in name.lower()])
        finally:
            block.close(); block.unlink()
        """,
    )
    assert done.stdout.split() == ["B", "1", "[]"], done.stderr


def test_attaching_to_an_unlinked_name_fails(tmp_path):
    done = run(
        tmp_path,
        """
        from multiprocessing import shared_memory
        if __name__ == "__main__":
            block = shared_memory.SharedMemory(create=True, size=16)
            block.close()
            block.unlink()
            try:
                shared_memory.SharedMemory(name=block.name)
            except FileNotFoundError:
                print("FileNotFoundError")
    """,
    )
    assert done.stdout.strip() == "FileNotFoundError"


@pytest.mark.parametrize("method", START_METHODS)
def test_unlink_removes_the_name_but_a_mapping_still_open_keeps_working(tmp_path, method):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, sys
        from multiprocessing import shared_memory

        def unlink_early(name):
            block = shared_memory.SharedMemory(name=name)
            block.buf[0] = 9
            block.close()
            block.unlink()

        if __name__ == "__main__":
            ctx = mp.get_context(sys.argv[1])
            block = shared_memory.SharedMemory(create=True, size=16)
            p = ctx.Process(target=unlink_early, args=(block.name,))
            p.start()
            p.join()
            try:
                shared_memory.SharedMemory(name=block.name)
            except FileNotFoundError:
                print("name gone")
            block.buf[1] = 7
            print(block.buf[0], block.buf[1])
            block.close()
    """,
        method,
    )
    assert done.stdout.splitlines() == ["name gone", "9 7"]
    assert "resource_tracker" not in done.stderr  # the child's unlink told the tracker


def test_a_released_view_lets_close_work(tmp_path):
    done = run(
        tmp_path,
        """
        from multiprocessing import shared_memory
        if __name__ == "__main__":
            block = shared_memory.SharedMemory(create=True, size=16)
            numbers = block.buf.cast("q")
            numbers[1] = 7
            try:
                block.close()
            except BufferError as exc:
                print("BufferError:", exc)
            numbers.release()
            block.close()
            block.unlink()
            print("closed")
    """,
    )
    assert done.stdout.splitlines() == [
        "BufferError: cannot close exported pointers exist",
        "closed",
    ]
    assert done.stderr == ""


@pytest.mark.parametrize("method", START_METHODS)
def test_shareable_list_attached_by_name_has_fixed_length_types_and_room(tmp_path, method):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, sys
        from multiprocessing import shared_memory

        def child(name):
            items = shared_memory.ShareableList(name=name)
            items[0] = 42
            items.shm.close()

        if __name__ == "__main__":
            ctx = mp.get_context(sys.argv[1])
            items = shared_memory.ShareableList([0, 1.5, "text", b"raw", True, None])
            p = ctx.Process(target=child, args=(items.shm.name,))
            p.start()
            p.join()
            print(list(items))
            print(hasattr(items, "append"))
            for item in ([1, 2], "a much longer text than before"):  # not a kind it takes; no room
                try:
                    items[2] = item
                except (KeyError, ValueError) as exc:
                    print(type(exc).__name__)
            items.shm.close()
            items.shm.unlink()
    """,
        method,
    )
    assert done.stdout.splitlines() == [
        "[42, 1.5, 'text', b'raw', True, None]",
        "False",
        "KeyError",
        "ValueError",
    ]
    assert done.stderr == ""


def test_shareable_list_strips_trailing_nuls_only(tmp_path):
    done = run(
        tmp_path,
        r"""
        from multiprocessing import shared_memory
        if __name__ == "__main__":
            items = shared_memory.ShareableList([b"ab\x00\x00", b"a\x00b", "cd\x00"])
            print(list(items))
            items.shm.close()
            items.shm.unlink()
    """,
    )
    assert done.stdout.strip() == r"[b'ab', b'a\x00b', 'cd']"


# ---------------------------------------------------------------- sync


def test_a_bounded_semaphore_lets_an_extra_release_through_while_others_hold_it(tmp_path):
    # the pitfall screen: only a release that takes it above its start value raises
    done = run(
        tmp_path,
        """
        import multiprocessing as mp
        if __name__ == "__main__":
            room = mp.BoundedSemaphore(2)
            room.acquire()  # worker A
            room.acquire()  # worker B
            room.release()  # A
            room.release()  # A again, one too many: B still holds a place, so no error
            print(room.get_value())
            try:
                room.release()  # B: now it would be 3
            except ValueError as exc:
                print("ValueError:", exc)
    """,
    )
    assert done.stdout.splitlines() == [
        "2",
        "ValueError: semaphore or lock released too many times",
    ]


def test_semaphore_with_block_releases_once_even_on_an_exception(tmp_path):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp
        if __name__ == "__main__":
            room = mp.BoundedSemaphore(2)
            try:
                with room:
                    raise KeyError
            except KeyError:
                pass
            print(room.get_value())
    """,
    )
    assert done.stdout.strip() == "2"


@pytest.mark.parametrize("method", START_METHODS)
def test_event_set_wakes_every_waiter_later_waits_return_at_once_clear_resets(tmp_path, method):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, sys

        def waiter(go, woke):
            woke.put(go.wait(timeout=30))

        if __name__ == "__main__":
            ctx = mp.get_context(sys.argv[1])
            go, woke = ctx.Event(), ctx.Queue()
            children = [ctx.Process(target=waiter, args=(go, woke)) for _ in range(3)]
            for p in children:
                p.start()
            go.set()
            print([woke.get(timeout=30) for _ in children])
            for p in children:
                p.join()
            print(go.wait(timeout=0), go.is_set())
            go.clear()
            print(go.wait(timeout=0.1), go.is_set())
    """,
        method,
    )
    assert done.stdout.splitlines() == ["[True, True, True]", "True True", "False False"]


def test_condition_notify_unlocked_and_wait_for_timeout(tmp_path):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, threading
        if __name__ == "__main__":
            for cond in (mp.Condition(), threading.Condition()):
                try:
                    cond.notify()
                except Exception as exc:
                    print(type(exc).__name__ + ":", exc)
            cond = mp.Condition()
            with cond:
                print(cond.wait_for(lambda: False, timeout=0.2))
                print(cond.wait_for(lambda: 7, timeout=0.2))
    """,
    )
    assert done.stdout.splitlines() == [
        "AssertionError: lock is not owned",
        "RuntimeError: cannot notify on un-acquired lock",
        "False",
        "7",
    ]


@pytest.mark.parametrize("method", START_METHODS)
def test_barrier_timeout_breaks_it_for_everyone_waiting_until_reset(tmp_path, method):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, sys, threading, time

        def waits(meet, told):
            try:
                meet.wait()  # no timeout of its own
                told.put("passed")
            except threading.BrokenBarrierError:
                told.put("BrokenBarrierError")

        if __name__ == "__main__":
            ctx = mp.get_context(sys.argv[1])
            meet, told = ctx.Barrier(4), ctx.Queue()
            children = [ctx.Process(target=waits, args=(meet, told)) for _ in range(2)]
            for p in children:
                p.start()
            while meet.n_waiting < 2:  # both children are waiting; the fourth party never comes
                time.sleep(0.01)
            try:
                meet.wait(timeout=0.3)
            except threading.BrokenBarrierError:
                print("parent: BrokenBarrierError", meet.broken)
            print(sorted(told.get(timeout=30) for _ in children))
            for p in children:
                p.join()
            meet.reset()
            print(meet.broken)
    """,
        method,
    )
    assert done.stdout.splitlines() == [
        "parent: BrokenBarrierError True",
        "['BrokenBarrierError', 'BrokenBarrierError']",
        "False",
    ]


def test_barrier_is_ready_for_the_next_round(tmp_path):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp

        def rounds(meet):
            for _ in range(3):
                meet.wait(timeout=30)

        if __name__ == "__main__":
            meet = mp.Barrier(2)
            p = mp.Process(target=rounds, args=(meet,))
            p.start()
            print(sorted({meet.wait(timeout=30) in (0, 1) for _ in range(3)}), end=" ")
            p.join()
            print(p.exitcode, meet.broken)
    """,
    )
    assert done.stdout.strip() == "[True] 0 False"
