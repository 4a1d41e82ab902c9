"""A manager across the network, on loopback only: `manager serve` in a real process, the CLI connecting.

Every wait is bounded: the server's output is read by a thread into a queue, and each test waits
for a line with a timeout; a server still alive at the end is killed.
"""

from __future__ import annotations

import ast

import json
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpers import START_METHODS, run_cli
from ipctutor.engine import netmanager

WAIT_S = 20


class Served:
    """`ipctutor manager serve` running in a subprocess, its output lines collected as they come."""

    def __init__(self, *args: str, env: dict, argv: list[str] | None = None):
        self.process = subprocess.Popen(
            argv or [sys.executable, "-m", "ipctutor", "manager", "serve", *args],
            env=env,
            text=True,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.stderr: list[str] = []
        self.pumps = [
            threading.Thread(target=self._pump, args=(self.process.stdout, self.lines.put)),
            threading.Thread(target=self._pump, args=(self.process.stderr, self.stderr.append)),
        ]
        for pump in self.pumps:
            pump.daemon = True
            pump.start()

    @staticmethod
    def _pump(stream, put):
        for line in stream:
            put(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float = WAIT_S) -> re.Match:
        """The first output line (from now on or already seen) matching `pattern`."""
        for line in self.seen:
            if found := re.search(pattern, line):
                return found
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            self.seen.append(line)
            if found := re.search(pattern, line):
                return found
        raise AssertionError(
            f"no line matching {pattern!r} within {timeout} s; output: {self.seen}, "
            f"stderr: {self.stderr}, exit: {self.process.poll()}"
        )

    def connect_args(self) -> tuple[str, str]:
        """HOST:PORT and the key, from the exact commands the server printed."""
        key = self.wait_for(r"^\s+export IPCTUTOR_AUTHKEY=(\S+)$").group(1)
        return self.wait_for(r"ipctutor run manager --connect (\S+)$").group(1), key

    def interrupt(self) -> int:
        """Ctrl-C, as a terminal sends it; returns the exit code once all output is read."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=WAIT_S)
        for pump in self.pumps:
            pump.join(timeout=WAIT_S)
        return code

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=WAIT_S)


@pytest.fixture
def served(tutor_env):
    servers = []

    def start(*args: str) -> Served:
        server = Served(*args, env=tutor_env)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def free_port() -> int:
    """A port nothing listens on (the kernel just gave it out and it was closed again)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def read_served_dict(address: str, key: str) -> dict:
    """What the server holds, read exactly as the Python snippet `serve` prints does it."""
    from multiprocessing.managers import BaseManager

    class M(BaseManager):
        pass

    M.register("get_dict")
    host, port = address.rsplit(":", 1)
    manager = M(address=(host, int(port)), authkey=key.encode())
    manager.connect()
    return dict(manager.get_dict().items())


@pytest.mark.parametrize("method", START_METHODS)
def test_children_write_into_the_served_dict(served, tutor_env, method):
    server = served("--port", "0")
    address, key = server.connect_args()
    assert address.startswith("127.0.0.1:")
    result = run_cli(
        "run",
        "manager",
        "--connect",
        address,
        "--authkey",
        key,
        "--workers",
        "3",
        "--delay",
        "0",
        "--start-method",
        method,
        "--json",
        env=tutor_env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    run = json.loads(result.stdout)
    assert run["topic"] == "manager-remote" and run["start_method"] == method
    children = {p["name"]: p for p in run["processes"] if p["role"] == "child"}
    assert sorted(children) == ["child-0", "child-1", "child-2"]
    host = socket.gethostname()
    expected = {
        f"{name} pid {p['pid']} on {host}": int(name[-1]) ** 2 for name, p in children.items()
    }
    # the script printed what the server holds, and the server really holds it
    said = [line for line in run["parent"]["printed"] if line.startswith("the dict: ")]
    assert len(said) == 1, run["parent"]["printed"]
    assert dict(ast.literal_eval(said[0].removeprefix("the dict: "))) == expected
    assert read_served_dict(address, key) == expected
    # and the server showed each connection and each write as it happened
    for name, p in children.items():
        server.wait_for(rf"{name} \(127\.0\.0\.1:\d+\)\s+connected")
        server.wait_for(
            rf"{name} \(127\.0\.0\.1:\d+\)\s+d\['{name} pid {p['pid']} on .*'\] = {int(name[-1]) ** 2}"
        )


@pytest.mark.parametrize("when", ["at once", "after a client"])
def test_ctrl_c_stops_the_server_with_one_line(served, tutor_env, when):
    server = served("--port", "0")
    server.wait_for(r"Waiting for clients")
    if when == "after a client":
        address, key = server.connect_args()
        read_served_dict(address, key)  # it answers
    assert server.interrupt() == 130
    assert len(server.stderr) == 1, server.stderr
    assert "stopped by Ctrl-C (exit code 130)" in server.stderr[0]
    assert "Traceback" not in "\n".join(server.seen)


def test_wrong_authkey_is_one_line_and_the_server_shows_the_refusal(served, tutor_env):
    server = served("--port", "0", "--authkey", "the-right-key")
    server.wait_for(r"export IPCTUTOR_AUTHKEY=KEY$")
    address = server.wait_for(r"--connect (\S+)$").group(1)
    result = run_cli(
        "run", "manager", "--connect", address, "--authkey", "a-wrong-key", env=tutor_env
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "refused the authkey" in result.stderr, result.stderr
    assert result.stdout == ""
    server.wait_for(r"refused: wrong authkey")
    assert any("--authkey on the command line is visible" in line for line in server.stderr)
    # the right key, from the environment, still works afterwards
    env = dict(tutor_env, IPCTUTOR_AUTHKEY="the-right-key")
    ok = run_cli(
        "run",
        "manager",
        "--connect",
        address,
        "--workers",
        "1",
        "--delay",
        "0",
        "--json",
        env=env,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr


def test_nothing_listening_is_one_line(tutor_env):
    result = run_cli(
        "run", "manager", "--connect", f"127.0.0.1:{free_port()}", "--authkey", "k", env=tutor_env
    )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "nothing is listening at 127.0.0.1:" in result.stderr


def test_port_in_use_is_one_line(tutor_env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("manager", "serve", "--port", str(port), env=tutor_env, timeout=WAIT_S)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "the port is in use" in result.stderr, result.stderr


@pytest.mark.parametrize(
    "args, says",
    [
        (["--connect", "127.0.0.1"], "is not HOST:PORT"),
        (["--connect", "127.0.0.1:99999"], "is not HOST:PORT"),
        (["--connect", ":50000"], "is not HOST:PORT"),
        (["--connect", "127.0.0.1:50000"], "--connect needs the key"),
        (["--connect", "127.0.0.1:50000", "--authkey", ""], "--authkey must not be empty"),
        (["--authkey", "k"], "--authkey goes with --connect"),
        (["--connect", "no-such-host.invalid:50000", "--authkey", "k"], "unknown host"),
        (["--connect", "[::1]:50000", "--authkey", "k"], "IPv4 only"),  # not "unknown host"
    ],
)
def test_bad_connect_options_are_one_line(tutor_env, args, says):
    env = {k: v for k, v in tutor_env.items() if k != "IPCTUTOR_AUTHKEY"}
    result = run_cli("run", "manager", *args, env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and says in result.stderr, result.stderr


def test_serving_on_ipv6_says_managers_speak_ipv4(tutor_env):
    result = run_cli("manager", "serve", "--host", "::1", "--port", "0", env=tutor_env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "IPv4 only" in result.stderr, result.stderr


def test_connect_is_for_the_manager_topic_only(tutor_env):
    result = run_cli("run", "pipe", "--connect", "127.0.0.1:50000", "--authkey", "k", env=tutor_env)
    assert result.returncode == 2 and "only with the manager topic" in result.stderr


def test_errors_in_chinese(tutor_env):
    env = dict(tutor_env, IPCTUTOR_LANG="zh")
    result = run_cli(
        "run", "manager", "--connect", f"127.0.0.1:{free_port()}", "--authkey", "k", env=env
    )
    assert result.returncode == 1 and "没有程序在监听" in result.stderr


def test_parse_address():
    assert netmanager.parse_address("127.0.0.1:50000") == ("127.0.0.1", 50000)
    assert netmanager.parse_address(" box.local:1 ") == ("box.local", 1)
    for bad in ("", "host", "host:", ":1", "host:0", "host:65536", "host:x"):
        with pytest.raises(ValueError):
            netmanager.parse_address(bad)


def test_only_loopback_counts_as_loopback():
    assert netmanager.is_loopback("127.0.0.1") and netmanager.is_loopback("localhost")
    assert not netmanager.is_loopback("0.0.0.0") and not netmanager.is_loopback("")
    assert not netmanager.is_loopback("no-such-host.invalid")


def can_unshare_network() -> bool:
    import os
    import shutil

    if not shutil.which("unshare") or os.geteuid() != 0:
        return False
    return (
        subprocess.run(["unshare", "-n", "true"], capture_output=True, timeout=10).returncode == 0
    )


@pytest.mark.skipif(
    not can_unshare_network(), reason="needs root and unshare for a private network"
)
def test_listening_beyond_loopback_warns(tutor_env):
    """0.0.0.0 inside a private network namespace: every interface, yet nothing outside can reach it."""
    # unshare and sh both exec: the process we signal is the server itself
    script = (
        f"ip link set lo up 2>/dev/null; exec {sys.executable} -m ipctutor manager serve "
        "--host 0.0.0.0 --port 0"
    )
    server = Served(env=tutor_env, argv=["unshare", "-n", "sh", "-c", script])
    try:
        server.wait_for(r"Waiting for clients")
        assert server.interrupt() == 130
    finally:
        server.close()
    assert len(server.stderr) >= 2, server.stderr
    warning, *_, stopped = server.stderr
    assert "listening on 0.0.0.0:" in warning and "NOT encrypted" in warning
    assert "untrusted" in warning
    assert "stopped by Ctrl-C" in stopped


# ---------------------------------------------------------------- peers that never authenticate


def open_idle(address: str, count: int) -> list[socket.socket]:
    """`count` raw TCP connections to the server that send nothing, as a port scanner or an
    attacker would hold them open."""
    host, port = address.rsplit(":", 1)
    return [socket.create_connection((host, int(port)), timeout=WAIT_S) for _ in range(count)]


def wait_all_dropped(sockets: list[socket.socket], within: float) -> None:
    """Every socket sees the server end it (EOF or reset) within `within` seconds."""
    import selectors

    deadline = time.monotonic() + within
    open_ones = {sock.fileno(): sock for sock in sockets}
    with selectors.DefaultSelector() as selector:
        for sock in sockets:
            sock.setblocking(False)
            selector.register(sock, selectors.EVENT_READ)
        while open_ones and (left := deadline - time.monotonic()) > 0:
            for key, _ in selector.select(timeout=left):
                sock = key.fileobj
                try:
                    data = sock.recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except ConnectionResetError:
                    data = b""
                assert b"TRACEBACK" not in data and b"Traceback" not in data
                if not data:
                    selector.unregister(sock)
                    del open_ones[sock.fileno()]
    assert not open_ones, (
        f"{len(open_ones)} of {len(sockets)} idle connections still open after {within} s"
    )


@pytest.mark.parametrize("timeout_args", [["--auth-timeout", "1"], []], ids=["short", "default"])
def test_idle_connections_cannot_starve_the_server(served, tutor_env, timeout_args):
    """200 connections that never authenticate: a real client still gets in and works, and every
    idle one is dropped within 20 s (default: 5 s each)."""
    server = served("--port", "0", *timeout_args)
    address, key = server.connect_args()
    server.wait_for(r"Waiting for clients")
    idle = open_idle(address, 200)
    try:
        assert bounded_read(address, key) == {}  # the real client connects and works
        env = dict(tutor_env, IPCTUTOR_AUTHKEY=key)
        ok = run_cli(
            "run",
            "manager",
            "--connect",
            address,
            "--workers",
            "2",
            "--delay",
            "0",
            "--json",
            env=env,
            timeout=60,
        )
        assert ok.returncode == 0, ok.stderr
        assert len(bounded_read(address, key)) == 2
        wait_all_dropped(idle, within=20)
    finally:
        for sock in idle:
            sock.close()
    server.wait_for(r"dropped: did not prove it knows the authkey")
    assert server.process.poll() is None


def serve_limited(env: dict, limits: dict[int, int]) -> Served:
    """`manager serve` (1 s to authenticate) under resource limits set in the child before exec."""
    import resource

    def set_limit():
        for limit, value in limits.items():
            resource.setrlimit(limit, (value, value))

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ipctutor",
            "manager",
            "serve",
            "--port",
            "0",
            "--auth-timeout",
            "1",
        ],
        env=env,
        text=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=set_limit,
    )  # noqa: PLW1509 (the limit must be the child's)
    server = Served.__new__(Served)
    server.process, server.lines, server.seen, server.stderr = process, queue.Queue(), [], []
    server.pumps = [
        threading.Thread(target=Served._pump, args=(process.stdout, server.lines.put), daemon=True),
        threading.Thread(
            target=Served._pump, args=(process.stderr, server.stderr.append), daemon=True
        ),
    ]
    for pump in server.pumps:
        pump.start()
    return server


def bounded_read(address: str, key: str) -> dict:
    """read_served_dict, failing after WAIT_S instead of waiting forever for a server that stopped
    accepting (the client's handshake has no timeout of its own)."""
    answers: queue.Queue = queue.Queue()

    def read():
        try:
            answers.put(read_served_dict(address, key))
        except Exception as exc:  # noqa: BLE001 handed to the test's thread
            answers.put(exc)

    threading.Thread(target=read, daemon=True).start()
    try:
        answer = answers.get(timeout=WAIT_S)
    except queue.Empty:
        raise AssertionError(f"the server did not serve a real client within {WAIT_S} s") from None
    if isinstance(answer, Exception):
        raise answer
    return answer


def served_despite_idle_ones(server: Served) -> None:
    """200 idle connections held open: a real client is served meanwhile and after; no spinning."""
    address, key = server.connect_args()
    server.wait_for(r"Waiting for clients")
    idle = open_idle(address, 200)
    try:
        assert bounded_read(address, key) == {}  # served while they are held open
    finally:
        for sock in idle:
            sock.close()
    assert bounded_read(address, key) == {}  # and after
    assert server.process.poll() is None
    usage = Path(f"/proc/{server.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
    assert int(usage[11]) + int(usage[12]) < 2000, "the server spun (CPU ticks)"


def test_accepting_survives_a_file_limit(tutor_env):
    """Under a limit of 64 open files, 200 idle connections neither stop the accepting loop for
    good nor make it spin."""
    import resource

    server = serve_limited(tutor_env, {resource.RLIMIT_NOFILE: 64})
    try:
        served_despite_idle_ones(server)
    finally:
        server.close()


OUT_OF_FILES = """
import os, resource, socket, sys
from multiprocessing.connection import Connection
from ipctutor.engine import netmanager

listener = socket.create_server(("127.0.0.1", 0))
theirs = socket.create_connection(listener.getsockname())
mine, _ = listener.accept()
listener.close()
conn = Connection(mine.detach())
dropped = []
doorman = netmanager.Doorman(60.0, 8, dropped.append)
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
spare = []
try:
    while True:  # every file this process may open, taken
        spare.append(os.open(os.devnull, os.O_RDONLY))
except OSError:
    pass
try:
    doorman.admit(conn, netmanager.peer_of(conn))  # the connection just accepted, at the limit
except OSError as exc:
    print("admit failed:", exc)
    sys.exit(1)
for fd in spare[:2]:
    os.close(fd)
print("admitted", len(doorman.waiting), flush=True)
assert doorman.make_room(wait=0.0) is True  # the oldest waiting one dropped
theirs.settimeout(10)
print("peer sees", theirs.recv(1), "dropped", dropped == [f"127.0.0.1:{theirs.getsockname()[1]}"])
doorman.close(conn)
print("closed", conn.closed, doorman.dropping)
"""


def test_the_doorman_needs_no_file_of_its_own(tmp_path):
    """Out of files, a connection just accepted is still admitted (its clock started), and then
    dropped, through its own fd: a duplicate fd per connection failed just then, and the server
    closed the fresh connection, a real client's too (EOFError in the client, under a file limit)."""
    result = subprocess.run(
        [sys.executable, "-c", OUT_OF_FILES],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=str(Path(__file__).resolve().parent.parent),
    )
    assert result.returncode == 0, (result.stdout, result.stderr)
    lines = result.stdout.splitlines()
    assert lines == ["admitted 1", "peer sees b'' dropped True", "closed True set()"], lines


def test_a_connection_whose_time_ran_out_before_its_thread_started_does_not_stall_accepting():
    """At a thread limit the accepter drops others to start a fresh connection's thread; if the
    fresh one's own time ran out meanwhile, nothing will close it but the accepter. Waiting for it
    stalled accepting a second per try (100 tries), long enough for clients to time out
    connecting (seen in a CI run on a busy machine)."""
    from multiprocessing.connection import Connection

    ours, theirs = socket.socketpair()
    conn = Connection(ours.detach())
    stop = threading.Event()
    dropped: list[str] = []

    def on_drop(peer: str) -> None:
        dropped.append(peer)
        stop.set()

    doorman = netmanager.Doorman(0.0, 8, on_drop)  # no time at all: due as soon as admitted
    doorman.admit(conn, "peer")
    doorman.watch(stop)  # drops it, then returns: on_drop sets `stop`
    assert dropped == ["peer"] and doorman.was_dropped(conn)
    # nothing else to drop, nothing else being freed: the accepter is told so at once
    assert doorman.make_room(keep=conn, wait=10.0) is False
    doorman.close(conn)
    assert doorman.dropping == set() and doorman.waiting == {}
    assert theirs.recv(1) == b""  # the peer saw the drop
    theirs.close()


def test_the_kernel_completes_a_burst_of_connections_before_the_server_accepts_any():
    """A backlog of 128, as 3.13's Server has: on 3.11 and 3.12 it had 16, and the 18th client of
    a burst waited a second, then 3, then 7, for the server to accept one (its SYNs dropped)."""
    server, _ = netmanager.make_server("127.0.0.1", 0, b"key", lambda kind, **details: None)
    burst = []
    try:  # nothing accepts yet: each connect() is answered by the kernel alone, from the backlog
        for _ in range(100):
            burst.append(socket.create_connection(server.address, timeout=WAIT_S))
    finally:
        for sock in burst:
            sock.close()
        server.listener.close()
    assert len(burst) == 100


def test_accepting_survives_an_error_in_one_connection():
    """Out of memory while one connection's thread starts: that connection is lost, the server is
    not (an exception there ended the accepting thread, and every later client waited forever)."""
    server, _ = netmanager.make_server("127.0.0.1", 0, b"key", lambda kind, **details: None)
    start_thread, failures = server._start_thread, []

    def fail_once(conn):
        if not failures:
            failures.append(conn)
            raise MemoryError
        return start_thread(conn)

    server._start_thread = fail_once  # type: ignore[method-assign]
    netmanager.start_serving(server)
    try:
        first = socket.create_connection(server.address, timeout=WAIT_S)
        second = socket.create_connection(server.address, timeout=WAIT_S)
        assert first.recv(1) == b""  # closed: its thread never started
        assert len(second.recv(4)) == 4  # the challenge's length: a thread serves it
        first.close()
        second.close()
    finally:
        netmanager.stop_serving(server)


def test_accepting_survives_a_thread_limit(tutor_env):
    """Address space for a few more threads than the server starts with: the stdlib's accepting
    thread died at the first thread that could not start.

    Each thread reserves a stack of RLIMIT_STACK, here 512 MiB, so six more threads fit and a
    seventh does not, while 320 MiB stay for Python's objects: the limit reached is the thread
    limit, not memory. MALLOC_ARENA_MAX=1: otherwise glibc may reserve a heap of 64 MiB for each
    new thread, as many as fit, and those could take the 320 MiB (measured at 40 idle
    connections: 7 such heaps without it, none with it). With 8 MiB stacks and 64 MiB to spare,
    which one ran out first depended on the machine (a CI run failed here)."""
    import resource

    stack = 512 * 2**20
    tutor_env = dict(tutor_env, MALLOC_ARENA_MAX="1")
    probe = serve_limited(tutor_env, {resource.RLIMIT_STACK: stack})
    try:
        probe.wait_for(r"Waiting for clients")
        status = Path(f"/proc/{probe.process.pid}/status").read_text()
    finally:
        probe.close()
    size = int(re.search(r"VmSize:\s+(\d+) kB", status).group(1)) * 1024
    limits = {resource.RLIMIT_STACK: stack, resource.RLIMIT_AS: size + 6 * stack + 320 * 2**20}
    server = serve_limited(tutor_env, limits)
    try:
        served_despite_idle_ones(server)
    finally:
        server.close()


def test_an_unauthenticated_peer_is_sent_only_the_handshake(served, tutor_env):
    """A peer that answers the challenge with rubbish gets the challenge and the failure answer,
    never the server's Python traceback."""
    server = served("--port", "0")
    address, _ = server.connect_args()
    host, port = address.rsplit(":", 1)
    for rubbish in (b"\x00\x00\x00\x05hello", b"GET / HTTP/1.0\r\n\r\n", b"\xff" * 300):
        with socket.create_connection((host, int(port)), timeout=WAIT_S) as sock:
            received = sock.recv(4096)
            assert b"#CHALLENGE#" in received
            try:
                sock.sendall(rubbish)
                sock.shutdown(socket.SHUT_WR)
            except OSError:  # the server has already closed it (not connected, broken pipe)
                pass
            try:
                while chunk := sock.recv(4096):  # all the server sent, up to its close
                    received += chunk
            except ConnectionResetError:
                pass
        assert b"TRACEBACK" not in received and b"Traceback" not in received, received
        assert b"File " not in received


def test_lines_reach_a_pipe_at_once(tutor_env):
    """`manager serve | tee log`: each line arrives as it is printed, not when the server ends."""
    env = {k: v for k, v in tutor_env.items() if k != "PYTHONUNBUFFERED"}
    server = Served("--port", "0", env=env)
    try:
        server.wait_for(r"Waiting for clients")
        address, key = server.connect_args()
        read_served_dict(address, key)
        server.wait_for(r"connected")
    finally:
        server.close()


def test_connect_command_keeps_the_key_out_of_process_listings(served, tutor_env):
    server = served("--port", "0")
    address, key = server.connect_args()
    commands = [line for line in server.seen if line.strip().startswith("ipctutor ")]
    assert commands and not any(key in line for line in commands)
    server.wait_for(r"only you can read your environment")
    # the printed commands, as a shell would run them, work
    env = dict(tutor_env, IPCTUTOR_AUTHKEY=key)
    ok = run_cli(
        "run",
        "manager",
        "--connect",
        address,
        "--workers",
        "1",
        "--delay",
        "0",
        "--json",
        env=env,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
