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
