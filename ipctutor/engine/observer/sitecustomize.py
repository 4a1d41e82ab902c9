"""The observer: loaded into every Python process of a watched run, it tells the tutor what happens.

The tutor puts this folder first on the watched script's PYTHONPATH. Python imports
`sitecustomize` at start-up, so the script, every spawned child and the fork server load this
file; forked children (fork, and the fork server's children) are noted by an at-fork hook. It
works for any script: nothing here knows the tutor's demos.

What it reports, one JSON line per event into a FIFO whose path is in IPCTUTOR_OBSERVE_FIFO
(each write is at most PIPE_BUF bytes, so the kernel never interleaves two processes' events; a
larger event goes to a file beside it and the line names the file): each process's birth and
how it started, the start of its target, its exit code or its uncaught exception with the
traceback, each IPC operation the script itself makes (multiprocessing and concurrent.futures,
patched only when the script imports them), with a short repr of the data, and each line it
prints. An operation counts as the script's own when it is called from a file outside the
standard library, and no other watched operation is under way in that thread: a Queue's internal
lock, its feeder thread, a pool's worker loop and a manager's server are not the learner's.

It also takes over what the practice checker needs (IPCTUTOR_OBSERVE_DIR): a stack dump of every
thread into `PID.dump` on SIGUSR1, and a note `PID.proc` of how the process started.
IPCTUTOR_START_METHOD changes the default start method only: a script that picks its own keeps it.

Standard library only, and cheap: nothing is patched or imported before the script asks for
multiprocessing, and an operation costs one repr, one json.dumps and one write.
"""

import os
import sys

_FIFO = os.environ.get("IPCTUTOR_OBSERVE_FIFO")
_DIR = os.environ.get("IPCTUTOR_OBSERVE_DIR")
_METHOD = os.environ.get("IPCTUTOR_START_METHOD")
_SCRIPT_DIR = os.environ.get("IPCTUTOR_OBSERVE_SCRIPT_DIR")  # its files are the learner's, always
_HERE = os.path.dirname(os.path.abspath(__file__))
_PIPE_BUF = 4096  # POSIX: a write of at most this many bytes into a pipe is never interleaved

if os.environ.pop("IPCTUTOR_SIGINT_DEFAULT", None) == "1":  # the watched script itself, only:
    # Ctrl-C as at a terminal. A tutor started where SIGINT is ignored (a background job of a
    # script, a CI runner) passes that on through exec, and Python leaves an ignored SIGINT
    # ignored: no KeyboardInterrupt anywhere. Popped, so that its children inherit whatever the
    # script itself chose (a Pool initializer's SIG_IGN), as they would unwatched.
    import _signal

    if _signal.getsignal(_signal.SIGINT) == _signal.SIG_IGN:
        _signal.signal(_signal.SIGINT, _signal.default_int_handler)


def _how_started() -> str:
    argv = " ".join(getattr(sys, "orig_argv", sys.argv))
    if "multiprocessing.forkserver import main" in argv:
        return "forkserver-server"
    if "multiprocessing.resource_tracker import main" in argv:
        return "resource-tracker"
    if "--multiprocessing-fork" in argv:
        return "spawn"
    return "script"


class _State:
    """What this process knows of itself: how it started, where it reports, whether it said its end."""

    how = _how_started()
    fd = -1
    seq = 0
    done = False


_state = _State()


# ------------------------------------------------------------------ the practice checker's duties

_kept: list = []  # the open dump file: faulthandler needs it open for as long as the process lives


def _note_for_practice() -> None:
    import faulthandler
    import signal

    pid = os.getpid()
    for old in _kept:
        old.close()  # a forked child's copy of its parent's dump file
    folder = _DIR or "."
    _kept[:] = [open(os.path.join(folder, f"{pid}.dump"), "w")]  # noqa: SIM115 - kept open on purpose
    faulthandler.register(signal.SIGUSR1, file=_kept[0], all_threads=True)
    with open(os.path.join(folder, f"{pid}.proc"), "w") as note:
        note.write(f"{_state.how} {os.getppid()}\n")


# ------------------------------------------------------------------ the side channel


def _open_channel() -> None:
    try:
        fd = os.open(
            _FIFO or "", os.O_WRONLY | os.O_NONBLOCK | os.O_CLOEXEC
        )  # ENXIO if nobody reads
        os.set_blocking(fd, True)  # a full FIFO makes the writer wait: no event is dropped
    except (OSError, TypeError):
        fd = -1
    _state.fd = fd


def _name() -> str | None:
    process = sys.modules.get("multiprocessing.process")
    if process is None:
        return "MainProcess" if _state.how == "script" else None
    return process.current_process().name


_lines: list[bytes] = []  # events not yet written: one write carries many (see _flush)
_pending = [0, 0.0]  # their bytes, and when the oldest was made
_FLUSH_BYTES = 3584  # a write stays under PIPE_BUF
_FLUSH_AGE_S = 0.005  # an event waits at most this long for company, unless the process blocks


def _flush(blocking: bool = True) -> None:
    """Write the waiting events, whole lines of at most PIPE_BUF bytes a write. Called before
    anything that may block (a get, a join, an acquire), when a line is printed, when a process
    ends, and when the waiting events are many or old: cheap events travel together, and none
    is held back while the process waits."""
    if not _lines and _last_op[0] is None:
        return
    lock = _flush_lock[0]
    if not lock.acquire(blocking):  # a signal handler, in a thread that is writing already
        return
    try:
        _push_op()
        taken = _lines[:]
        del _lines[: len(taken)]
        _pending[0] = 0
    finally:
        lock.release()
    fd, size = _state.fd, 0
    chunk: list[bytes] = []
    try:
        for line in taken:
            if size + len(line) > _PIPE_BUF and chunk:
                os.write(fd, b"".join(chunk))
                chunk, size = [], 0
            chunk.append(line)
            size += len(line)
        if chunk:
            os.write(fd, b"".join(chunk))
    except OSError:  # the tutor has gone: the script goes on unobserved
        _state.fd = -1


def _queue(line: bytes, now: float) -> None:
    with _flush_lock[0]:
        _push_op()  # the op before this event goes before it
        if not _pending[0]:
            _pending[1] = now
        _lines.append(line)
        _pending[0] += len(line)
    if _pending[0] >= _FLUSH_BYTES or now - _pending[1] > _FLUSH_AGE_S:
        _flush()


def _encoded(value) -> str:
    """JSON for the few types an event holds, without importing json (and re) into every process."""
    if value is None or value is True or value is False:
        return "null" if value is None else "true" if value else "false"
    if type(value) in (int, float):
        return repr(value)
    if isinstance(value, str):
        return _quoted(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(map(_encoded, value)) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{_quoted(str(k))}:{_encoded(v)}" for k, v in value.items()) + "}"
    return _quoted(repr(value))


def _emit(kind: str, record: dict, flush: bool = True) -> None:
    """Send one event about this process's life: who, when, what. Never raises: the script must
    not notice the observer."""
    if _state.fd < 0:
        return
    record["e"] = kind
    record["pid"] = os.getpid()
    record["ppid"] = os.getppid()
    record["tid"] = _thread.get_native_id()
    record["t"] = now = _monotonic()  # CLOCK_MONOTONIC: one clock for every process
    if "name" not in record:
        record["name"] = _name()
    try:
        data = (_encoded(record) + "\n").encode("utf-8", "replace")
        if (
            len(data) > _PIPE_BUF
        ):  # too long to arrive whole: beside the FIFO, named in a short line
            _state.seq += 1
            path = f"{_FIFO}.{record['pid']}.{_state.seq}.json"
            with open(path, "wb") as big:
                big.write(data)
            data = (_encoded({"e": "file", "path": path}) + "\n").encode()
        _queue(data, now)
        if flush:
            _flush()
    except Exception:  # noqa: BLE001, S110 - the disk is full ...: the script goes on
        pass


import _thread  # built in, costs nothing  # noqa: E402
from _json import (  # noqa: E402
    encode_basestring as _quoted,  # json's C string encoder, without json's imports
)
from time import monotonic as _monotonic  # noqa: E402

_local = _thread._local()
_flush_lock = [_thread.allocate_lock()]
_user_files: dict[str, bool] = {}
_STDLIB = os.path.dirname(os.__file__) + os.sep


def _is_user(filename: str) -> bool:
    """Code the learner wrote: not the standard library, not an installed package (Dask's own
    queues are Dask's), not this file, not generated code."""
    known = _user_files.get(filename)
    if known is None and _SCRIPT_DIR and filename.startswith(_SCRIPT_DIR):
        known = _user_files[filename] = (
            True  # the watched script's folder, wherever it is installed
        )
    if known is None:
        known = not (
            filename.startswith(("<", _HERE, _STDLIB))
            or f"{os.sep}site-packages{os.sep}" in filename
            or f"{os.sep}dist-packages{os.sep}" in filename
        )
        _user_files[filename] = known
    return known


_short_repr = None


_SCALARS = frozenset((int, float, bool, type(None), complex))
_TEXTS = frozenset((str, bytes))
_CONTAINERS = frozenset((list, tuple, set, frozenset))


class _Raw(str):
    """Data already written for the learner (a process's name): shown as it is, not repr'd."""


def _short(value) -> str:
    global _short_repr
    kind = type(value)
    if kind is _Raw:
        return value[:200]
    if kind in _SCALARS or (kind in _TEXTS and len(value) <= 80):
        return repr(value)
    if (
        kind in _CONTAINERS
        and len(value) <= 8
        and all(
            type(item) in _SCALARS or (type(item) in _TEXTS and len(item) <= 40) for item in value
        )
    ):
        return repr(value)
    if _short_repr is None:
        import reprlib

        limits = reprlib.Repr()
        limits.maxstring = limits.maxother = 80
        limits.maxlong = 40
        limits.maxlist = limits.maxtuple = limits.maxdict = limits.maxset = 8
        _short_repr = limits.repr
    try:
        return _short_repr(value)
    except Exception:  # noqa: BLE001 - a repr that fails is the script's business, not ours
        return f"<{type(value).__name__}>"


_NOTHING = object()


def _op(
    name: str,
    func,
    args: tuple,
    kwargs: dict,
    data=_NOTHING,
    depth: int = 2,
    obj=None,
    waits: bool = False,
    ready=None,
):
    """Call an IPC operation; if the learner's own code called it, report it with its data.

    `data` is what went in (put, send, a write); left out, the result is what came out (get,
    recv). `depth` is how many frames up the caller is. `waits`: the call may block, so the
    events before it are written first, unless `ready()` says it will not block now."""
    if getattr(_local, "busy", False) or _state.fd < 0:
        return func(*args, **kwargs)
    caller = sys._getframe(depth)
    while (
        caller.f_code.co_filename == "<string>" and caller.f_back is not None
    ):  # generated methods
        caller = caller.f_back
    if not _is_user(caller.f_code.co_filename):
        return func(*args, **kwargs)
    last = _last_op[0]
    if waits and (_lines or (last is not None and (last[0] != name or last[1] != obj))):
        # (a run of this same call waits in _last_op: written at the next other event, when old,
        # or when the tutor asks, FLUSH_SIGNAL; a stream of 20,000 recv() is not 20,000 polls)
        try:
            blocks = ready is None or not ready()
        except Exception:  # noqa: BLE001 - a closed end: let the call itself say so
            blocks = True
        if blocks:
            _flush()
    _local.busy = True
    began = _monotonic()
    try:
        result = func(*args, **kwargs)
    except BaseException as exc:
        _local.busy = False
        error = f"{type(exc).__name__}: {exc}"[:200]
        _op_line(name, began, obj, None if data is _NOTHING else _short(data), error)
        raise
    _local.busy = False
    # What went in is shown whatever it is (a put of None is a sentinel); what came out only
    # when there is something (a release returns None).
    if data is _NOTHING:
        _op_line(name, began, obj, None if result is None else _short(result), None)
    else:
        _op_line(name, began, obj, _short(data), None)
    return result


# The op event not yet encoded. In a run of the same operation on the same object by the same
# thread (a loop of 20,000 sends), the first _ALONE are events of their own; after them, the ops
# that come before the next write become one event with their count, first and last data and
# the time from the first call to the last return. Every operation is counted; a stream costs the
# tutor a few hundred events, not one per message. Anything else in between ends the run.
_last_op: list = [None]  # [name, obj, tid, began, ended, first data, last data, count]
_streak: list = [None, 0]  # (name, obj, tid) of the current run, and its length so far
_ALONE = 8


def _op_line(name: str, began: float, obj, shown, error) -> None:
    now = _monotonic()
    tid = _thread.get_native_id()
    with _flush_lock[0]:
        key = (name, obj, tid)
        if error is None and _streak[0] == key:
            _streak[1] += 1
        else:
            _streak[0], _streak[1] = (key if error is None else None), 1
        last = _last_op[0]
        if (
            _streak[1] > _ALONE + 1
            and last is not None
            and last[0] == name
            and last[1] == obj
            and last[2] == tid
        ):
            last[4], last[6] = now, shown
            last[7] += 1
        else:
            _push_op()
            if error is None:
                _last_op[0] = [name, obj, tid, began, now, shown, shown, 1]
            else:
                _lines.append(_op_encoded([name, obj, tid, began, now, shown, shown, 1], error))
            if not _pending[0]:
                _pending[1] = now
            _pending[0] += 200  # about an event's size
    if _pending[0] >= _FLUSH_BYTES or now - _pending[1] > _FLUSH_AGE_S or error is not None:
        _flush()


def _push_op() -> None:
    """Encode the waiting op event into the lines to write (the caller holds the flush lock)."""
    last = _last_op[0]
    if last is not None:
        _last_op[0] = None
        _lines.append(_op_encoded(last, None))


def _op_encoded(op: list, error) -> bytes:
    """One op event, written by hand: json.dumps of a dict costs more than the operation."""
    name, obj, tid, began, ended, first, shown, count = op
    line = (
        f'{{"e":"op","pid":{os.getpid()},"ppid":{os.getppid()},"tid":{tid},'
        f'"t":{ended!r},"t0":{began!r},"op":{_quoted(name)},"obj":{"null" if obj is None else _quoted(obj)},'
        f'"data":{"null" if shown is None else _quoted(shown)}'
        + (
            ""
            if count == 1
            else f',"n":{count},"first":{"null" if first is None else _quoted(first)}'
        )
        + ("" if error is None else f',"error":{_quoted(error)}')
        + "}\n"
    )
    return line.encode("utf-8", "replace")


def _hidden(func, args: tuple, kwargs: dict):
    """Run internal work (a Value's read) without reporting what it does inside."""
    if getattr(_local, "busy", False):
        return func(*args, **kwargs)
    _local.busy = True
    try:
        return func(*args, **kwargs)
    finally:
        _local.busy = False


def _label(obj) -> str:
    return f"{type(obj).__name__}@{id(obj):x}"


# ------------------------------------------------------------------ printed lines


class _Lines:
    """sys.stdout or sys.stderr as before, that also reports each whole line written to it."""

    def __init__(self, stream, number: int):
        self._stream, self._number, self._partial = stream, number, ""
        self._dirty = False  # written since the last flush: still in the buffer (see _released)

    def write(self, text):
        written = self._stream.write(text)
        self._dirty = True
        held = getattr(_local, "held", None)
        if held and held[-1][1] is None:  # the first line under a lock since a flush: where
            held[-1][1] = _user_site(sys._getframe(1)) or ()
        if isinstance(text, str) and _state.fd >= 0:
            text = self._partial + text
            if "\n" in text:
                *lines, text = text.split("\n")
                for line in lines:
                    _emit("out", {"fd": self._number, "line": line[:2000]})
            self._partial = text[-2000:]
        return written

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def _flush_partial(self) -> None:
        if self._partial:
            _emit("out", {"fd": self._number, "line": self._partial, "partial": True})
            self._partial = ""

    def flush(self):
        self._dirty = False
        for entry in getattr(_local, "held", None) or ():
            entry[1] = None  # the next line printed under the lock is the one to name
        return self._stream.flush()

    def __getattr__(self, name):
        return getattr(self._stream, name)

    def __iter__(self):
        return iter(self._stream)


def _wrap_streams() -> None:
    for attr, number in (("stdout", 1), ("stderr", 2)):
        stream = getattr(sys, attr, None)
        if stream is not None and not isinstance(stream, _Lines):
            setattr(sys, attr, _Lines(stream, number))


# ------------------------------------------------------------------ mistakes only a run shows
#
# Two mistakes print no error: `doctor` learns of them here, one "mistake" event per place in the
# learner's file and process (a few bytes, once), never per operation.
# - "unflushed": a process released a multiprocessing lock while lines it printed under it were
#   still in its stdout buffer (stdout a pipe or a file, so print() does not flush each line):
#   they reach the pipe later, when the buffer fills or the process exits, in between other
#   processes' output, whatever the lock was for.
# - "lost-change": a manager proxy's read (d["k"], lst[0], d.get(k), ns.attr, v.value) gave a
#   copy of a list, dict or object; the process changed the copy and never gave it back to a
#   proxy: the change is lost, the manager's value is as it was.


def _user_site(frame):
    """(file, line) of the learner's code that made this call: the first frame outside the
    standard library, generated code and this file; () when that is not the learner's."""
    for _ in range(8):
        if frame is None:
            return ()
        name = frame.f_code.co_filename
        if not (name.startswith(("<", _HERE, _STDLIB))):
            return (name, frame.f_lineno) if _is_user(name) else ()
        frame = frame.f_back
    return ()


_told: set = set()  # (kind, file, line): each mistake is told once per process


def _mistake(kind: str, site, record: dict) -> None:
    if not site or (kind, *site) in _told:
        return
    _told.add((kind, *site))
    record.update(kind=kind, file=site[0], line=site[1])
    _emit("mistake", record)


def _taken(lock) -> None:
    """A multiprocessing lock was acquired in this thread: the lines printed until its release
    are watched (_Lines.write notes the first one's place). Also a moment to look at the copies
    the script has dropped (a pool worker's result goes out under a lock, and a pool's workers
    are killed, not ended, so their end is too late)."""
    if _copies:
        _check_copies(dropped_only=True)
    held = getattr(_local, "held", None)
    if held is None:
        held = _local.held = []
    elif len(held) > 32:  # a semaphore taken here and released by another process, many times
        del held[:16]
    held.append([id(lock), None, type(lock).__name__])


def _released(lock) -> None:
    """About to release a lock taken in this thread: lines printed under it and not flushed?"""
    held = getattr(_local, "held", None)
    if not held:
        return
    key = id(lock)
    for i in range(len(held) - 1, -1, -1):
        if held[i][0] == key:
            site = held.pop(i)[1]
            break
    else:
        return
    for entry in held:  # an RLock taken again: still held after this; its lines go on counting
        if entry[0] == key:
            entry[1] = entry[1] or site
            return
    out = sys.stdout
    if not site or not isinstance(out, _Lines) or not out._dirty:
        return
    try:
        buffered = not (out.line_buffering or getattr(out, "write_through", False) or out.isatty())
    except Exception:  # noqa: BLE001 - a closed or odd stream: nothing to say
        return
    if buffered:
        _mistake("unflushed", site, {"lock": type(lock).__name__})


def _patch_lock_prints(module) -> None:
    """Lock, RLock, Semaphore (and Condition through its lock): _taken and _released around
    acquire and release. Two calls and a list per lock taken, whatever the run observes."""
    semlock = module.SemLock
    make_methods = semlock._make_methods

    def _make_methods(self):
        make_methods(self)
        own_acquire, own_release = self.acquire, self.release

        # named as the methods they stand for: a stack dump of a process waiting here names the
        # function the learner called (acquire), not ours
        def acquire(*args, **kwargs):
            got = own_acquire(*args, **kwargs)
            if got:
                _taken(self)
            return got

        def release():
            _released(self)
            return own_release()

        self.acquire, self.release = acquire, release

    def __enter__(self):
        got = self._semlock.__enter__()
        held = getattr(_local, "held", None)
        if held is None or _copies or len(held) > 32:
            _taken(self)
        else:
            held.append([id(self), None, type(self).__name__])  # _taken's usual case, no call
        return got

    def __exit__(self, *args):
        held = getattr(_local, "held", None)
        if held and held[-1][0] == id(self) and held[-1][1] is None:
            held.pop()  # nothing printed under it: nothing to look at (a loop of 400,000 locks)
        else:
            _released(self)
        return self._semlock.__exit__(*args)

    semlock._make_methods, semlock.__enter__, semlock.__exit__ = _make_methods, __enter__, __exit__


_READS = frozenset(("__getitem__", "get", "__getattribute__", "setdefault", "values", "items"))
_VALUES = frozenset((int, float, complex, bool, type(None), str, bytes, tuple, frozenset, range))
_KEPT_PER_SITE = 3  # copies kept per place: the mistake shows in the first; memory stays small
_copies: dict = {}  # id(copy) -> [copy, pickled as it came, site, proxy, method, key, given back]
_copy_sites: dict = {}  # site -> copies kept


def _patch_manager_copies(module) -> None:
    """A proxy read that gives a copy (not a proxy) is kept with its pickled self, a few per
    place; a copy given to a proxy again (d["k"] = numbers) counts as given back. At the end
    (_check_copies) a copy that changed and was never given back is a lost change."""
    callmethod = module.BaseProxy._callmethod
    proxy_type = module.BaseProxy

    def _callmethod(self, methodname, args=(), kwds=None):
        if _copies:
            for value in (*args, *(kwds or {}).values()):
                entry = _copies.get(id(value))
                if entry is not None and entry[0] is value:
                    entry[6] = True
            _check_copies(dropped_only=True)
        if methodname == "release":  # an AcquirerProxy: manager.Lock(), RLock, Semaphore
            _released(self)
        result = callmethod(self, methodname, args, kwds or {})
        if methodname == "acquire" and result:
            _taken(self)
        elif (
            methodname in _READS
            and type(result) not in _VALUES
            and not isinstance(result, proxy_type)
        ):
            _keep_copy(self, methodname, args, result)
        return result

    module.BaseProxy._callmethod = _callmethod


def _keep_copy(proxy, method: str, args: tuple, copy) -> None:
    site = _user_site(sys._getframe(2))
    if not site or _copy_sites.get(site, 0) >= _KEPT_PER_SITE:
        return
    import pickle

    try:
        pickled = pickle.dumps(copy, pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - cannot tell a change: not kept
        return
    _copy_sites[site] = _copy_sites.get(site, 0) + 1
    key = _short(args[0]) if args else None
    _copies[id(copy)] = [copy, pickled, site, type(proxy).__name__, method, key, False]


def _check_copies(dropped_only: bool = False) -> None:
    """Each kept copy that changed and was never given back, told once per place: at the
    process's end, or, `dropped_only`, those the script no longer holds (it cannot give them
    back any more; only this list refers to them)."""
    if not _copies:
        return
    import pickle

    entries = []
    for ident, entry in list(_copies.items()):
        if not dropped_only or sys.getrefcount(entry[0]) <= 2:  # only the entry (and this call)
            entries.append(entry)
            _copies.pop(ident, None)
    for copy, pickled, site, proxy, method, key, given_back in entries:
        if given_back:
            continue
        try:
            now = pickle.dumps(copy, pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001, PERF203
            continue
        if now != pickled:
            before = _short(pickle.loads(pickled))
            _mistake(
                "lost-change",
                site,
                {
                    "proxy": proxy,
                    "method": method,
                    "key": key,
                    "type": type(copy).__name__,
                    "before": before,
                    "after": _short(copy),
                },
            )


# ------------------------------------------------------------------ births, targets and endings


def _born() -> None:
    _emit(
        "birth",
        {
            "how": _state.how,
            "argv": sys.argv[:1] and [os.path.basename(str(sys.argv[0]))],
            "name": None if _state.how != "script" else _name(),
        },
    )


def _forked() -> None:
    _state.how = "forkserver" if _state.how in ("forkserver-server", "forkserver") else "fork"
    _state.done = False
    _local.busy = False  # forked inside the parent's Process.start: the child's own ops are its own
    _flush_lock[0] = _thread.allocate_lock()  # another thread may have held it at the fork
    del _lines[:]  # the parent's events, which the parent writes itself
    _local.held = []  # the parent's locks and copies are the parent's
    _copies.clear()
    _copy_sites.clear()
    _told.clear()
    _last_op[0] = _streak[0] = None
    _pending[0] = 0
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, _Lines):
            stream._partial = ""  # the parent's unfinished line is the parent's
    if _DIR:
        _note_for_practice()
    _born()


def _at_exit() -> None:
    _check_copies()
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, _Lines):
            stream._flush_partial()
    if not _state.done:
        _state.done = True
        _emit("exit", {"code": None})  # the tutor learns the code from the kernel


def _patch_os_endings() -> None:
    """Ends that multiprocessing's own patches do not see. os._exit runs no atexit: a child of a
    bare os.fork, or a Pool worker ending itself, says its exit code here. A parent's os.waitpid
    or os.wait of such a child tells the kernel's code, as Popen.poll does for its own children
    (multiprocessing's own calls are left to that patch, or each end would be told twice)."""
    exit_, waitpid, wait = os._exit, os.waitpid, os.wait

    def _exit(status):
        try:
            if not _state.done:
                _state.done = True
                for stream in (sys.stdout, sys.stderr):
                    if isinstance(stream, _Lines):
                        stream._flush_partial()
                _emit("exit", {"code": status})
        finally:  # whatever happened above, the process ends here, as the script asked
            exit_(status)

    def _told(got):
        child, status = got
        try:
            caller = sys._getframe(2).f_globals.get("__name__", "")
        except ValueError:  # called with no Python frame above: not multiprocessing's call
            caller = ""
        if child > 0 and not caller.startswith("multiprocessing"):
            try:
                code = os.waitstatus_to_exitcode(status)
            except ValueError:  # stopped, not ended (WUNTRACED)
                return got
            _emit("reaped", {"child": child, "code": code})
        return got

    def _waitpid(pid, options):
        return _told(waitpid(pid, options))

    def _wait():
        return _told(wait())

    for new, old in ((_exit, exit_), (_waitpid, waitpid), (_wait, wait)):
        new.__doc__ = old.__doc__
    os._exit, os.waitpid, os.wait = _exit, _waitpid, _wait


def _format_error(exc_type, exc, tb) -> dict:
    import traceback

    text = "".join(traceback.format_exception(exc_type, exc, tb))
    # where it was raised: the last frame that is not the observer's own (an observed call that
    # raises passes through it), as data; the tutor words it in the learner's language
    frames = [
        frame
        for frame in (traceback.extract_tb(tb) if tb is not None else [])
        if not os.path.abspath(frame.filename).startswith(_HERE + os.sep)
    ]
    where = (
        [os.path.basename(frames[-1].filename), frames[-1].lineno, frames[-1].name]
        if frames
        else None
    )
    return {
        "error": f"{exc_type.__name__}: {exc}"[:300],
        "where": where,
        "traceback": text[-12000:],
    }


def _without_own_frames(tb):
    """`tb` without the observer's frames (an observed call that raised passes through _op): the
    traceback the learner reads is the one Python would print without the observer. Imports
    nothing (see _excepthook): the type of a traceback is the type of `tb`."""
    kept = []
    made = type(tb)
    while tb is not None:
        if not os.path.abspath(tb.tb_frame.f_code.co_filename).startswith(_HERE + os.sep):
            kept.append(tb)
        tb = tb.tb_next
    rebuilt = None
    for entry in reversed(kept):
        rebuilt = made(rebuilt, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return rebuilt


def _clean_chain(exc) -> None:
    """The exception and those it was raised from or during (a release() in `finally:` after one
    in `try:`), each without the observer's frames."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        exc.__traceback__ = _without_own_frames(exc.__traceback__)
        for linked in (exc.__cause__,):
            if linked is not None:
                _clean_chain(linked)
        exc = exc.__context__


def _excepthook(exc_type, exc, tb, _previous=sys.excepthook):
    if exc is not None:
        exc.__traceback__ = tb
        _clean_chain(exc)
        tb = exc.__traceback__
    else:
        tb = _without_own_frames(tb)
    if issubclass(exc_type, KeyboardInterrupt):
        # A module imported while Python reports an uncaught KeyboardInterrupt made it exit 1
        # instead of dying by SIGINT (-2, the shell's 130), as it does unwatched (measured: 3.11
        # importing traceback, 3.13 importing json; 3.13's traceback.format_exception imports
        # ast and tokenize itself). So this says it without the traceback module.
        _emit("error", _bare_error(exc_type, exc, tb))
    else:
        _emit("error", _format_error(exc_type, exc, tb))
    _previous(exc_type, exc, tb)


def _bare_error(exc_type, exc, tb) -> dict:
    """_format_error's record with no import: Python's own lines for each frame and the error."""
    lines = ["Traceback (most recent call last):\n"] if tb is not None else []
    where = None
    while tb is not None:
        code = tb.tb_frame.f_code
        lines.append(f'  File "{code.co_filename}", line {tb.tb_lineno}, in {code.co_name}\n')
        where = [os.path.basename(code.co_filename), tb.tb_lineno, code.co_name]
        tb = tb.tb_next
    said = str(exc) if exc is not None else ""
    error = f"{exc_type.__name__}: {said}" if said else exc_type.__name__
    lines.append(error + "\n")
    return {"error": error[:300], "where": where, "traceback": "".join(lines)[-12000:]}


# ------------------------------------------------------------------ patches, applied at import


def _patch_process(module) -> None:
    base = module.BaseProcess
    bootstrap, own_start, own_join = base._bootstrap, base.start, base.join
    _bootstrap_code.append(bootstrap.__code__)

    def _bootstrap(self, *args, **kwargs):
        _emit("start", {"name": self.name})
        code = bootstrap(self, *args, **kwargs)
        _check_copies()
        _check_held()
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, _Lines):
                stream._flush_partial()
        _state.done = True
        _emit("exit", {"name": self.name, "code": code})
        return code

    # start and join are named as the methods they stand for: a stack dump of a process waiting
    # in one names the call the learner made, not ours
    def start(self):
        result = _op("Process.start", own_start, (self,), {}, data=_Raw(self.name), obj=self.name)
        if self.pid is not None:  # who the new PID is, even if it dies before it says so itself
            # and how: under fork and spawn this process is its parent (forkserver: the server)
            method = getattr(getattr(self, "_popen", None), "method", None)
            _emit("spawned", {"child": self.pid, "child_name": self.name, "method": method})
        return result

    def join(self, timeout=None):
        return _op(
            "Process.join",
            own_join,
            (self, timeout),
            {},
            data=_Raw(self.name),
            obj=self.name,
            waits=True,
        )

    base._bootstrap, base.start, base.join = _bootstrap, start, join


def _check_held() -> None:
    """A process whose target ended with a lock still acquired (a return or an exception between
    acquire() and release()): the lock stays taken for every other process, for ever."""
    held = getattr(_local, "held", None)
    if held:
        _emit("mistake", {"kind": "held-at-exit", "locks": [entry[2] for entry in held]})


_bootstrap_code: list = []  # BaseProcess._bootstrap's own code, which prints a target's traceback


def _patch_traceback(module) -> None:
    """A process target's uncaught exception: multiprocessing prints it with traceback.print_exc()
    from BaseProcess._bootstrap. Seen there, it is reported as it is printed, with no frame of
    the observer's in it."""
    print_exc = module.print_exc

    def _print_exc(*args, **kwargs):
        caller = sys._getframe(1)
        if _bootstrap_code and caller.f_code is _bootstrap_code[0]:
            process = caller.f_locals.get("self")
            _clean_chain(sys.exc_info()[1])  # printed below as Python prints it, without our frames
            _emit(
                "error", {"name": getattr(process, "name", None), **_format_error(*sys.exc_info())}
            )
        return print_exc(*args, **kwargs)

    _print_exc.__doc__ = print_exc.__doc__
    module.print_exc = _print_exc


def _patch_poll(module) -> None:
    """The parent's view of a child's end: its exit code as the kernel gave it (a kill included)."""
    popen = module.Popen
    poll = popen.__dict__.get("poll")
    if poll is None:
        return

    def _poll(self, *args, **kwargs):
        code = poll(self, *args, **kwargs)
        if code is not None and not getattr(self, "_ipctutor_told", False):
            self._ipctutor_told = True
            _emit("reaped", {"child": self.pid, "code": code})
        return code

    popen.poll = _poll


def _wrap(
    cls,
    method: str,
    name: str,
    *,
    gives: bool = False,
    argument: int = 0,
    waits: bool = False,
    ready=None,
    inherited: bool = False,
) -> None:
    """Replace cls.method by one reported as `name`; `gives`: report argument number
    `argument` (what was put or sent), else the result. `waits`, `ready(self)`: see _op."""
    own = cls.__dict__.get(method)
    if own is None and inherited:
        own = getattr(
            cls, method, None
        )  # the base class's, not yet wrapped: named after this class
    if own is None:
        return

    if gives:

        def wrapped(self, *args, **kwargs):
            data = args[argument] if len(args) > argument else next(iter(kwargs.values()), None)
            return _op(name, own, (self, *args), kwargs, data=data, obj=_label(self), waits=waits)
    elif ready is not None:

        def wrapped(self, *args, **kwargs):
            return _op(
                name,
                own,
                (self, *args),
                kwargs,
                obj=_label(self),
                waits=waits,
                ready=lambda: ready(self),
            )
    else:

        def wrapped(self, *args, **kwargs):
            return _op(name, own, (self, *args), kwargs, obj=_label(self), waits=waits)

    wrapped.__name__, wrapped.__qualname__, wrapped.__doc__ = (
        own.__name__,
        own.__qualname__,
        own.__doc__,
    )
    setattr(cls, method, wrapped)


def _has_data(queue) -> bool:
    return not queue.empty()


def _connection_ready(conn) -> bool:
    return conn.poll()


def _patch_queues(module) -> None:
    # JoinableQueue first: it gets its own copies of Queue's get, so that its ops say its name
    for cls, kind in (
        (module.JoinableQueue, "JoinableQueue"),
        (module.SimpleQueue, "SimpleQueue"),
        (module.Queue, "Queue"),
    ):
        inherited = cls is module.JoinableQueue
        _wrap(cls, "put", f"{kind}.put", gives=True)
        _wrap(cls, "put_nowait", f"{kind}.put", gives=True, inherited=inherited)
        _wrap(cls, "get", f"{kind}.get", waits=True, ready=_has_data, inherited=inherited)
        _wrap(cls, "get_nowait", f"{kind}.get", inherited=inherited)
    _wrap(module.JoinableQueue, "task_done", "JoinableQueue.task_done")
    _wrap(module.JoinableQueue, "join", "JoinableQueue.join", waits=True)


def _patch_connection(module) -> None:
    cls = module._ConnectionBase
    _wrap(cls, "send", "Connection.send", gives=True)
    _wrap(cls, "send_bytes", "Connection.send_bytes", gives=True)
    _wrap(cls, "recv", "Connection.recv", waits=True, ready=_connection_ready)
    _wrap(cls, "recv_bytes", "Connection.recv_bytes", waits=True, ready=_connection_ready)
    _wrap(cls, "recv_bytes_into", "Connection.recv_bytes_into", waits=True, ready=_connection_ready)


def _patch_synchronize(module) -> None:
    _patch_lock_prints(module)
    semlock = module.SemLock
    make_methods = semlock._make_methods

    def _make_methods(self):
        make_methods(self)
        kind = type(self).__name__
        own_acquire, own_release = self.acquire, self.release
        label = _label(self)

        def acquire(*args, **kwargs):  # named as the method: see _patch_lock_prints
            return _op(f"{kind}.acquire", own_acquire, args, kwargs, obj=label, waits=True)

        def release(*args, **kwargs):
            return _op(f"{kind}.release", own_release, args, kwargs, obj=label)

        self.acquire, self.release = acquire, release

    def __enter__(self):
        return _op(
            f"{type(self).__name__}.acquire",
            self._semlock.__enter__,
            (),
            {},
            obj=_label(self),
            waits=True,
        )

    def __exit__(self, *args):
        return _op(
            f"{type(self).__name__}.release", self._semlock.__exit__, args, {}, obj=_label(self)
        )

    semlock._make_methods, semlock.__enter__, semlock.__exit__ = _make_methods, __enter__, __exit__
    for method in ("wait", "wait_for", "notify", "notify_all"):
        _wrap(module.Condition, method, f"Condition.{method}", waits=method.startswith("wait"))
    # `with cond:` reaches the lock's __enter__ from multiprocessing's own code, which _op does
    # not report: the Condition's own, called by the learner's line, is what they wrote
    _wrap(module.Condition, "__enter__", "Condition.acquire", waits=True)
    _wrap(module.Condition, "__exit__", "Condition.release")
    for method in ("wait", "set", "clear"):
        _wrap(module.Event, method, f"Event.{method}", waits=method == "wait")
    barrier = module.Barrier
    own_wait = barrier.wait  # threading.Barrier's

    def wait(self, *args, **kwargs):
        return _op("Barrier.wait", own_wait, (self, *args), kwargs, obj=_label(self), waits=True)

    barrier.wait = wait


def _patch_sharedctypes(module) -> None:
    for cls, kind in ((module.Synchronized, "Value"), (module.SynchronizedString, "Array")):
        for attr in ("value", "raw"):
            prop = cls.__dict__.get(attr)
            if not isinstance(prop, property):
                continue
            setattr(cls, attr, _reported_property(prop, f"{kind}.{attr}"))
    array = module.SynchronizedArray
    setitem = array.__setitem__
    getitem = array.__getitem__

    def __setitem__(self, i, value):
        return _op("Array.set", setitem, (self, i, value), {}, data=(i, value), obj=_label(self))

    def __getitem__(self, i):
        return _hidden(getitem, (self, i), {})

    array.__setitem__, array.__getitem__ = __setitem__, __getitem__


def _reported_property(prop: property, name: str) -> property:
    own_get, own_set = prop.fget, prop.fset

    def get(self):
        if getattr(_local, "busy", False):
            return own_get(self)
        _local.busy = True
        try:
            return own_get(self)
        finally:
            _local.busy = False

    def set_(self, value):
        # Written first, judged after: the time between a `+=`'s read and its write (where the
        # race loses updates) grows by one flag, not by the observer's bookkeeping.
        if getattr(_local, "busy", False) or _state.fd < 0:
            return own_set(self, value)
        _local.busy = True
        began = _monotonic()
        try:
            own_set(self, value)
        finally:
            _local.busy = False
        caller = sys._getframe(1)
        if _is_user(caller.f_code.co_filename):
            _op_line(f"{name}=", began, _label(self), _short(value), None)

    return property(get, set_, prop.fdel, prop.__doc__)


def _patch_managers(module) -> None:
    _patch_manager_copies(module)
    callmethod = module.BaseProxy._callmethod

    def _callmethod(self, methodname, args=(), kwds=None):
        data = args if len(args) != 1 else args[0]
        return _op(
            f"{type(self).__name__}.{methodname}",
            callmethod,
            (self, methodname, args, kwds or {}),
            {},
            data=(data if args else _NOTHING),
            obj=f"{type(self).__name__}@{self._token.id}",
            waits=True,
        )

    module.BaseProxy._callmethod = _callmethod


def _submitted(func, args) -> str:
    """`square(4,)`: what a task is. Only a list, tuple or range is shown item by item: any other
    iterable (a generator) is the pool's to consume, not the observer's."""
    shown = _short(tuple(args)) if type(args) in (list, tuple, range) else _short(args)
    return _Raw(f"{getattr(func, '__qualname__', _short(func))}{shown}")


def _patch_pool(module) -> None:
    pool = module.Pool
    for method in (
        "apply_async",
        "map_async",
        "starmap_async",
        "imap",
        "imap_unordered",
        "apply",
        "map",
        "starmap",
    ):
        own = pool.__dict__.get(method)
        if own is None:
            continue

        def wrapped(self, func, iterable=(), *args, _own=own, _method=method, **kwargs):
            shown = _submitted(func, iterable)
            if _method in ("apply", "map", "starmap"):  # submit and wait: one op, its result
                return _op(
                    f"Pool.{_method}",
                    _own,
                    (self, func, iterable, *args),
                    kwargs,
                    obj=_label(self),
                    waits=True,
                )
            return _op(
                f"Pool.{_method}",
                _own,
                (self, func, iterable, *args),
                kwargs,
                data=shown,
                obj=_label(self),
            )

        setattr(pool, method, wrapped)
    _wrap(module.ApplyResult, "get", "Pool.result", waits=True)
    _wrap(module.IMapIterator, "next", "Pool.result", waits=True)
    module.IMapIterator.__next__ = module.IMapIterator.next  # an alias made when the class was


def _patch_futures(module) -> None:
    executor = module.ProcessPoolExecutor
    submit = executor.submit

    def _submit(self, fn, /, *args, **kwargs):
        return _op(
            "Executor.submit",
            submit,
            (self, fn, *args),
            kwargs,
            data=_submitted(fn, args),
            obj=_label(self),
        )

    executor.submit = _submit
    from concurrent.futures import _base

    _wrap(_base.Future, "result", "Future.result", waits=True)


def _patch_shared_memory(module) -> None:
    shm = module.SharedMemory
    init, close, unlink = shm.__init__, shm.close, shm.unlink

    def __init__(self, name=None, create=False, size=0, **more):  # more: track= from 3.13
        def made():
            init(self, name, create, size, **more)
            return _Raw(f"{self.name} size={self.size}")

        _op("SharedMemory.create" if create else "SharedMemory.attach", made, (), {})

    shm.__init__ = __init__
    shareable = module.ShareableList
    list_init = shareable.__init__

    def __init_list__(self, sequence=None, *, name=None):
        def made():
            list_init(self, sequence, name=name)
            items = _short(list(self)) if len(self) <= 16 else f"{len(self)} items"
            return _Raw(f"{self.shm.name} {items}")

        _op(
            "ShareableList.create" if sequence is not None else "ShareableList.attach", made, (), {}
        )

    shareable.__init__ = __init_list__

    def _name_of(self):  # a block whose attach failed has no name; its __del__ still closes it
        try:
            return _Raw(self.name)
        except Exception:  # noqa: BLE001
            return None

    shm.close = lambda self: _op("SharedMemory.close", close, (self,), {}, data=_name_of(self))
    shm.unlink = lambda self: _op("SharedMemory.unlink", unlink, (self,), {}, data=_Raw(self.name))


def _made_whole(make):
    """`make` (a SharedMemory block's or a named semaphore's __init__) run whole: SIGTERM, SIGHUP
    and SIGINT are held back until it returns, then delivered as they would have been.

    Making one is two steps: the name is created in /dev/shm, then registered with the resource
    tracker, which unlinks it if the process dies without doing so. A process stopped between
    the two (the tutor stops a run with SIGTERM) left the name in /dev/shm until reboot. Held in
    the main thread by a handler that only notes the signal (and blocked in this thread); in
    another thread only blocked there, which is the best Python allows."""
    import signal
    import threading

    held = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)

    def whole(*args, **kwargs):
        caught = []
        handlers = {}
        if threading.current_thread() is threading.main_thread():
            for signum in held:
                try:
                    if signal.getsignal(signum) is not signal.SIG_IGN:
                        handlers[signum] = signal.signal(signum, lambda n, f: caught.append(n))
                except (ValueError, OSError):  # noqa: PERF203 - not ours to hold
                    pass
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, held)
        try:
            return make(*args, **kwargs)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # one held back arrives now ...
            for signum, handler in handlers.items():  # ... noted as this runs its pending handler
                signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
            if caught:
                signal.raise_signal(caught[0])  # as it would have been: SIGTERM's default ends it

    return whole


def _patch_made_whole(module) -> None:
    """See _made_whole: in every run, watched or a practice check."""
    made = getattr(module, "SharedMemory", None) or getattr(module, "SemLock", None)
    if made is not None and not getattr(made.__init__, "_ipctutor_whole", False):
        made.__init__ = _made_whole(made.__init__)
        made.__init__._ipctutor_whole = True


def _patch_context(module) -> None:
    """IPCTUTOR_START_METHOD: the default start method, as if the platform had it. A script
    that calls set_start_method() or get_context("spawn") still gets what it asked for."""
    if _METHOD and _METHOD in module._concrete_contexts:
        module._default_context._default_context = module._concrete_contexts[_METHOD]


_PATCHES = {
    "multiprocessing.context": _patch_context,
    "multiprocessing.process": _patch_process,
    "traceback": _patch_traceback,
    "multiprocessing.popen_fork": _patch_poll,
    "multiprocessing.popen_forkserver": _patch_poll,
    "multiprocessing.queues": _patch_queues,
    "multiprocessing.connection": _patch_connection,
    "multiprocessing.synchronize": _patch_synchronize,
    "multiprocessing.sharedctypes": _patch_sharedctypes,
    "multiprocessing.managers": _patch_managers,
    "multiprocessing.pool": _patch_pool,
    "multiprocessing.shared_memory": _patch_shared_memory,
    "concurrent.futures.process": _patch_futures,
}
_LIFE = (  # births, endings and tracebacks: what `doctor` needs, at no cost per IPC operation
    "multiprocessing.context",
    "multiprocessing.process",
    "traceback",
    "multiprocessing.popen_fork",
    "multiprocessing.popen_forkserver",
)
if os.environ.get("IPCTUTOR_OBSERVE_OPS") == "0":  # a lock taken 400,000 times must not take 30 s
    _PATCHES = {name: patch for name, patch in _PATCHES.items() if name in _LIFE}
    _PATCHES["multiprocessing.synchronize"] = _patch_lock_prints  # mistakes, not operations
    _PATCHES["multiprocessing.managers"] = _patch_manager_copies


def _patched(name: str, module) -> None:
    patch = _PATCHES.get(name) if _state.fd >= 0 else _UNWATCHED.get(name)
    whole = _WHOLE.get(name)
    if (patch is None and whole is None) or getattr(module, "_ipctutor_observed", False):
        return
    module._ipctutor_observed = True
    for each in (whole, patch):  # made whole first: the observer's own wrapper calls it
        if each is None:
            continue
        try:
            each(module)
        except Exception:  # noqa: BLE001, S110 - another Python's internals: that part goes unobserved
            pass


_UNWATCHED = {"multiprocessing.context": _patch_context}  # nobody listens: the start method only
_WHOLE = {  # watched or not: a stop must not leave a name in /dev/shm (see _made_whole)
    "multiprocessing.shared_memory": _patch_made_whole,
    "multiprocessing.synchronize": _patch_made_whole,
}


class _Finder:
    """Patches a module the moment it is first imported, and not before: a script that never
    imports multiprocessing pays nothing for it."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name not in (_PATCHES if _state.fd >= 0 else _UNWATCHED) and name not in _WHOLE:
            return None
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        exec_module = spec.loader.exec_module

        def patched_exec(module):
            exec_module(module)
            _patched(name, module)

        spec.loader.exec_module = patched_exec
        return spec


def _chain() -> None:
    """Load the sitecustomize this one hides (a virtualenv's, a distribution's), if any."""
    for folder in sys.path:
        if not folder or os.path.abspath(folder) == _HERE:
            continue
        candidate = os.path.join(folder, "sitecustomize.py")
        if os.path.isfile(candidate):
            import importlib.util

            spec = importlib.util.spec_from_file_location(
                "_ipctutor_chained_sitecustomize", candidate
            )
            if spec is not None and spec.loader is not None:
                module = importlib.util.module_from_spec(spec)
                try:
                    spec.loader.exec_module(module)
                except Exception:  # noqa: BLE001, S110 - its failure is the environment's, as without us
                    pass
            return


def _start() -> None:
    if _DIR and os.path.isdir(_DIR):
        _note_for_practice()
    elif _DIR:
        globals()["_DIR"] = None
    if _FIFO:
        _open_channel()
    if _state.fd >= 0:
        _wrap_streams()
        sys.excepthook = _excepthook
        import atexit

        atexit.register(_at_exit)
        _patch_os_endings()
        _born()
    if _FIFO or _METHOD or _DIR:
        sys.meta_path.insert(0, _Finder())
        for name in (
            *_PATCHES,
            *_WHOLE,
        ):  # already imported (by a chained sitecustomize): patch now
            if name in sys.modules:
                _patched(name, sys.modules[name])
    if _DIR or _state.fd >= 0:
        os.register_at_fork(after_in_child=_forked)
    if _state.fd >= 0:
        _listen_for_flush()


FLUSH_SIGNAL = "SIGRTMIN+7"  # the tutor's "write what you have" before it stops a run


def _listen_for_flush() -> None:
    """Before it stops a run, the tutor sends FLUSH_SIGNAL to every process of it: each writes
    the events it still holds (a blocked process too: its wait is interrupted, the handler runs,
    the wait resumes). A real-time signal no lesson uses; nothing else changes."""
    import signal

    try:
        number = signal.SIGRTMIN + 7
        if signal.getsignal(number) in (signal.SIG_DFL, None):
            signal.signal(number, lambda signum, frame: _flush(blocking=False))
    except (
        AttributeError,
        ValueError,
        OSError,
    ):  # no real-time signals here, or not the main thread
        pass


_start()
_chain()
