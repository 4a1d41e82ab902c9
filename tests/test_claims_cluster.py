"""Every checkable claim of the cluster lesson (lessons/cluster.yaml), verified by running code.

Claims about Dask skip cleanly when it is not installed (pytest.importorskip); CI installs it with
the `test` extra. The stdlib claims (Pool, BaseManager over TCP) always run.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import socket
import subprocess
import sys
import threading
import time
import tomllib
from multiprocessing.managers import BaseManager
from pathlib import Path

import pytest

from helpers import START_METHODS, best_of_three, wait_all_gone

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.xdist_group("dask-cluster")  # one LocalCluster for the module


def plus_one(x):
    return x + 1


def ppid(_=None):
    return os.getppid()


# ---------------------------------------------------------------- what a Pool cannot do


@pytest.mark.parametrize("method", START_METHODS)
def test_pool_workers_are_children_of_the_one_parent(method):
    ctx = mp.get_context(method)
    with ctx.Pool(2) as pool:
        children = mp.active_children()
        assert len(children) == 2
        ppids = set(pool.map(ppid, range(4), chunksize=1))
    if method == "forkserver":  # still children of this parent, forked by its fork server
        assert os.getpid() not in ppids
    else:
        assert ppids == {os.getpid()}
    assert all(child._parent_pid == os.getpid() for child in children)


@pytest.mark.parametrize("method", START_METHODS)
def test_pool_map_cannot_send_a_lambda_under_any_start_method(method):
    with mp.get_context(method).Pool(2) as pool:
        with pytest.raises((pickle.PicklingError, AttributeError)) as raised:
            pool.map(lambda x: x + 1, range(3))
        assert "lambda" in str(raised.value)
        assert pool.map(plus_one, range(3)) == [1, 2, 3]  # a function with a name goes by name


def test_pickle_sends_a_function_by_name_not_by_code():
    data = pickle.dumps(plus_one)
    assert b"plus_one" in data and plus_one.__code__.co_code not in data
    with pytest.raises((pickle.PicklingError, AttributeError)):
        pickle.dumps(lambda x: x + 1)


# ---------------------------------------------------------------- a BaseManager over TCP


class Store:
    """Counts the calls that reach it, and says which process served them."""

    def __init__(self):
        self.calls, self.items = 0, {}

    def put(self, key, value):
        self.calls += 1
        self.items[key] = value

    def put_many(self, pairs):
        self.calls += 1
        self.items.update(pairs)

    def report(self):
        return self.calls, len(self.items), os.getpid()


class StoreManager(BaseManager):
    pass


StoreManager.register("Store", Store)
StoreManager.register("get_store")  # for a client that connects to a running server


CONNECT_FROM_ANOTHER_PROGRAM = r"""
import sys
from multiprocessing.managers import BaseManager
class StoreManager(BaseManager): pass
StoreManager.register("Store")
manager = StoreManager(address=(sys.argv[1], int(sys.argv[2])), authkey=b"key")
manager.connect()
store = manager.Store()
store.put("from", "another program")
print(store.report()[0])
"""


def test_a_manager_on_tcp_serves_a_process_that_is_not_its_child():
    with StoreManager(address=("127.0.0.1", 0), authkey=b"key") as manager:
        host, port = manager.address
        done = subprocess.run(
            [sys.executable, "-c", CONNECT_FROM_ANOTHER_PROGRAM, host, str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == "1"  # an unrelated program connected by address and key
        with socket.create_connection((host, port)):  # it really is a TCP port
            pass


def call_many(store, n):
    for i in range(n):
        store.put((os.getpid(), i), i)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_every_proxy_call_is_one_call_in_the_one_server_process(method):
    ctx = mp.get_context(method)
    with StoreManager(address=("127.0.0.1", 0), authkey=b"key", ctx=ctx) as manager:
        store = manager.Store()
        children = [ctx.Process(target=call_many, args=(store, 50)) for _ in range(3)]
        for p in children:
            p.start()
        for p in children:
            p.join()
        store.put_many({n: n for n in range(100)})  # 100 items, one call
        calls, items, served_by = store.report()
        assert (calls, items) == (3 * 50 + 1, 3 * 50 + 100)
        assert served_by == manager._process.pid != os.getpid()  # one server process, not us


def test_a_manager_does_not_retry_when_its_server_dies():
    manager = StoreManager(address=("127.0.0.1", 0), authkey=b"key")
    manager.start()
    store = manager.Store()
    store.put("a", 1)
    manager._process.kill()
    manager._process.join()
    with pytest.raises((ConnectionError, EOFError, OSError)):
        store.put("b", 2)  # the caller just gets an error: nothing re-runs it anywhere
    manager.shutdown()


class Relay(threading.Thread):
    """A TCP relay between a client and a server that keeps every byte the client sends."""

    def __init__(self, target):
        super().__init__(daemon=True)
        self.target, self.seen = target, bytearray()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.address = self.listener.getsockname()

    def run(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.target)
            threading.Thread(target=self.pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self.pump, args=(server, client, False), daemon=True).start()

    def pump(self, source, sink, keep):
        try:
            while data := source.recv(65536):
                if keep:
                    self.seen += data
                sink.sendall(data)
        except OSError:  # the other direction's pump closed this socket first
            return
        sink.close()


def test_manager_traffic_is_a_plain_pickle_not_encrypted():
    with StoreManager(address=("127.0.0.1", 0), authkey=b"key") as manager:
        relay = Relay(manager.address)
        relay.start()
        client = StoreManager(address=relay.address, authkey=b"key")
        client.connect()
        store = client.Store()
        store.put("secret-looking-key", "plain text on the wire")
        time.sleep(0.2)
        assert b"plain text on the wire" in relay.seen  # readable by anyone on the path
        del (
            store
        )  # its last reference: the decref message goes through the relay while the server runs
        time.sleep(0.2)
        relay.listener.shutdown(socket.SHUT_RDWR)  # wakes the relay's accept(), which then ends
        relay.listener.close()


# ---------------------------------------------------------------- Dask


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    import logging

    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        pids = list(client.run(os.getpid).values())
        yield cluster, client
    assert wait_all_gone(pids) == []  # closing the client and the cluster ends every worker


def square(n):
    return n * n


def in_the_main_thread():
    return threading.current_thread() is threading.main_thread()


def test_localcluster_runs_the_scheduler_in_our_process_and_workers_in_their_own(dask_client):
    cluster, client = dask_client
    assert client.run_on_scheduler(os.getpid) == os.getpid()
    assert client.run_on_scheduler(in_the_main_thread) is False  # in a background thread of ours
    pids = client.run(os.getpid)
    assert len(pids) == 2 and len(set(pids.values())) == 2 and os.getpid() not in pids.values()
    assert set(pids) == set(client.scheduler_info()["workers"])  # keyed by worker address
    assert set(client.run(os.getppid).values()) == {os.getpid()}  # our children (started by spawn)
    assert all(address.startswith("tcp://127.0.0.1:") for address in pids)
    assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")


def test_dask_by_default_talks_plain_tcp_with_no_encryption(dask_client):
    # "Neither a manager nor Dask encrypts by default": no TLS context, tcp:// not tls://.
    cluster, client = dask_client
    assert cluster.scheduler_address.startswith("tcp://")
    assert client.security.require_encryption is False
    assert client.security.get_connection_args("client")["ssl_context"] is None


def test_client_map_then_gather_keeps_the_order_of_the_inputs(dask_client):
    _, client = dask_client
    futures = client.map(square, range(8))
    assert all(type(f).__name__ == "Future" for f in futures)  # returned at once: futures
    assert client.gather(futures) == [n * n for n in range(8)]


def test_dask_sends_a_lambda_by_value_with_cloudpickle(dask_client):
    _, client = dask_client
    assert client.gather(client.map(lambda x: x + 1, range(3))) == [1, 2, 3]
    import cloudpickle

    data = cloudpickle.dumps(lambda x: x + 1)
    assert pickle.loads(data)(41) == 42  # the code travelled with it


def test_the_same_code_runs_against_a_scheduler_address(dask_client):
    distributed = pytest.importorskip("distributed")
    cluster, _ = dask_client
    with distributed.Client(cluster.scheduler_address) as by_address:  # "tcp://host:port"
        assert by_address.gather(by_address.map(square, range(8))) == [n * n for n in range(8)]


def test_results_stay_on_the_worker_and_a_dependent_task_runs_there(dask_client):
    _, client = dask_client
    x = client.submit(square, 7, pure=False)
    x.result()
    holders = client.who_has([x])[x.key]
    assert len(holders) == 1  # kept in one worker's memory, not sent to the scheduler
    y = client.submit(plus_one, x, pure=False)
    assert y.result() == 50
    assert client.who_has([y])[y.key] == holders  # run where its input already was


def test_dask_retries_a_task_when_asked(dask_client, tmp_path):
    _, client = dask_client
    flag = tmp_path / "tried"
    future = client.submit(fail_the_first_time, str(flag), retries=1, pure=False)
    assert future.result() == "second try"


def fail_the_first_time(flag):
    if not os.path.exists(flag):
        open(flag, "w").close()
        raise RuntimeError("first try")
    return "second try"


def test_port_0_puts_the_web_server_on_a_free_port(dask_client):
    _, client = dask_client
    port = client.scheduler_info()["services"]["dashboard"]
    assert isinstance(port, int) and port not in (0, 8787)


def test_dashboard_address_none_still_serves_http_on_8787():
    """Why the demo says ":0": None turns the dashboard off, not the scheduler's web server."""
    distributed = pytest.importorskip("distributed")
    import logging

    holder = None
    try:
        holder = socket.create_server(("127.0.0.1", 8787))  # taken: Dask must warn and move
    except OSError:
        pass  # someone else holds it already: the same for Dask
    try:
        with pytest.warns(UserWarning, match="Port 8787 is already in use"):
            with distributed.LocalCluster(
                n_workers=0, processes=True, dashboard_address=None, silence_logs=logging.ERROR
            ) as cluster:
                assert "dashboard" in cluster.scheduler.services  # an HTTP server all the same
    finally:
        if holder is not None:
            holder.close()


def test_dask_has_the_scheduler_and_worker_commands_and_8786_is_the_default_port():
    distributed = pytest.importorskip("distributed")
    assert distributed.Scheduler.default_port == 8786  # what `dask scheduler` listens on
    dask_command = Path(sys.executable).parent / "dask"
    scheduler = subprocess.run(
        [str(dask_command), "scheduler", "--help"], capture_output=True, text=True, timeout=60
    )
    assert scheduler.returncode == 0 and "Launch a Dask scheduler" in scheduler.stdout
    worker = subprocess.run(
        [str(dask_command), "worker", "--help"], capture_output=True, text=True, timeout=60
    )
    assert worker.returncode == 0 and "SCHEDULER" in worker.stdout.upper()


@pytest.mark.claims
def test_a_localcluster_takes_far_longer_to_start_than_a_pool():
    distributed = pytest.importorskip("distributed")
    import logging

    def measure() -> dict:
        began = time.monotonic()
        with mp.get_context("spawn").Pool(4) as pool:
            pool.map(square, range(4))
        pool_s = time.monotonic() - began
        began = time.monotonic()
        with (
            distributed.LocalCluster(
                n_workers=4,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",
                silence_logs=logging.ERROR,
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            client.gather(client.map(square, range(4)))
            dask_s = time.monotonic() - began
        return {"Pool(4) s": round(pool_s, 3), "LocalCluster(4) s": round(dask_s, 3)}

    # the lesson: "a second or more", against "a fraction of that"
    best_of_three(
        measure,
        lambda f: f["LocalCluster(4) s"] > max(f["Pool(4) s"], 0.5),
        "a LocalCluster of 4 takes longer than a Pool of 4, and over 0.5 s",
    )


# ---------------------------------------------------------------- installing


def test_the_cluster_extra_installs_dask_distributed_and_ci_tests_it():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    assert any(req.startswith("distributed") for req in extras["cluster"])
    assert any(req.startswith("distributed") for req in extras["test"])
    assert not any("dask" in req or "distributed" in req for req in project["dependencies"])
