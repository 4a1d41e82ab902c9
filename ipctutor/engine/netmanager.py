"""A manager other computers can reach: a `BaseManager` listening on (host, port), serving one dict.

`multiprocessing.Manager()` listens on a Unix socket path, so only processes on the same machine
can use it. A `BaseManager` given an address listens on TCP instead: any process, on any machine,
that knows the address and the authkey can use what it serves. The authkey only proves that a peer
knows the key (HMAC challenge); the traffic itself is pickled and not encrypted, and unpickling
what a peer sends can make this process run any code. Serve only to peers you trust.

Stdlib only: the network demo's child processes import this module.
"""
from __future__ import annotations

import ipaddress
import os
import socket
import threading
from multiprocessing import connection, process
from multiprocessing.managers import BaseManager, DictProxy, IteratorProxy, Server
from typing import Any, Callable

# on_event(kind, **details): kind is "connected", "disconnected", "call" or "refused"
EventHandler = Callable[..., None]


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
    return bool(addresses) and all(ipaddress.ip_address(str(a).split("%")[0]).is_loopback for a in addresses)


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


def peer_of(conn) -> str:
    """The client's "ip:port" (a Connection hides its socket: read it from a duplicate fd)."""
    try:
        with socket.socket(fileno=os.dup(conn.fileno())) as sock:
            host, port = sock.getpeername()[:2]
        return f"{host}:{port}"
    except OSError:
        return "?"


class _RefusalWatcher:
    """Wraps a fresh connection to notice when the server refuses the peer's authkey."""

    def __init__(self, conn, on_refused: Callable[[], None]):
        self._conn, self._on_refused = conn, on_refused

    def __getattr__(self, name):
        return getattr(self._conn, name)

    def send_bytes(self, data, *args):
        if data == getattr(connection, "_FAILURE", b"#FAILURE#"):  # the HMAC answer was wrong
            self._on_refused()
        return self._conn.send_bytes(data, *args)


class WatchingServer(Server):
    """multiprocessing's manager server, telling `on_event` who connects, calls, leaves or is refused."""

    on_event: EventHandler = staticmethod(lambda kind, **details: None)

    def handle_request(self, conn):
        _local.peer = peer_of(conn)
        refused = lambda: self.on_event("refused", who="?", peer=_local.peer)  # noqa: E731
        return super().handle_request(_RefusalWatcher(conn, refused))

    def accept_connection(self, c, name):
        # a proxy in another process (or thread) opens a connection of its own and names itself
        self.on_event("connected", who=name, peer=_local.peer)
        try:
            return super().accept_connection(c, name)
        finally:
            self.on_event("disconnected", who=name, peer=_local.peer)


def make_server(host: str, port: int, authkey: bytes,
                on_event: EventHandler) -> tuple[WatchingServer, WatchedDict]:
    """A server listening at (host, port) (port 0: any free port), not yet accepting.

    Raises OSError when it cannot listen there (port in use, not an address of this machine).
    """
    shared = WatchedDict(on_event)

    class DictServer(BaseManager):
        """Only its registry is used: which names clients may ask for, and their proxy types."""

    DictServer.register("get_dict", callable=lambda: shared, proxytype=ServerInfoDictProxy)
    DictServer.register("Iterator", proxytype=IteratorProxy, create_method=False)
    # what BaseManager.get_server() does, with our Server subclass (it hard-codes Server)
    server = WatchingServer(DictServer._registry, (host, port), authkey, "pickle")
    server.on_event = on_event
    server.stop_event = threading.Event()  # serve_client() loops until it is set
    return server, shared


def start_serving(server: WatchingServer) -> None:
    """Accept connections in a background thread; the caller's thread stays free for Ctrl-C.

    Server.serve_forever() would do this too, but it swallows Ctrl-C and exits the process.
    """
    process.current_process()._manager_server = server  # proxies sent back to us resolve locally
    threading.Thread(target=server.accepter, name="manager-accepter", daemon=True).start()


def stop_serving(server: WatchingServer) -> None:
    """Stop accepting and let every connection thread end (they are daemon threads)."""
    server.stop_event.set()
    server.listener.close()
