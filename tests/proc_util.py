"""Looking at processes the way the kernel sees them (Linux /proc)."""
from __future__ import annotations

import os
import time


def state_of(pid: int) -> str | None:
    """The kernel's state letter (R, S, Z ...) of a process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return None


def wait_all_gone(pids, timeout: float = 10.0) -> list[int]:
    """Wait until none of these PIDs exists (zombies count as existing); return those left."""
    deadline = time.monotonic() + timeout
    left = list(pids)
    while left and time.monotonic() < deadline:
        left = [pid for pid in left if state_of(pid) is not None]
        if left:
            time.sleep(0.05)
    return left


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return state_of(pid) not in (None, "Z")
