"""Claims the joinablequeue and connection lessons make outside their predict questions, run for real.

Each test runs a small stdlib-only script in a fresh interpreter, as a learner would (with
PYTHONUNBUFFERED removed), and checks what the lesson says. IPCTUTOR_CLAIMS_PYTHON names another
interpreter to run the scripts with (the lessons were checked with 3.11, 3.12 and 3.13 this way).
Nothing here depends on the machine's speed, apart from one-sided waits that a hang always exceeds.
Every Listener listens on loopback only.
"""

from __future__ import annotations


import pytest

from helpers import START_METHODS, local_object_error
from helpers import run_script as run


# ------------------------------------------------------------------ SimpleQueue


def test_simplequeue_raises_in_put_where_queue_loses_the_item(tmp_path):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, pickle
        if __name__ == "__main__":
            simple = mp.SimpleQueue()
            try:
                simple.put(lambda: 42)
            except pickle.PicklingError:
                print("SimpleQueue raised")
            queue = mp.Queue()
            queue.put(lambda: 42)  # returns: the feeder thread fails later
            queue.put("after")
            print("Queue got", queue.get())
    """,
    )
    assert done.returncode == 0
    assert done.stdout.splitlines() == ["SimpleQueue raised", "Queue got after"]
    assert "PicklingError" in done.stderr  # the feeder thread's traceback


def test_simplequeue_put_raises_a_different_error_for_each_unpicklable_kind(tmp_path):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, pickle

        def nested_lambda():
            return lambda: 42

        if __name__ == "__main__":
            simple = mp.SimpleQueue()
            for what, obj in (("top-level lambda", lambda: 42), ("nested lambda", nested_lambda()),
                              ("open file", open(__file__))):
                try:
                    simple.put(obj)
                    print(what, "sent")
                except pickle.PicklingError:
                    print(what, "PicklingError")
                except Exception as exc:
                    print(what, type(exc).__name__)
    """,
    )
    assert done.stdout.splitlines() == [
        "top-level lambda PicklingError",
        f"nested lambda {local_object_error()}",
        "open file TypeError",
    ], done.stderr


def test_simplequeue_has_only_put_get_empty_close_and_no_get_timeout(tmp_path):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp
        if __name__ == "__main__":
            q = mp.SimpleQueue()
            print(sorted(name for name in dir(q) if not name.startswith("_")))
            try:
                q.get(timeout=1)
            except TypeError:
                print("no timeout")
    """,
    )
    assert done.stdout.splitlines() == ["['close', 'empty', 'get', 'put']", "no timeout"]


def test_simplequeue_many_writers_keep_big_items_whole(tmp_path):
    # 4 children x 10 items of 64 KiB: far above the sizes at which an unlocked Pipe end breaks
    done = run(
        tmp_path,
        """
        import multiprocessing as mp
        def put_many(q, n):
            for i in range(10):
                q.put((n, i, bytes([65 + n]) * 65_536))
        if __name__ == "__main__":
            q = mp.SimpleQueue()
            ps = [mp.Process(target=put_many, args=(q, n)) for n in range(4)]
            for p in ps: p.start()
            items = [q.get() for _ in range(40)]
            for p in ps: p.join()
            whole = all(body == bytes([65 + n]) * 65_536 for n, i, body in items)
            print(whole, sorted((n, i) for n, i, _ in items) == [(n, i) for n in range(4) for i in range(10)])
    """,
    )
    assert done.stdout.split() == ["True", "True"]


# ------------------------------------------------------------------ JoinableQueue


def test_joinablequeue_one_task_done_too_many_raises_value_error(tmp_path):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp
        if __name__ == "__main__":
            q = mp.JoinableQueue()
            q.put("job"); q.get(); q.task_done()
            try:
                q.task_done()
            except ValueError as exc:
                print(exc)
    """,
    )
    assert done.stdout.strip() == "task_done() called too many times"


def test_joinablequeue_join_waits_for_task_done_not_for_an_empty_queue(tmp_path):
    # The item is got (the queue is empty) but never marked done: join() is still waiting after
    # 2 s. One task_done() later, it returns. And join() takes no timeout.
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, threading, time
        if __name__ == "__main__":
            q = mp.JoinableQueue()
            q.put("job")
            q.get()
            time.sleep(0.1)
            waiter = threading.Thread(target=q.join, daemon=True)
            waiter.start()
            waiter.join(2)
            print(q.empty(), waiter.is_alive())
            q.task_done()
            waiter.join(30)
            print(waiter.is_alive())
            try:
                q.join(timeout=1)
            except TypeError:
                print("no timeout")
    """,
    )
    assert done.stdout.splitlines() == ["True True", "False", "no timeout"]


def test_joinablequeue_is_a_queue_and_an_unpicklable_item_leaves_join_waiting(tmp_path):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, multiprocessing.queues, threading, time
        if __name__ == "__main__":
            q = mp.JoinableQueue()
            print(isinstance(q, multiprocessing.queues.Queue))
            q.put(lambda: 42)  # counted at once; lost in the feeder thread
            time.sleep(0.5)
            waiter = threading.Thread(target=q.join, daemon=True)
            waiter.start()
            waiter.join(2)
            print(waiter.is_alive())
    """,
    )
    assert done.stdout.split() == ["True", "True"]
    assert "PicklingError" in done.stderr


@pytest.mark.parametrize("method", START_METHODS)
def test_joinablequeue_worker_that_forgets_on_failure_hangs_join_finally_does_not(tmp_path, method):
    code = """
        import multiprocessing as mp, sys, threading
        def worker(q, use_finally):
            while True:
                n = q.get()
                try:
                    if n == 2:
                        raise ValueError(n)
                    if not use_finally:
                        q.task_done()
                except ValueError:
                    pass
                finally:
                    if use_finally:
                        q.task_done()
        if __name__ == "__main__":
            ctx = mp.get_context(sys.argv[1])
            for use_finally in (False, True):
                q = ctx.JoinableQueue()
                p = ctx.Process(target=worker, args=(q, use_finally), daemon=True)
                p.start()
                for n in range(4):
                    q.put(n)
                waiter = threading.Thread(target=q.join, daemon=True)
                waiter.start()
                waiter.join(3 if not use_finally else 30)
                print("finally" if use_finally else "forgot", "hangs" if waiter.is_alive() else "returns")
                p.terminate(); p.join()
    """
    done = run(tmp_path, code, method)
    assert done.stdout.splitlines() == ["forgot hangs", "finally returns"]


@pytest.mark.parametrize("method", START_METHODS)
def test_joinablequeue_results_put_before_task_done_are_all_there_when_join_returns(
    tmp_path, method
):
    # The demo's order: SimpleQueue.put() writes before it returns, then task_done(). So once
    # join() returns, every result can be read without waiting: empty() is False before each get.
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, sys
        def worker(tasks, results):
            while True:
                n = tasks.get()
                results.put(n * n)
                tasks.task_done()
        if __name__ == "__main__":
            ctx = mp.get_context(sys.argv[1])
            tasks, results = ctx.JoinableQueue(), ctx.SimpleQueue()
            ps = [ctx.Process(target=worker, args=(tasks, results), daemon=True) for _ in range(3)]
            for p in ps: p.start()
            for n in range(12):
                tasks.put(n)
            tasks.join()
            ready = []
            for _ in range(12):
                ready.append(not results.empty())
                results.get()
            print(all(ready), results.empty())
    """,
        method,
    )
    assert done.stdout.split() == ["True", "True"]


def test_joinablequeue_task_done_before_the_work_lets_join_return_too_early(tmp_path):
    # task_done() right after get(): join() returns while the work is held back (it waits for
    # `go`, which the parent sets only after join() has returned), so nothing is done yet.
    done = run(
        tmp_path,
        """
        import multiprocessing as mp
        def worker(tasks, done, go):
            n = tasks.get()
            tasks.task_done()  # too early
            go.wait()
            done.value = n
        if __name__ == "__main__":
            tasks, done, go = mp.JoinableQueue(), mp.Value("i", 0), mp.Event()
            p = mp.Process(target=worker, args=(tasks, done, go)); p.start()
            tasks.put(7)
            tasks.join()
            print(done.value)
            go.set(); p.join()
            print(done.value)
    """,
    )
    assert done.stdout.split() == ["0", "7"]


# ------------------------------------------------------------------ Listener and Client


def test_a_tcp_base_manager_is_built_on_listener_and_client(tmp_path):
    done = run(
        tmp_path,
        """
        import inspect, multiprocessing.managers as m
        source = inspect.getsource(m)
        print("Listener(" in source, "Client(" in source)
    """,
    )
    assert done.stdout.split() == ["True", "True"]


def test_listener_port_zero_picks_a_free_port_and_accept_gives_a_connection(tmp_path):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp
        from multiprocessing.connection import Client, Connection, Listener
        def dial(address, key):
            with Client(address, authkey=key) as conn:
                conn.send(["hello", conn.recv()])
        if __name__ == "__main__":
            with Listener(("127.0.0.1", 0), authkey=b"k") as listener:
                host, port = listener.address
                p = mp.Process(target=dial, args=(listener.address, b"k")); p.start()
                conn = listener.accept()
                conn.send(7)
                print(host, port > 0, isinstance(conn, Connection), conn.recv())
                p.join()
    """,
    )
    assert done.stdout.strip() == "127.0.0.1 True True ['hello', 7]"


def test_listener_on_a_path_is_a_unix_socket_and_takes_other_addresses(tmp_path):
    done = run(
        tmp_path,
        """
        import os, stat, threading
        from multiprocessing.connection import Client, Listener
        def echo(listener):
            with listener.accept() as conn:
                conn.send(conn.recv())
        for address in ("ipc.sock", ("127.0.0.2", 0)):  # a path; a loopback address not 127.0.0.1
            with Listener(address) as listener:  # no authkey: nothing is checked
                if isinstance(address, str):
                    print(stat.S_ISSOCK(os.stat(address).st_mode))
                t = threading.Thread(target=echo, args=(listener,)); t.start()
                with Client(listener.address) as conn:
                    conn.send("ping")
                    print(conn.recv())
                t.join()
    """,
    )
    assert done.stdout.split() == ["True", "ping", "ping"]


@pytest.mark.parametrize("method", START_METHODS)
def test_wrong_authkey_fails_on_both_sides(tmp_path, method):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, sys
        from multiprocessing.connection import Client, Listener
        def dial(address, key, said):
            try:
                Client(address, authkey=key).close()
                said.put("client ok")
            except mp.AuthenticationError as exc:
                said.put(f"client {type(exc).__name__}: {exc}")
        if __name__ == "__main__":
            ctx = mp.get_context(sys.argv[1])
            said = ctx.Queue()
            with Listener(("127.0.0.1", 0), authkey=b"secret") as listener:
                for key in (b"guess", b"secret"):
                    p = ctx.Process(target=dial, args=(listener.address, key, said)); p.start()
                    try:
                        listener.accept().close()
                        print("server ok")
                    except mp.AuthenticationError as exc:
                        print(f"server {type(exc).__name__}: {exc}")
                    print(said.get())
                    p.join()
    """,
        method,
    )
    assert done.stdout.splitlines() == [
        "server AuthenticationError: digest received was wrong",
        "client AuthenticationError: digest sent was rejected",
        "server ok",
        "client ok",
    ]


def test_messages_after_the_handshake_are_plain_pickles_and_unpickling_runs_code(tmp_path):
    # The child reads the socket's raw bytes: the text is there in the clear. Then an object
    # whose pickle says "call os.getpid()" comes back from recv() as the receiver's own PID.
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, os
        from multiprocessing.connection import Client, Listener
        class RunsOnArrival:
            def __reduce__(self):
                return (os.getpid, ())
        def dial(address):
            with Client(address, authkey=b"key") as conn:
                raw = os.read(conn.fileno(), 4096)
                print(b"top secret words" in raw, flush=True)
                conn.send(RunsOnArrival())
        if __name__ == "__main__":
            with Listener(("127.0.0.1", 0), authkey=b"key") as listener:
                p = mp.Process(target=dial, args=(listener.address,)); p.start()
                with listener.accept() as conn:
                    conn.send("top secret words")
                    print(conn.recv() == os.getpid())
                p.join()
    """,
    )
    assert done.stdout.split() == ["True", "True"]


# ------------------------------------------------------------------ wait() and EOF


@pytest.mark.parametrize("method", START_METHODS)
def test_closing_the_parents_copy_makes_eof_ready(tmp_path, method):
    # The kept-end question's fix: with writer.close() after start() it prints "hi 1", and recv()
    # then raises EOFError. The child's own copy closes when it exits, without close().
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, sys
        from multiprocessing.connection import wait
        def child(conn):
            conn.send("hi")  # no close(): exiting closes the child's copy
        if __name__ == "__main__":
            ctx = mp.get_context(sys.argv[1])
            reader, writer = ctx.Pipe(duplex=False)
            p = ctx.Process(target=child, args=(writer,))
            p.start()
            writer.close()
            p.join()
            print(reader.recv(), len(wait([reader], timeout=5)))
            try:
                reader.recv()
            except EOFError:
                print("EOFError")
    """,
        method,
    )
    assert done.stdout.splitlines() == ["hi 1", "EOFError"]


def test_wait_takes_process_sentinels(tmp_path):
    done = run(
        tmp_path,
        """
        import multiprocessing as mp, time
        from multiprocessing.connection import wait
        if __name__ == "__main__":
            go = mp.Event()
            p = mp.Process(target=go.wait); p.start()
            print(wait([p.sentinel], timeout=0.3))  # still running: nothing ready
            go.set()
            print(wait([p.sentinel], timeout=30) == [p.sentinel])
            p.join()
    """,
    )
    assert done.stdout.split() == ["[]", "True"]


def test_wait_takes_sockets_too(tmp_path):
    done = run(
        tmp_path,
        """
        import socket
        from multiprocessing.connection import wait
        a, b = socket.socketpair()
        print(wait([a], timeout=0.2))
        b.send(b"x")
        print(wait([a], timeout=30) == [a])
    """,
    )
    assert done.stdout.split() == ["[]", "True"]
