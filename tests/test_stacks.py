"""The stuck-child diagnosis (engine/stacks.py) read from faulthandler's own format: one story per
process, never "cannot exit: waits for its feeder to flush" beside "its feeder waits for items"."""

from __future__ import annotations

from ipctutor.engine import stacks
from ipctutor.i18n import t

Q = "/usr/lib/python3.11/multiprocessing/queues.py"
T = "/usr/lib/python3.11/threading.py"
U = "/usr/lib/python3.11/multiprocessing/util.py"
C = "/usr/lib/python3.11/multiprocessing/connection.py"

EXITING = f'''Current thread 0x00007f0000000001 (most recent call first):
  File "{T}", line 1119 in _wait_for_tstate_lock
  File "{T}", line 1099 in join
  File "{Q}", line 199 in _finalize_join
  File "{U}", line 224 in __call__
  File "{U}", line 300 in _run_finalizers
  File "{U}", line 360 in _exit_function
'''
IDLE_FEEDER = f'''Thread 0x00007f0000000002 (most recent call first):
  File "{T}", line 320 in wait
  File "{Q}", line 231 in _feed
  File "{T}", line 975 in run
'''
WRITING_FEEDER = f'''Thread 0x00007f0000000003 (most recent call first):
  File "{C}", line 373 in _send
  File "{C}", line 404 in _send_bytes
  File "{C}", line 199 in send_bytes
  File "{Q}", line 250 in _feed
  File "{T}", line 975 in run
'''


def diagnosis(dump: str) -> str:
    return stacks.process_line(stacks.parse_dump(dump), "/tmp/solution.py")


def test_an_idle_feeder_is_not_named_beside_a_flush_it_cannot_be_holding():
    said = diagnosis(EXITING + IDLE_FEEDER)
    assert said == t("stack_exiting_feeder")
    assert t("stack_feeder_waits") not in said


def test_the_feeder_that_writes_is_named_beside_the_flush():
    said = diagnosis(EXITING + IDLE_FEEDER + WRITING_FEEDER)
    assert said == t("stack_exiting_feeder") + t("stack_and") + t("stack_feeder_writes")


def test_the_learners_line_where_the_main_thread_waits():
    dump = f'''Current thread 0x00007f0000000001 (most recent call first):
  File "{Q}", line 103 in get
  File "/tmp/solution.py", line 2 in main
'''
    said = stacks.process_line(stacks.parse_dump(dump), "/tmp/solution.py", ["", "    q.get()"])
    assert said == t("stack_waits_at", func="get", line=2, code="q.get()")


def test_a_dump_read_while_faulthandler_writes_it_is_not_taken_as_whole():
    """faulthandler writes piece by piece: the header may be there before any frame (a loaded
    machine's practice check said "gave no stack dump" for a parent waiting in wait())."""
    header = "Current thread 0x00007f0000000001 (most recent call first):\n"
    frame = '  File "/tmp/x.py", line 30 in <module>\n'
    assert not stacks.looks_whole("")
    assert not stacks.looks_whole(header)
    assert not stacks.looks_whole(header + frame[:20])  # a line cut in the middle
    assert stacks.looks_whole(header + frame)
    assert stacks.parse_dump(header + frame)[0][0].func == "<module>"
