"""`ipctutor manager serve` and `ipctutor run manager --connect`: one manager, two terminals or computers.

The manager's code is in netmanager.py (stdlib only); this module parses options, prints, and turns
network errors into one line each: exit 2 for what the learner typed wrong (address, key, host
name), exit 1 when the network or the other side does not cooperate (nothing listening, no answer,
port in use).
"""

import errno
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from typing import Annotated, Optional

import typer

from ipctutor.errors import TutorError
from ipctutor.i18n import ending, t

AUTHKEY_ENV = "IPCTUTOR_AUTHKEY"  # keeps the key out of `ps` and shell history
DEFAULT_PORT = 50000  # the port the Python docs use in their remote-manager examples
LOOPBACK = "127.0.0.1"  # the default: this machine only
CONNECT_TIMEOUT_S = 10.0


def authkey_bytes(authkey: str | None) -> bytes | None:
    """--authkey, else IPCTUTOR_AUTHKEY, as bytes; None when neither is set."""
    key = authkey if authkey is not None else os.environ.get(AUTHKEY_ENV)
    if key is None:
        return None
    if not key:
        raise TutorError(t("net_empty_authkey"))
    return key.encode()


# ---------------------------------------------------------------- manager serve

# what engine/netmanager.py reports (on_event's kind) and the catalogue's word for it
NET_EVENTS = {
    "connected": "net_event_connected",
    "disconnected": "net_event_disconnected",
    "refused": "net_event_refused",
    "dropped": "net_event_dropped",
}


class EventPrinter:
    """Prints one line per connection, call or refusal, from the server's many threads.

    The lock keeps lines whole and the call count exact (`+=` is not atomic across threads).
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.calls = 0

    def __call__(self, kind: str, who: str = "?", peer: str = "?", text: str = "") -> None:
        what = text if kind == "call" else t(NET_EVENTS[kind])
        line = f"{time.strftime('%H:%M:%S')}  {who} ({peer})  {what}"
        with self.lock:
            self.calls += kind == "call"
            print(line, flush=True)


def listen_error(exc: OSError, host: str, port: int):
    """One line for a server that cannot listen: what happened, and what to do."""
    import socket

    where = f"{host}:{port}"
    if isinstance(exc, socket.gaierror):
        return host_error(host)
    if exc.errno == errno.EADDRINUSE:
        return TutorError(t("net_port_in_use", where=where), 1)
    if exc.errno == errno.EADDRNOTAVAIL:
        return TutorError(t("net_not_local", host=host), 2)
    if exc.errno == errno.EACCES:
        return TutorError(t("net_port_denied", where=where), 1)
    return TutorError(t("net_cannot_listen", where=where, reason=exc.strerror or exc), 1)


def host_error(host: str):
    """One line for a host that cannot be resolved: IPv6 (a manager's address is IPv4), or unknown."""
    import ipaddress

    try:
        ipv6 = ipaddress.ip_address(host.strip("[]")).version == 6
    except ValueError:
        ipv6 = False
    return TutorError(t("net_ipv6" if ipv6 else "net_unknown_host", host=host), 2)


def connect_host(host: str) -> str:
    """The host a client should dial: the given one, or this machine's name for 'all interfaces'."""
    import socket

    return socket.gethostname() if host in ("", "0.0.0.0") else host


def serve(
    host: Annotated[str, typer.Option("--host", help=t("help_serve_host"))] = LOOPBACK,
    port: Annotated[int, typer.Option("--port", "-p", help=t("help_serve_port"))] = DEFAULT_PORT,
    authkey: Annotated[
        Optional[str], typer.Option("--authkey", help=t("help_serve_authkey", env=AUTHKEY_ENV))
    ] = None,
    auth_timeout: Annotated[
        float, typer.Option("--auth-timeout", help=t("help_serve_auth_timeout"))
    ] = 5.0,
) -> None:
    """Serve a shared dict over TCP with multiprocessing's BaseManager, until Ctrl-C.

    Example: ipctutor manager serve --port 50000, then in another terminal the command it prints.
    """
    from ipctutor.engine import netmanager
    from ipctutor.commands.options import bounded

    bounded("--port", port, 0, 65535)
    bounded("--auth-timeout", auth_timeout, 0.1, 600)
    # one line at a time even into a pipe or a file (`manager serve | tee log`)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    key = authkey_bytes(authkey)
    generated = key is None
    if key is None:
        import secrets

        key = secrets.token_hex(16).encode()
    printer = EventPrinter()
    try:
        server, shared = netmanager.make_server(host, port, key, printer, auth_timeout=auth_timeout)
    except OSError as exc:
        raise listen_error(exc, host, port) from None
    try:  # from here on, Ctrl-C at any moment stops the server the same way
        if authkey is not None:  # this very process shows it to every user: say so
            print(t("net_authkey_visible", env=AUTHKEY_ENV), file=sys.stderr, flush=True)
        print_banner(server, host, key if generated else None)
        netmanager.start_serving(server)
        print(t("net_waiting"), flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C waits for this line
        netmanager.stop_serving(server)
        from ipctutor.engine import stopping

        signum = stopping.ended_by()  # SIGTERM, SIGHUP: the same stop, said with the signal
        with printer.lock:
            if signum is None:
                said = t("net_stopped", keys=len(shared.data), calls=printer.calls)
            else:
                said = t(
                    "net_ended",
                    **ending(signum),
                    code=stopping.exit_code(130),
                    keys=len(shared.data),
                    calls=printer.calls,
                )
            print(said, file=sys.stderr, flush=True)
        raise typer.Exit(130) from None


def print_banner(server, host: str, generated_key: bytes | None) -> None:
    """Where the server listens, its key, and the exact ways to connect; a warning beyond loopback."""
    from ipctutor.engine import netmanager

    bound_host, bound_port = server.address[:2]
    if not netmanager.is_loopback(host):
        print(
            t("net_exposed_warning", where=f"{bound_host}:{bound_port}"),
            file=sys.stderr,
            flush=True,
        )
    dial = connect_host(host)
    shown_key = generated_key.decode() if generated_key else "KEY"
    print(t("net_serving", where=f"{bound_host}:{bound_port}", pid=os.getpid()))
    print(
        t("net_key_generated", secret=shown_key)
        if generated_key
        else t("net_key_given", env=AUTHKEY_ENV)
    )
    print(t("net_connect_with", env=AUTHKEY_ENV))
    # the key travels in the environment, never on a command line: /proc/PID/cmdline (what `ps`
    # shows) is readable by every user, /proc/PID/environ by the owner only
    print(f"    export {AUTHKEY_ENV}={shown_key}")
    print(f"    ipctutor run manager --connect {dial}:{bound_port}")
    print(t("net_connect_python"))
    print(
        "    import os\n"
        "    from multiprocessing.managers import BaseManager\n"
        "    class M(BaseManager): pass\n"
        '    M.register("get_dict")\n'
        f"    m = M(address=({dial!r}, {bound_port}), authkey=os.environ[{AUTHKEY_ENV!r}].encode())\n"
        "    m.connect(); d = m.get_dict(); print(d.items())",
        flush=True,
    )


# ---------------------------------------------------------------- run manager --connect


@dataclass
class RemoteRun:
    """What `run manager --connect` runs instead of the local manager demo."""

    topic: str
    after_run: str
    demo_options: dict


class _NoAnswer(Exception):
    """The server took longer than CONNECT_TIMEOUT_S to answer."""


def check_server(address: tuple[str, int], key: bytes, timeout: float) -> dict:
    """Connect once, before any child starts; return the server's pid and host, or a one-line error.

    multiprocessing's client blocks without a timeout (a firewalled host would hang for minutes),
    so the attempt runs under an alarm. Main thread only.
    """
    import multiprocessing
    import socket

    from ipctutor.engine import netmanager

    where = f"{address[0]}:{address[1]}"

    def no_answer(signum, frame):
        raise _NoAnswer

    previous = signal.signal(signal.SIGALRM, no_answer)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        manager = netmanager.connect(address, key)
        return manager.get_dict().server_info()  # type: ignore[attr-defined]  # registered at run time
    except _NoAnswer:
        raise TutorError(t("net_no_answer", where=where, timeout=timeout), 1) from None
    except ConnectionRefusedError:
        raise TutorError(t("net_refused", where=where), 1) from None
    except multiprocessing.AuthenticationError:
        raise TutorError(t("net_wrong_key", where=where), 2) from None
    except socket.gaierror:
        raise host_error(address[0]) from None
    except OSError as exc:
        raise TutorError(t("net_unreachable", where=where, reason=exc.strerror or exc), 1) from None
    except Exception as exc:  # something listens there, but it is not `ipctutor manager serve`
        raise TutorError(t("net_not_ours", where=where, error=type(exc).__name__), 1) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def prepare_remote_run(
    topic: str, connect: str | None, authkey: str | None, timeout: float
) -> RemoteRun:
    """Check --connect and --authkey, reach the server once, and say which demo to run."""
    from ipctutor.engine import netmanager

    if connect is None:
        raise TutorError(t("net_authkey_without_connect"))
    if topic != "manager":
        raise TutorError(t("net_connect_manager_only", topic=topic))
    try:
        address = netmanager.parse_address(connect)
    except ValueError:
        raise TutorError(t("net_bad_address", text=connect)) from None
    key = authkey_bytes(authkey)
    if key is None:
        raise TutorError(t("net_needs_authkey", env=AUTHKEY_ENV))
    info = check_server(address, key, min(timeout, CONNECT_TIMEOUT_S))
    after_run = t(
        "net_after_run",
        pid=info.get("pid"),
        host=info.get("host"),
        where=f"{address[0]}:{address[1]}",
    )
    return RemoteRun(
        topic="manager-remote",
        after_run=after_run,
        demo_options={"address": address, "authkey": key},
    )


def register(app: typer.Typer) -> None:
    manager_app = typer.Typer(name="manager", no_args_is_help=True, help=t("help_manager_group"))
    manager_app.command("serve", help=t("cmd_serve"))(serve)
    app.add_typer(manager_app, name="manager")
