"""Claims the logging lesson makes outside its predict questions, run for real.

Each test runs a small stdlib-only script in a fresh interpreter, as a learner would (with
PYTHONUNBUFFERED removed), under a start method the script sets itself, and checks what the lesson
says. IPCTUTOR_CLAIMS_PYTHON names another interpreter to run the scripts with (checked with 3.11,
3.12 and 3.13 this way). Every order a test reads is forced by a join() or by the listener's stop().
"""

from __future__ import annotations


import pytest

from helpers import START_METHODS, run_script as run


PARENT_ONLY = """
    import logging, multiprocessing as mp, sys

    def work():
        root = logging.getLogger()
        print(f"worker: handlers {len(root.handlers)}, level {logging.getLevelName(root.level)}",
              flush=True)
        logging.info("info from the worker")
        logging.warning("warning from the worker")

    if __name__ == "__main__":
        mp.set_start_method(sys.argv[1])
        logging.basicConfig(level=logging.INFO, stream=sys.stdout,
                            format="%(processName)s %(levelname)s %(message)s")
        p = mp.Process(target=work, name="worker")
        p.start()
        p.join()
        logging.info("from the parent, exit code %d", p.exitcode)
"""


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_a_spawned_worker_has_no_handler_drops_info_and_warns_on_stderr(method, tmp_path):
    done = run(tmp_path, PARENT_ONLY, method)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "worker: handlers 0, level WARNING",  # basicConfig under the main guard never ran here
        "MainProcess INFO from the parent, exit code 0",
    ]
    assert "info from the worker" not in done.stdout + done.stderr  # dropped without a word
    # the module-level function called basicConfig() itself: stderr, the default format
    assert done.stderr == "WARNING:root:warning from the worker\n"


def test_a_forked_worker_has_the_parents_handler_and_level(tmp_path):
    done = run(tmp_path, PARENT_ONLY, "fork")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "worker: handlers 1, level INFO",
        "worker INFO info from the worker",
        "worker WARNING warning from the worker",
        "MainProcess INFO from the parent, exit code 0",
    ]
    assert done.stderr == ""


@pytest.mark.parametrize("method", START_METHODS)
def test_a_queue_handler_sends_the_merged_message_and_the_traceback_as_text(method, tmp_path):
    """What arrives is a copy of the record: msg merged with args, the traceback inside the
    message, exc_info and args None, the worker's own name and PID kept."""
    done = run(
        tmp_path,
        """
        import logging, logging.handlers, multiprocessing as mp, sys

        def work(q):
            root = logging.getLogger()
            root.handlers = [logging.handlers.QueueHandler(q)]
            root.setLevel(logging.INFO)
            logging.info("n is %d", 5)
            try:
                1 / 0
            except ZeroDivisionError:
                logging.exception("it failed")

        if __name__ == "__main__":
            mp.set_start_method(sys.argv[1])
            q = mp.Queue()
            p = mp.Process(target=work, args=(q,), name="worker-7")
            p.start()
            for _ in range(2):
                r = q.get()
                print(repr(r.msg), r.args, r.exc_info, r.exc_text, r.levelname, r.name,
                      r.processName, r.process == p.pid, sep=" | ")
            p.join()
        """,
        method,
    )
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.splitlines()
    assert first == "'n is 5' | None | None | None | INFO | root | worker-7 | True"
    msg, rest = second.split(" | ", 1)
    assert msg.startswith("'it failed\\nTraceback (most recent call last):")
    assert "ZeroDivisionError: division by zero" in msg
    assert rest == "None | None | None | ERROR | root | worker-7 | True"


@pytest.mark.parametrize("method", START_METHODS)
def test_replacing_the_handlers_writes_each_record_once(method, tmp_path):
    """The fix for the fork duplicates: the same output under every start method."""
    done = run(
        tmp_path,
        """
        import logging, logging.handlers, multiprocessing as mp, sys

        def work(q):
            logging.getLogger().handlers = [logging.handlers.QueueHandler(q)]
            logging.warning("hello")

        if __name__ == "__main__":
            mp.set_start_method(sys.argv[1])
            logging.basicConfig(stream=sys.stdout, format="%(processName)s %(message)s")
            q = mp.Queue()
            listener = logging.handlers.QueueListener(q, *logging.getLogger().handlers)
            listener.start()
            p = mp.Process(target=work, args=(q,), name="worker")
            p.start()
            p.join()
            listener.stop()
        """,
        method,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "worker hello\n" and done.stderr == ""


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_adding_a_queue_handler_under_spawn_writes_once(method, tmp_path):
    """The predict question's code under fork writes twice; under spawn the worker inherits no
    handler, so the same code writes each record once."""
    done = run(
        tmp_path,
        """
        import logging, logging.handlers, multiprocessing as mp, sys

        def work(q):
            logging.getLogger().addHandler(logging.handlers.QueueHandler(q))
            logging.warning("hello")

        if __name__ == "__main__":
            mp.set_start_method(sys.argv[1])
            logging.basicConfig(stream=sys.stdout, format="%(processName)s %(message)s")
            q = mp.Queue()
            listener = logging.handlers.QueueListener(q, *logging.getLogger().handlers)
            listener.start()
            p = mp.Process(target=work, args=(q,), name="worker")
            p.start()
            p.join()
            listener.stop()
        """,
        method,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "worker hello\n" and done.stderr == ""


@pytest.mark.parametrize("method", START_METHODS)
def test_a_pool_initializer_sets_up_each_workers_logging(method, tmp_path):
    """The other place the lesson names: a Pool's initializer runs in every worker before any
    task, so a QueueHandler set there carries every task's records to the parent's listener."""
    done = run(
        tmp_path,
        """
        import logging, logging.handlers, multiprocessing as mp, sys

        def setup(q):
            root = logging.getLogger()
            root.handlers = [logging.handlers.QueueHandler(q)]
            root.setLevel(logging.INFO)

        def task(n):
            logging.info("task %d", n)
            return n

        if __name__ == "__main__":
            mp.set_start_method(sys.argv[1])
            q = mp.Queue()
            handler = logging.StreamHandler(sys.stdout)
            listener = logging.handlers.QueueListener(q, handler)
            listener.start()
            with mp.Pool(2, initializer=setup, initargs=(q,)) as pool:
                pool.map(task, range(6))
                pool.close()
                pool.join()
            listener.stop()
        """,
        method,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(done.stdout.splitlines()) == [f"task {n}" for n in range(6)]
