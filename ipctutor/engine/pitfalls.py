"""Break it, then fix it: each pitfall runs the broken code and then the fix, under the watchdog.

The code lives in stdlib-only modules (ipctutor/engine/demos/pitfall_*.py); this catalogue says which
phases to run, how long a phase that is expected to hang may take, and what the runs showed.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Callable

from ipctutor.engine.demos import PITFALL_NAMES
from ipctutor.engine.demos.pitfall_connection_wrong_key import WRONG as WRONG_KEY_CHILD
from ipctutor.i18n import language
from ipctutor.engine.runner import DemoRun, natural_key, run_demo


@dataclass(frozen=True)
class Phase:
    """One run of a pitfall: the broken code, a half fix, or the fix."""

    func: str  # the function in the pitfall's module
    label: dict[str, str]  # en / zh
    watchdog: float | None = None  # a shorter watchdog where this code is expected to hang
    start_method: str | None = None  # used unless the learner names one


@dataclass(frozen=True)
class Pitfall:
    topic: str
    name: str
    module: str
    title: dict[str, str]
    phases: tuple[Phase, ...]
    finding: Callable[[list[DemoRun]], tuple[bool, dict[str, str]]]
    size_help: dict[str, str] = field(default_factory=dict)  # what --size means here, if anything
    default_workers: int = 10

    def text(self, words: dict[str, str]) -> str:
        return words.get(language()) or words["en"]


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "0%"


def race_finding(runs):
    broken, fixed = (run.results or {} for run in runs)
    if not broken or not fixed:
        return False, {"en": "The runs did not finish.", "zh": "运行没有完成。"}
    lost, expected = broken["lost"], broken["expected"]
    workers = runs[0].workers  # as many as were really started: --workers, or the pitfall's four
    shown = lost > 0 and fixed["lost"] == 0
    if shown:
        return True, {
            "en": f"{workers} workers: without the lock {lost:,} of {expected:,} updates were lost ({_pct(lost, expected)}); "
                  f"with get_lock() {fixed['lost']:,} were lost, in {fixed['seconds']} s instead of "
                  f"{broken['seconds']} s.",
            "zh": f"{workers} 个工作进程：不加锁时 {expected:,} 次更新丢失了 {lost:,} 次（{_pct(lost, expected)}）；"
                  f"用 get_lock() 加锁后丢失 {fixed['lost']:,} 次，耗时 {fixed['seconds']} 秒"
                  f"（不加锁 {broken['seconds']} 秒）。"}
    return False, {
        "en": f"This time no update was lost without the lock ({expected:,} done): a race depends on "
              f"timing. Run it again, or with more --workers or a larger --size.",
        "zh": f"这次不加锁也没有丢失更新（共 {expected:,} 次）：竞态条件取决于时序。"
              f"再运行一次，或加大 --workers、--size 试试。"}


def join_finding(runs):
    broken, fixed = runs
    if broken.outcome == "timeout" and fixed.outcome == "ok":
        return True, {
            "en": f"Joining first: stuck until the watchdog stopped {len(broken.stopped)} process(es) "
                  f"after {broken.elapsed_s:.1f} s. Getting first: all {len(fixed.results)} items "
                  f"arrived and every child exited, in {fixed.elapsed_s:.2f} s.",
            "zh": f"先 join：一直卡住，{broken.elapsed_s:.1f} 秒后看门狗终止了 {len(broken.stopped)} 个进程。"
                  f"先 get：{len(fixed.results)} 个数据全部收到，子进程全部退出，用时 {fixed.elapsed_s:.2f} 秒。"}
    return False, {
        "en": f"Joining first ended as '{broken.outcome}' this time: items this small fit in the pipe. "
              f"Try a larger --size (above 65,515 bytes a single item never fits).",
        "zh": f"这次先 join 的结果是 '{broken.outcome}'：数据足够小，能放进管道缓冲区。"
              f"试试更大的 --size（单个数据超过 65,515 字节就一定放不下）。"}


def shared_end_finding(runs):
    broken, fixed = (run.results or {} for run in runs)
    if not broken or not fixed:
        return False, {"en": "The runs did not finish.", "zh": "运行没有完成。"}
    bad = broken["broken"] + broken["lost"]
    shown = bad > 0 and fixed["broken"] == 0 and fixed["lost"] == 0
    words = {
        "en": f"One Pipe end: {broken['intact']} of {broken['sent']} messages arrived intact, "
              f"{broken['broken']} arrived broken, and {broken['lost']} could never be read (once "
              f"the bytes mixed, a garbled length swallowed the rest). Queue: {fixed['intact']} of "
              f"{fixed['sent']} intact.",
        "zh": f"共用 Pipe 的一端：{broken['sent']} 条消息中完好到达 {broken['intact']} 条，损坏 "
              f"{broken['broken']} 条，另有 {broken['lost']} 条根本读不出来（字节一旦交错，"
              f"错乱的长度字段会吞掉后面的数据）。Queue：{fixed['sent']} 条中完好 {fixed['intact']} 条。"}
    if not shown:
        words["en"] += " Nothing broke this time: try a larger --size (above 16,384 bytes) or more --workers."
        words["zh"] += " 这次没有出错：试试更大的 --size（超过 16,384 字节）或更多 --workers。"
    return shown, words


def output_finding(runs):
    broken, lock_only, fixed = (run.results or {} for run in runs)
    if not broken or not lock_only or not fixed:
        return False, {"en": "The runs did not finish.", "zh": "运行没有完成。"}
    shown = (lock_only["reports_cut_apart"] or lock_only["broken_lines"]) and \
        not (fixed["reports_cut_apart"] or fixed["broken_lines"])
    words = {
        "en": f"Reports cut apart by other children's lines: no lock {broken['reports_cut_apart']} "
              f"of {broken['reports']}; lock without flush {lock_only['reports_cut_apart']}; "
              f"lock and flush {fixed['reports_cut_apart']}. Lines cut in half: "
              f"{broken['broken_lines']}, {lock_only['broken_lines']}, {fixed['broken_lines']}.",
        "zh": f"被其他子进程的输出切断的报告数：不加锁 {broken['reports_cut_apart']}/"
              f"{broken['reports']}；加锁但不 flush {lock_only['reports_cut_apart']}；"
              f"加锁并 flush {fixed['reports_cut_apart']}。被切成两半的行数：{broken['broken_lines']}、"
              f"{lock_only['broken_lines']}、{fixed['broken_lines']}。"}
    return bool(shown), words


def globals_finding(runs):
    broken, fixed = runs
    errors = sorted({row.error.split(" (")[0] for row in broken.children if row.error})
    if broken.outcome != "ok" and errors and fixed.outcome == "ok":
        return True, {
            "en": f"Using the global under {broken.start_method}: every child failed with "
                  f"{'; '.join(errors)}. Passed in args: all {len(fixed.results)} messages arrived.",
            "zh": f"在 {broken.start_method} 下使用全局变量：每个子进程都以 {';'.join(errors)} 失败。"
                  f"通过 args 传入：{len(fixed.results)} 条消息全部收到。"}
    return False, {
        "en": f"Under {broken.start_method} the global worked: a forked child is a copy of the parent, "
              f"globals included. Run it with --start-method spawn (the default on macOS and Windows, "
              f"and forkserver on Linux from Python 3.14).",
        "zh": f"在 {broken.start_method} 下全局变量能用：fork 出来的子进程是父进程的副本，全局变量也一起复制了。"
              f"用 --start-method spawn 再试（macOS 和 Windows 默认是 spawn，Linux 从 Python 3.14 起默认是 forkserver）。"}


def unlink_finding(runs):
    broken, fixed = (run.results or {} for run in runs)
    if not broken or not fixed:
        return False, {"en": "The runs did not finish.", "zh": "运行没有完成。"}
    shown = broken["still_there_after_everyone_closed"] and not fixed["still_there_after_everyone_closed"]
    removed = broken.get("removed_by_the_tutor_afterwards")
    left = {"en": "still there", "zh": "仍然存在"} if broken["still_there_after_everyone_closed"] \
        else {"en": "gone", "zh": "已经不在了"}
    gone = {"en": "gone", "zh": "已经不在了"} if not fixed["still_there_after_everyone_closed"] \
        else {"en": "still there", "zh": "仍然存在"}
    words = {
        "en": f"Nobody unlinked: after all {len(broken['written'])} children and the parent had "
              f"closed it, block {broken['block']} ({broken['bytes']:,} bytes) was {left['en']}"
              + (" (the tutor then unlinked it for you)." if removed else ".")
              + f" The parent unlinked once: block {fixed['block']} was {gone['en']} afterwards.",
        "zh": f"没有人 unlink：{len(broken['written'])} 个子进程和父进程都 close 之后，内存块 "
              f"{broken['block']}（{broken['bytes']:,} 字节）{left['zh']}"
              + ("（随后由 tutor 替你 unlink 了）。" if removed else "。")
              + f"父进程 unlink 一次：之后内存块 {fixed['block']} {gone['zh']}。"}
    return bool(shown), words


def release_finding(runs):
    broken, bounded, fixed = (run.results or {} for run in runs)
    if not broken or not bounded or not fixed:
        return False, {"en": "The runs did not finish.", "zh": "运行没有完成。"}
    room = broken["room"]
    errors = sorted({row.error.split(" (")[0] for row in runs[1].children if row.error})
    shown = bounded["failed"] > 0 and fixed["failed"] == 0 and \
        fixed["most_inside_at_once"] <= room and broken["failed"] == 0
    grown = broken["value_at_the_end"]
    words = {
        "en": f"Semaphore({room}) released twice per turn: no error, "
              + (f"its value grew to {grown}, " if grown is not None else "")
              + f"up to {broken['most_inside_at_once']} workers were inside at once. "
              f"BoundedSemaphore({room}): {bounded['failed']} worker(s) failed with "
              f"{'; '.join(errors) or 'no error'}. Released once (with room:): at most "
              f"{fixed['most_inside_at_once']} inside, no error.",
        "zh": f"Semaphore({room}) 每轮释放两次：没有任何报错，"
              + (f"它的值涨到了 {grown}，" if grown is not None else "")
              + f"最多同时有 {broken['most_inside_at_once']} 个进程在里面。"
              f"BoundedSemaphore({room})：{bounded['failed']} 个进程因 "
              f"{';'.join(errors) or '（无错误）'} 失败。只释放一次（with room:）：最多 "
              f"{fixed['most_inside_at_once']} 个在里面，没有错误。"}
    return bool(shown), words


def _reports(run, what: str) -> list:
    """The details every process of a run reported under `what` (its own words, as sent)."""
    return [detail for row in run.rows.values() for said, detail in row.reports if said == what]


def task_done_finding(runs):
    broken, fixed = runs
    failed = len(_reports(broken, "task failed"))
    worked = len(_reports(broken, "task"))
    if broken.outcome == "timeout" and fixed.outcome == "ok" and failed:
        fixed_failed = len(fixed.results["failed"])
        return True, {
            "en": f"task_done() forgotten when a task failed: {worked + failed} tasks handled "
                  f"({failed} failed), so {worked} task_done() calls for {worked + failed} tasks, and "
                  f"join() was still waiting after {broken.elapsed_s:.1f} s, when the watchdog stopped it "
                  f"and the {len(broken.stopped)} workers waiting in get(). task_done() in finally: "
                  f"join() returned once all {fixed.results['tasks']} were done ({fixed_failed} failed, "
                  f"and said so), in {fixed.elapsed_s:.2f} s.",
            "zh": f"任务失败时忘了调用 task_done()：共处理 {worked + failed} 个任务（其中 {failed} 个失败），"
                  f"{worked + failed} 个任务只调用了 {worked} 次 task_done()，join() 一直等到 "
                  f"{broken.elapsed_s:.1f} 秒后被看门狗终止（{len(broken.stopped)} 个工作进程还在 get() 里等待）。"
                  f"把 task_done() 放进 finally：{fixed.results['tasks']} 个任务全部完成后 join() 就返回了"
                  f"（{fixed_failed} 个失败，并如实报告），用时 {fixed.elapsed_s:.2f} 秒。"}
    return False, {
        "en": f"The broken run ended as '{broken.outcome}' and {failed} task(s) failed in it: with no "
              f"failed task no task_done() is skipped. Run it with a --size of at least 5 tasks.",
        "zh": f"出错版本的结果是 '{broken.outcome}'，其中失败的任务有 {failed} 个：没有任务失败，就不会漏掉 "
              f"task_done()。请用至少 5 个任务的 --size 再运行。"}


def kept_end_finding(runs):
    broken, fixed = runs
    got = len(_reports(broken, "received"))
    children = len(broken.children)
    gone = sum(row.state == "exited" or row.exitcode == 0 for row in broken.children)
    if broken.outcome == "timeout" and fixed.outcome == "ok":
        return True, {
            "en": f"Keeping its copies of the children's ends: the parent received {got} of {children} "
                  f"messages, then waited for EOF until the watchdog stopped it after "
                  f"{broken.elapsed_s:.1f} s, though {gone} of the {children} children had already "
                  f"exited: the parent itself still held every sending end. Closing its copies after "
                  f"start(): {fixed.results['messages']} messages and {fixed.results['eofs']} EOFs, "
                  f"in {fixed.elapsed_s:.2f} s.",
            "zh": f"父进程保留了子进程那一端的副本：它收到了 {children} 条消息中的 {got} 条，然后一直等 EOF，"
                  f"直到 {broken.elapsed_s:.1f} 秒后被看门狗终止，而 {children} 个子进程中已有 {gone} 个退出了："
                  f"每个发送端仍被父进程自己握着。start() 之后关掉自己的副本：收到 "
                  f"{fixed.results['messages']} 条消息和 {fixed.results['eofs']} 个 EOF，用时 "
                  f"{fixed.elapsed_s:.2f} 秒。"}
    return False, {
        "en": f"This time the broken run ended as '{broken.outcome}' and the fix as '{fixed.outcome}'.",
        "zh": f"这次出错版本的结果是 '{broken.outcome}'，修正版本是 '{fixed.outcome}'。"}


def wrong_key_finding(runs):
    broken, fixed = runs
    served = len(_reports(broken, "received"))
    served_names = {f"child-{message[1]}" for message in _reports(broken, "received")}
    wrong = f"child-{WRONG_KEY_CHILD}"
    unserved = sorted((row.name for row in broken.children
                       if row.name not in served_names and row.name != wrong), key=natural_key)
    if broken.outcome == "failed" and "AuthenticationError" in (broken.error or "") and unserved \
            and fixed.outcome == "ok" and fixed.results["refused"] == 1:
        return True, {
            "en": f"Not catching it: accept() raised {broken.error} for {wrong}, the one caller with a "
                  f"wrong key, and the server stopped there, having served {served} of "
                  f"{len(broken.children)} callers: {', '.join(unserved)}, with the right key, were "
                  f"never served. Catching AuthenticationError around accept(): "
                  f"{fixed.results['served']} served, {fixed.results['refused']} refused, and the "
                  f"server went on.",
            "zh": f"不捕获异常：accept() 因 {wrong}（唯一一个密钥错误的连接方）抛出 {broken.error}，"
                  f"服务端就此停下，{len(broken.children)} 个连接方只照应了 {served} 个："
                  f"密钥正确的 {'、'.join(unserved)} 始终没有得到服务。在 accept() 外捕获 "
                  f"AuthenticationError：照应了 {fixed.results['served']} 个，拒绝了 "
                  f"{fixed.results['refused']} 个，服务端继续运行。"}
    return False, {
        "en": f"This time the broken run ended as '{broken.outcome}' and the fix as '{fixed.outcome}'.",
        "zh": f"这次出错版本的结果是 '{broken.outcome}'，修正版本是 '{fixed.outcome}'。"}


def _dead_workers(run) -> list:
    """The workers of a run that ended by themselves with a non-zero exit code (not stopped)."""
    return [row for row in run.children
            if row.exitcode not in (None, 0) and row.exitcode > 0 and row.name not in run.stopped]


def worker_dies_finding(runs):
    broken, fixed = (run.results or {} for run in runs)
    if not broken or not fixed:
        return False, {"en": "The runs did not finish.", "zh": "运行没有完成。"}
    dead = _dead_workers(runs[0])
    shown = broken["broken"] > 0 and broken["new_work"].startswith("BrokenProcessPool") \
        and fixed["raised"] == 1 and fixed["broken"] == 0 and fixed["new_work"] == "accepted"
    code = f" (exit code {dead[0].exitcode})" if dead else ""
    code_zh = f"（退出码 {dead[0].exitcode}）" if dead else ""
    words = {
        "en": f"os._exit(1) in task {broken['deadly']}: its worker{code} vanished, and "
              f"{broken['broken']} of {broken['tasks']} futures failed with BrokenProcessPool, the "
              f"deadly one and every other not finished yet; {broken['returned']} had returned before. "
              f"submit() then raised BrokenProcessPool: the executor takes no more work. "
              f"Raising instead: only that future failed (RuntimeError), {fixed['returned']} returned, "
              f"and the executor accepted one more task.",
        "zh": f"任务 {broken['deadly']} 调用了 os._exit(1)：它所在的工作进程{code_zh}直接消失，"
              f"{broken['tasks']} 个 future 中有 {broken['broken']} 个以 BrokenProcessPool 失败：出事的那个，"
              f"加上其余所有还没完成的；之前已经返回的有 {broken['returned']} 个。之后 submit() 也抛出 "
              f"BrokenProcessPool：这个执行器不再接受任何任务。改成抛出异常：只有那一个 future 失败"
              f"（RuntimeError），{fixed['returned']} 个正常返回，执行器还接受了一个新任务。"}
    return bool(shown), words


def pool_hangs_finding(runs):
    broken, fixed = runs
    dead = _dead_workers(broken)
    workers = [row for row in broken.children if row.role == "pool worker"]
    done = fixed.results or {}
    if broken.outcome == "timeout" and dead and done.get("raised") and fixed.outcome == "ok":
        return True, {
            "en": f"Pool: a worker died (exit code {dead[0].exitcode}) in the middle of a task; the pool "
                  f"started a new worker ({len(workers)} worker processes in all for {broken.workers} "
                  f"places), but the lost task was never run again and starmap() was still waiting "
                  f"after {broken.elapsed_s:.1f} s, when the watchdog stopped it. The task raising "
                  f"instead: starmap() raised {done['raised']} in the parent, no worker died, and "
                  f"the run ended in {fixed.elapsed_s:.2f} s.",
            "zh": f"Pool：一个工作进程在执行任务的半途死掉了（退出码 {dead[0].exitcode}）；进程池补了一个新的工作进程"
                  f"（{broken.workers} 个名额，前后共 {len(workers)} 个工作进程），但丢掉的任务再也没有人执行，"
                  f"starmap() 等了 {broken.elapsed_s:.1f} 秒仍在等，最后被看门狗终止。改成让任务抛出异常："
                  f"starmap() 在父进程里抛出了 {done['raised']}，没有工作进程死掉，整个运行 "
                  f"{fixed.elapsed_s:.2f} 秒就结束了。"}
    return False, {
        "en": f"This time the broken run ended as '{broken.outcome}' and the fix as '{fixed.outcome}'.",
        "zh": f"这次出错版本的结果是 '{broken.outcome}'，修正版本是 '{fixed.outcome}'。"}


def fork_threads_finding(runs):
    broken, fixed = runs
    said = (_reports(broken, "started children") or [{}])[0]
    waiting = len(_reports(broken, "waiting for the lock"))
    got = len(_reports(broken, "got the lock"))
    python = said.get("python", "?")
    before_312 = python != "?" and tuple(int(part) for part in python.split(".")) < (3, 12)
    warning = said.get("fork warning")
    if warning:
        warned = {"en": f"Python {python} did emit the DeprecationWarning ('{warning}'), but its default "
                        f"filters hide it when the fork happens inside multiprocessing: run with "
                        f"-W default to see it.",
                  "zh": f"Python {python} 确实发出了 DeprecationWarning（'{warning}'），但 fork 发生在 "
                        f"multiprocessing 内部时，默认的警告过滤器会把它藏起来：用 -W default 运行才看得到。"}
    else:
        warned = {"en": f"Python {python} gave no warning" + (
                      " (the DeprecationWarning for forking a multi-threaded process came in 3.12)."
                      if before_312 else "."),
                  "zh": f"Python {python} 没有给出任何警告" + (
                      "（fork 多线程进程时的 DeprecationWarning 是 3.12 才加入的）。"
                      if before_312 else "。")}
    if broken.start_method == "fork" and broken.outcome == "timeout" and waiting and not got \
            and fixed.outcome == "ok" and fixed.start_method != "fork":
        return True, {
            "en": f"Under fork, while cache-thread held the lock: {waiting} children waited for their copy "
                  f"of it, and none got it. In the parent the thread let it go after a moment, but that "
                  f"thread does not exist in a child, so the copies stay locked: the watchdog stopped "
                  f"{len(broken.stopped)} process(es) after {broken.elapsed_s:.1f} s. {warned['en']} "
                  f"The same code under {fixed.start_method}: each child imported the module afresh, got "
                  f"a new lock at once, and all {fixed.results['got_the_lock']} finished in "
                  f"{fixed.elapsed_s:.2f} s.",
            "zh": f"在 fork 下、cache-thread 正持有锁的时候：{waiting} 个子进程都在等自己那份锁的副本，一个也没拿到。"
                  f"父进程里那个线程过一会儿就释放了锁，可子进程里根本没有这个线程，所以副本永远是锁着的："
                  f"{broken.elapsed_s:.1f} 秒后看门狗终止了 {len(broken.stopped)} 个进程。{warned['zh']}"
                  f"同样的代码在 {fixed.start_method} 下：每个子进程重新导入模块，立刻拿到一把新锁，"
                  f"{fixed.results['got_the_lock']} 个全部完成，用时 {fixed.elapsed_s:.2f} 秒。"}
    return False, {
        "en": f"This time the first run (under {broken.start_method}) ended as '{broken.outcome}', "
              f"{got} of {waiting} children got the lock, and the second (under {fixed.start_method}) "
              f"ended as '{fixed.outcome}'. Only fork copies a held lock: run it without "
              f"--start-method (the broken code under fork, the fix under spawn). {warned['en']}",
        "zh": f"这次第一轮（{broken.start_method}）的结果是 '{broken.outcome}'，{waiting} 个子进程中有 {got} 个"
              f"拿到了锁；第二轮（{fixed.start_method}）的结果是 '{fixed.outcome}'。只有 fork 会把一把被持有的锁"
              f"原样复制过去：不加 --start-method 再运行一次（出错版本用 fork，修正版本用 spawn）。{warned['zh']}"}


def chatty_proxy_finding(runs):
    broken, fixed = runs
    if broken.outcome != "ok" or fixed.outcome != "ok":
        return False, {
            "en": f"This time the broken run ended as '{broken.outcome}' and the fix as '{fixed.outcome}'.",
            "zh": f"这次出错版本的结果是 '{broken.outcome}'，修正版本是 '{fixed.outcome}'。"}
    chatty, batched = broken.results, fixed.results
    # each worker timed its own writes; they wrote at the same time, so the slowest one counts
    chatty_s = max(detail["seconds"] for detail in _reports(broken, "sent"))
    batched_s = max(detail["seconds"] for detail in _reports(fixed, "sent"))
    ratio = chatty_s / batched_s if batched_s else float("inf")
    host, port = chatty["server"]
    shown = chatty["writes"] > batched["writes"] and chatty_s > batched_s \
        and chatty["right"] and batched["right"]
    return shown, {
        "en": f"One item per call: {chatty['workers']} workers sent {chatty['writes']:,} writes to the "
              f"dict that the manager serves on {host}:{port}, each a round trip through its one server "
              f"process; the slowest worker took {chatty_s:.3f} s. One call each: "
              f"{batched['writes']:,} writes for the same {batched['items']:,} items, "
              f"{batched_s:.4f} s: {ratio:,.0f} times quicker this time. Every item arrived right "
              f"both ways: only the number of round trips differs.",
        "zh": f"每次调用只写一项：{chatty['workers']} 个工作进程向管理器在 {host}:{port} 上提供的字典发出了 "
              f"{chatty['writes']:,} 次写入，每一次都要经过那唯一的服务进程往返一趟；最慢的工作进程用了 "
              f"{chatty_s:.3f} 秒。每个进程只调用一次：同样 {batched['items']:,} 项只写了 "
              f"{batched['writes']:,} 次，用时 {batched_s:.4f} 秒，这次快了 {ratio:,.0f} 倍。"
              f"两种写法的数据都完整正确：差别只在往返的次数。"}


PITFALLS: dict[tuple[str, str], Pitfall] = {
    ("value", "race"): Pitfall(
        "value", "race", "pitfall_value_race",
        {"en": "Lost updates: += on a shared Value without the lock", "zh": "更新丢失：不加锁对共享 Value 做 +="},
        (Phase("broken", {"en": "without the lock", "zh": "不加锁"}),
         Phase("fixed", {"en": "with get_lock()", "zh": "使用 get_lock()"})),
        race_finding,
        {"en": "increments per worker (default 20,000)", "zh": "每个进程的递增次数（默认 20,000）"},
        default_workers=4),
    ("queue", "join-before-get"): Pitfall(
        "queue", "join-before-get", "pitfall_queue_join",
        {"en": "Deadlock: join() before get() with big items", "zh": "死锁：数据较大时先 join() 再 get()"},
        (Phase("broken", {"en": "join, then get", "zh": "先 join 再 get"}, watchdog=4.0),
         Phase("fixed", {"en": "get, then join", "zh": "先 get 再 join"})),
        join_finding,
        {"en": "bytes per item (default 100,000)", "zh": "每个数据的字节数（默认 100,000）"},
        default_workers=4),
    ("pipe", "shared-end"): Pitfall(
        "pipe", "shared-end", "pitfall_pipe_shared",
        {"en": "Corruption: many writers on one end of a Pipe", "zh": "数据损坏：多个进程写同一个 Pipe 端"},
        (Phase("broken", {"en": "one Pipe end", "zh": "共用一个 Pipe 端"}, watchdog=20.0),
         Phase("fixed", {"en": "a Queue", "zh": "改用 Queue"})),
        shared_end_finding,
        {"en": "bytes per message (default 65,536)", "zh": "每条消息的字节数（默认 65,536）"}),
    ("lock", "no-lock"): Pitfall(
        "lock", "no-lock", "pitfall_lock_output",
        {"en": "Interleaved output: no lock, lock without flush, lock and flush",
         "zh": "输出交错：不加锁、加锁不 flush、加锁并 flush"},
        (Phase("broken", {"en": "no lock", "zh": "不加锁"}),
         Phase("lock_only", {"en": "lock, no flush", "zh": "加锁但不 flush"}),
         Phase("fixed", {"en": "lock and flush", "zh": "加锁并 flush"})),
        output_finding),
    ("queue", "spawn-globals"): Pitfall(
        "queue", "spawn-globals", "pitfall_queue_globals",
        {"en": "NameError: a global made by the parent, used in a spawned child",
         "zh": "NameError：子进程使用父进程里创建的全局变量"},
        (Phase("broken", {"en": "Queue used as a global", "zh": "把 Queue 当全局变量用"},
               watchdog=15.0, start_method="spawn"),
         Phase("fixed", {"en": "Queue passed in args", "zh": "通过 args 传入 Queue"})),
        globals_finding),
    ("shared-memory", "no-unlink"): Pitfall(
        "shared-memory", "no-unlink", "pitfall_shared_memory_unlink",
        {"en": "A leak: every process closes the SharedMemory, nobody unlinks it",
         "zh": "内存泄漏：每个进程都 close 了 SharedMemory，却没有人 unlink"},
        (Phase("broken", {"en": "close only", "zh": "只 close"}),
         Phase("fixed", {"en": "close everywhere, unlink once", "zh": "处处 close，只 unlink 一次"})),
        unlink_finding,
        {"en": "bytes in the block (default 1,048,576)", "zh": "内存块的字节数（默认 1,048,576）"},
        default_workers=4),
    ("sync", "extra-release"): Pitfall(
        "sync", "extra-release", "pitfall_sync_release",
        {"en": "One release too many: Semaphore grows, BoundedSemaphore raises",
         "zh": "多释放一次：Semaphore 悄悄变大，BoundedSemaphore 抛出异常"},
        (Phase("broken", {"en": "Semaphore, released twice", "zh": "Semaphore，释放两次"}),
         Phase("bounded", {"en": "BoundedSemaphore, released twice", "zh": "BoundedSemaphore，释放两次"}),
         Phase("fixed", {"en": "with room: released once", "zh": "with room:，只释放一次"})),
        release_finding,
        default_workers=4),
    ("joinablequeue", "forgotten-task-done"): Pitfall(
        "joinablequeue", "forgotten-task-done", "pitfall_joinable_task_done",
        {"en": "A hang: task_done() forgotten when a task fails, so join() never returns",
         "zh": "卡死：任务失败时忘了 task_done()，join() 永远不返回"},
        (Phase("broken", {"en": "task_done() only on success", "zh": "只在成功时 task_done()"},
               watchdog=4.0),
         Phase("fixed", {"en": "task_done() in finally", "zh": "在 finally 里 task_done()"})),
        task_done_finding,
        {"en": "tasks to put (default 12; every fifth fails)", "zh": "放入的任务数（默认 12；每第五个失败）"},
        default_workers=4),
    ("connection", "kept-end"): Pitfall(
        "connection", "kept-end", "pitfall_connection_kept_end",
        {"en": "A hang: the parent keeps the children's ends and waits for EOF",
         "zh": "卡死：父进程留着子进程那一端，一直等 EOF"},
        (Phase("broken", {"en": "parent keeps its copies", "zh": "父进程保留副本"}, watchdog=4.0),
         Phase("fixed", {"en": "parent closes its copies", "zh": "父进程关闭副本"})),
        kept_end_finding,
        default_workers=4),
    ("connection", "wrong-key"): Pitfall(
        "connection", "wrong-key", "pitfall_connection_wrong_key",
        {"en": "One caller with a wrong authkey stops a server that does not catch AuthenticationError",
         "zh": "一个密钥错误的连接方，让不捕获 AuthenticationError 的服务端停了下来"},
        (Phase("broken", {"en": "accept() unguarded", "zh": "accept() 不加保护"}),
         Phase("fixed", {"en": "AuthenticationError caught", "zh": "捕获 AuthenticationError"})),
        wrong_key_finding,
        default_workers=4),
    ("futures", "worker-dies"): Pitfall(
        "futures", "worker-dies", "pitfall_futures_worker_dies",
        {"en": "A worker dies: every unfinished future fails with BrokenProcessPool",
         "zh": "工作进程死掉：所有未完成的 future 都以 BrokenProcessPool 失败"},
        (Phase("broken", {"en": "a task calls os._exit(1)", "zh": "任务调用 os._exit(1)"}),
         Phase("fixed", {"en": "the task raises instead", "zh": "任务改为抛出异常"})),
        worker_dies_finding,
        default_workers=4),
    ("futures", "pool-hangs"): Pitfall(
        "futures", "pool-hangs", "pitfall_futures_worker_dies",
        {"en": "A hang: a Pool worker dies mid-task and map() waits forever",
         "zh": "卡死：Pool 的工作进程在任务中途死掉，map() 永远等下去"},
        (Phase("pool_broken", {"en": "Pool, a task calls os._exit(1)", "zh": "Pool，任务调用 os._exit(1)"},
               watchdog=4.0),
         Phase("pool_fixed", {"en": "Pool, the task raises instead", "zh": "Pool，任务改为抛出异常"})),
        pool_hangs_finding,
        default_workers=4),
    ("start-methods", "fork-with-threads"): Pitfall(
        "start-methods", "fork-with-threads", "pitfall_start_fork_threads",
        {"en": "A hang: fork while another thread holds a lock, and the child waits for it forever",
         "zh": "卡死：另一个线程持有锁时 fork，子进程永远等这把锁"},
        (Phase("broken", {"en": "fork while the lock is held", "zh": "持有锁时 fork"},
               watchdog=4.0, start_method="fork"),
         Phase("fixed", {"en": "the same under spawn", "zh": "同样的代码改用 spawn"},
               watchdog=15.0, start_method="spawn")),
        fork_threads_finding,
        default_workers=4),
    ("cluster", "chatty-proxy"): Pitfall(
        "cluster", "chatty-proxy", "pitfall_cluster_chatty_proxy",
        {"en": "Slow: workers write a manager's dict over TCP one item per call",
         "zh": "很慢：工作进程通过 TCP 往管理器的字典里一次只写一项"},
        (Phase("broken", {"en": "one item per call", "zh": "每次调用写一项"}),
         Phase("fixed", {"en": "computed locally, one call each", "zh": "本地算好，每个进程只调用一次"})),
        chatty_proxy_finding,
        {"en": "items to store (default 6,000)", "zh": "要写入的项数（默认 6,000）"},
        default_workers=4),
}


assert {(topic, name) for topic, names in PITFALL_NAMES.items() for name in names} == set(PITFALLS)


def pitfalls_of(topic: str) -> list[Pitfall]:
    return [p for (t, _), p in PITFALLS.items() if t == topic]


def run_pitfall(pitfall: Pitfall, *, workers: int | None, delay: float, start_method: str | None,
                timeout: float, size: int | None, on_phase: Callable) -> list[DemoRun]:
    """Run every phase in turn, each through `on_phase(pitfall, phase, start)`; stops early
    only if the learner presses Ctrl-C."""
    module = importlib.import_module(f"ipctutor.engine.demos.{pitfall.module}")
    runs = []
    for phase in pitfall.phases:
        options: dict[str, Any] = dict(workers=workers or pitfall.default_workers, delay=delay,
                       start_method=start_method or phase.start_method,
                       timeout=min(timeout, phase.watchdog) if phase.watchdog else timeout)
        target = partial(getattr(module, phase.func), size=size)
        run = on_phase(pitfall, phase, partial(run_demo, pitfall.topic, target=target, **options))
        runs.append(run)
        if run.outcome == "interrupted":
            break
    return runs

