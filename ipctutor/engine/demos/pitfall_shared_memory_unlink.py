"""No unlink: every process closes the block, nobody unlinks it, and the memory outlives them all."""
import os
from multiprocessing import shared_memory

from ipctutor.engine.demos._events import Events, child_process
from ipctutor.engine.stopping import EndingsHeld

SIZE = 1_048_576  # bytes in the block: 1 MiB, left behind when nobody unlinks


@child_process
def write_and_close(name, n, events):
    block = shared_memory.SharedMemory(name=name)
    block.buf[n] = n + 1  # one byte each
    block.close()  # closing unmaps it here; the block itself stays
    events.say("closed", name)


def still_there(name):
    """Whether a block of this name exists: attaching works, or raises FileNotFoundError."""
    try:
        block = shared_memory.SharedMemory(name=name)
    except FileNotFoundError:
        return False
    block.close()
    return True


def share(ctx, workers, events, size, unlink):
    # Made whole, with Ctrl-C held back: interrupted half-way, the block would exist with nobody
    # knowing its name to unlink it (the tutor's stopping, not part of the lesson)
    with EndingsHeld():
        block = shared_memory.SharedMemory(create=True, size=max(size, workers))
    name, made = block.name, block.size
    try:
        children = [ctx.Process(target=write_and_close, args=(name, n, events), name=f"child-{n}")
                    for n in range(workers)]
        for p in children:
            p.start()
        for p in children:
            p.join()
        written = bytes(block.buf[:workers])
    except BaseException:
        if not unlink:  # stopped before the end (Ctrl-C, the watchdog): the tutor unlinks it now
            block.unlink()
        raise
    finally:
        block.close()  # the parent closes too: now no process has it open
        if unlink:
            block.unlink()  # the fix: the one owner unlinks, once, after everyone is done
    left = still_there(name)
    file = f"/dev/shm/{name}"
    results = {"block": name, "bytes": made, "written": list(written), "unlinked": unlink,
               "still_there_after_everyone_closed": left,
               "in_dev_shm": os.path.exists(file) if os.path.isdir("/dev/shm") else None}
    if left:
        # Left alone, the resource tracker would remove it when the tutor exits, with a warning
        # ("leaked shared_memory objects"); a crashed program's block stays until reboot.
        shared_memory.SharedMemory(name=name).unlink()
        results["removed_by_the_tutor_afterwards"] = not still_there(name)
    return results


def broken(ctx, workers=10, delay=0.0, events=None, size=None):
    return share(ctx, workers, events or Events(), size or SIZE, unlink=False)


def fixed(ctx, workers=10, delay=0.0, events=None, size=None):
    return share(ctx, workers, events or Events(), size or SIZE, unlink=True)
