"""A manager other computers can reach: a `BaseManager` listening on (host, port), serving one dict.

`multiprocessing.Manager()` listens on a Unix socket path, so only processes on the same machine
can use it. A `BaseManager` given an address listens on TCP instead: any process, on any machine,
that knows the address and the authkey can use what it serves. The authkey only proves that a peer
knows the key (HMAC challenge); the traffic itself is pickled and not encrypted, and unpickling
what a peer sends can make this process run any code. Serve only to peers you trust.

Stdlib only: the network demo's child processes import this module.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import threading
import time
from multiprocessing import AuthenticationError, connection, process
from multiprocessing.managers import BaseManager, DictProxy, IteratorProxy, Server
from traceback import format_exc
from typing import Any, Callable

# on_event(kind, **details): kind is "connected", "disconnected", "call", "refused" or "dropped"
EventHandler = Callable[..., None]

AUTH_TIMEOUT_S = 5.0  # a peer that has not authenticated by then is dropped
MAX_WAITING = 32  # unauthenticated connections at once; a new one pushes out the oldest
LISTEN_BACKLOG = 128  # connections the kernel completes before the server accepts them


def parse_address(text: str) -> tuple[str, int]:
    """'HOST:PORT' as (host, port); ValueError with a reason if it is not one."""
    host, colon, port = text.strip().rpartition(":")
    if not colon or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(text)
    return host, int(port)


def is_loopback(host: str) -> bool:
    """True when every address `host` names is this machine's own loopback (127.x, ::1)."""
    try:
        infos = socket.getaddrinfo(host or None, None)
    except socket.gaierror:
        return False
    addresses = {info[4][0] for info in infos}
    return bool(addresses) and all(
        ipaddress.ip_address(str(a).split("%")[0]).is_loopback for a in addresses
    )


def short_repr(value: Any, limit: int = 60) -> str:
    """A value as Python writes it, cut to one line of the server's log."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ServerInfoDictProxy(DictProxy):
    """A dict proxy that can also ask which process, on which machine, holds the dict."""

    _exposed_ = DictProxy._exposed_ + ("server_info",)

    def server_info(self) -> dict:
        return self._callmethod("server_info")  # type: ignore[func-returns-value, return-value]


class DictClient(BaseManager):
    """The client side: connects to a served dict at (host, port); starts no process of its own."""


DictClient.register("get_dict", proxytype=ServerInfoDictProxy)
DictClient.register("Iterator", proxytype=IteratorProxy, create_method=False)  # for `for k in d`


def connect(address: tuple[str, int], authkey: bytes) -> DictClient:
    """A manager connected to `ipctutor manager serve` at `address`.

    Raises ConnectionRefusedError when nothing listens there, AuthenticationError for a wrong key.
    """
    manager = DictClient(address=address, authkey=authkey)
    manager.connect()
    return manager


# ---------------------------------------------------------------- the server side


def describe_call(method: str, args: tuple, result: Any) -> str:
    """One call on the dict as the Python a client wrote: `d['a'] = 1`, `len(d) → 3`."""
    a = [short_repr(arg) for arg in args]
    if method == "__setitem__":
        return f"d[{a[0]}] = {a[1]}"
    if method == "__getitem__":
        return f"d[{a[0]}] → {short_repr(result)}"
    if method == "__delitem__":
        return f"del d[{a[0]}]"
    if method == "__contains__":
        return f"{a[0]} in d → {result}"
    if method == "__len__":
        return f"len(d) → {result}"
    if method == "__iter__":
        return "iter(d)"
    call = f"d.{method}({', '.join(a)})"
    return call if result is None else f"{call} → {short_repr(result)}"


class WatchedDict:
    """The served dict: a plain dict that reports every call a client makes on it, as it happens."""

    def __init__(self, on_event: EventHandler):
        self.data: dict = {}
        self.on_event = on_event

    def _call(self, method: str, *args):
        try:
            result = getattr(self.data, method)(*args)
        except Exception as exc:
            call = describe_call(method, args, None).split(" → ")[0]
            self.on_event("call", text=f"{call} raised {type(exc).__name__}", **who())
            raise
        # items(), keys() and values() are views: send back lists, which pickle
        if method in ("items", "keys", "values"):
            result = list(result)
        self.on_event("call", text=describe_call(method, args, result), **who())
        return result

    def server_info(self) -> dict:
        """Which process, on which machine, holds the dict: clients cannot see it otherwise."""
        info = {"pid": os.getpid(), "host": socket.gethostname()}
        self.on_event("call", text=describe_call("server_info", (), info), **who())
        return info


def _make_method(name: str):
    def method(self, *args):
        return self._call(name, *args)

    method.__name__ = name
    return method


for _name in DictProxy._exposed_:
    setattr(WatchedDict, _name, _make_method(_name))


_local = threading.local()  # per connection thread: the peer's "ip:port"


def who() -> dict:
    """The client being served in this thread: its process name (as it told us) and address."""
    return {"who": threading.current_thread().name, "peer": getattr(_local, "peer", "?")}


def on_socket_of(conn, action: Callable[[socket.socket], Any]) -> Any:
    """`action(sock)` on the socket under a Connection (which hides it), with no file of its own:
    a duplicate fd would fail just when files run out, which is when a peer must be told apart and
    dropped. The socket object only borrows the fd (detached after, never closed)."""
    sock = socket.socket(fileno=conn if isinstance(conn, int) else conn.fileno())
    try:
        return action(sock)
    finally:
        sock.detach()


def peer_of(conn) -> str:
    """The client's "ip:port" (a Connection hides its socket)."""
    try:
        host, port = on_socket_of(conn, lambda sock: sock.getpeername()[:2])
        return f"{host}:{port}"
    except (OSError, ValueError):  # gone, or not a TCP connection
        return "?"


class Doorman:
    """Keeps unauthenticated connections few and short: the server's guard against idle sockets.

    multiprocessing's server waits for a peer's handshake forever, in a thread per connection, so
    idle TCP connections that never authenticate would pile up until no thread or file is left.
    Here each fresh connection gets `timeout` seconds to authenticate; at most `limit` may be
    waiting at once (a new one pushes out the oldest, so a real client always gets its turn). A
    connection is dropped by shutting its socket down, which wakes the thread reading it; its file
    is free once that thread has closed it (`closed`). The doorman needs no file of its own for a
    connection (it borrows the connection's), so running out of files never costs a real client
    its connection.
    """

    def __init__(self, timeout: float, limit: int, on_drop: Callable[[str], None]):
        self.timeout, self.limit, self.on_drop = timeout, limit, on_drop
        self.waiting: dict[int, tuple[float, str]] = {}  # fd -> deadline, peer
        self.dropping: set[int] = set()  # fds dropped, not yet closed by their threads
        self.changed = threading.Condition()

    def admit(self, conn, peer: str) -> None:
        """Start the clock for a fresh connection; push out the oldest if too many are waiting."""
        dropped = []
        with self.changed:
            while len(self.waiting) >= self.limit:
                dropped.append(self._drop(min(self.waiting, key=lambda fd: self.waiting[fd][0])))
            self.waiting[conn.fileno()] = (time.monotonic() + self.timeout, peer)
            self.changed.notify_all()
        self._report(dropped)

    def authenticated(self, conn) -> None:
        """The peer proved it knows the key: its clock stops."""
        with self.changed:
            self.waiting.pop(conn.fileno(), None)

    def close(self, conn) -> None:
        """Close a connection for good (its thread ends, or none could start), under the lock: no
        drop can then reach its fd, nor a new connection be admitted on it, until it is forgotten."""
        with self.changed:
            fd = conn.fileno() if not conn.closed else -1
            self.waiting.pop(fd, None)
            conn.close()
            if fd in self.dropping:
                self.dropping.discard(fd)
                self.changed.notify_all()

    def make_room(self, keep=None, wait: float = 1.0) -> bool:
        """Out of files or threads: drop the oldest waiting connection but `keep`, then wait (at
        most `wait` seconds) until every dropped one is closed by its thread, so that its file is
        free for the next accept (otherwise that accept fails again and drops another, and another,
        down to the newest: a real client in the middle of its handshake). False if there was
        nothing to drop and nothing being freed."""
        kept = keep.fileno() if keep is not None else -1
        with self.changed:
            others = [fd for fd in self.waiting if fd != kept]
            dropped = []
            if others:
                dropped.append(self._drop(min(others, key=lambda fd: self.waiting[fd][0])))
            # `keep` has no thread yet to close it, should its own time be up: never wait for it
            freeing = bool(self.dropping - {kept})
            self.changed.wait_for(lambda: not self.dropping - {kept}, wait)
        self._report(dropped)
        return freeing

    def was_dropped(self, conn) -> bool:
        """Whether `conn` was dropped (its time ran out) and is waiting to be closed."""
        with self.changed:
            return conn.fileno() in self.dropping

    def _drop(self, fd: int) -> str:
        """Shut one waiting connection down; its peer (the caller holds the lock, reports later).
        The fd is still this connection's: it is closed only through `close`, under the lock."""
        _, peer = self.waiting.pop(fd)
        self.dropping.add(fd)
        with contextlib.suppress(OSError):  # the thread reading it sees the end of the stream
            on_socket_of(fd, lambda sock: sock.shutdown(socket.SHUT_RDWR))
        return peer

    def _report(self, peers: list[str]) -> None:
        """Tell on_drop, outside the lock: a slow terminal must not hold up accepting."""
        for peer in peers:
            self.on_drop(peer)

    def watch(self, stop: threading.Event) -> None:
        """Drop each connection whose time is up, until `stop` is set (a thread of its own)."""
        while not stop.is_set():
            with self.changed:
                now = time.monotonic()
                dropped = [
                    self._drop(fd) for fd, entry in list(self.waiting.items()) if entry[0] <= now
                ]
                soonest = min((entry[0] for entry in self.waiting.values()), default=now + 1.0)
                if not dropped:
                    self.changed.wait(max(0.01, min(soonest - now, 1.0)))
            self._report(dropped)


class WatchingServer(Server):
    """multiprocessing's manager server, telling `on_event` who connects, calls, leaves or is refused,
    and standing firm against peers that never authenticate (see Doorman)."""

    on_event: EventHandler = staticmethod(lambda kind, **details: None)
    doorman: Doorman
    stop_event: threading.Event
    listener: Any

    def accepter(self):
        """Server.accepter, made to survive: out of files or threads it makes room and goes on
        (the stdlib's loop spins on EMFILE and dies when a thread cannot start)."""
        while not self.stop_event.is_set():
            try:
                conn = self.listener.accept()
            except OSError:
                if self.stop_event.is_set():
                    return
                if not self.doorman.make_room():  # out of files: free the oldest unproven one
                    time.sleep(0.05)  # nothing to free: do not spin while the limit holds
                continue
            try:  # admitting needs no file: it cannot fail for want of one
                self.doorman.admit(conn, peer_of(conn))
                started = self._start_thread(conn)
            except Exception:  # noqa: BLE001 out of memory, say: lose this connection, not the server
                started = False
            if not started:
                with contextlib.suppress(Exception):
                    self.doorman.close(conn)

    def _start_thread(self, conn) -> bool:
        """A thread to serve `conn`. At a thread limit, the oldest unproven connections are dropped
        (their threads end) until one can start; False if none could within about a second."""
        for _ in range(100):
            try:
                threading.Thread(target=self.handle_request, args=(conn,), daemon=True).start()
                return True
            except RuntimeError:  # "can't start new thread"
                if self.stop_event.is_set() or self.doorman.was_dropped(conn):
                    return False  # its time ran out meanwhile: no thread needed to close it
                self.doorman.make_room(keep=conn)
                time.sleep(0.01)  # a dropped connection's thread ends as soon as it runs
        return False

    def handle_request(self, conn):
        _local.peer = peer_of(conn)
        try:
            self._handle_request(conn)
        except SystemExit:  # Server.serve_client() calls sys.exit(0) when the client leaves
            pass
        finally:
            self.doorman.close(conn)

    def _handle_request(self, c):
        """Server._handle_request, except that a peer that has not proved it knows the key is sent
        nothing but the handshake itself (the stdlib sends it the server's Python traceback)."""
        try:
            connection.deliver_challenge(c, self.authkey)  # sends the failure answer on a wrong key
            self.doorman.authenticated(c)  # it answered the challenge: it knows the key
            connection.answer_challenge(c, self.authkey)
        except AuthenticationError:
            self.on_event("refused", who="?", peer=_local.peer)
            return
        except (OSError, EOFError, ValueError):  # gone, dropped by the doorman, or not a handshake
            return
        try:
            request = c.recv()
            _, funcname, args, kwds = request
            assert funcname in self.public, f"{funcname!r} unrecognized"
            result = getattr(self, funcname)(c, *args, **kwds)
        except Exception:  # noqa: BLE001 an authenticated client: the protocol sends it any error
            msg: tuple = ("#TRACEBACK", format_exc())
        else:
            msg = ("#RETURN", result)
        with contextlib.suppress(Exception):  # the client has gone, or the result does not pickle
            c.send(msg)

    def accept_connection(self, c, name):
        # a proxy in another process (or thread) opens a connection of its own and names itself
        self.on_event("connected", who=name, peer=_local.peer)
        try:
            return super().accept_connection(c, name)
        finally:
            self.on_event("disconnected", who=name, peer=_local.peer)


def make_server(
    host: str,
    port: int,
    authkey: bytes,
    on_event: EventHandler,
    auth_timeout: float = AUTH_TIMEOUT_S,
    max_waiting: int = MAX_WAITING,
) -> tuple[WatchingServer, WatchedDict]:
    """A server listening at (host, port) (port 0: any free port), not yet accepting.

    A connection that has not authenticated within `auth_timeout` seconds is dropped, and at most
    `max_waiting` may be unauthenticated at once.

    Raises OSError when it cannot listen there (port in use, not an address of this machine).
    """
    shared = WatchedDict(on_event)

    class DictServer(BaseManager):
        """Only its registry is used: which names clients may ask for, and their proxy types."""

    DictServer.register("get_dict", callable=lambda: shared, proxytype=ServerInfoDictProxy)
    DictServer.register("Iterator", proxytype=IteratorProxy, create_method=False)
    # what BaseManager.get_server() does, with our Server subclass (it hard-codes Server)
    server = WatchingServer(DictServer._registry, (host, port), authkey, "pickle")
    # the stdlib's Server listens with a backlog of 16 before 3.13 (128 from 3.13): beyond it, a
    # burst of clients has its connections refused by silence, each retried a second later, then 3
    listening = getattr(getattr(server.listener, "_listener", None), "_socket", None)
    if listening is not None:
        listening.listen(LISTEN_BACKLOG)
    server.on_event = on_event
    server.stop_event = threading.Event()  # serve_client() loops until it is set
    server.doorman = Doorman(
        auth_timeout, max_waiting, lambda peer: on_event("dropped", who="?", peer=peer)
    )
    return server, shared


def start_serving(server: WatchingServer) -> None:
    """Accept connections in a background thread; the caller's thread stays free for Ctrl-C.

    Server.serve_forever() would do this too, but it swallows Ctrl-C and exits the process.
    """
    process.current_process()._manager_server = server  # proxies sent back to us resolve locally
    threading.Thread(
        target=server.doorman.watch, args=(server.stop_event,), name="manager-doorman", daemon=True
    ).start()
    threading.Thread(target=server.accepter, name="manager-accepter", daemon=True).start()


def stop_serving(server: WatchingServer) -> None:
    """Stop accepting and let every connection thread end (they are daemon threads)."""
    server.stop_event.set()
    with server.doorman.changed:
        server.doorman.changed.notify()
    server.listener.close()
