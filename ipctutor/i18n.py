"""The tutor's own words in English and Chinese, and which language the learner reads.

Lesson text lives in the lesson files; this holds everything else the tutor says.
"""
from __future__ import annotations

import locale
import os

LANGUAGES = ("en", "zh")
_current = "en"

MESSAGES: dict[str, dict[str, str]] = {
    # run: panels
    "parent": {"en": "parent", "zh": "父进程"},
    "process": {"en": "process", "zh": "进程"},
    "role": {"en": "role", "zh": "角色"},
    "state": {"en": "state", "zh": "状态"},
    "exit_code": {"en": "exit code", "zh": "退出码"},
    "reported": {"en": "sent / received", "zh": "发送 / 接收"},
    "start_method": {"en": "start method", "zh": "启动方式"},
    "default_marker": {"en": "the default here", "zh": "本平台默认"},
    "not_default": {"en": "not the default here: {default}", "zh": "本平台默认是 {default}"},
    "elapsed": {"en": "elapsed", "zh": "用时"},
    "workers": {"en": "workers", "zh": "子进程数"},
    "results_title": {"en": "What the parent got", "zh": "父进程收到的结果"},
    "processes_title": {"en": "Processes", "zh": "进程"},
    "what_happened": {"en": "What just happened", "zh": "刚才发生了什么"},
    "live_title": {"en": "{topic} demo, live", "zh": "{topic} 演示(实时)"},
    "summary_counts": {"en": "{n} processes: {counts}", "zh": "共 {n} 个进程:{counts}"},
    "more_rows": {"en": "… {n} more (all of them: --json)", "zh": "… 另有 {n} 个(完整列表:--json)"},
    "forkserver_note": {
        "en": "PPID {ppids} is the fork server, not the parent ({parent}): under forkserver the "
              "parent asks a server process, started once, to fork each child for it.",
        "zh": "PPID {ppids} 是 fork server 进程,而不是父进程({parent}):在 forkserver 启动方式下,"
              "父进程请一个事先启动的服务进程替它 fork 出每个子进程。"},
    "outcome_ok": {"en": "Done in {elapsed:.2f} s.", "zh": "完成,用时 {elapsed:.2f} 秒。"},
    "outcome_failed": {"en": "The run failed: {error}", "zh": "运行失败:{error}"},
    "outcome_timeout": {
        "en": "Stopped by the watchdog after {timeout:g} s (--timeout). Still running then: {names}.",
        "zh": "超过 {timeout:g} 秒(--timeout),看门狗终止了运行。当时仍在运行:{names}。"},
    "interrupted": {
        "en": "Interrupted: stopped and reaped every child ({n}).",
        "zh": "已中断:所有子进程({n} 个)均已终止并回收。"},
    "nobody": {"en": "none", "zh": "无"},
    # errors
    "unknown_topic": {"en": "unknown topic {topic!r}{hint}. Topics: {topics}.",
                      "zh": "没有主题 {topic!r}{hint}。可选主题:{topics}。"},
    "did_you_mean": {"en": " (did you mean {guess!r}?)", "zh": "(你是不是想输入 {guess!r}?)"},
    "start_method_unavailable": {
        "en": "the start method {method!r} is not available on this platform; try: {methods}",
        "zh": "本平台不支持启动方式 {method!r};可用:{methods}"},
    "lessons_ok": {"en": "{n} lessons in {folder}: all valid.", "zh": "{folder} 中的 {n} 课全部有效。"},
    "lessons_bad": {"en": "{n} problem(s) in {folder}.", "zh": "{folder} 中有 {n} 个问题。"},
    "debug_hint": {"en": "run with --debug to see the traceback", "zh": "加 --debug 可查看完整 traceback"},
    "internal_error": {"en": "unexpected error: {error} ({hint})", "zh": "意外错误:{error}({hint})"},
    # bench (bench_cli.py)
    "bench_mech_pipe_send": {"en": "Pipe send/recv", "zh": "Pipe send/recv"},
    "bench_mech_pipe_send_bytes": {"en": "Pipe send_bytes/recv_bytes", "zh": "Pipe send_bytes/recv_bytes"},
    "bench_mech_queue": {"en": "Queue", "zh": "Queue"},
    "bench_mech_simple_queue": {"en": "SimpleQueue", "zh": "SimpleQueue"},
    "bench_mech_manager_queue": {"en": "Manager().Queue", "zh": "Manager().Queue"},
    "bench_mech_manager_dict": {"en": "Manager().dict", "zh": "Manager().dict"},
    "bench_mech_raw_value": {"en": "RawValue (no lock)", "zh": "RawValue(无锁)"},
    "bench_mech_value": {"en": "Value (locks on each write)", "zh": "Value(每次写入自动加锁)"},
    "bench_mech_value_get_lock": {"en": "Value: with get_lock(): +=", "zh": "Value:with get_lock(): +="},
    "bench_mech_shared_memory": {"en": "SharedMemory", "zh": "SharedMemory(共享内存)"},
    "bench_group_messages": {"en": "Small messages, child → parent", "zh": "小消息:子进程 → 父进程"},
    "bench_about_messages": {
        "en": "{count:,} small ints per round ({manager_count:,} through a Manager), per message",
        "zh": "每轮 {count:,} 个小整数(经 Manager 的为 {manager_count:,} 个),按每条消息计"},
    "bench_group_writes": {"en": "One shared write, timed in the child", "zh": "一次共享写入(在子进程中计时)"},
    "bench_about_writes": {
        "en": "{count:,} writes per round ({manager_count:,} to a Manager dict), per write",
        "zh": "每轮写 {count:,} 次(Manager dict 为 {manager_count:,} 次),按每次写入计"},
    "bench_group_payload": {"en": "One {size} payload, child → parent", "zh": "一个 {size} 的数据块:子进程 → 父进程"},
    "bench_about_payload": {
        "en": "until the parent holds its own copy of the bytes",
        "zh": "计到父进程拿到属于自己的一份字节数据为止"},
    "bench_rounds": {"en": "median of {rounds} rounds after a warm-up",
                     "zh": "预热一轮后,取 {rounds} 轮的中位数"},
    "bench_col_mechanism": {"en": "mechanism", "zh": "机制"},
    "bench_col_median": {"en": "median", "zh": "中位数"},
    "bench_col_spread": {"en": "min – max", "zh": "最小 – 最大"},
    "bench_col_ratio": {"en": "× fastest", "zh": "相对最快"},
    "bench_col_rate": {"en": "throughput", "zh": "吞吐量"},
    "bench_table_title": {"en": "What each mechanism cost on this machine", "zh": "各机制在本机上的开销"},
    "bench_chart_title": {"en": "Times the fastest of its group (shorter is faster)",
                          "zh": "相对本组最快者的倍数(越短越快)"},
    "bench_log_scale": {"en": "log scale", "zh": "对数刻度"},
    "bench_plan_quick": {"en": "quick (--quick)", "zh": "快速模式(--quick)"},
    "bench_plan_full": {"en": "full", "zh": "完整模式"},
    "bench_header": {"en": "bench: start method {method}, Python {python}, {cpus} CPUs, {plan}",
                     "zh": "bench:启动方式 {method},Python {python},{cpus} 个 CPU,{plan}"},
    "bench_progress_starting": {"en": "Starting one child process per mechanism…",
                                "zh": "正在为每种机制各启动一个子进程…"},
    "bench_progress_messages": {"en": "Timing small messages…", "zh": "正在测量小消息…"},
    "bench_progress_writes": {"en": "Timing shared writes…", "zh": "正在测量共享写入…"},
    "bench_progress_payload": {"en": "Timing {size} payloads…", "zh": "正在测量 {size} 数据块…"},
    "bench_shows_title": {"en": "What this shows", "zh": "这说明了什么"},
    "bench_cmp_manager": {
        "en": "One Manager().dict write (a round trip to the manager's server process) took {x:g}× a "
              "write to a Value (which takes its lock) and {y:g}× a RawValue write: that is what "
              "\"slower than shared memory\" means on this machine.",
        "zh": "一次 Manager().dict 写入(要和 manager 服务进程往返一次)的耗时是 Value 写入(自带加锁)的 "
              "{x:g} 倍、RawValue 写入的 {y:g} 倍:这就是本机上\"比共享内存慢\"的具体含义。"},
    "bench_cmp_manager_queue": {
        "en": "A stream of small messages through a Manager().Queue took {x:g}× a plain Queue per message.",
        "zh": "连续发送小消息时,Manager().Queue 每条消息的耗时是普通 Queue 的 {x:g} 倍。"},
    "bench_cmp_shm": {
        "en": "A {size} payload through shared memory took 1/{x:g} of the time a Queue took "
              "(no pickling: one copy in, one copy out).",
        "zh": "同样传 {size} 数据,共享内存的耗时只有 Queue 的 1/{x:g}(不需要 pickle,只有写入、读出各拷贝一次)。"},
    "bench_cmp_shm_same": {
        "en": "A {size} payload took about as long through shared memory as through a Queue here "
              "(Queue: {x:g}× shared memory); the copy, not the pickling, is what costs at this size.",
        "zh": "在本机上传 {size} 数据时,共享内存和 Queue 耗时相近(Queue 是共享内存的 {x:g} 倍);"
              "这个大小下主要开销在拷贝,而不是 pickle。"},
    "bench_footer": {
        "en": "Measured in {elapsed:.1f} s ({plan}), start method {method}. Figures vary from run to run "
              "and machine to machine: compare the shapes, not the digits.",
        "zh": "测量用时 {elapsed:.1f} 秒({plan}),启动方式 {method}。每次运行、每台机器的数字都会有出入:"
              "看相对快慢,不必纠结具体数值。"},
    "bench_saved": {"en": "Saved as your latest figures (the Manager lesson quotes them): {path}",
                    "zh": "已保存为你的最新测量结果(Manager 一课会引用):{path}"},
    "bench_not_saved": {"en": "could not save the figures to {path}: {error}",
                        "zh": "无法把测量结果保存到 {path}:{error}"},
    "bench_export_suffix": {"en": "--export {file}: unknown suffix {suffix!r}; use .svg or .html",
                            "zh": "--export {file}:不支持的后缀 {suffix!r};请用 .svg 或 .html"},
    "bench_export_folder": {"en": "--export {file}: the folder {folder} does not exist; create it first",
                            "zh": "--export {file}:目录 {folder} 不存在,请先创建"},
    "bench_export_failed": {"en": "--export {file}: could not write it ({error})",
                            "zh": "--export {file}:写入失败({error})"},
    "bench_exported": {"en": "Wrote {file}.", "zh": "已写入 {file}。"},
    "bench_failed": {"en": "the benchmark failed: {error}", "zh": "测量失败:{error}"},
}


def detect_language(explicit: str | None = None) -> str:
    """--lang, else IPCTUTOR_LANG, else the locale (LANG=zh_CN.UTF-8 means zh), else English."""
    for candidate in (explicit, os.environ.get("IPCTUTOR_LANG")):
        if candidate:
            return "zh" if candidate.lower().startswith("zh") else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    try:
        code = locale.getlocale()[0] or ""
    except ValueError:
        code = ""
    return "zh" if code.lower().startswith("zh") else "en"


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGUAGES else "en"


def language() -> str:
    return _current


def t(key: str, **values) -> str:
    """The tutor's message `key` in the learner's language, filled in."""
    entry = MESSAGES[key]
    return (entry.get(_current) or entry["en"]).format(**values)
