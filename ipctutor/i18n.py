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
    "printed_title": {"en": "What the parent printed", "zh": "父进程打印的内容"},
    "processes_title": {"en": "Processes", "zh": "进程"},
    "what_happened": {"en": "What just happened", "zh": "刚才发生了什么"},
    "live_title": {"en": "{topic} demo, live", "zh": "{topic} 演示（实时）"},
    "watch_live_title": {"en": "{script}, watched live", "zh": "{script}（实时观察）"},
    "watch_output_title": {"en": "What the script printed", "zh": "脚本打印的内容"},
    "output_cut": {
        "en": "… {n} earlier lines (all of them: --json)",
        "zh": "……前面还有 {n} 行（完整内容：--json）",
    },
    "summary_counts": {"en": "{n} processes: {counts}", "zh": "共 {n} 个进程：{counts}"},
    "more_rows": {
        "en": "… {n} more (all of them: --json)",
        "zh": "… 另有 {n} 个（完整列表：--json）",
    },
    "ppid_forkserver_short": {
        "en": "fork server",
        "zh": "服务进程",
    },  # a narrow PPID cell; the note says more
    "forkserver_note": {
        "en": "PPID {ppids} is the fork server, not the parent ({parent}): under forkserver the "
        "parent asks a server process, started once, to fork each child for it.",
        "zh": "PPID {ppids} 是 forkserver 的服务进程，而不是父进程（{parent}）：在 forkserver 启动方式下，"
        "父进程请一个事先启动的服务进程替它 fork 出每个子进程。",
    },
    "outcome_ok": {"en": "Done in {elapsed:.2f} s.", "zh": "完成，用时 {elapsed:.2f} 秒。"},
    "outcome_failed": {"en": "The run failed: {error}", "zh": "运行失败：{error}"},
    "outcome_timeout": {
        "en": "Stopped by the watchdog after {timeout:g} s (--timeout). Still running then: {names}.",
        "zh": "超过 {timeout:g} 秒（--timeout），看门狗终止了运行。当时仍在运行：{names}。",
    },
    "interrupted": {
        "en": "Interrupted: stopped and reaped every child ({n}).",
        "zh": "已中断：所有子进程（{n} 个）均已终止并回收。",
    },
    # a line the program says in its own name on stderr (an interruption, a failed run)
    "program_line": {"en": "ipctutor: {line}", "zh": "ipctutor：{line}"},
    "interrupted_none": {  # the demo's own cleanup (a with-block: Pool, LocalCluster) had ended them
        "en": "Interrupted: no child was still running.",
        "zh": "已中断：没有仍在运行的子进程。",
    },
    "nobody": {"en": "none", "zh": "无"},
    "in_parens": {"en": "{text} ({note})", "zh": "{text}（{note}）"},
    "titled": {
        "en": "{text}  ({note})",
        "zh": "{text}（{note}）",
    },  # a panel's title and where it is
    "noted_cell": {
        "en": "{text} ({note})",
        "zh": "{text}\n（{note}）",
    },  # a table cell: Rich breaks English at its space
    "separator": {"en": ", ", "zh": "，"},
    "list_separator": {"en": ", ", "zh": "、"},
    "labelled": {"en": "{label}: {value}", "zh": "{label}：{value}"},
    "two_sentences": {"en": "{first} {second}", "zh": "{first}{second}"},
    "seconds": {"en": "{seconds:.1f} s", "zh": "{seconds:.1f} 秒"},
    "elapsed_paren": {"en": "({seconds:.2f} s)", "zh": "（{seconds:.2f} 秒）"},
    "state_and_error": {"en": "{state}: {error}", "zh": "{state}：{error}"},
    "plain_ops_elided": {
        "en": "… its operations after the first {n} are not shown (--json lists them all)",
        "zh": "……前 {n} 个操作之后的不再显示（--json 会全部列出）",
    },
    "plain_header": {
        "en": "{topic}: start method {method}, parent pid {pid}, workers {workers}",
        "zh": "{topic}：启动方式 {method}，父进程 pid {pid}，子进程数 {workers}",
    },
    "watch_plain_header": {
        "en": "{script}: start method {method}, parent pid {pid}",
        "zh": "{script}：启动方式 {method}，父进程 pid {pid}",
    },
    "processes_failed": {"en": "{n} processes failed", "zh": "{n} 个进程失败"},
    "process_failed": {"en": "1 process failed", "zh": "1 个进程失败"},
    "parent_stranded": {
        "en": "every child has exited but the parent is still waiting: a failed child never sent what the "
        "parent expects",
        "zh": "所有子进程都已退出，父进程却还在等待：一个失败的子进程始终没有发出父进程等着的数据",
    },
    "script_exit_code": {
        "en": "the script exited with code {code}",
        "zh": "脚本以退出码 {code} 结束",
    },
    # an uncaught error and where it was raised (the observer sends the file, line and function)
    "error_where": {
        "en": "{error} ({file}:{line} in {func})",
        "zh": "{error}（{file}:{line}，在 {func} 中）",
    },
    # an observed call that raised: `BoundedSemaphore.release raised ValueError: ...`
    "op_raised": {"en": "{op} raised {error}", "zh": "{op} 抛出了 {error}"},
    # a line a process printed, in its own words (a pitfall phase's result is its last)
    "printed_line": {"en": "printed: {line}", "zh": "打印了：{line}"},
    "interrupted_plain": {"en": "interrupted", "zh": "已中断"},
    # the same endings by SIGTERM (kill) or SIGHUP (the terminal closed): stopping.py
    "ended": {
        "en": "Ended by {signal} ({why}): stopped and reaped every child ({n}).",
        "zh": "因 {signal}（{why}）而结束：所有子进程（{n} 个）均已终止并回收。",
    },
    "ended_none": {
        "en": "Ended by {signal} ({why}): no child was still running.",
        "zh": "因 {signal}（{why}）而结束：没有仍在运行的子进程。",
    },
    "ended_plain": {"en": "ended by {signal} ({why})", "zh": "因 {signal}（{why}）而结束"},
    "why_SIGTERM": {"en": "asked to stop", "zh": "被要求停止"},
    "why_SIGHUP": {"en": "the terminal was closed", "zh": "终端已关闭"},
    # run --timeline, --trace (screen/timeline.py, content/trace.py)
    "timeline_title": {
        "en": "Timeline: 0 to {span:.0f} ms after the demo started, one column ≈ {column:.1f} ms",
        "zh": "时间线：演示开始后 0 到 {span:.0f} 毫秒，每列约 {column:.1f} 毫秒",
    },
    "timeline_title_squeezed": {
        "en": "Timeline: 0 to {span:.0f} ms after the demo started",
        "zh": "时间线：演示开始后 0 到 {span:.0f} 毫秒",
    },
    "timeline_legend_squeezed": {
        "en": "{gap} on the ruler: nothing happened there for a long stretch, drawn shorter so that "
        "each moment where something happened gets room",
        "zh": "标尺上的 {gap}：那里很长一段时间没有动静，画得更短，好让每个有动静的时刻都有位置",
    },
    "timeline_legend_lines": {
        "en": "{own} running, as the process itself reported   {seen} alive, as the parent saw it: "
        "{first} its PID first seen, {exit} its exit seen (both a little late), then the exit code",
        "zh": "{own} 进程自己报告的运行期间　{seen} 父进程看到的存活期间：{first} 首次看到它的 PID，"
        "{exit} 看到它退出（两者都会晚一点），后面是退出码",
    },
    "timeline_legend_marks": {
        "en": "{sent} sent (put, wrote …)   {received} received   {other} another step it reported   {failed} failed",
        "zh": "{sent} 发送（放入、写入……）　{received} 接收　{other} 它报告的其他步骤　{failed} 失败",
    },
    "timeline_clock": {
        "en": "Times: time.monotonic() (CLOCK_MONOTONIC), one clock for every process, read by each "
        "process right after its step, or by the parent's monitor thread when it noticed.",
        "zh": "时间：time.monotonic()（CLOCK_MONOTONIC），所有进程共用同一个时钟；由进程在每一步之后立即读取，"
        "或由父进程的监视线程在察觉时读取。",
    },
    "timeline_more": {
        "en": "… {n} more processes (all of them: --json or --trace FILE.json)",
        "zh": "… 另有 {n} 个进程（完整列表：--json 或 --trace FILE.json）",
    },
    "timeline_one_run": {
        "en": "--timeline and --trace show one run: they cannot be combined with --pitfall or --repeat",
        "zh": "--timeline 和 --trace 只针对单次运行：不能与 --pitfall 或 --repeat 同时使用",
    },
    "trace_suffix": {
        "en": "--trace {file}: the name must end in .json (a Chrome trace file that Perfetto opens)",
        "zh": "--trace {file}：文件名必须以 .json 结尾（Perfetto 能打开的 Chrome 跟踪文件）",
    },
    "trace_folder": {
        "en": "--trace {file}: cannot write into {folder} (no such folder, or not writable)",
        "zh": "--trace {file}：无法写入 {folder}（文件夹不存在或不可写）",
    },
    "trace_is_folder": {
        "en": "--trace {file}: that is a folder; give a file name ending in .json",
        "zh": "--trace {file}：这是一个文件夹；请给出以 .json 结尾的文件名",
    },
    "trace_failed": {
        "en": "could not write the trace {file}: {error}",
        "zh": "无法写入跟踪文件 {file}：{error}",
    },
    "trace_written": {
        "en": "Wrote the trace {file}: open it in https://ui.perfetto.dev (or chrome://tracing).",
        "zh": "已写入跟踪文件 {file}：可在 https://ui.perfetto.dev（或 chrome://tracing）中打开。",
    },
    "options_after_script": {
        "en": "ipctutor: note: {options} came after {script}, so your script gets it, as "
        "`python {script} {options}` would; for ipctutor {command}, put it before the script: "
        "ipctutor {command} {options} {script}",
        "zh": "ipctutor：提示：{options} 写在 {script} 后面，所以交给了你的脚本，就像 "
        "`python {script} {options}` 那样；要交给 ipctutor {command}，请写在脚本前面："
        "ipctutor {command} {options} {script}",
    },
    "show_hides_module": {
        "en": "ipctutor: warning: {file} is named like the standard module '{module}': a script "
        "beside it that imports {module} gets this file instead; save it as ipc_{module}.py",
        "zh": "ipctutor：警告：{file} 与标准库模块 '{module}' 同名：同一目录下导入 {module} 的脚本"
        "会导入这个文件，而不是标准库模块；请改存为 ipc_{module}.py",
    },
    # errors
    "unknown_topic": {
        "en": "unknown topic {topic!r}{hint}. Topics: {topics}.",
        "zh": "没有主题 {topic!r}{hint}。可选主题：{topics}。",
    },
    "script_missing": {
        "en": "no such file: {file!r}; give the path of your Python script, e.g. ipctutor {command} my_script.py",
        "zh": "没有这个文件：{file!r}；请给出你的 Python 脚本的路径，例如 ipctutor {command} my_script.py",
    },
    "script_is_option": {
        "en": "no such option for ipctutor {command}: {option} (see ipctutor {command} --help); "
        "--lang, --debug and --lessons go before the command: ipctutor --lang zh {command} my_script.py",
        "zh": "ipctutor {command} 没有选项 {option}（见 ipctutor {command} --help）；"
        "--lang、--debug 和 --lessons 要写在命令前面：ipctutor --lang zh {command} my_script.py",
    },
    "script_is_dir": {
        "en": "{file!r} is a folder; give one Python script in it",
        "zh": "{file!r} 是一个目录；请给出其中的一个 Python 脚本",
    },
    "script_unreadable": {
        "en": "cannot read {file!r}: {error}",
        "zh": "无法读取 {file!r}：{error}",
    },
    "script_not_python": {
        "en": "{file!r} is not Python that runs: line {line}: {error}; fix that line first",
        "zh": "{file!r} 不是能运行的 Python 代码：第 {line} 行：{error}；请先改好这一行",
    },
    "script_not_text": {
        "en": "{file!r} is not a Python script (not UTF-8 text); give a .py file",
        "zh": "{file!r} 不是 Python 脚本（不是 UTF-8 文本）；请给出一个 .py 文件",
    },
    "did_you_mean": {"en": " (did you mean {guess!r}?)", "zh": "（你是不是想输入 {guess!r}？）"},
    "start_method_unavailable": {
        "en": "the start method {method!r} is not available on this platform; try: {methods}",
        "zh": "本平台不支持启动方式 {method!r}；可用：{methods}",
    },
    "lessons_ok": {
        "en": "{n} lessons in {folder}: all valid.",
        "zh": "{folder} 中的 {n} 课全部有效。",
    },
    "check_not_a_folder": {
        "en": "{folder} is not a folder: give the folder that holds the lessons "
        "(*.yaml) or the exercises (manifest.yaml)",
        "zh": "{folder} 不是一个目录：请给出存放课程（*.yaml）或练习（manifest.yaml）的目录",
    },
    "content_bad": {"en": "Problems found: {n}.", "zh": "共发现 {n} 个问题。"},
    "exercises_ok": {
        "en": "{n} exercises in {folder}: all valid.",
        "zh": "{folder} 中的 {n} 道练习全部有效。",
    },
    "debug_hint": {
        "en": "run with --debug to see the traceback",
        "zh": "加 --debug 可查看完整 traceback",
    },
    "internal_error": {
        "en": "unexpected error: {error} ({hint})",
        "zh": "意外错误：{error}（{hint}）",
    },
    # learn, quiz, list, progress, reset (commands/learning.py, screen/learn.py, quiz, prompts, progress)
    "warning_line": {"en": "ipctutor: warning: {line}", "zh": "ipctutor：警告：{line}"},
    "progress_cannot_save": {
        "en": "cannot save progress in {folder} ({reason}): set IPCTUTOR_HOME to a folder you can write",
        "zh": "无法在 {folder} 保存学习进度（{reason}）：请把 IPCTUTOR_HOME 设为一个有写权限的目录",
    },
    "progress_cannot_read": {
        "en": "cannot read progress in {folder} ({reason}): set IPCTUTOR_HOME to a folder you can read",
        "zh": "无法读取 {folder} 中的学习进度（{reason}）：请把 IPCTUTOR_HOME 设为一个可读的目录",
    },
    "progress_newer": {
        "en": "{path} was written by a newer ipctutor (progress format {version}, this one reads "
        "{ours}): upgrade ipctutor, or set IPCTUTOR_HOME to another folder",
        "zh": "{path} 由更新版本的 ipctutor 写入（进度格式 {version}，当前版本只支持 {ours}）："
        "请升级 ipctutor，或把 IPCTUTOR_HOME 指向另一个目录",
    },
    "progress_damaged": {
        "en": "the progress file {path} was damaged ({reason}); moved it aside as {backup} and started afresh",
        "zh": "进度文件 {path} 已损坏（{reason}）；已另存为备份 {backup}，进度从头开始记录",
    },
    "progress_damaged_stuck": {
        "en": "the progress file {path} cannot be read as progress ({reason}) nor moved aside: move it "
        "away, or set IPCTUTOR_HOME to another folder",
        "zh": "进度文件 {path} 无法作为进度读取（{reason}），也无法移到一旁：请把它移走，"
        "或者把 IPCTUTOR_HOME 设为另一个目录",
    },
    "damage_shape": {"en": "not a progress file", "zh": "不是进度文件的格式"},
    "damage_too_large": {
        "en": "a number or a nesting too large to read",
        "zh": "其中的数字或嵌套层数太大，无法读取",
    },
    "damage_not_file": {
        "en": "not a regular file (a folder, a named pipe or a device)",
        "zh": "不是普通文件（而是目录、命名管道或设备）",
    },
    "damage_not_utf8": {"en": "not UTF-8 text", "zh": "不是 UTF-8 文本"},
    "damage_empty": {"en": "empty", "zh": "文件为空"},
    "damage_truncated": {"en": "truncated", "zh": "内容被截断"},
    "damage_not_json": {"en": "not valid JSON", "zh": "不是合法的 JSON"},
    "progress_not_kept": {
        "en": "{error}; progress of this session will not be kept",
        "zh": "{error}；本次的学习进度不会被保存",
    },
    "your_answer": {"en": "Your answer:", "zh": "你的答案："},
    "your_answers": {"en": "Your answers:", "zh": "你的答案："},
    "keys_single": {
        "en": "(↑↓ move, Enter answers, h hint, q stop)",
        "zh": "（↑↓ 移动，Enter 作答，h 提示，q 退出）",
    },
    "keys_multiple": {
        "en": "(↑↓ move, Space ticks, Enter answers, h hint, q stop)",
        "zh": "（↑↓ 移动，空格 勾选，Enter 作答，h 提示，q 退出）",
    },
    "tick_one": {"en": "Tick at least one answer with Space.", "zh": "请至少用空格勾选一个答案。"},
    "hint_label": {"en": "Hint {n}/{of}:", "zh": "提示 {n}/{of}："},
    "no_more_hints": {
        "en": "No more hints: that was the last one.",
        "zh": "没有更多提示了，上面已是最后一条。",
    },
    "question_header": {"en": "Question {n} of {of} · {lesson}", "zh": "第 {n}/{of} 题 · {lesson}"},
    "true_or_false": {"en": "True or false?", "zh": "判断对错："},
    "pick_all": {"en": "Tick every right answer.", "zh": "请勾选所有正确答案。"},
    "right": {"en": "Right.", "zh": "回答正确。"},
    "wrong": {"en": "Not quite.", "zh": "回答错误。"},
    "right_answer": {"en": "The answer: {answer}", "zh": "正确答案：{answer}"},
    "right_second": {
        "en": "Right, on the second try (the first try is what counts for the score).",
        "zh": "第二次答对了（计分按第一次作答）。",
    },
    "try_again": {
        "en": "Try once more: the first answer is what counts for the score.",
        "zh": "再试一次：计分按第一次作答。",
    },
    "choice_is_right": {"en": "(a right answer)", "zh": "（正确选项）"},
    "choice_is_wrong": {"en": "(not an answer)", "zh": "（错误选项）"},
    "pause_next_question": {
        "en": "Enter: next question · q: stop",
        "zh": "Enter：下一题 · q：退出",
    },
    "pause_score": {"en": "Enter: your score · q: stop", "zh": "Enter：查看得分 · q：退出"},
    "pause_more_short": {"en": "Enter: more · q: stop", "zh": "Enter：继续 · q：退出"},
    "pause_next": {
        "en": "Enter: next · b: back · q: leave",
        "zh": "Enter：下一页 · b：上一页 · q：退出",
    },
    "pause_code": {
        "en": "Enter: see the demo's code · b: back · q: leave",
        "zh": "Enter：查看演示代码 · b：上一页 · q：退出",
    },
    "pause_run": {
        "en": "Enter: run it live · b: back · q: leave",
        "zh": "Enter：实际运行 · b：上一页 · q：退出",
    },
    "pause_after_demo": {
        "en": "Enter: what commonly goes wrong · b: back · q: leave",
        "zh": "Enter：常见的陷阱 · b：上一页 · q：退出",
    },
    "pause_run_again": {"en": "r: run it again", "zh": "r：再运行一次"},
    "demo_running": {
        "en": "{topic}: running … (what happened follows when it ends)",
        "zh": "{topic}：运行中……（结束后显示发生了什么）",
    },
    "pause_exercise": {
        "en": "Enter: this lesson's exercise · b: back · q: leave",
        "zh": "Enter：本课的练习 · b：上一页 · q：退出",
    },
    "pause_end": {
        "en": "Enter: finish the lesson · b: back · q: leave",
        "zh": "Enter：结束本课 · b：上一页 · q：退出",
    },
    "pause_quiz": {
        "en": "Enter: the quiz ({n} to answer) · b: back · q: leave",
        "zh": "Enter：开始测验（共 {n} 题） · b：上一页 · q：退出",
    },
    "pause_more": {
        "en": "Enter: more (page {n} of {of}) · b: back · q: leave",
        "zh": "Enter：继续（第 {n}/{of} 页） · b：上一页 · q：退出",
    },
    "pause_other_key": {
        "en": "That key does nothing here. {keys}",
        "zh": "这个键在这里没有作用。{keys}",
    },
    "resumed": {
        "en": "Back where you left off: step {n} of {of} (b goes back, `--from-start` begins again).",
        "zh": "从你上次离开的地方继续：第 {n}/{of} 步（b 返回上一页，`--from-start` 从头开始）。",
    },
    "lesson_n_of": {"en": "lesson {n} of {of}", "zh": "第 {n}/{of} 课"},
    # learn: a guess before a run, and what the run showed
    "keys_guess": {
        "en": "(↑↓ move, Enter: this is my guess, q: skip)",
        "zh": "（↑↓ 移动，Enter：就猜这个，q：跳过）",
    },
    "guess_demo_order": {
        "en": "Your guess first: the {n} children start one after another, child-0 first. "
        "Will they finish in that same order?",
        "zh": "先猜一猜：{n} 个子进程依次启动，child-0 最先。它们会按同样的顺序结束吗？",
    },
    "guess_in_order": {"en": "Yes: in the order they started", "zh": "会：按启动的顺序"},
    "guess_other_order": {"en": "No: in some other order", "zh": "不会：顺序不同"},
    "finished_order": {
        "en": "they finished in this order: child {order}",
        "zh": "实际结束顺序：child {order}",
    },
    "guess_pitfall": {
        "en": "Your guess first: {title}. The broken code runs first: will it go wrong this time?",
        "zh": "先猜一猜：{title}。先运行有问题的代码：这一次它会出错吗？",
    },
    "guess_goes_wrong": {"en": "Yes: it goes wrong", "zh": "会：它会出错"},
    "guess_works": {"en": "No: it happens to work this time", "zh": "不会：这次碰巧正常"},
    "your_guess": {"en": "Your guess: {guess}", "zh": "你的猜测：{guess}"},
    "what_happened_was": {"en": "what happened: {actual}", "zh": "实际结果：{actual}"},
    # learn: the lesson's exercise, in place
    "exercise_title": {
        "en": "Practice: fix a real broken script",
        "zh": "练习：修好一个真正有问题的脚本",
    },
    "exercise_offer": {
        "en": "This lesson's exercise: {title} ({name}). p opens it here: the file goes into "
        "./ipctutor-exercises/, you fix it in your own editor, and every save is run for real. "
        "q there brings you back to the lesson. Later: ipctutor practice {name}. Your own script "
        "goes wrong like this? ipctutor doctor YOUR_SCRIPT.py says where.",
        "zh": "本课的练习：{title}（{name}）。按 p 在这里打开：文件放在 ./ipctutor-exercises/ 里，"
        "用你自己的编辑器修改，每次保存都会真正运行检查。在那里按 q 回到本课。以后再做：ipctutor practice {name}。"
        "你自己的脚本也这样出错？ipctutor doctor 你的脚本.py 会指出问题在哪里。",
    },
    "pause_practise": {"en": "p: do it now", "zh": "p：现在就做"},
    "pitfalls_title": {"en": "What commonly goes wrong", "zh": "常见的陷阱"},
    "code_title": {"en": "The demo's code: {file}", "zh": "演示代码：{file}"},
    "code_subtitle": {
        "en": "this is what runs next; as a script: ipctutor show {topic}",
        "zh": "接下来运行的就是这段代码；导出为独立脚本：ipctutor show {topic}",
    },
    "score": {"en": "Score: {right}/{of}", "zh": "得分：{right}/{of}"},
    "quiz_left": {
        "en": "Stopped after {answered} of {of} questions; your answers so far are saved.",
        "zh": "共 {of} 题，答了 {answered} 题后退出；已作答的题目都已保存。",
    },
    "quiz_left_unanswered": {
        "en": "Stopped before answering any of the {of} questions; nothing to save.",
        "zh": "共 {of} 题，一题未答就退出了；没有需要保存的答案。",
    },
    "same_again": {
        "en": "The same questions again: {command}",
        "zh": "再做一遍同样的题目：{command}",
    },
    "lessons_folder_missing": {
        "en": "lessons folder {folder} does not exist: check --lessons or IPCTUTOR_LESSONS",
        "zh": "课程目录 {folder} 不存在：请检查 --lessons 或 IPCTUTOR_LESSONS",
    },
    "no_lesson_files": {
        "en": "no lesson files (*.yaml) in {folder}",
        "zh": "{folder} 中没有课程文件（*.yaml）",
    },
    "no_lesson": {
        "en": "no lesson for {topic!r} in {folder}: run `ipctutor check {folder}`",
        "zh": "{folder} 中没有主题 {topic!r} 的课程：请运行 `ipctutor check {folder}`",
    },
    "needs_terminal": {
        "en": "ipctutor {command} asks questions and needs a terminal, but stdin is not one; "
        "to watch a demo without questions: ipctutor run TOPIC",
        "zh": "ipctutor {command} 需要交互作答，必须在终端中运行，但标准输入不是终端；"
        "只想看演示的话请用：ipctutor run 主题",
    },
    "interrupted_kept": {
        "en": "ipctutor: interrupted; what you did so far is saved (ipctutor progress)",
        "zh": "ipctutor：已中断；之前的进度已保存（ipctutor progress 可查看）",
    },
    "ended_kept": {
        "en": "ipctutor: ended by {signal} ({why}); what you did so far is saved (ipctutor progress)",
        "zh": "ipctutor：因 {signal}（{why}）而结束；之前的进度已保存（ipctutor progress 可查看）",
    },
    "next_done": {"en": "done", "zh": "已完成"},
    "score_partial": {
        "en": "{right}/{of} (stopped after {asked})",
        "zh": "{right}/{of}（做到第 {asked} 题时退出）",
    },
    "left_lesson": {
        "en": "Left the lesson; your progress is saved: ipctutor learn brings you back to this step.",
        "zh": "已退出本课，进度已保存：运行 ipctutor learn 会回到这一步。",
    },
    "lesson_done": {"en": "Lesson done. Next: {next}", "zh": "本课完成。下一步：{next}"},
    "no_questions": {
        "en": "no quiz questions in {where}: run `ipctutor check`",
        "zh": "{where} 中没有测验题：请运行 `ipctutor check`",
    },
    "quiz_intro": {"en": "Questions: {n} (seed {seed}).", "zh": "共 {n} 题（随机种子 {seed}）。"},
    "quiz_topic_or_all": {
        "en": "name a lesson or give --all, not both: ipctutor quiz pipe, or ipctutor quiz --all",
        "zh": "请指定一课或使用 --all，二者不能同时使用：ipctutor quiz pipe 或 ipctutor quiz --all",
    },
    "quiz_nothing_taken": {
        "en": "no lesson taken yet, so nothing to quiz you on: ipctutor learn (or every lesson's "
        "questions: ipctutor quiz --all)",
        "zh": "还没有学过任何一课，没有可以测验的内容：请运行 ipctutor learn（或测验所有课程：ipctutor quiz --all）",
    },
    "review_intro": {
        "en": "Questions due for review, ones you got wrong before: {n}. Getting one right "
        "brings it back later (1, 3, 7, 21 days); wrong, tomorrow.",
        "zh": "到期复习：{n} 道你以前答错的题。答对了会隔得更久再出现（1、3、7、21 天），答错了明天再来。",
    },
    "review_nothing_due": {
        "en": "Nothing due for review today ({later} waiting for a later day). Next: ipctutor learn",
        "zh": "今天没有需要复习的内容（另有 {later} 项在以后的日子等着）。下一步：ipctutor learn",
    },
    "review_exercise": {
        "en": "Exercise due again (you needed its solution): ipctutor practice {name}",
        "zh": "这道练习到期该再做一遍（上次用到了参考答案）：ipctutor practice {name}",
    },
    "review_due_line": {
        "en": "Due for review today: {n}. Run: ipctutor review",
        "zh": "今天有 {n} 项到期复习：ipctutor review",
    },
    "col_lesson": {"en": "lesson", "zh": "课程"},
    "col_title": {"en": "title", "zh": "标题"},
    "col_read": {"en": "read", "zh": "已读"},
    "col_demo": {"en": "demo run", "zh": "运行演示"},
    "col_best": {"en": "best quiz", "zh": "最好成绩"},
    "col_last": {"en": "last quiz", "zh": "最近成绩"},
    "col_exercises": {"en": "exercises", "zh": "练习"},
    "col_exercise": {"en": "exercise", "zh": "练习"},
    "exercises_passed": {"en": "{n}/{of}", "zh": "{n}/{of}"},  # passed of the lesson's exercises
    "exercise_not_yet": {
        "en": "· not passed yet ({checks} checks)",
        "zh": "· 尚未通过（已检查 {checks} 次）",
    },
    "col_next": {"en": "next", "zh": "下一步"},
    "next_overall": {"en": "Next: {command}", "zh": "下一步：{command}"},
    "all_done": {
        "en": "Every lesson done. Test yourself across them all: ipctutor quiz",
        "zh": "所有课程都已完成。综合测验：ipctutor quiz",
    },
    "progress_file": {"en": "Progress file: {path}", "zh": "进度文件：{path}"},
    "nothing_yet": {
        "en": "Nothing recorded yet. Start with: ipctutor learn",
        "zh": "还没有任何记录。从这里开始：ipctutor learn",
    },
    "not_a_lesson": {
        "en": "(not a lesson in the current lessons folder)",
        "zh": "（当前课程目录中没有这一课）",
    },
    "reset_what": {
        "en": "name one lesson (ipctutor reset queue) or use --all",
        "zh": "请指定一课（ipctutor reset queue），或使用 --all",
    },
    "reset_nothing": {
        "en": "Nothing recorded there: nothing to reset.",
        "zh": "没有相关记录，无需重置。",
    },
    "reset_needs_yes": {
        "en": "reset asks for confirmation and stdin is not a terminal: add --yes",
        "zh": "reset 需要确认，但标准输入不是终端：请加上 --yes",
    },
    "reset_all_confirm": {
        "en": "Forget your progress in all {n} lessons?",
        "zh": "确定清除全部 {n} 课的学习进度吗？",
    },
    "reset_confirm": {
        "en": "Forget your progress in {lesson}?",
        "zh": "确定清除 {lesson} 的学习进度吗？",
    },
    "reset_kept": {"en": "Nothing changed.", "zh": "未做任何更改。"},
    "reset_done": {
        "en": "Forgot your progress in: {lessons}.",
        "zh": "已清除以下课程的进度：{lessons}。",
    },
    # bench (commands/bench.py)
    "bench_mech_pipe_send": {"en": "Pipe send/recv", "zh": "Pipe send/recv"},
    "bench_mech_pipe_send_bytes": {
        "en": "Pipe send_bytes/recv_bytes",
        "zh": "Pipe send_bytes/recv_bytes",
    },
    "bench_mech_queue": {"en": "Queue", "zh": "Queue"},
    "bench_mech_simple_queue": {"en": "SimpleQueue", "zh": "SimpleQueue"},
    "bench_mech_manager_queue": {"en": "Manager().Queue", "zh": "Manager().Queue"},
    "bench_mech_manager_dict": {"en": "Manager().dict", "zh": "Manager().dict"},
    "bench_mech_raw_value": {"en": "RawValue (no lock)", "zh": "RawValue（无锁）"},
    "bench_mech_value": {"en": "Value (locks on each write)", "zh": "Value（每次写入自动加锁）"},
    "bench_mech_value_get_lock": {
        "en": "Value: with get_lock(): +=",
        "zh": "Value：with get_lock(): +=",
    },
    "bench_mech_shared_memory": {"en": "SharedMemory", "zh": "SharedMemory（共享内存）"},
    "bench_group_messages": {
        "en": "Small messages, child → parent",
        "zh": "小消息：子进程 → 父进程",
    },
    "bench_about_messages": {
        "en": "{count:,} small ints per round ({manager_count:,} through a Manager), per message",
        "zh": "每轮 {count:,} 个小整数（经 Manager 的为 {manager_count:,} 个），按每条消息计",
    },
    "bench_group_writes": {
        "en": "One shared write, timed in the child",
        "zh": "一次共享写入（在子进程中计时）",
    },
    "bench_about_writes": {
        "en": "{count:,} writes per round ({manager_count:,} to a Manager dict), per write",
        "zh": "每轮写 {count:,} 次（Manager dict 为 {manager_count:,} 次），按每次写入计",
    },
    "bench_group_payload": {
        "en": "One {size} payload, child → parent",
        "zh": "一个 {size} 的数据块：子进程 → 父进程",
    },
    "bench_about_payload": {
        "en": "until the parent holds its own copy of the bytes",
        "zh": "计到父进程拿到属于自己的一份字节数据为止",
    },
    "bench_about_and": {"en": "{about}; {rounds}", "zh": "{about}；{rounds}"},
    "bench_rounds": {
        "en": "median of {rounds} rounds after a warm-up",
        "zh": "预热一轮后，取 {rounds} 轮的中位数",
    },
    "bench_col_mechanism": {"en": "mechanism", "zh": "机制"},
    "bench_col_median": {"en": "median", "zh": "中位数"},
    "bench_col_spread": {"en": "min – max", "zh": "最小 – 最大"},
    "bench_col_ratio": {"en": "× fastest", "zh": "相对最快"},
    "bench_col_rate": {"en": "throughput", "zh": "吞吐量"},
    "bench_table_title": {
        "en": "What each mechanism cost on this machine",
        "zh": "各机制在本机上的开销",
    },
    "bench_chart_title": {
        "en": "Times the fastest of its group (shorter is faster)",
        "zh": "相对本组最快者的倍数（越短越快）",
    },
    "bench_log_scale": {"en": "log scale", "zh": "对数刻度"},
    "bench_plan_quick": {"en": "quick run, --quick", "zh": "快速模式，--quick"},
    "bench_plan_full": {"en": "full run", "zh": "完整模式"},
    "bench_header": {
        "en": "bench: start method {method}, Python {python}, {cpus} CPUs, {plan}",
        "zh": "bench：启动方式 {method}，Python {python}，{cpus} 个 CPU，{plan}",
    },
    "bench_progress_starting": {
        "en": "Starting one child process per mechanism…",
        "zh": "正在为每种机制各启动一个子进程……",
    },
    "bench_progress_messages": {"en": "Timing small messages…", "zh": "正在测量小消息……"},
    "bench_progress_writes": {"en": "Timing shared writes…", "zh": "正在测量共享写入……"},
    "bench_progress_payload": {"en": "Timing {size} payloads…", "zh": "正在测量 {size} 数据块……"},
    "bench_shows_title": {"en": "What this shows", "zh": "这说明了什么"},
    "bench_cmp_manager": {
        "en": "One Manager().dict write (a round trip to the manager's server process) took {x:g}× a "
        "write to a Value (which takes its lock) and {y:g}× a RawValue write: that is what "
        '"slower than shared memory" means on this machine.',
        "zh": "一次 Manager().dict 写入（要和管理器的服务进程往返一次）的耗时是 Value 写入（自带加锁）的 "
        '{x:g} 倍、RawValue 写入的 {y:g} 倍：这就是本机上"比共享内存慢"的具体含义。',
    },
    "bench_cmp_manager_queue": {
        "en": "A stream of small messages through a Manager().Queue took {x:g}× a plain Queue per message.",
        "zh": "连续发送小消息时，Manager().Queue 每条消息的耗时是普通 Queue 的 {x:g} 倍。",
    },
    "bench_cmp_shm": {
        "en": "A {size} payload through shared memory took 1/{x:g} of the time a Queue took "
        "(no pickling: one copy in, one copy out).",
        "zh": "同样传 {size} 数据，共享内存的耗时只有 Queue 的 1/{x:g}（不需要 pickle，只有写入、读出各复制一次）。",
    },
    "bench_cmp_shm_same": {
        "en": "A {size} payload took about as long through shared memory as through a Queue here "
        "(Queue: {x:g}× shared memory); the copy, not the pickling, is what costs at this size.",
        "zh": "在本机上传 {size} 数据时，共享内存和 Queue 耗时相近（Queue 是共享内存的 {x:g} 倍）；"
        "这个大小下主要开销在复制，而不是 pickle。",
    },
    "bench_footer": {
        "en": "Measured in {elapsed:.1f} s ({plan}), start method {method}. Figures vary from run to run "
        "and machine to machine: compare the shapes, not the digits.",
        "zh": "测量用时 {elapsed:.1f} 秒（{plan}），启动方式 {method}。每次运行、每台机器的数字都会有出入："
        "看相对快慢，不必纠结具体数值。",
    },
    "bench_partial": {
        "en": "Only part measured (--only): not kept as your latest figures.",
        "zh": "只测量了一部分（--only）：不会保存为你的最新测量结果。",
    },
    "bench_saved": {
        "en": "Saved as your latest figures (the Manager lesson quotes them): {path}",
        "zh": "已保存为你的最新测量结果（Manager 一课会引用）：{path}",
    },
    "bench_not_saved": {
        "en": "could not save the figures to {path}: {error}",
        "zh": "无法把测量结果保存到 {path}：{error}",
    },
    "bench_export_suffix": {
        "en": "--export {file}: unknown suffix {suffix!r}; use .svg or .html",
        "zh": "--export {file}：不支持的后缀 {suffix!r}；请用 .svg 或 .html",
    },
    "bench_export_folder": {
        "en": "--export {file}: the folder {folder} does not exist; create it first",
        "zh": "--export {file}：目录 {folder} 不存在，请先创建",
    },
    "bench_export_failed": {
        "en": "--export {file}: could not write it ({error})",
        "zh": "--export {file}：写入失败（{error}）",
    },
    "bench_exported": {"en": "Wrote {file}.", "zh": "已写入 {file}。"},
    "bench_failed": {"en": "the benchmark failed: {error}", "zh": "测量失败：{error}"},
    # bench --break-even (engine/break_even.py measures, screen/break_even_view.py draws)
    "be_header": {
        "en": "Break-even of worker processes against a for loop: {workers} workers, start method "
        "{method}, Python {python}, {cpus} CPUs, {plan}.",
        "zh": "工作进程与 for 循环的盈亏平衡点：{workers} 个工作进程，启动方式 {method}，"
        "Python {python}，{cpus} 个 CPU，{plan}。",
    },
    "be_progress_starting": {"en": "Starting the pools…", "zh": "正在启动进程池……"},
    "be_progress": {
        "en": "Timing items of {iterations} iterations ({done} of {total} sizes done)…",
        "zh": "正在测量每个元素 {iterations} 次迭代的情形（已完成 {done}/{total} 种大小）……",
    },
    "be_way_loop": {"en": "for loop", "zh": "for 循环"},
    "be_way_pool_map_1": {"en": "Pool.map chunksize=1", "zh": "Pool.map chunksize=1"},
    "be_way_pool_map_chunks": {"en": "Pool.map in chunks", "zh": "Pool.map 分块"},
    "be_way_executor_map": {"en": "executor.map", "zh": "executor.map"},
    "be_way_executor_map_chunks": {"en": "executor.map in chunks", "zh": "executor.map 分块"},
    "be_col_iterations": {"en": "iterations", "zh": "迭代次数"},
    "be_col_items": {"en": "items", "zh": "元素数"},
    "be_col_chunksize": {"en": "chunksize", "zh": "chunksize"},
    "be_table_title": {
        "en": "Time per item in µs, the best of {rounds} rounds (an item is a loop of so many iterations)",
        "zh": "每个元素的用时（微秒），取 {rounds} 轮中最好的一次（一个元素就是一个迭代这么多次的循环）",
    },
    "be_chart_title": {
        "en": "Time per item ÷ the for loop's, by item size (log scales): below the ─ line, processes pay",
        "zh": "每个元素的用时 ÷ for 循环的用时，按元素大小排列（对数刻度）：落在 ─ 线以下，用进程才划算",
    },
    "be_axis_iterations": {"en": "iters", "zh": "迭代"},
    "be_axis_loop_time": {"en": "1 item", "zh": "单元素"},
    "be_legend": {
        "en": "p {pool_one}, P {pool_chunks}, e {executor} (chunksize=1), E {executor_chunks}; "
        '"1 item": one item\'s time in the for loop.',
        "zh": "p {pool_one}，P {pool_chunks}，e {executor}（chunksize=1），E {executor_chunks}；"
        "“单元素”：for 循环里一个元素的用时。",
    },
    "be_found": {
        "en": "{way}: pays from about {iterations} iterations per item, {ms} ms of work in each.",
        "zh": "{way}：从每个元素约 {iterations} 次迭代起划算，即每个元素约 {ms} 毫秒的计算量。",
    },
    "be_never": {
        "en": "{way}: never as fast as the loop, even at {iterations} iterations ({ms} ms) per item.",
        "zh": "{way}：即使每个元素 {iterations} 次迭代（{ms} 毫秒），也从没追上 for 循环。",
    },
    "be_rule": {
        "en": "Rule of thumb on this machine: sent one item per task, an item must take at least "
        "{one} before a process pays; sent in chunks of many items, {chunked} of work per item. "
        "Check it: ipctutor run futures --pitfall tiny-tasks.",
        "zh": "这台计算机上的经验法则：每个任务只带一个元素时，一个元素至少要有{one}的计算量，用进程"
        "才划算；按很多元素一块分块发送时，每个元素{chunked}的计算量就够了。验证一下：ipctutor run futures --pitfall tiny-tasks。",
    },
    "be_rule_ms": {"en": "~{ms} ms", "zh": "约 {ms} 毫秒"},
    "be_rule_beyond": {
        "en": "more than {ms} ms (the largest item measured)",
        "zh": "超过 {ms} 毫秒（测量过的最大元素）",
    },
    "be_never_paid": {
        "en": "With {workers} workers no way of sending paid off here: another program may be using "
        "the CPUs, or there is only one to use. Run it again when the machine is quiet.",
        "zh": "用 {workers} 个工作进程，哪种发送方式在这里都不划算：可能有别的程序在占用 CPU，"
        "或者只有一个 CPU 可用。等计算机空闲时再运行一次。",
    },
    "be_footer": {
        "en": "Measured in {seconds} s. The times are this machine's, now; --json gives every figure.",
        "zh": "测量用时 {seconds} 秒。这些时间只属于这台计算机的此时此刻；--json 给出全部数据。",
    },
    "be_not_with": {
        "en": "--break-even times its own ways of sending tasks: leave out {option}.",
        "zh": "--break-even 测量的是它自己的几种任务发送方式：请去掉 {option}。",
    },
}

# manager serve and run manager --connect (commands/network.py), compare (commands/compare.py)
MESSAGES.update(
    {
        "net_event_connected": {"en": "connected", "zh": "已连接"},
        "net_event_disconnected": {"en": "disconnected", "zh": "已断开"},
        "net_event_refused": {"en": "refused: wrong authkey", "zh": "已拒绝：authkey 不对"},
        "net_event_dropped": {
            "en": "dropped: did not prove it knows the authkey in time (or too many were waiting)",
            "zh": "已断开：没有及时证明它知道 authkey（或者等待的连接太多）",
        },
        "net_serving": {
            "en": "Serving a shared dict at {where} (manager pid {pid}). Ctrl-C stops it.",
            "zh": "共享字典已在 {where} 上提供服务（管理器进程 pid {pid}）。按 Ctrl-C 停止。",
        },
        "net_key_generated": {
            "en": "authkey: {secret} (made up for this server; choose your own with --authkey)",
            "zh": "authkey：{secret}（为本次服务随机生成；也可以用 --authkey 自己指定）",
        },
        "net_key_given": {
            "en": "authkey: the one you gave, written KEY below",
            "zh": "authkey：你指定的那个，下面写作 KEY",
        },
        "net_connect_with": {
            "en": "Connect from another terminal (or another computer, if --host lets it in). The key goes "
            "in {env}, not on the command line: every user on a machine can read a command line "
            "(`ps`), only you can read your environment, and whoever has the key can run code in "
            "this server (pickle):",
            "zh": "在另一个终端（如果 --host 允许，也可以在另一台计算机）上连接。key 放在 {env} 里，"
            "不要写在命令行上：机器上的每个用户都能（用 `ps`）看到命令行，环境变量只有你自己能读；"
            "而拿到 key 的人就能（通过 pickle）在这个服务器里运行代码：",
        },
        "net_authkey_visible": {
            "en": "ipctutor: warning: --authkey on the command line is visible to every user on this "
            "machine (`ps`); set {env} instead.",
            "zh": "ipctutor: 警告：写在命令行上的 --authkey 本机每个用户都能（用 `ps`）看到；"
            "请改用环境变量 {env}。",
        },
        "net_connect_python": {
            "en": "or from your own Python code:",
            "zh": "或者在你自己的 Python 代码里：",
        },
        "net_waiting": {
            "en": "Waiting for clients: every connection and every call on the dict shows up below.",
            "zh": "等待客户端：每个连接、对字典的每次调用都会显示在下面。",
        },
        "net_stopped": {
            "en": "ipctutor: manager stopped by Ctrl-C (exit code 130); it held {keys} keys and answered "
            "{calls} calls.",
            "zh": "ipctutor：管理器已被 Ctrl-C 停止（退出码 130）；停止时字典里有 {keys} 个键，"
            "共处理了 {calls} 次调用。",
        },
        "net_ended": {
            "en": "ipctutor: manager stopped by {signal} ({why}; exit code {code}); it held {keys} keys and "
            "answered {calls} calls.",
            "zh": "ipctutor：管理器因 {signal}（{why}）停止（退出码 {code}）；停止时字典里有 {keys} 个键，"
            "共处理了 {calls} 次调用。",
        },
        "net_exposed_warning": {
            "en": "ipctutor: warning: listening on {where}: other computers can reach it. The traffic is "
            "pickled and NOT encrypted (the authkey only authenticates peers, with HMAC), and anyone "
            "who has the key can make this process run any code. Never expose it to untrusted "
            "peers or networks.",
            "zh": "ipctutor：警告：正在 {where} 上监听，其他计算机可以连进来。通信内容用 pickle 序列化，"
            "没有加密（authkey 只是用 HMAC 验证对方身份），任何拿到密钥的人都能让这个进程执行"
            "任意代码。绝不要把它暴露给不可信的对端或网络。",
        },
        "net_empty_authkey": {
            "en": "--authkey must not be empty: give a secret, or leave the option out and "
            "`ipctutor manager serve` makes one up",
            "zh": "--authkey 不能为空：请给出一个密钥，或者去掉这个选项，让 `ipctutor manager serve` 随机生成",
        },
        "net_unknown_host": {
            "en": "unknown host {host!r}: check the name, or give an IP address",
            "zh": "无法解析主机名 {host!r}：请检查拼写，或者直接写 IP 地址",
        },
        "net_ipv6": {
            "en": "{host!r} is an IPv6 address, and multiprocessing's managers speak IPv4 only: give an "
            "IPv4 address (127.0.0.1) or a host name",
            "zh": "{host!r} 是 IPv6 地址，而 multiprocessing 的管理器只支持 IPv4：请写 IPv4 地址"
            "（如 127.0.0.1）或主机名",
        },
        "net_port_in_use": {
            "en": "cannot listen on {where}: the port is in use (another `manager serve`?); choose "
            "another with --port, or --port 0 for any free one",
            "zh": "无法在 {where} 上监听：端口已被占用（是不是已经有一个 `manager serve` 在运行？）；"
            "请用 --port 换一个端口，或者用 --port 0 让系统挑一个空闲端口",
        },
        "net_not_local": {
            "en": "cannot listen on {host}: it is not an address of this machine; use 127.0.0.1, "
            "0.0.0.0 (every interface) or one of this machine's own addresses",
            "zh": "无法在 {host} 上监听：这不是本机的地址；请用 127.0.0.1、0.0.0.0（所有网卡）"
            "或本机自己的某个地址",
        },
        "net_port_denied": {
            "en": "cannot listen on {where}: permission denied (ports below 1024 need root); choose "
            "another with --port",
            "zh": "无法在 {where} 上监听：权限不足（1024 以下的端口需要 root）；请用 --port 换一个端口",
        },
        "net_cannot_listen": {
            "en": "cannot listen on {where}: {reason}",
            "zh": "无法在 {where} 上监听：{reason}",
        },
        "net_authkey_without_connect": {
            "en": "--authkey goes with --connect HOST:PORT (a manager started by `ipctutor manager serve`)",
            "zh": "--authkey 需要和 --connect HOST:PORT 一起用（连接由 `ipctutor manager serve` 启动的管理器）",
        },
        "net_connect_manager_only": {
            "en": "--connect works only with the manager topic, not {topic!r}: "
            "ipctutor run manager --connect HOST:PORT --authkey KEY",
            "zh": "--connect 只能用于 manager 主题，不能用于 {topic!r}："
            "ipctutor run manager --connect HOST:PORT --authkey KEY",
        },
        "net_bad_address": {
            "en": "--connect {text!r} is not HOST:PORT: write it like 127.0.0.1:50000 (port 1-65535)",
            "zh": "--connect {text!r} 不是 HOST:PORT 格式：请写成 127.0.0.1:50000 这样（端口 1-65535）",
        },
        "net_needs_authkey": {
            "en": "--connect needs the key `ipctutor manager serve` printed: --authkey KEY (or set {env})",
            "zh": "--connect 需要 `ipctutor manager serve` 打印出的密钥：--authkey KEY（或设置环境变量 {env}）",
        },
        "net_refused": {
            "en": "nothing is listening at {where}: start `ipctutor manager serve` there first "
            "(it prints the command to connect)",
            "zh": "{where} 上没有程序在监听：请先在那里运行 `ipctutor manager serve`（它会打印出连接命令）",
        },
        "net_wrong_key": {
            "en": "the manager at {where} refused the authkey: use the key its `manager serve` printed "
            "(--authkey or IPCTUTOR_AUTHKEY)",
            "zh": "{where} 上的管理器拒绝了这个 authkey：请使用它的 `manager serve` 打印出的密钥"
            "（--authkey 或 IPCTUTOR_AUTHKEY）",
        },
        "net_no_answer": {
            "en": "no answer from {where} within {timeout:g} s: is `ipctutor manager serve` running "
            "there, and does the firewall let the port through?",
            "zh": "{timeout:g} 秒内 {where} 没有应答：那里运行着 `ipctutor manager serve` 吗？"
            "防火墙放行这个端口了吗？",
        },
        "net_unreachable": {
            "en": "cannot reach {where}: {reason}",
            "zh": "无法连接 {where}：{reason}",
        },
        "net_not_ours": {
            "en": "something answers at {where}, but not as `ipctutor manager serve` does ({error}): "
            "check the port",
            "zh": "{where} 上有程序应答，但不是 `ipctutor manager serve`（{error}）：请检查端口",
        },
        "net_after_run": {
            "en": "Every child wrote one key into a dict that is not in this computer's memory: it lives "
            "in process {pid} on host `{host}`, the `ipctutor manager serve` at {where}. Each "
            "`d[key] = value` was pickled, sent over TCP and applied there by one of the server's "
            "threads; the script's last line, `the dict: ...`, is what the server holds now, read back "
            "through a proxy "
            "(keys left by earlier runs or other computers included).\n\n"
            "`Manager()` cannot do this: it listens on a Unix socket path. Only "
            "`BaseManager(address=(host, port), authkey=...)` is reachable from other computers, "
            "and since the traffic is pickled and not encrypted, only ever share it with peers "
            "you trust.",
            "zh": "每个子进程都往一个字典里写了一个键，而这个字典根本不在本机内存里：它在主机 `{host}` 上"
            "的 {pid} 号进程中，也就是 {where} 上的 `ipctutor manager serve`。每次 "
            "`d[key] = value` 都先用 pickle 序列化，经 TCP 发过去，再由服务端的某个线程执行；"
            "脚本打印的最后一行 `the dict: ...` 是通过代理读回来的服务端当前内容（包括之前的运行或其他计算机留下的键）。\n\n"
            "`Manager()` 做不到这一点：它监听的是一个 Unix 套接字路径。只有 "
            "`BaseManager(address=(host, port), authkey=...)` 能被其他计算机访问；"
            "而且通信内容用 pickle 序列化、没有加密，只能在可信的机器之间共享。",
        },
        "compare_title": {
            "en": "{topic} under each start method ({workers} workers, delay {delay:g} s)",
            "zh": "{topic} 在各启动方式下的对比（{workers} 个子进程，每个暂停 {delay:g} 秒）",
        },
        "compare_running": {"en": "running under {method}…", "zh": "正在以 {method} 方式运行……"},
        "compare_row_elapsed": {
            "en": "start-up + run (× fastest)",
            "zh": "启动 + 运行（相对最快者）",
        },
        "compare_row_ppid": {"en": "each child's PPID", "zh": "子进程的 PPID"},
        "compare_row_worked": {"en": "worked", "zh": "是否成功"},
        "compare_row_default": {"en": "default here", "zh": "本机默认"},
        "compare_is_parent": {"en": "parent", "zh": "父进程"},
        "compare_is_forkserver": {"en": "fork server", "zh": "forkserver 的服务进程"},
        "compare_is_other": {"en": "another process", "zh": "其他进程"},
        "compare_yes": {"en": "yes", "zh": "是"},
        "compare_no": {"en": "no: {error}", "zh": "否：{error}"},
        "compare_unavailable": {"en": "not available here", "zh": "本平台不支持"},
        "compare_defaults_title": {"en": "The default start method", "zh": "默认启动方式"},
        "compare_platform": {"en": "platform", "zh": "平台"},
        "compare_this_machine": {"en": "this machine", "zh": "本机"},
        "compare_why_fork": {
            "en": "fork copies the parent as it is: the fastest start, and the child inherits everything, "
            "globals included (which is why the source material's examples work only under fork). "
            "Forking a process that runs threads can deadlock the child.",
            "zh": "fork 把父进程原样复制一份：启动最快，子进程继承一切，包括全局变量（所以老教程里的那些例子"
            "只有在 fork 下才能运行）。对一个有多线程在跑的进程 fork，子进程可能死锁。",
        },
        "compare_why_spawn": {
            "en": "spawn starts a fresh interpreter that imports the main module again and unpickles its "
            "arguments: the slowest start, and the only method on Windows.",
            "zh": "spawn 启动一个全新的解释器，重新导入主模块并反序列化参数：启动最慢，也是 Windows 上"
            "唯一的启动方式。",
        },
        "compare_why_forkserver": {
            "en": "forkserver asks a server process, started once on first use (its cost is in this run's "
            "time), to fork each child from a clean state: so each child's PPID is the fork "
            "server's PID, not the parent's.",
            "zh": "forkserver 让一个服务进程（第一次使用时启动，启动开销算在这次运行的时间里）从干净的"
            "状态 fork 出每个子进程：所以子进程的 PPID 是 forkserver 的服务进程的 PID，而不是父进程的。",
        },
        "compare_verified": {
            "en": "Checked: multiprocessing here ({platform}, Python {version}) reports {method} as the "
            "default, as the table says (◀).",
            "zh": "已核对：本机（{platform}，Python {version}）上 multiprocessing 报告的默认方式是 {method}，"
            "与上表（◀）一致。",
        },
        "compare_mismatch": {
            "en": "Note: the table says {table} for this machine, but multiprocessing here reports {actual}.",
            "zh": "注意：按上表本机默认应是 {table}，但这里的 multiprocessing 报告的是 {actual}。",
        },
    }
)


# run --pitfall and --repeat
MESSAGES.update(
    {
        "unknown_pitfall": {
            "en": "no pitfall {name!r} for {topic}; its pitfalls: {names} "
            "(ipctutor run {topic} --pitfall list)",
            "zh": "{topic} 没有名为 {name!r} 的陷阱；可选：{names}（ipctutor run {topic} --pitfall list）",
        },
        "no_pitfalls": {
            "en": "{topic} has no pitfall demos yet; these topics have: {topics}.",
            "zh": "{topic} 还没有陷阱演示；这些主题有：{topics}。",
        },
        "pitfall_usage": {
            "en": "Run one: ipctutor run {topic} --pitfall {name}",
            "zh": "运行示例：ipctutor run {topic} --pitfall {name}",
        },
        "size_needs_pitfall": {
            "en": "--size goes with --pitfall (see: ipctutor run TOPIC --pitfall list)",
            "zh": "--size 只能和 --pitfall 一起用（参见：ipctutor run TOPIC --pitfall list）",
        },
        "pitfall_alone": {
            "en": "--pitfall cannot be combined with --repeat, --connect or --fail",
            "zh": "--pitfall 不能与 --repeat、--connect 或 --fail 同时使用",
        },
        # run --pitfall: each pitfall's title, what --size means, its phases, and what the runs showed
        # (ipctutor/engine/pitfalls.py fills these in from what the scripts printed and the observer saw)
        "pitfall_title_value_race": {
            "en": "Lost updates: += on a shared Value without the lock",
            "zh": "更新丢失：不加锁对共享 Value 做 +=",
        },
        "pitfall_size_value_race": {
            "en": "increments per worker (default 20,000)",
            "zh": "每个进程的递增次数（默认 20,000）",
        },
        "pitfall_phase_value_race_broken": {"en": "without the lock", "zh": "不加锁"},
        "pitfall_phase_value_race_fixed": {"en": "with get_lock()", "zh": "使用 get_lock()"},
        "pitfall_title_queue_join": {
            "en": "Deadlock: join() before get() with big items",
            "zh": "死锁：数据较大时先 join() 再 get()",
        },
        "pitfall_size_queue_join": {
            "en": "bytes per item (default 100,000)",
            "zh": "每个数据的字节数（默认 100,000）",
        },
        "pitfall_phase_queue_join_broken": {"en": "join, then get", "zh": "先 join() 再 get()"},
        "pitfall_phase_queue_join_fixed": {"en": "get, then join", "zh": "先 get() 再 join()"},
        "pitfall_title_pipe_shared_end": {
            "en": "Corruption: many writers on one end of a Pipe",
            "zh": "数据损坏：多个进程写同一个 Pipe 端",
        },
        "pitfall_size_pipe_shared_end": {
            "en": "bytes per message (default 65,536)",
            "zh": "每条消息的字节数（默认 65,536）",
        },
        "pitfall_phase_pipe_shared_end_broken": {"en": "one Pipe end", "zh": "共用一个 Pipe 端"},
        "pitfall_phase_pipe_shared_end_fixed": {"en": "a Queue", "zh": "改用 Queue"},
        "pitfall_title_lock_no_lock": {
            "en": "Interleaved output: no lock, lock without flush, lock and flush",
            "zh": "输出交错：不加锁、加锁但不 flush()、加锁并 flush()",
        },
        "pitfall_phase_lock_no_lock_broken": {"en": "no lock", "zh": "不加锁"},
        "pitfall_phase_lock_no_lock_lock_only": {"en": "lock, no flush", "zh": "加锁但不 flush()"},
        "pitfall_phase_lock_no_lock_fixed": {"en": "lock and flush", "zh": "加锁并 flush()"},
        "pitfall_title_queue_globals": {
            "en": "NameError: a global made by the parent, used in a spawned child",
            "zh": "NameError：子进程使用父进程里创建的全局变量",
        },
        "pitfall_phase_queue_globals_broken": {
            "en": "Queue used as a global",
            "zh": "把 Queue 当全局变量用",
        },
        "pitfall_phase_queue_globals_fixed": {
            "en": "Queue passed in args",
            "zh": "通过 args 传入 Queue",
        },
        "pitfall_title_shared_memory_unlink": {
            "en": "A leak: every process closes the SharedMemory, nobody unlinks it",
            "zh": "内存泄漏：每个进程都 close() 了 SharedMemory，却没有人 unlink()",
        },
        "pitfall_size_shared_memory_unlink": {
            "en": "bytes in the block (default 1,048,576)",
            "zh": "内存块的字节数（默认 1,048,576）",
        },
        "pitfall_phase_shared_memory_unlink_broken": {"en": "close only", "zh": "只 close()"},
        "pitfall_phase_shared_memory_unlink_fixed": {
            "en": "close everywhere, unlink once",
            "zh": "处处 close()，只 unlink() 一次",
        },
        "pitfall_title_shared_memory_numpy_copy": {
            "en": "A NumPy array through a Queue: every worker writes into a copy of its own",
            "zh": "通过 Queue 传递 NumPy 数组：每个工作进程写入的都是自己的副本",
        },
        "pitfall_size_shared_memory_numpy_copy": {
            "en": "bytes in the array (default 16,777,216)",
            "zh": "数组的字节数（默认 16,777,216）",
        },
        "pitfall_phase_shared_memory_numpy_copy_broken": {
            "en": "the array pickled through a Queue",
            "zh": "数组经 Queue pickle 传递",
        },
        "pitfall_phase_shared_memory_numpy_copy_fixed": {
            "en": "the array on a SharedMemory block",
            "zh": "数组放在 SharedMemory 内存块上",
        },
        "pitfall_title_sync_release": {
            "en": "One release too many: Semaphore grows, BoundedSemaphore raises",
            "zh": "多释放一次：Semaphore 悄悄变大，BoundedSemaphore 抛出异常",
        },
        "pitfall_phase_sync_release_broken": {
            "en": "Semaphore, released twice",
            "zh": "Semaphore，释放两次",
        },
        "pitfall_phase_sync_release_bounded": {
            "en": "BoundedSemaphore, released twice",
            "zh": "BoundedSemaphore，释放两次",
        },
        "pitfall_phase_sync_release_fixed": {
            "en": "with room: released once",
            "zh": "with room:，只释放一次",
        },
        "pitfall_title_joinable_task_done": {
            "en": "A hang: task_done() forgotten when a task fails, so join() never returns",
            "zh": "卡死：任务失败时忘了 task_done()，join() 永远不返回",
        },
        "pitfall_size_joinable_task_done": {
            "en": "tasks to put (default 12; every fifth fails)",
            "zh": "放入的任务数（默认 12；每第五个失败）",
        },
        "pitfall_phase_joinable_task_done_broken": {
            "en": "task_done() only on success",
            "zh": "只在成功时 task_done()",
        },
        "pitfall_phase_joinable_task_done_fixed": {
            "en": "task_done() in finally",
            "zh": "在 finally 里 task_done()",
        },
        "pitfall_title_connection_kept_end": {
            "en": "A hang: the parent keeps the children's ends and waits for EOF",
            "zh": "卡死：父进程留着子进程那一端，一直等 EOF",
        },
        "pitfall_phase_connection_kept_end_broken": {
            "en": "parent keeps its copies",
            "zh": "父进程保留副本",
        },
        "pitfall_phase_connection_kept_end_fixed": {
            "en": "parent closes its copies",
            "zh": "父进程关闭副本",
        },
        "pitfall_title_connection_wrong_key": {
            "en": "One caller with a wrong authkey stops a server that does not catch AuthenticationError",
            "zh": "一个密钥错误的连接方，让不捕获 AuthenticationError 的服务端停了下来",
        },
        "pitfall_phase_connection_wrong_key_broken": {
            "en": "accept() unguarded",
            "zh": "accept() 不加保护",
        },
        "pitfall_phase_connection_wrong_key_fixed": {
            "en": "AuthenticationError caught",
            "zh": "捕获 AuthenticationError",
        },
        "pitfall_title_futures_worker_dies": {
            "en": "A worker dies: every unfinished future fails with BrokenProcessPool",
            "zh": "工作进程死掉：所有未完成的 Future 都以 BrokenProcessPool 失败",
        },
        "pitfall_phase_futures_worker_dies_broken": {
            "en": "a task calls os._exit(1)",
            "zh": "任务调用 os._exit(1)",
        },
        "pitfall_phase_futures_worker_dies_fixed": {
            "en": "the task raises instead",
            "zh": "任务改为抛出异常",
        },
        "pitfall_title_futures_pool_hangs": {
            "en": "A hang: a Pool worker dies mid-task and map() waits forever",
            "zh": "卡死：Pool 的工作进程在任务中途死掉，map() 永远等下去",
        },
        "pitfall_phase_futures_pool_hangs_broken": {
            "en": "Pool, a task calls os._exit(1)",
            "zh": "Pool，任务调用 os._exit(1)",
        },
        "pitfall_phase_futures_pool_hangs_fixed": {
            "en": "Pool, the task raises instead",
            "zh": "Pool，任务改为抛出异常",
        },
        "pitfall_title_futures_tiny_tasks": {
            "en": "Slower than a for loop: tiny tasks cost more to send than to compute",
            "zh": "比 for 循环还慢：小任务发送的开销比计算本身还大",
        },
        "pitfall_size_futures_tiny_tasks": {
            "en": "how many tiny tasks, one multiplication each (default 10,000)",
            "zh": "小任务的个数，每个只做一次乘法（默认 10,000）",
        },
        "pitfall_phase_futures_tiny_tasks_broken": {
            "en": "one item per task (chunksize=1)",
            "zh": "每个任务一个元素（chunksize=1）",
        },
        "pitfall_phase_futures_tiny_tasks_fixed": {
            "en": "chunksize: many items per task",
            "zh": "chunksize：每个任务带很多元素",
        },
        "pitfall_title_pool_ctrl_c": {
            "en": "Ctrl-C in a Pool: every worker gets it too",
            "zh": "在 Pool 里按 Ctrl-C：每个工作进程也都收到了",
        },
        "pitfall_phase_pool_ctrl_c_broken": {
            "en": "Pool and map(), Ctrl-C",
            "zh": "Pool 加 map()，按 Ctrl-C",
        },
        "pitfall_phase_pool_ctrl_c_fixed": {
            "en": "workers ignore SIGINT, the parent terminates",
            "zh": "工作进程忽略 SIGINT，父进程 terminate()",
        },
        "pitfall_title_pool_progress": {
            "en": "A progress bar fed from map() sits at 0, then jumps to the end",
            "zh": "用 map() 驱动的进度条停在 0，然后一下子跳到头",
        },
        "pitfall_phase_pool_progress_broken": {
            "en": "a bar fed from map()",
            "zh": "用 map() 驱动进度条",
        },
        "pitfall_phase_pool_progress_fixed": {
            "en": "a bar fed from imap_unordered()",
            "zh": "用 imap_unordered() 驱动进度条",
        },
        "pitfall_size_pool_progress": {
            "en": "the chunksize, tasks (and results) per batch (default 1; map: its own)",
            "zh": "chunksize，每批的任务数（结果也按批送回）（默认 1；map 由它自己决定）",
        },
        "pitfall_title_start_fork_threads": {
            "en": "A hang: fork while another thread holds a lock, and the child waits for it forever",
            "zh": "卡死：另一个线程持有锁时 fork，子进程永远等这把锁",
        },
        "pitfall_phase_start_fork_threads_broken": {
            "en": "fork while the lock is held",
            "zh": "持有锁时 fork",
        },
        "pitfall_phase_start_fork_threads_fixed": {
            "en": "the same under spawn",
            "zh": "同样的代码改用 spawn",
        },
        "pitfall_title_start_interactive": {
            "en": "A function defined at the >>> prompt: a spawned worker cannot find it",
            "zh": "在 >>> 提示符下定义的函数：spawn 启动的工作进程找不到它",
        },
        "pitfall_phase_start_interactive_broken": {
            "en": "typed at the >>> prompt (python -i)",
            "zh": "在 >>> 提示符下输入（python -i）",
        },
        "pitfall_phase_start_interactive_file": {
            "en": "the same code run as a file",
            "zh": "同样的代码作为文件运行",
        },
        "pitfall_phase_start_interactive_fixed": {
            "en": "at the prompt, the function imported from that file",
            "zh": "在提示符下，从那个文件导入这个函数",
        },
        "pitfall_title_cluster_chatty_proxy": {
            "en": "Slow: workers write a manager's dict over TCP one item per call",
            "zh": "很慢：工作进程通过 TCP 往管理器的字典里一次只写一项",
        },
        "pitfall_size_cluster_chatty_proxy": {
            "en": "items to store (default 6,000)",
            "zh": "要写入的项数（默认 6,000）",
        },
        "pitfall_phase_cluster_chatty_proxy_broken": {
            "en": "one item per call",
            "zh": "每次调用写一项",
        },
        "pitfall_phase_cluster_chatty_proxy_fixed": {
            "en": "computed locally, one call each",
            "zh": "本地算好，每个进程只调用一次",
        },
        "pitfall_title_logging_spawn_config": {
            "en": "Lost records: logging set up in the parent only",
            "zh": "丢失的日志记录：只在父进程里配置了 logging",
        },
        "pitfall_phase_logging_spawn_config_broken": {
            "en": "basicConfig in the parent only",
            "zh": "只在父进程里调用 basicConfig",
        },
        "pitfall_phase_logging_spawn_config_fixed": {
            "en": "QueueHandler in each worker, QueueListener in the parent",
            "zh": "每个工作进程用 QueueHandler，父进程用 QueueListener",
        },
        "pitfall_not_finished": {"en": "The runs did not finish.", "zh": "运行没有完成。"},
        "pitfall_ended_as": {
            "en": "This time the broken run: {broken}; the fix: {fixed}.",
            "zh": "这次出错版本：{broken}；修正版本：{fixed}。",
        },
        "pitfall_race_shown": {
            "en": "{workers} workers: without the lock {lost:,} of {expected:,} updates were lost ({pct}); "
            "with get_lock() {fixed_lost:,} were lost, in {fixed_s} s instead of {broken_s} s.",
            "zh": "{workers} 个工作进程：不加锁时 {expected:,} 次更新丢失了 {lost:,} 次（{pct}）；"
            "用 get_lock() 加锁后丢失 {fixed_lost:,} 次，耗时 {fixed_s} 秒（不加锁 {broken_s} 秒）。",
        },
        "pitfall_race_not_shown": {
            "en": "This time no update was lost without the lock ({expected:,} done): a race depends on "
            "timing. Run it again, or with more --workers or a larger --size.",
            "zh": "这次不加锁也没有丢失更新（共 {expected:,} 次）：竞态条件取决于时序。"
            "再运行一次，或加大 --workers、--size 试试。",
        },
        "pitfall_join_shown": {
            "en": "Joining first: stuck until the watchdog stopped {stopped} after {broken_s:.1f} s. "
            "Getting first: all {items} items arrived and every child exited, in {fixed_s:.2f} s.",
            "zh": "先 join()：一直卡住，{broken_s:.1f} 秒后看门狗终止了 {stopped}。"
            "先 get()：{items} 个数据全部收到，子进程全部退出，用时 {fixed_s:.2f} 秒。",
        },
        "pitfall_join_not_shown": {
            "en": "Joining first this time: {outcome}: items this small fit in the pipe. "
            "Try a larger --size (from 65,515 bytes up a single item never fits).",
            "zh": "这次先 join()：{outcome}：数据足够小，能放进管道缓冲区。"
            "试试更大的 --size（单个数据达到 65,515 字节就一定放不下）。",
        },
        "pitfall_shared_end": {
            "en": "One Pipe end: {intact} of {sent} messages arrived intact, {broken} arrived broken, and "
            "{lost} could never be read (once the bytes mixed, a garbled length swallowed the rest). "
            "Queue: {fixed_intact} of {fixed_sent} intact.",
            "zh": "共用 Pipe 的一端：{sent} 条消息中完好到达 {intact} 条，损坏 {broken} 条，另有 {lost} 条"
            "根本读不出来（字节一旦交错，错乱的长度字段会吞掉后面的数据）。Queue：{fixed_sent} 条中完好 "
            "{fixed_intact} 条。",
        },
        "pitfall_shared_end_not_shown": {
            "en": "Nothing broke this time: try a larger --size (above 16,384 bytes) or more --workers.",
            "zh": "这次没有出错：试试更大的 --size（超过 16,384 字节）或更多 --workers。",
        },
        "pitfall_output": {
            "en": "Reports cut apart by other children's lines: no lock {cut} of {reports}; lock without "
            "flush {lock_cut}; lock and flush {fixed_cut}. Lines cut in half: {halves}, {lock_halves}, "
            "{fixed_halves}.",
            "zh": "被其他子进程的输出切断的报告数：不加锁 {cut}/{reports}；加锁但不 flush() {lock_cut}；"
            "加锁并 flush() {fixed_cut}。被切成两半的行数：{halves}、{lock_halves}、{fixed_halves}。",
        },
        "pitfall_globals_shown": {
            "en": "Using the global under {method}: every child failed with {errors}. Passed in args: all "
            "{messages} messages arrived.",
            "zh": "在 {method} 下使用全局变量：每个子进程都以 {errors} 失败。通过 args 传入：{messages} 条消息"
            "全部收到。",
        },
        "pitfall_globals_not_shown": {
            "en": "Under {method} the global worked: a forked child is a copy of the parent, globals included. "
            "Run it with --start-method spawn (the default on macOS and Windows, and forkserver on Linux "
            "from Python 3.14).",
            "zh": "在 {method} 下全局变量能用：fork 出来的子进程是父进程的副本，全局变量也一起复制了。"
            "用 --start-method spawn 再试（macOS 和 Windows 默认是 spawn，Linux 从 Python 3.14 起默认是 "
            "forkserver）。",
        },
        "pitfall_spawn_config_shown": {
            "en": "Set up in the parent only, under {method}: {seen} of the workers' {records} INFO "
            "records were written; {bare} of the {workers} workers found their root logger with no "
            "handler and level WARNING, and logging.info() dropped their records without a word. "
            "A QueueHandler in each worker and one QueueListener in the parent: {fixed_seen} of "
            "{fixed_records}.",
            "zh": "只在父进程里配置，在 {method} 下：工作进程的 {records} 条 logging.INFO 级别的日志记录只写出了 {seen} 条；"
            "{workers} 个工作进程中有 {bare} 个的根日志记录器没有处理器、级别是 logging.WARNING，"
            "logging.info() 一声不响地丢掉了它们的日志记录。"
            "每个工作进程一个 QueueHandler，父进程一个 QueueListener：{fixed_records} 条中写出了 {fixed_seen} 条。",
        },
        "pitfall_spawn_config_not_shown": {
            "en": "Under {method} the parent's set-up reached the workers: {seen} of {records} records "
            "written (the fix: {fixed_seen} of {fixed_records}). A forked worker is a copy of the "
            "parent, its handler and level with it. Run it with --start-method spawn or forkserver.",
            "zh": "在 {method} 下父进程的配置到达了工作进程：{records} 条日志记录写出了 {seen} 条"
            "（修正版本：{fixed_records} 条中 {fixed_seen} 条）。fork 出来的工作进程是父进程的副本，"
            "处理器和级别也一起复制了。用 --start-method spawn 或 forkserver 再试。",
        },
        "pitfall_interactive_shown": {
            "en": "Typed at the prompt, under {method}: {failed} of {workers} workers failed with exit "
            "code 1: {errors}. The same code run as a file: {file_ok} of {file_workers} workers "
            "worked. At the prompt with the function imported from that file: {fixed_ok} of "
            "{fixed_workers} worked.",
            "zh": "在提示符下输入，在 {method} 下：{workers} 个工作进程中有 {failed} 个失败，退出码为 1："
            "{errors}。同样的代码作为文件运行：{file_workers} 个工作进程中 {file_ok} 个成功。"
            "在提示符下从那个文件导入这个函数：{fixed_workers} 个中 {fixed_ok} 个成功。",
        },
        "pitfall_interactive_not_shown": {
            "en": "Under {method} all {workers} workers found the function typed at the prompt: a "
            "forked worker is a copy of the parent, the function with it. Run it with "
            "--start-method spawn or forkserver (spawn is the default on macOS and Windows, "
            "forkserver on Linux from Python 3.14).",
            "zh": "在 {method} 下，{workers} 个工作进程都找到了在提示符下定义的函数：fork 出来的工作进程"
            "是父进程的副本，函数也一起复制了。用 --start-method spawn 或 forkserver 再试（macOS 和 "
            "Windows 默认是 spawn，Linux 从 Python 3.14 起默认是 forkserver）。",
        },
        "pitfall_still_there": {"en": "still there", "zh": "仍然存在"},
        "pitfall_gone": {"en": "gone", "zh": "已经不在了"},
        "pitfall_unlink": {
            "en": "Nobody unlinked: after all {children} children and the parent had closed it, block {block} "
            "({bytes} bytes) was {left}{after} The parent unlinked once: block {fixed_block} was "
            "{fixed_left} afterwards.",
            "zh": "没有人 unlink()：{children} 个子进程和父进程都 close() 之后，内存块 {block}（{bytes} 字节）"
            "{left}{after}父进程 unlink() 一次：之后内存块 {fixed_block} {fixed_left}。",
        },
        "pitfall_unlink_removed_by_tracker": {
            "en": ' (when the script ended, the resource tracker removed it and warned about "leaked '
            'shared_memory objects"; had the tracker been killed too, it would stay until the next '
            "reboot).",
            "zh": "（脚本结束时，资源跟踪器删掉了它，并警告 “leaked shared_memory objects”；"
            "如果资源跟踪器也被杀掉了，它会一直留到下次重启）。",
        },
        "pitfall_unlink_removed_by_tutor": {
            "en": " (the tutor then unlinked it for you).",
            "zh": "（随后由 ipctutor 替你 unlink 了）。",
        },
        "pitfall_unlink_gone": {"en": ".", "zh": "。"},
        "pitfall_numpy_copy_shown": {
            "en": "Through a Queue, every worker ({workers} in all) unpickled a copy of the "
            "parent's {kind} ({items} float64) and wrote its own item of that copy; writes the "
            "parent read back once all had exited: {seen} of {workers}. On a SharedMemory block "
            "that every process views as the array there is no copy; writes read back: "
            "{fixed_seen} of {fixed_workers}. Measured on this machine, this once: a worker's peak "
            "memory (ru_maxrss, in KiB on Linux) at most {peak} KiB with a copy, {fixed_peak} KiB "
            "on the block; the slowest worker took {slowest:.3f} s against {fixed_slowest:.3f} s; "
            "the parent's peak {parent_peak} KiB against {fixed_parent_peak} KiB.",
            "zh": "通过 Queue 传递时，每个工作进程（共 {workers} 个）都反序列化出父进程那个 {kind}（{items} 个 "
            "float64）的一份副本，并写入这份副本里属于自己的那一项；全部退出之后，父进程读回的写入："
            "{workers} 项中的 {seen} 项。改为把数组放在一块 SharedMemory 上、每个进程都把它看作数组，就没有"
            "副本；读回的写入：{fixed_workers} 项中的 {fixed_seen} 项。在这台计算机上、仅这一次的测量："
            "工作进程的峰值内存（ru_maxrss，在 Linux 上单位是 KiB）用副本时最多 {peak} KiB，用内存块时 "
            "{fixed_peak} KiB；最慢的工作进程用了 {slowest:.3f} 秒，对比 {fixed_slowest:.3f} 秒；"
            "父进程的峰值内存 {parent_peak} KiB，对比 {fixed_parent_peak} KiB。",
        },
        "pitfall_numpy_copy_not_shown": {
            "en": "Writes the parent read back once its workers had exited: {seen} of {workers} "
            "through the Queue, {fixed_seen} of {fixed_workers} on the SharedMemory block, where "
            "none and all were expected. (This run's {kind} of {items} float64: a worker's peak "
            "memory at most {peak} KiB against {fixed_peak} KiB, the slowest worker {slowest:.3f} s "
            "against {fixed_slowest:.3f} s, the parent {parent_peak} KiB against "
            "{fixed_parent_peak} KiB.)",
            "zh": "工作进程退出之后父进程读回的写入：通过 Queue 是 {workers} 项中的 {seen} 项，在 SharedMemory "
            "内存块上是 {fixed_workers} 项中的 {fixed_seen} 项，而预期分别是一项也没有和全部。（这次运行的 "
            "{kind} 有 {items} 个 float64：工作进程的峰值内存最多 {peak} KiB，对比 {fixed_peak} KiB；最慢的"
            "工作进程 {slowest:.3f} 秒，对比 {fixed_slowest:.3f} 秒；父进程 {parent_peak} KiB，对比 "
            "{fixed_parent_peak} KiB。）",
        },
        "pitfall_numpy_copy_without_numpy": {
            "en": " NumPy is not installed, so the scripts used array.array and a memoryview cast "
            "to \"d\", which behave the same way here (`pip install 'ipctutor[numpy]'`).",
            "zh": '没有安装 NumPy，所以脚本用的是 array.array 和转换成 "d" 的 memoryview，'
            "在这里的表现完全一样（`pip install 'ipctutor[numpy]'`）。",
        },
        "pitfall_release_grown": {
            "en": "its value grew to {value}, ",
            "zh": "它的值涨到了 {value}，",
        },
        "pitfall_no_error": {"en": "no error", "zh": "（无错误）"},
        "pitfall_release": {
            "en": "Semaphore({room}) released twice per turn: no error, {grown}up to {most} workers were inside "
            "at once. BoundedSemaphore({room}): {failed} failed with {errors}. Released once "
            "(with room:): at most {fixed_most} inside, no error.",
            "zh": "Semaphore({room}) 每轮释放两次：没有任何报错，{grown}最多同时有 {most} 个进程在里面。"
            "BoundedSemaphore({room})：{failed}因 {errors} 失败。只释放一次（with room:）：最多 "
            "{fixed_most} 个在里面，没有错误。",
        },
        "pitfall_task_done_shown": {
            "en": "task_done() forgotten when a task failed: {handled} tasks handled ({failed} failed), so "
            "{worked} task_done() calls for {handled} tasks, and join() was still waiting after "
            "{broken_s:.1f} s, when the watchdog stopped it and the {stopped} workers waiting in get(). "
            "task_done() in finally: join() returned once all {tasks} were done ({fixed_failed} failed, "
            "and said so), in {fixed_s:.2f} s.",
            "zh": "任务失败时忘了调用 task_done()：共处理 {handled} 个任务（其中 {failed} 个失败），{handled} 个任务"
            "只调用了 {worked} 次 task_done()，join() 一直等到 {broken_s:.1f} 秒后被看门狗终止（{stopped} 个"
            "工作进程还在 get() 里等待）。把 task_done() 放进 finally：{tasks} 个任务全部完成后 join() 就返回了"
            "（{fixed_failed} 个失败，并如实报告），用时 {fixed_s:.2f} 秒。",
        },
        "pitfall_task_done_not_shown": {
            "en": "The broken run: {outcome}, and {failed} failed in it: with no failed task "
            "no task_done() is skipped. Run it with a --size of at least 5 tasks.",
            "zh": "出错版本：{outcome}，其中失败的任务有 {failed}：没有任务失败，就不会漏掉 "
            "task_done()。请用至少 5 个任务的 --size 再运行。",
        },
        "pitfall_kept_end_shown": {
            "en": "Keeping its copies of the children's ends: the parent received {got} of {children} messages, "
            "then waited for EOF until the watchdog stopped it after {broken_s:.1f} s, though {gone} of the "
            "{children} children had already exited: the parent itself still held every sending end. "
            "Closing its copies after start(): {messages} messages and {eofs} EOFs, in {fixed_s:.2f} s.",
            "zh": "父进程保留了子进程那一端的副本：它收到了 {children} 条消息中的 {got} 条，然后一直等 EOF，"
            "直到 {broken_s:.1f} 秒后被看门狗终止，而 {children} 个子进程中已有 {gone} 个退出了："
            "每个发送端仍被父进程自己握着。start() 之后关掉自己的副本：收到 {messages} 条消息和 {eofs} 个 "
            "EOF，用时 {fixed_s:.2f} 秒。",
        },
        "pitfall_wrong_key_shown": {
            "en": "Not catching it: accept() raised {error} for {wrong}, the one caller with a wrong key, and "
            "the server stopped there, having served {served} of {callers} callers: {unserved}, with the "
            "right key, were never served. Catching AuthenticationError around accept(): {fixed_served} "
            "served, {refused} refused, and the server went on.",
            "zh": "不捕获异常：accept() 因 {wrong}（唯一一个密钥错误的连接方）抛出 {error}，服务端就此停下，"
            "{callers} 个连接方只照应了 {served} 个：密钥正确的 {unserved} 始终没有得到服务。在 accept() "
            "外捕获 AuthenticationError：照应了 {fixed_served} 个，拒绝了 {refused} 个，服务端继续运行。",
        },
        "pitfall_exit_code": {"en": " (exit code {code})", "zh": "（退出码 {code}）"},
        "pitfall_worker_dies": {
            "en": "os._exit(1) in task {deadly}: its worker{code} vanished, and {broken} of {tasks} futures "
            "failed with BrokenProcessPool, the deadly one and every other not finished yet; {returned} "
            "had returned before. submit() then raised BrokenProcessPool: the executor takes no more "
            "work. Raising instead: only that future failed (RuntimeError), {fixed_returned} returned, "
            "and the executor accepted one more task.",
            "zh": "任务 {deadly} 调用了 os._exit(1)：它所在的工作进程{code}直接消失，{tasks} 个 Future 中有 "
            "{broken} 个以 BrokenProcessPool 失败：出事的那个，加上其余所有还没完成的；之前已经返回的有 "
            "{returned} 个。之后 submit() 也抛出 BrokenProcessPool：这个执行器不再接受任何任务。改成抛出"
            "异常：只有那一个 Future 失败（RuntimeError），{fixed_returned} 个正常返回，执行器还接受了一个"
            "新任务。",
        },
        "pitfall_pool_hangs_shown": {
            "en": "Pool: a worker died (exit code {code}) in the middle of a task; the pool started a new "
            "worker ({processes} worker processes in all for {places} places), but the lost task was "
            "never run again and starmap() was still waiting after {broken_s:.1f} s, when the watchdog "
            "stopped it. The task raising instead: starmap() raised {raised} in the parent, no worker "
            "died, and the run ended in {fixed_s:.2f} s.",
            "zh": "Pool：一个工作进程在执行任务的半途死掉了（退出码 {code}）；进程池补了一个新的工作进程"
            "（{places} 个名额，前后共 {processes} 个工作进程），但丢掉的任务再也没有人执行，starmap() 等了 "
            "{broken_s:.1f} 秒仍在等，最后被看门狗终止。改成让任务抛出异常：starmap() 在父进程里抛出了 "
            "{raised}，没有工作进程死掉，整个运行 {fixed_s:.2f} 秒就结束了。",
        },
        "pitfall_tiny_tasks_shown": {
            "en": "One item per task: the {items} items went to the workers in {tasks} tasks through "
            "executor.map and in {imap_tasks} through Pool.imap, each task a pickled function and "
            "item through a pipe and a result back, for one multiplication: {executor_us} and "
            "{imap_us} us per item on this run, against {loop_us} us in a for loop. In chunks: "
            "{chunk_tasks} tasks with executor.map's chunksize, {map_tasks} with Pool.map (it picks "
            "a chunksize itself): {chunk_us} and {map_us} us per item. The task counts are the same "
            "on every run; the times are this machine's, this once (ipctutor bench --break-even "
            "measures from how much work per item a process pays here).",
            "zh": "每个任务一个元素：{items} 个元素经 executor.map 分成了 {tasks} 个任务、经 Pool.imap "
            "分成了 {imap_tasks} 个任务送到工作进程，每个任务都要把函数和元素 pickle 后写进管道，"
            "结果再原路送回，而计算只是一次乘法：这次运行每个元素分别花了 {executor_us} 和 {imap_us} "
            "微秒，for 循环只要 {loop_us} 微秒。分块发送：executor.map 加 chunksize 只用了 "
            "{chunk_tasks} 个任务，Pool.map（它自己选 chunksize）用了 {map_tasks} 个：每个元素 "
            "{chunk_us} 和 {map_us} 微秒。任务个数每次运行都一样；时间只是这台计算机这一次的结果"
            "（ipctutor bench --break-even 会测出在这里每个元素要有多少计算量，用进程才划算）。",
        },
        "pitfall_tiny_tasks_not_shown": {
            "en": "The task counts were not the expected ones: {items} items went in {tasks} tasks "
            "through executor.map and {imap_tasks} through Pool.imap (one per item expected), and in "
            "{chunk_tasks} and {map_tasks} with chunksize (fewer than the items expected).",
            "zh": "任务个数与预期不符：{items} 个元素经 executor.map 分成了 {tasks} 个任务，经 Pool.imap "
            "分成了 {imap_tasks} 个（预期每个元素一个任务）；加上 chunksize 后分别是 {chunk_tasks} 和 "
            "{map_tasks} 个（预期少于元素个数）。",
        },
        "pitfall_ctrl_c_shown": {
            "en": "The Ctrl-C (SIGINT to the script's whole process group) reached the parent and "
            "every worker: the parent raised KeyboardInterrupt in map() and exited with code {code}; "
            "{began} of the {workers} workers had begun printing a KeyboardInterrupt traceback of "
            "their own ({whole} got to its end) when the with-block's terminate() ended them. "
            "Workers that ignore SIGINT (the pool's initializer): no worker printed anything of "
            "the kind; the parent caught KeyboardInterrupt, terminated the pool and printed one "
            "line ({fixed_workers} tasks cancelled).",
            "zh": "Ctrl-C（发给脚本整个进程组的 SIGINT）同时到达了父进程和每个工作进程：父进程在 map() 里"
            "抛出 KeyboardInterrupt，退出码 {code}；with 块的 terminate() 结束工作进程时，{workers} 个"
            "工作进程中有 {began} 个已经开始打印自己的 KeyboardInterrupt 回溯（{whole} 个打印完了）。"
            "让工作进程忽略 SIGINT（进程池的初始化函数）：没有工作进程打印这类内容；父进程捕获 "
            "KeyboardInterrupt，terminate() 进程池，只打印了一行（取消了 {fixed_workers} 个任务）。",
        },
        "pitfall_progress_shown": {
            "en": "map(): when {finished} of the {total} tasks had finished, the parent had received "
            "no result: a bar fed from map() stood at 0/{total}, and every result came only after the "
            "held last task was let go and had ended. imap_unordered() (chunksize {size}): the parent "
            "had received {received} of the {total} results, one 'done' line each, while the last "
            "task was still held: a bar fed from it moves as the tasks finish.",
            "zh": "map()：{total} 个任务中已有 {finished} 个完成时，父进程一个结果也没收到：用 map() "
            "驱动的进度条停在 0/{total}，所有结果都要等被扣住的最后一个任务放行并结束之后才到。"
            "imap_unordered()（chunksize {size}）：最后一个任务还被扣着时，父进程已经收到了 {total} "
            "个结果中的 {received} 个，每个结果一行 “done”：用它驱动的进度条随任务完成而前进。",
        },
        "progress_bar_title": {
            "en": "The bar each run drew from the results its parent received",
            "zh": "每次运行根据父进程收到的结果画出的进度条",
        },
        "progress_bar_received": {"en": "results received", "zh": "已收到的结果"},
        "progress_bar_held": {"en": "(the last task is held)", "zh": "（最后一个任务被扣着）"},
        "progress_bar_let_go": {"en": "(the last task let go)", "zh": "（最后一个任务已放行）"},
        "progress_bar_at_release": {
            "en": "{had}/{total} when the last task was let go",
            "zh": "最后一个任务放行时为 {had}/{total}",
        },
        "progress_bar_over_time": {
            "en": "results over time (start to last)",
            "zh": "结果随时间的变化（从开始到最后一个）",
        },
        "pitfall_progress_one_batch": {
            "en": "With chunksize {size} the last batch held all {total} tasks: imap_unordered() too "
            "handed over no result until the held last task had ended, and its bar jumped from 0 to "
            "{total} as map()'s did. A chunksize smaller than the number of tasks lets the bar move.",
            "zh": "chunksize 为 {size} 时，最后一批包含了全部 {total} 个任务：imap_unordered() 也要等"
            "被扣住的最后一个任务结束后才交出结果，它的进度条像 map() 的一样从 0 跳到 {total}。"
            "chunksize 小于任务数，进度条才会前进。",
        },
        "pitfall_fork_warned": {
            "en": "Python {python} emitted the DeprecationWarning ('{warning}'): the script asks to see it, "
            "since Python's default filters hide it when the fork happens inside multiprocessing.",
            "zh": "Python {python} 发出了 DeprecationWarning（'{warning}'）：脚本特意要求显示它，因为 fork "
            "发生在 multiprocessing 内部时，默认的警告过滤器会把它藏起来。",
        },
        "pitfall_fork_no_warning_before_312": {
            "en": "Python {python} gave no warning (the DeprecationWarning for forking a multi-threaded "
            "process came in 3.12).",
            "zh": "Python {python} 没有给出任何警告（fork 多线程进程时的 DeprecationWarning 是 3.12 才加入的）。",
        },
        "pitfall_fork_no_warning": {
            "en": "Python {python} gave no warning.",
            "zh": "Python {python} 没有给出任何警告。",
        },
        "pitfall_fork_threads_shown": {
            "en": "Under fork, while cache-thread held the lock: {waiting} children waited for their copy of "
            "it, and none got it. In the parent the thread let it go after a moment, but that thread "
            "does not exist in a child, so the copies stay locked: the watchdog stopped {stopped} "
            "after {broken_s:.1f} s. {note} The same code under {method}: each child "
            "imported the script afresh, got a new lock at once, and all {got} finished in "
            "{fixed_s:.2f} s.",
            "zh": "在 fork 下、cache-thread 正持有锁的时候：{waiting} 个子进程都在等自己那份锁的副本，一个也没拿到。"
            "父进程里那个线程过一会儿就释放了锁，可子进程里根本没有这个线程，所以副本永远是锁着的："
            "{broken_s:.1f} 秒后看门狗终止了 {stopped}。{note}同样的代码在 {method} 下：每个子进程"
            "重新导入脚本，立刻拿到一把新锁，{got} 个全部完成，用时 {fixed_s:.2f} 秒。",
        },
        "pitfall_fork_threads_not_shown": {
            "en": "This time the first run (under {method}): {outcome}; {got} of {waiting} children "
            "got the lock; the second (under {fixed_method}): {fixed_outcome}. Only fork "
            "copies a held lock: run it without --start-method (the broken code under fork, the fix "
            "under spawn). {note}",
            "zh": "这次第一轮（{method}）：{outcome}；{waiting} 个子进程中有 {got} 个拿到了锁；第二轮"
            "（{fixed_method}）：{fixed_outcome}。只有 fork 会把一把被持有的锁原样复制过去："
            "不加 --start-method 再运行一次（出错版本用 fork，修正版本用 spawn）。{note}",
        },
        "pitfall_chatty_proxy": {
            "en": "One item per call: {workers} workers sent {writes:,} writes to the dict that the manager "
            "serves on {host}:{port}, each a round trip through its one server process; the slowest "
            "worker took {chatty_s:.3f} s. One call each: {batched_writes:,} writes for the same "
            "{items:,} items, {batched_s:.4f} s: {ratio:,.0f} times quicker this time. Every item arrived "
            "right both ways: only the number of round trips differs.",
            "zh": "每次调用只写一项：{workers} 个工作进程向管理器在 {host}:{port} 上提供的字典发出了 {writes:,} "
            "次写入，每一次都要经过那唯一的服务进程往返一趟；最慢的工作进程用了 {chatty_s:.3f} 秒。每个"
            "进程只调用一次：同样 {items:,} 项只写了 {batched_writes:,} 次，用时 {batched_s:.4f} 秒，这次快了 "
            "{ratio:,.0f} 倍。两种写法的数据都完整正确：差别只在往返的次数。",
        },
        "repeat_connect": {
            "en": "--repeat cannot be used with --connect: the served dict keeps what every "
            "earlier run wrote; restart `ipctutor manager serve` between runs instead",
            "zh": "--repeat 不能与 --connect 同时使用：服务端的字典会保留之前每次运行写入的内容；"
            "请在两次运行之间重启 `ipctutor manager serve`",
        },
        "phase": {"en": "phase", "zh": "阶段"},
        "outcome": {"en": "what happened", "zh": "发生了什么"},
        "finding": {"en": "What the runs showed", "zh": "运行结果说明了什么"},
        # a pitfall's phase, what happened in it (the outcome column), and the start methods used
        "phase_ran": {"en": "ran to the end", "zh": "运行到结束"},
        "count_process": {"en": "1 process", "zh": "1 个进程"},
        "count_processes": {"en": "{n} processes", "zh": "{n} 个进程"},
        "count_worker": {"en": "1 worker", "zh": "1 个进程"},
        "count_workers": {"en": "{n} workers", "zh": "{n} 个进程"},
        "count_task": {"en": "1 task", "zh": "1 个"},
        "count_tasks": {"en": "{n} tasks", "zh": "{n} 个"},
        "phase_hung": {
            "en": "hung: stopped after {seconds:.1f} s",
            "zh": "卡住了：{seconds:.1f} 秒后被终止",
        },
        "phase_one_failed": {"en": "a child failed", "zh": "有 1 个子进程失败"},
        "phase_children_failed": {"en": "{n} children failed", "zh": "有 {n} 个子进程失败"},
        "phase_failed": {"en": "ended in an error", "zh": "以错误结束"},
        "phase_lost_updates": {
            "en": "lost {pct} of the updates",
            "zh": "丢失了 {pct} 的更新",
        },
        "phase_no_update_lost": {"en": "no update lost", "zh": "没有丢失更新"},
        "phase_messages_hurt": {
            "en": "{broken} of {sent} messages broken, {lost} lost",
            "zh": "{sent} 条消息中 {broken} 条损坏、{lost} 条丢失",
        },
        "phase_messages_intact": {
            "en": "all {sent} messages arrived intact",
            "zh": "{sent} 条消息全部完整到达",
        },
        "phase_reports_cut": {
            "en": "{cut} of {reports} reports cut apart",
            "zh": "{reports} 份报告中有 {cut} 份被拆散",
        },
        "phase_reports_whole": {"en": "no report cut apart", "zh": "没有报告被拆散"},
        "pitfall_same_method_pinned": {
            "en": "Both runs used {method}, the start method where this bug shows: the fix is the "
            "only difference.",
            "zh": "两次运行都用 {method} 启动方式，这个问题正是在它下面出现：唯一的区别就是修正本身。",
        },
        "pitfall_every_run_pinned": {
            "en": "Every run used {method}, the start method where this bug shows.",
            "zh": "每次运行都用 {method} 启动方式，这个问题正是在它下面出现。",
        },
        "pitfall_same_method": {
            "en": "Every run used the {method} start method: the fix is the only difference.",
            "zh": "每次运行都用 {method} 启动方式：唯一的区别就是修正本身。",
        },
        "pitfall_methods_differ": {
            "en": "The runs used different start methods ({methods}): here the start method is "
            "what the fix changes.",
            "zh": "这几次运行用了不同的启动方式（{methods}）：这里修正改变的正是启动方式。",
        },
        "why_and_fix": {"en": "Why, and the fix", "zh": "原因与修正"},
        "runs": {"en": "runs", "zh": "次数"},
        "run_number": {"en": "run {n}", "zh": "第 {n} 次"},
        "repeat_title": {
            "en": "{topic}: {k} runs under {method}",
            "zh": "{topic}：在 {method} 下运行 {k} 次",
        },
        "repeat_progress": {"en": "run {n} of {k} ...", "zh": "第 {n}/{k} 次运行……"},
        "repeat_explained": {
            "en": 'Each row is one outcome: the {meaning}. "{runs}" is how many of the {k} runs '
            "came out that way, and the bar is its share of them.",
            "zh": "每一行是一种结果：{meaning}。“{runs}”是 {k} 次运行中出现这种结果的次数，条形表示它所占的比例。",
        },
        "repeat_explained_plain": {
            "en": "Each line is one outcome: how many of the {k} runs came out that way, then the "
            "{meaning}.",
            "zh": "每一行是一种结果：先是 {k} 次运行中出现它的次数，然后是{meaning}。",
        },
        "repeat_all_same": {
            "en": "This time every run came out the same.",
            "zh": "这一次每次运行的结果都一样。",
        },
        "repeat_differed": {
            "en": "The operating system decides which process runs when, and it decided "
            "differently from run to run.",
            "zh": "哪个进程什么时候运行由操作系统决定，而它每次的决定都不一样。",
        },
        "guess_repeat": {
            "en": "Your guess first: {k} runs of {topic}, each time looking at the {meaning}. "
            "Will every run come out the same?",
            "zh": "先猜一猜：把 {topic} 运行 {k} 次，每次都看{meaning}。每次的结果都会一样吗？",
        },
        "guess_repeat_same": {"en": "Yes: every run the same", "zh": "会：每次都一样"},
        "guess_repeat_differ": {
            "en": "No: they differ from run to run",
            "zh": "不会：每次不尽相同",
        },
        "repeat_came_out_same": {
            "en": "all {k} runs came out the same",
            "zh": "{k} 次运行的结果全都一样",
        },
        "repeat_came_out_differ": {
            "en": "{kinds} different outcomes in {k} runs",
            "zh": "{k} 次运行出现了 {kinds} 种不同的结果",
        },
        "repeat_rest": {
            "en": "and {kinds} other outcomes in {runs} runs",
            "zh": "另有 {kinds} 种结果，共 {runs} 次",
        },
        "repeat_key_value": {
            "en": "final value of the Value every child wrote",
            "zh": "所有子进程都写过的 Value 的最终值",
        },
        "repeat_key_order": {
            "en": "order of arrival (child numbers)",
            "zh": "到达顺序（子进程编号）",
        },
        "repeat_key_lock": {
            "en": "order in which children got the lock",
            "zh": "子进程拿到锁的顺序",
        },
        "repeat_key_exitcodes": {"en": "exit codes of the children", "zh": "子进程的退出码"},
        "repeat_key_pool": {
            "en": "which worker took each task (workers numbered as first seen)",
            "zh": "每个任务由哪个工作进程执行（按首次出现编号）",
        },
        "repeat_key_began": {
            "en": "order in which the children began running (child numbers)",
            "zh": "子进程开始运行的先后顺序（子进程编号）",
        },
        "repeat_key_results": {"en": "what the parent got", "zh": "父进程得到的结果"},
        "repeat_key_completed": {
            "en": "order as_completed() gave the tasks (task numbers)",
            "zh": "as_completed() 交回任务的顺序（任务编号）",
        },
        "repeat_key_barrier": {
            "en": "order of arrival at the Barrier (child numbers)",
            "zh": "到达 Barrier 的顺序（子进程编号）",
        },
        # learn: pitfall screens and the learner's own bench figures
        "pause_pitfall": {
            "en": "Enter: a pitfall you can run · b: back · q: leave",
            "zh": "Enter：看一个可以亲手运行的陷阱 · b：上一页 · q：退出",
        },
        "try_pitfall_here": {
            "en": "r: run it here (as: {command})",
            "zh": "按 r 在这里运行（等同于：{command}）",
        },
        "pause_run_pitfall": {"en": "r: run {name} here", "zh": "r：在这里运行 {name}"},
        "pitfall_back": {
            "en": "Back to the lesson: r runs it again, Enter goes on.",
            "zh": "回到课程：按 r 再运行一次，按 Enter 继续。",
        },
        "own_figures_title": {"en": "On your machine", "zh": "在你的机器上"},
        "own_figures": {
            "en": "Your last `ipctutor bench` ({when}): one Manager dict write took {write}x a locked "
            "Value write, and a small message through a Manager queue {queue}x one through a Queue.",
            "zh": "你上次运行 `ipctutor bench`（{when}）的结果：一次 Manager 字典写入耗时是加锁 Value 写入的 "
            "{write} 倍，一条小消息经 Manager 队列传递的耗时是普通 Queue 的 {queue} 倍。",
        },
        "no_own_figures": {
            "en": 'Measure "slower than shared memory" on your own machine: ipctutor bench --quick '
            "(under 20 s); this lesson then quotes your numbers.",
            "zh": "在你自己的机器上量一量“比共享内存慢”到底慢多少：ipctutor bench --quick（20 秒以内）；"
            "之后本课会引用你的测量结果。",
        },
    }
)

# doctor: what went wrong in the learner's own script (engine/diagnose.py, screen/doctor_view.py)
MESSAGES.update(
    {
        "doctor_plan": {
            "en": "Running {script} {runs} times under each of {methods}, to see whether the result "
            "differs between runs (watchdog {watchdog} s a run; a run still using the CPU then is slow, "
            "not stuck, and gets more time) ...",
            "zh": "在 {methods} 下各运行 {script} {runs} 次，看看每次运行的结果是否不同（每次运行的看门狗为 {watchdog} 秒；"
            "到时仍在使用 CPU 的运行只是慢，不是卡住，会再多给些时间）……",
        },
        "doctor_plan_once": {
            "en": "Running {script} once under each of {methods} (watchdog {watchdog} s a run; a run "
            "still using the CPU then is slow, not stuck, and gets more time) ...",
            "zh": "在 {methods} 下各运行 {script} 一次（每次运行的看门狗为 {watchdog} 秒；"
            "到时仍在使用 CPU 的运行只是慢，不是卡住，会再多给些时间）……",
        },
        "doctor_plan_ctrl_c": {
            "en": "In each run Ctrl-C is pressed (SIGINT to the script's process group) 1 s after its "
            "last child process started.",
            "zh": "每次运行中，在最后一个子进程启动 1 秒后按下 Ctrl-C（向脚本的进程组发送 SIGINT）。",
        },
        "doctor_ctrl_c_pressed": {
            "en": "Ctrl-C was pressed in {pressed} of {runs} runs; a run that ended, or started no "
            "child process, before it was due was not pressed.",
            "zh": "{runs} 次运行中有 {pressed} 次按下了 Ctrl-C；在时机到来之前就结束、或没有启动子进程"
            "的运行没有按。",
        },
        "doctor_progress": {
            "en": "run {n} of {total}: {method}",
            "zh": "第 {n} 次运行，共 {total} 次：{method}",
        },
        "doctor_none": {
            "en": "No problem found in {runs} runs ({methods}): every run ended by itself, no process "
            "raised, nothing leaked, and the output was the same every time.",
            "zh": "{runs} 次运行（{methods}）中没有发现问题：每次运行都自行结束，没有进程抛出异常，"
            "没有泄漏，每次的输出都相同。",
        },
        "doctor_none_ctrl_c": {
            "en": "No problem found in {runs} runs ({methods}) with a Ctrl-C: every run stopped by "
            "itself, no worker took the Ctrl-C, and nothing was left running.",
            "zh": "{runs} 次带 Ctrl-C 的运行（{methods}）中没有发现问题：每次运行都自行停下，没有工作进程"
            "接住 Ctrl-C，也没有留下仍在运行的进程。",
        },
        "doctor_found": {"en": "{n} problems found.", "zh": "发现 {n} 个问题。"},
        "doctor_found_one": {"en": "1 problem found.", "zh": "发现 1 个问题。"},
        "doctor_where": {"en": "{file}, line {line}", "zh": "{file}，第 {line} 行"},
        "doctor_nowhere": {"en": "{file}", "zh": "{file}"},
        "doctor_seen_under": {
            "en": "under {methods} ({runs})",
            "zh": "出现在 {methods} 下（{runs}）",
        },
        "doctor_seen_runs": {
            "en": "{method}: {n} of {runs} runs",
            "zh": "{method}：{runs} 次中 {n} 次",
        },
        "doctor_lesson": {
            "en": "The lesson that explains it: ipctutor learn {topic}",
            "zh": "讲解它的一课：ipctutor learn {topic}",
        },
        "doctor_then_stuck": {
            "en": "then the run waited until the watchdog stopped it; where each process was:",
            "zh": "随后这次运行一直等到被看门狗终止；各进程当时停在：",
        },
        "doctor_error_was": {"en": "the error: {error}", "zh": "报错：{error}"},
        "doctor_error_in": {
            "en": "{who} (pid {pid}): {error}",
            "zh": "{who}（pid {pid}）：{error}",
        },
        "doctor_no_main_guard": {
            "en": "No main guard: under spawn and forkserver every child imports your file again, and line {line} "
            "({code}) starts processes at its top level, so each child tries to start its own children "
            '(RuntimeError: "bootstrapping phase"). Put that code under if __name__ == "__main__":',
            "zh": "缺少 main 保护块：在 spawn 和 forkserver 下每个子进程都会重新导入你的文件，而第 {line} 行（{code}）"
            "在文件顶层启动进程，于是每个子进程都想再启动自己的子进程（RuntimeError：“bootstrapping phase”）。"
            '把这段代码放到 if __name__ == "__main__": 之下。',
        },
        "doctor_pickle_lambda": {
            "en": "A lambda cannot be pickled, and line {line} ({code}) sends one to another process. "
            "Give it a name: def at the top level of your file.",
            "zh": "lambda 无法被 pickle（序列化），而第 {line} 行（{code}）把它发给了另一个进程。"
            "给它起个名字：在文件顶层用 def 定义。",
        },
        "doctor_pickle_local": {
            "en": "A function defined inside another function cannot be pickled, and line {line} ({code}) "
            "sends one to another process. Move it to the top level of your file.",
            "zh": "定义在另一个函数内部的函数无法被 pickle，而第 {line} 行（{code}）把它发给了另一个进程。"
            "把它移到文件顶层。",
        },
        "doctor_not_importable_guarded": {
            "en": "A spawned or forkserver child cannot find {name!r}: it is defined at line {line} "
            '({code}), under if __name__ == "__main__":. The child gets a function by its name '
            "only and looks it up in your file, imported again as __mp_main__ without running "
            "that block, so {name} does not exist there. Define it at the top level of the file.",
            "zh": "spawn 或 forkserver 启动的子进程找不到 {name!r}：它定义在第 {line} 行（{code}），"
            '位于 if __name__ == "__main__": 之下。子进程拿到的只是函数的名字，要到你的文件里去找；'
            "而你的文件在子进程里以 __mp_main__ 的名字重新导入，那一段不会执行，所以那里没有 {name}。"
            "请把它定义在文件顶层。",
        },
        "doctor_not_importable": {
            "en": "A spawned or forkserver child cannot find {name!r} in your main module: the child "
            "gets a function by its name only and looks it up in your file, imported again. "
            "Define {name} at the top level of the file (not in a notebook cell, at the >>> "
            'prompt, or under if __name__ == "__main__":).',
            "zh": "spawn 或 forkserver 启动的子进程在你的主模块里找不到 {name!r}：子进程拿到的只是函数的名字，"
            "要到重新导入的你的文件里去找。请把 {name} 定义在文件顶层（不要定义在 notebook 单元格里、"
            '>>> 提示符下，或 if __name__ == "__main__": 之下）。',
        },
        "doctor_not_importable_typed": {
            "en": "A spawned or forkserver child cannot find {name!r}: it was defined at the >>> "
            "prompt or in a notebook, where __main__ has no file. The child gets a function by "
            "its name only and looks it up in its own __main__, which has no file to import, so "
            "{name} is not there. Put {name} in a .py file and import it from there.",
            "zh": "spawn 或 forkserver 启动的子进程找不到 {name!r}：它是在 >>> 提示符下或 notebook 里定义的，"
            "那里的 __main__ 没有对应的文件。子进程拿到的只是函数的名字，要到自己的 __main__ 里去找，"
            "而那里没有文件可以导入，所以没有 {name}。请把 {name} 放进一个 .py 文件，再从那里导入。",
        },
        "doctor_pickle_file": {
            "en": "An open file cannot be pickled, and line {line} ({code}) sends one to another process. "
            "Send the file's name and open it in the child.",
            "zh": "打开的文件无法被 pickle，而第 {line} 行（{code}）把它发给了另一个进程。"
            "改为传文件名，在子进程里打开它。",
        },
        "doctor_pickle_lock": {
            "en": "A lock (or a Value, an Array) can only reach a child as an argument of Process at "
            "its start, not through a Queue, a Pipe or a Pool's task: line {line} ({code}). Pass it in "
            "Process(args=...), or a Pool's initializer, or use a Manager's.",
            "zh": "锁（以及 Value、Array）只能在子进程启动时作为 Process 的参数传过去，不能通过 Queue、Pipe 或 Pool "
            "的任务传递：第 {line} 行（{code}）。请在 Process(args=...) 或 Pool 的 initializer 中传递，或者改用 Manager 的。",
        },
        "doctor_pickle_other": {
            "en": "Something sent to another process cannot be pickled: line {line} ({code}). Send plain "
            "data (numbers, strings, lists, dicts) or top-level functions and classes.",
            "zh": "发给另一个进程的东西无法被 pickle：第 {line} 行（{code}）。请发送普通数据（数字、字符串、列表、字典）"
            "或顶层定义的函数和类。",
        },
        "doctor_lost_item": {
            "en": "An item put on a Queue was lost: the Queue's feeder thread could not pickle it and only "
            "printed the error, so whoever waits for it waits forever (put at line {line}: {code}).",
            "zh": "放进 Queue 的一项数据丢失了：Queue 的 feeder 线程无法 pickle 它，只打印了报错，"
            "于是等着它的进程会一直等下去（put 在第 {line} 行：{code}）。",
        },
        "doctor_lost_change": {
            "en": "Line {line} ({code}) changes a copy, and the change is lost: reading from a "
            "manager's {proxy} (here {read}) gives this process its own copy of the `{kind}` "
            "stored there, not the `{kind}` itself, so {count} changed only their own copy and the "
            "manager's value stayed as it was. Read it, change it, and assign it back "
            "(`x = d[k]; x.append(v); d[k] = x`, under a lock when several processes do it), or "
            "store a manager.list() or manager.dict() there instead.",
            "zh": "第 {line} 行（{code}）修改的是一份副本，修改随后就丢失了：从管理器的 {proxy} "
            "读取（这里是 {read}）时，本进程拿到的是其中所存 `{kind}` 的副本，而不是那个 `{kind}` "
            "本身，所以 {count}都只改了自己的副本，管理器里的值保持原样。先取出、修改，再赋值回去"
            "（`x = d[k]; x.append(v); d[k] = x`，多个进程都这样做时要在锁内完成），"
            "或者改为在其中存放 manager.list() 或 manager.dict()。",
        },
        "doctor_copy_changed": {
            "en": "{who} (PID {pid}): its copy was {before} and became {after}; the manager never "
            "saw the change",
            "zh": "{who}（PID {pid}）：它的副本原来是 {before}，后来变成了 {after}；管理器从未看到这个修改",
        },
        "doctor_spawn_global": {
            "en": "The child uses {name!r} at line {line}, but {name} is set only under "
            'if __name__ == "__main__": (line {made}). Under spawn and forkserver the child imports your file again '
            "without running that block, so {name} does not exist there. Pass it to the child in args.",
            "zh": '子进程在第 {line} 行用到了 {name!r}，但 {name} 只在 if __name__ == "__main__": 之下'
            "（第 {made} 行）赋值。在 spawn 和 forkserver 下子进程重新导入你的文件，却不会执行那一段，所以那里没有 {name}。"
            "请通过 args 把它传给子进程。",
        },
        "doctor_hang_ended_holding": {
            "en": "It hangs: a process ended holding a lock, and nothing but a release() frees a "
            "lock, not even the end of the process that held it. Ended holding a lock ({kinds}) "
            "acquired and never released: {holders}. Waiting for ever to acquire one ({lines}): "
            "{waiters}. Release it on every way out of the code, with `with lock:` or try/finally.",
            "zh": "程序卡住了：有进程持有锁就结束了，而只有 release() 能释放锁，持有它的进程结束了也不会。获取了锁"
            "（{kinds}）却没有释放就结束的：{holders}。永远在等着获取锁的（{lines}）：{waiters}。请让代码的每一条"
            "退出路径都释放锁，用 `with lock:` 或 try/finally。",
        },
        "doctor_hang_self": {
            "en": "It hangs: {who} waits to acquire a lock ({lines}) that it holds itself, taken "
            "by the `with` block around it ({taken}). A Lock is not re-entrant: the process that "
            "holds it cannot take it again, and waits for itself for ever. Take it once, or use "
            "an RLock.",
            "zh": "程序卡住了：{who} 在等着获取一把锁（{lines}），而这把锁正被它自己持有，是外面那个 `with` 块"
            "拿到的（{taken}）。Lock 不可重入：持有它的进程不能再获取一次，只会永远等着自己。请只获取一次，"
            "或者改用 RLock。",
        },
        "doctor_hang_holds_and_waits": {
            "en": "It hangs: a process holds a lock while it waits for other processes, and they "
            "wait for a lock. Holding a lock (taken at {taken}) while waiting ({lines}): "
            "{holders}. Waiting to acquire a lock ({waited}): {waiters}. Release the lock before "
            "you wait for another process.",
            "zh": "程序卡住了：一个进程持有锁，同时在等别的进程，而它们在等锁。持有锁（获取于{taken}）并在等待"
            "（{lines}）的：{holders}。在等着获取锁的（{waited}）：{waiters}。请在等待别的进程之前先释放锁。",
        },
        "doctor_hang_cycle": {
            "en": "It hangs in a deadlock: each of {holders} holds a lock (taken at {taken}) and "
            "waits to acquire another ({lines}), one that another of them holds. Acquire locks in "
            "the same order in every process, or guard the work with one lock.",
            "zh": "程序死锁了：{holders} 各自持有一把锁（获取于{taken}），又在等着获取另一把（{lines}），而那"
            "把锁正被另一个进程持有。请在每个进程里都按同样的顺序获取锁，或者只用一把锁保护这段工作。",
        },
        "doctor_hang_no_sender_pipe": {
            "en": "It hangs: the script waits at line {line} ({code}) for a message, but every "
            "other process has ended, so none will come; and the end of a Pipe (EOFError in recv()) "
            "comes only once every sending end of it is closed, in every process. This process still holds "
            "one (the end it gave the children, or the other end of a duplex Pipe): close it "
            "once the children have started (`conn.close()` after `start()`).",
            "zh": "程序卡住了：脚本在第 {line} 行（{code}）等消息，但其他进程都已经结束了，不会再有消息来；而只有"
            "当每个进程里的每一个发送端都关闭之后，Pipe 才会到头（recv() 抛出 EOFError）。这个进程自己还握着一个发送端（它交给"
            "子进程的那一端，或者双向 Pipe 的另一端）：请在子进程启动之后把它关掉（在 `start()` 之后调用 "
            "`conn.close()`）。",
        },
        "doctor_hang_no_sender_queue": {
            "en": "It hangs: the script waits at line {line} ({code}) for an item, but every other "
            "process has ended, so none will come, and a Queue has no end of its own: get() "
            "waits for ever. Have each producer put a sentinel (such as None) when it is done "
            "and stop at it, or get exactly as many items as were put.",
            "zh": "程序卡住了：脚本在第 {line} 行（{code}）等一个数据，但其他进程都已经结束了，不会再有数据来；而 "
            "Queue 自己没有“到头了”的信号：get() 会永远等下去。请让每个生产者结束时放入一个哨兵（比如 "
            "None），读到它就停；或者只 get 恰好放进去的那么多个。",
        },
        "doctor_line_code": {"en": "line {line}: {code}", "zh": "第 {line} 行：{code}"},
        "doctor_child_global": {
            "en": "{func}() changes the global {name} at line {line} ({code}), but {func}() runs in "
            "child processes: each child changes its own copy of {name}, and nothing copies the "
            "change back, so the parent's {name} stays as it was. Send the result back (a Queue, "
            "or what a Pool's map() returns) or share it (a Value, a Manager's list or dict).",
            "zh": "{func}() 在第 {line} 行（{code}）修改了全局变量 {name}，但 {func}() 是在子进程里运行的："
            "每个子进程改的都是它自己那份 {name} 的副本，没有任何机制会把修改复制回父进程，所以父进程的 "
            "{name} 还是原来的样子。请把结果发回父进程（用 Queue，或者 Pool 的 map() 的返回值），"
            "或者共享它（用 Value，或 Manager 的 list、dict）。",
        },
        "doctor_child_global_read": {
            "en": "the parent reads its own {name} at line {line}: {code}",
            "zh": "父进程在第 {line} 行读的是它自己的 {name}：{code}",
        },
        "doctor_worker_exit": {
            "en": "{who} (pid {pid}) ended with exit code {code}",
            "zh": "{who}（pid {pid}）以退出码 {code} 结束",
        },
        "doctor_worker_died_pool": {
            "en": "A worker of the Pool died in the middle of a task: the Pool starts a new worker but the "
            "task's result never comes, so the wait at line {line} ({code}) never ends. Let the task "
            "raise instead of exiting, or use concurrent.futures, which says BrokenProcessPool.",
            "zh": "Pool 的一个工作进程在执行任务时死掉了：Pool 会启动新的工作进程，但这个任务的结果永远不会来，"
            "所以第 {line} 行（{code}）的等待永不结束。让任务抛出异常而不是退出进程，"
            "或者改用 concurrent.futures，它会报 BrokenProcessPool。",
        },
        "doctor_worker_died_futures": {
            "en": "A worker of the ProcessPoolExecutor died (BrokenProcessPool at line {line}: {code}): "
            "every task not finished is lost. Find what ended it: os._exit, sys.exit, a crash, memory.",
            "zh": "ProcessPoolExecutor 的一个工作进程死掉了（第 {line} 行报 BrokenProcessPool：{code}）："
            "所有没完成的任务都丢失了。找出是什么结束了它：os._exit、sys.exit、崩溃或内存不足。",
        },
        "doctor_child_exception": {
            "en": "A child raised {error} at line {line} ({count}); the parent does not see it "
            "unless it checks exitcode.",
            "zh": "子进程在第 {line} 行抛出了 {error}（共 {count}）；除非父进程检查 exitcode，否则它看不到。",
        },
        "doctor_child_exit": {
            "en": "{who} ended with exit code {code} and no traceback ({count}): sys.exit(), "
            "os._exit() or a signal ended it, and nobody checked its exitcode.",
            "zh": "{who} 以退出码 {code} 结束，没有留下 traceback（共 {count}）：是 sys.exit()、os._exit() "
            "或某个信号结束了它，而没有人检查它的 exitcode。",
        },
        "doctor_pool_task_exception": {
            "en": "A task raised {error} in a worker; the Pool raised it again in the parent at line {line} ({code}).",
            "zh": "一个任务在工作进程中抛出了 {error}；Pool 在父进程的第 {line} 行（{code}）把它再次抛出。",
        },
        "doctor_garbled": {
            "en": "What the parent read at line {line} ({code}) was garbled ({error}): two processes wrote "
            "into the same end of a Pipe at once, and their messages ran into each other. Give each "
            "writer a Pipe of its own, or take a lock around send().",
            "zh": "父进程在第 {line} 行（{code}）读到的数据是乱的（{error}）：两个进程同时往同一个 Pipe 端写入，"
            "它们的消息混在了一起。给每个写入者一个自己的 Pipe，或者在 send() 外面加锁。",
        },
        "doctor_frame": {
            "en": "    line {line}, in {func}: {code}",
            "zh": "    第 {line} 行，{func} 中：{code}",
        },
        "doctor_exception": {
            "en": "Your script raised {error} at line {line} ({code}).",
            "zh": "你的脚本在第 {line} 行（{code}）抛出了 {error}。",
        },
        "doctor_ctrl_c_hang": {
            "en": "After the Ctrl-C the script did not end: it waits at line "
            "{line} ({code}). Catch KeyboardInterrupt around the wait and call pool.terminate(), "
            "then pool.join(): the tasks the Ctrl-C cut short never give a result to wait for.",
            "zh": "按下 Ctrl-C 之后，脚本没有结束：它停在第 {line} 行（{code}）。"
            "在等待的地方捕获 KeyboardInterrupt，调用 pool.terminate()，再 pool.join()：被 Ctrl-C "
            "打断的任务永远不会给出可等的结果。",
        },
        "doctor_ctrl_c_hang_executor": {
            "en": "After the Ctrl-C the script did not end: it waits at line {line} ({code}). The "
            "Ctrl-C cut each worker's running task short (that task's exception is the "
            "KeyboardInterrupt), but a ProcessPoolExecutor's workers live on and take the next "
            "tasks, and leaving its with-block waits until every task not cancelled is done. "
            "Catch KeyboardInterrupt inside the with-block and call "
            "executor.shutdown(wait=False, cancel_futures=True); from Python 3.14, "
            "executor.terminate_workers() also stops the running ones; before it, a Pool's "
            "terminate() does.",
            "zh": "按下 Ctrl-C 之后，脚本没有结束：它停在第 {line} 行（{code}）。Ctrl-C 打断了每个"
            "工作进程正在执行的任务（这个任务的异常就是 KeyboardInterrupt），但 ProcessPoolExecutor "
            "的工作进程还活着，接着去做下一个任务，而离开 with 块要等所有没被取消的任务都做完。在 "
            "with 块里捕获 KeyboardInterrupt，调用 executor.shutdown(wait=False, "
            "cancel_futures=True)；从 Python 3.14 起，executor.terminate_workers() 还能停下正在运行"
            "的任务；在那之前，用 Pool 的 terminate()。",
        },
        "doctor_ctrl_c_left": {
            "en": "After the Ctrl-C the script ended but left {count} running: "
            "nobody will take their results, and they go on until their tasks end, or forever. "
            "Stop them before the script ends: pool.terminate() for a Pool; for an executor, "
            "shutdown(cancel_futures=True) and, from Python 3.14, terminate_workers().",
            "zh": "按下 Ctrl-C 之后，脚本结束了，却留下 {count}还在运行：没有人会"
            "取走它们的结果，它们会一直运行到任务结束，甚至永远运行下去。在脚本结束前停下它们："
            "Pool 用 pool.terminate()；执行器用 shutdown(cancel_futures=True)，从 Python 3.14 起再加 "
            "terminate_workers()。",
        },
        "doctor_ctrl_c_left_one": {
            "en": "{who} (pid {pid}) still running after the script ended",
            "zh": "{who}（pid {pid}）在脚本结束后仍在运行",
        },
        "doctor_ctrl_c_workers": {
            "en": "The Ctrl-C reached the Pool's workers too: {count} of the Pool at line {line} "
            "do not ignore SIGINT, so each raises KeyboardInterrupt in its task; {died} of them "
            "died of it, each printing a traceback, and their tasks' results never come. Make the "
            "workers ignore SIGINT in the Pool's initializer, signal.signal(signal.SIGINT, "
            "signal.SIG_IGN), and let the parent decide: catch KeyboardInterrupt, then "
            "pool.terminate() to stop at once, or pool.close() and pool.join() to let the running "
            "tasks finish.",
            "zh": "Ctrl-C 也到达了进程池的工作进程：第 {line} 行的 Pool 中有 {count}不忽略 SIGINT，"
            "于是每个都在自己的任务里抛出 KeyboardInterrupt；其中 {died} 个因此退出，各自打印了回溯，"
            "它们的任务结果永远不会到来。在 Pool 的初始化函数里让工作进程忽略 SIGINT："
            "signal.signal(signal.SIGINT, signal.SIG_IGN)，由父进程来决定：捕获 KeyboardInterrupt，"
            "然后用 pool.terminate() 立刻停下，或者用 pool.close() 和 pool.join() 让正在运行的任务"
            "做完。",
        },
        "doctor_ctrl_c_worker_died": {
            "en": "{who} (pid {pid}) did not ignore SIGINT and died of KeyboardInterrupt",
            "zh": "{who}（pid {pid}）没有忽略 SIGINT，因 KeyboardInterrupt 退出",
        },
        "doctor_ctrl_c_worker_took": {
            "en": "{who} (pid {pid}) did not ignore SIGINT (it did not die of it: its task caught "
            "it, or it was stopped first)",
            "zh": "{who}（pid {pid}）没有忽略 SIGINT（但没有因此退出：它的任务捕获了它，或者它先被终止了）",
        },
        "doctor_hang": {
            "en": "It hangs: the script waits at line {line} ({code}) and never gets past it. Where each "
            "process waits shows who waits for whom.",
            "zh": "它卡住了：脚本停在第 {line} 行（{code}）再也过不去。各进程停在哪里，说明了谁在等谁。",
        },
        "doctor_leak": {
            "en": "Left behind at exit: {what}, never unlinked (the resource tracker cleaned up and warned). "
            "Call unlink() once, in the process that made it (line {line}).",
            "zh": "退出时留下了：{what}，从未 unlink（资源跟踪器清理后发出了警告）。"
            "在创建它的进程里调用一次 unlink()（第 {line} 行）。",
        },
        "doctor_leak_semaphore": {
            "en": "Left behind at exit: {what} (the resource tracker cleaned up and warned): a Lock, "
            "Semaphore or Queue that no process closed, often one made at the top level of the file "
            "(line {line}), made again in each process that imports it.",
            "zh": "退出时留下了：{what}（资源跟踪器清理后发出了警告）：某个 Lock、Semaphore 或 Queue 没有被任何进程关闭，"
            "常见的是在文件顶层创建的那个（第 {line} 行），每个导入这个文件的进程都会重新创建一份。",
        },
        "doctor_nondeterministic": {
            "en": "The result differs between runs (under {methods}): the printed output is not "
            "the same every time, beyond the order lines come in (line {line}). Two processes change "
            "the same data without a lock, or the result depends on who comes first.",
            "zh": "结果每次运行都不一样（在 {methods} 下）：除了行的先后顺序之外，打印的输出也各不相同"
            "（第 {line} 行）。两个进程不加锁地修改同一份数据，或者结果取决于谁先到。",
        },
        "doctor_unflushed": {
            "en": "Line {line} ({code}) prints while holding a lock, but into the process's output "
            "buffer: when the output goes to a pipe or a file (as here, or `python script.py | cat`), "
            "print() does not write each line at once, and what is left in the buffer is written "
            "after the lock is released (when the buffer fills or the process exits), in between "
            "other processes' output. The lock does not keep these lines together: {count} released "
            "it with lines still in the buffer. Flush before the release: `print(..., flush=True)`, "
            "or `sys.stdout.flush()` as the last line under the lock.",
            "zh": "第 {line} 行（{code}）在持锁时打印，但内容先进了进程的输出缓冲区：当输出去往管道或"
            "文件时（如这里，或 `python script.py | cat`），print() 不会立即写出每一行，缓冲区里剩下的"
            "内容要等锁释放之后（缓冲区写满或进程退出时）才写出，插到别的进程的输出中间。锁并没有让"
            "这些行保持在一起：{count}在释放锁时缓冲区里还留着行。在释放锁之前刷新：使用 "
            "`print(..., flush=True)`，或在锁内的最后一行调用 `sys.stdout.flush()`。",
        },
        "doctor_unflushed_in": {
            "en": "{who} (PID {pid}) released the lock with lines printed at line {line} still in "
            "its buffer",
            "zh": "{who}（PID {pid}）释放锁时，第 {line} 行打印的内容还留在它的缓冲区里",
        },
        "doctor_cut_line": {
            "en": "a line that came out cut apart in this run: {text}",
            "zh": "这次运行中一行被切开后输出：{text}",
        },
        "doctor_nondeterministic_spawn": {
            "en": "The result differs between runs under {methods}, but not under fork (line {line}): "
            "something made at the top level of your file (a Lock, a Value) is made again in each "
            "child that imports it, so the processes do not share it. Make it under "
            'if __name__ == "__main__": and pass it to the children in args.',
            "zh": "在 {methods} 下每次运行的结果都不一样，在 fork 下却不会（第 {line} 行）：在文件顶层创建的东西"
            "（一个 Lock、一个 Value）会在每个导入这个文件的子进程里重新创建一份，进程之间并没有共享它。"
            '请在 if __name__ == "__main__": 之下创建它，并通过 args 传给子进程。',
        },
        "doctor_by_method": {
            "en": "The script prints other lines under {methods} than under fork (line {line}), and "
            "each start method's runs agree: under spawn and forkserver a child is a new "
            "interpreter that imports your file without running its "
            'if __name__ == "__main__": block, so what that block sets up (a global, a setting, '
            "a handler, a seed) the child does not have; under fork it has a copy of the parent's. "
            "Give the child what it needs in args, or set it up in the function the child runs.",
            "zh": "脚本在 {methods} 下打印的行与在 fork 下不同（第 {line} 行），而同一种启动方式的各次运行"
            "彼此一致：在 spawn 和 forkserver 下，子进程是一个新的解释器，它导入你的文件，却不执行其中的 "
            'if __name__ == "__main__": 那一段，所以那一段设置的东西（全局变量、设置、处理器、随机种子）'
            "子进程里都没有；在 fork 下子进程拿到的是父进程的一份副本。请通过 args 把子进程需要的东西传给它，"
            "或在子进程运行的函数里设置。",
        },
        "doctor_by_method_logging": {
            "en": "Under {methods} the children's log records are missing: logging is set up at "
            'line {line} ({code}), under if __name__ == "__main__":, which only the parent runs. '
            "A child started by spawn or forkserver imports your file without running that block: "
            "its root logger has no handler and the level WARNING, so its INFO records are dropped "
            "without a word (WARNING and above go to stderr, in the default format). Under fork the child has a copy of the "
            "parent's set-up, so it seemed to work. Send every child's records to the parent: a "
            "QueueHandler in each child, one QueueListener in the parent.",
            "zh": "在 {methods} 下子进程的日志记录不见了：日志在第 {line} 行（{code}）设置，位于 "
            'if __name__ == "__main__": 之下，只有父进程会执行。由 spawn 或 forkserver 启动的子进程导入你的文件，'
            "却不执行那一段：它的根日志记录器没有处理器，级别是 WARNING，所以它的 INFO 记录被一声不响地丢掉了"
            "（WARNING 及以上级别以默认格式写到 stderr）。在 fork 下子进程拿到的是父进程设置的一份副本，所以看起来没问题。"
            "请把每个子进程的记录发给父进程：每个子进程里一个 QueueHandler，父进程里一个 QueueListener。",
        },
        "doctor_under": {"en": "under {methods}: {text}", "zh": "在 {methods} 下：{text}"},
        "doctor_no_such_line": {"en": "(no such line)", "zh": "（没有这样的行）"},
        "doctor_one_run": {"en": "one run printed: {text}", "zh": "一次运行打印了：{text}"},
        "doctor_another_run": {"en": "another printed: {text}", "zh": "另一次打印了：{text}"},
    }
)

# practice: the checker's evidence (engine/practice_check.py, engine/stacks.py), the watch screen
# (screen/practice.py) and the command (commands/practice.py)
MESSAGES.update(
    {
        "error_in_children": {"en": "{error}, {every}", "zh": "{error}，{every}"},
        "ev_line": {"en": "{method}: {text}", "zh": "{method}：{text}"},
        "stack_line": {"en": "{name}: {what}", "zh": "{name}：{what}"},
        "stack_parent": {"en": "the parent (pid {pid})", "zh": "父进程（pid {pid}）"},
        "stack_child": {"en": "child {n} (pid {pid})", "zh": "子进程 {n}（pid {pid}）"},
        "stack_waits_at": {
            "en": "waits in {func}() at line {line}: {code}",
            "zh": "停在第 {line} 行的 {func}() 中等待：{code}",
        },
        "stack_waits_in": {"en": "waits in {func}()", "zh": "停在 {func}() 中等待"},
        "stack_at_line": {"en": "waits at line {line}: {code}", "zh": "停在第 {line} 行：{code}"},
        "stack_feeder_writes": {
            "en": "its Queue's feeder thread waits to write to the pipe (nobody reads)",
            "zh": "它的 Queue 的 feeder 线程在等待写入管道（没有人在读）",
        },
        "stack_feeder_waits": {
            "en": "its Queue's feeder thread waits for items",
            "zh": "它的 Queue 的 feeder 线程在等待新数据",
        },
        "stack_exiting_feeder": {
            "en": "has finished its work but cannot exit: it waits for its Queue's feeder thread to flush",
            "zh": "任务已做完却无法退出：它在等 Queue 的 feeder 线程把数据写完",
        },
        "stack_exiting": {"en": "is exiting", "zh": "正在退出"},
        "stack_ended": {"en": "had already ended", "zh": "已经结束"},
        "stack_no_dump": {"en": "gave no stack dump", "zh": "没有给出栈信息"},
        "stack_and": {"en": "; ", "zh": "；"},
        "at_line": {"en": " (line {line})", "zh": "（第 {line} 行）"},
        "then_stuck": {
            "en": "; then the parent waited until the watchdog ({watchdog} s)",
            "zh": "；随后父进程一直等到看门狗超时（{watchdog} 秒）",
        },
        "then_stuck_exit": {
            "en": "; then the run was stuck until the watchdog ({watchdog} s), each process as below",
            "zh": "；随后运行一直卡到看门狗超时（{watchdog} 秒），各进程的位置见下",
        },
        "in_every_child": {"en": "in every child ({n})", "zh": "出现在每个子进程中（{n} 个）"},
        "in_some_children": {
            "en": "in {n} of {of} children",
            "zh": "出现在 {of} 个子进程中的 {n} 个",
        },
        "broken_lines": {"en": "{n} of {of} lines are not whole", "zh": "{of} 行中有 {n} 行不完整"},
        "line_count": {
            "en": "{n} lines printed, {wanted} expected",
            "zh": "打印了 {n} 行，应为 {wanted} 行",
        },
        "cut_apart": {
            "en": "the output of {n} children is cut apart by others' lines",
            "zh": "有 {n} 个子进程的输出被别的进程的行切开了",
        },
        "ev_methods_differ": {
            "en": "The start methods do not agree: {stories}.",
            "zh": "各启动方式的结果不一致：{stories}。",
        },
        "ev_story_passed": {"en": "passed under {methods}", "zh": "在 {methods} 下通过"},
        "ev_story_failed": {"en": "failed under {methods}", "zh": "在 {methods} 下失败"},
        "ev_given": {
            "en": "for example the run under {method} given {args}",
            "zh": "例如在 {method} 下、参数为 {args} 的那次运行",
        },
        "ev_rerun": {
            "en": "run exactly that run again: {command}",
            "zh": "原样重跑那一次：{command}",
        },
        "ev_method_ok": {
            "en": "{method}: passed in {n} of {n} runs",
            "zh": "{method}：{n} 次运行全部通过",
        },
        "ev_stuck": {
            "en": "stuck in {n} of {runs} runs (watchdog {watchdog} s){detail}; where each process was:",
            "zh": "{runs} 次运行中有 {n} 次卡住（看门狗 {watchdog} 秒）{detail}；各进程当时停在：",
        },
        "ev_child_error": {
            "en": "{detail}, in {n} of {runs} runs",
            "zh": "{detail}，{runs} 次运行中有 {n} 次",
        },
        "ev_parent_error": {
            "en": "the parent raised {detail}, in {n} of {runs} runs",
            "zh": "父进程抛出 {detail}，{runs} 次运行中有 {n} 次",
        },
        "ev_exit": {
            "en": "exit code {detail}, in {n} of {runs} runs",
            "zh": "退出码 {detail}，{runs} 次运行中有 {n} 次",
        },
        "ev_no_children": {
            "en": "no child process was started (in {n} of {runs} runs): the exercise is about processes",
            "zh": "没有启动任何子进程（{runs} 次运行中有 {n} 次）：这道练习要用到子进程",
        },
        "ev_start_method": {
            "en": "children started with {detail}, not this start method (in {n} of {runs} runs): leave the "
            "start method to the checker",
            "zh": "子进程是用 {detail} 启动的，而不是本次检查的启动方式（{runs} 次运行中有 {n} 次）：请让检查程序决定启动方式",
        },
        "ev_result": {
            "en": "wrong result in {n} of {runs} runs (printed {got}, expected {expected})",
            "zh": "{runs} 次运行中有 {n} 次结果错误（打印 {got}，应为 {expected}）",
        },
        "ev_no_result": {
            "en": "the last line is not the result line, in {n} of {runs} runs (it was: {detail})",
            "zh": "最后一行不是结果行，{runs} 次运行中有 {n} 次（实际是：{detail}）",
        },
        "ev_lines": {
            "en": "{detail}, in {n} of {runs} runs",
            "zh": "{detail}，{runs} 次运行中有 {n} 次",
        },
        "ev_leaked": {
            "en": "the resource tracker found {detail} never unlinked (leaked), in {n} of {runs} runs",
            "zh": "资源跟踪器发现 {detail}始终没有被 unlink（泄漏了），{runs} 次运行中有 {n} 次",
        },
        "leaked_block": {"en": "1 shared_memory block", "zh": "1 个 shared_memory 内存块"},
        "leaked_blocks": {
            "en": "{count} shared_memory blocks",
            "zh": "{count} 个 shared_memory 内存块",
        },
        "leaked_object": {"en": "1 {kind} object", "zh": "1 个 {kind} 对象"},
        "leaked_objects": {"en": "{count} {kind} objects", "zh": "{count} 个 {kind} 对象"},
        "workspace_not_folder": {
            "en": "the exercise folder {folder} is a file, not a folder: move it, or choose another with "
            "--workspace",
            "zh": "练习目录 {folder} 是一个文件，不是目录：请把它移走，或用 --workspace 换一个目录",
        },
        "workspace_cannot_write": {
            "en": "cannot write in the exercise folder {folder} ({reason}): free some space, or choose a "
            "folder you can write with --workspace",
            "zh": "无法在练习目录 {folder} 中写入（{reason}）：请腾出空间，或用 --workspace 换一个有写权限的目录",
        },
        "workspace_path_is_folder": {
            "en": "{path} is a folder, not your exercise file: move it away (or --reset it)",
            "zh": "{path} 是一个目录，不是你的练习文件：请把它移走（或对它使用 --reset）",
        },
        "workspace_not_a_file": {
            "en": "{path} is not a regular file (a named pipe or a device): move it away (or --reset it)",
            "zh": "{path} 不是普通文件（而是命名管道或设备）：请把它移走（或对它使用 --reset）",
        },
        "workspace_dangling_link": {
            "en": "{path} is a symlink to nothing: remove it (or --reset it, which moves it aside)",
            "zh": "{path} 是一个指向不存在文件的符号链接：请删除它（或使用 --reset，它会把链接移到一旁）",
        },
        "practice_wrote": {
            "en": "Your exercise file: {path} (new; edit it in your editor)",
            "zh": "你的练习文件：{path}（新建；请用你的编辑器修改它）",
        },
        "practice_yours": {
            "en": "Your exercise file: {path} (as you left it)",
            "zh": "你的练习文件：{path}（保持你上次退出时的样子）",
        },
        "practice_task": {"en": "Your task", "zh": "任务"},
        "practice_how": {
            "en": "Every save is checked for real: the file runs under each of {methods}, runs per start method: {runs}; it passes when every run works.",
            "zh": "每次保存都会真正检查：文件在 {methods} 下各运行 {runs} 次；每次运行都成功才算通过。",
        },
        "practice_checking": {"en": "Checking …", "zh": "检查中……"},
        "practice_saved": {"en": "Saved: checking again.", "zh": "已保存：重新检查。"},
        "practice_passed": {
            "en": "✓ Passed: every run under every start method worked.",
            "zh": "✓ 通过：每种启动方式下的每次运行都成功了。",
        },
        "practice_failed": {
            "en": "✗ Not yet. Edit the file and save; I check it again.",
            "zh": "✗ 还没通过。修改文件并保存，我会再检查一次。",
        },
        "practice_doctor_hint": {
            "en": "Your own script fails like this? ipctutor doctor YOUR_SCRIPT.py runs it under every start method and says where.",
            "zh": "你自己的脚本也这样出错？ipctutor doctor 你的脚本.py 会在每种启动方式下运行它，并指出问题在哪里。",
        },
        "practice_failed_plain": {
            "en": "✗ Not yet: at least one run failed.",
            "zh": "✗ 还没通过：至少有一次运行失败。",
        },
        "practice_keys": {
            "en": "h: a hint   s: the solution (after 3 checks)   c: check now   q: leave",
            "zh": "h：提示   s：参考答案（检查 3 次之后）   c：立即检查   q：退出",
        },
        "practice_keys_passed": {
            "en": "n: next exercise   s: the solution again   q: leave",
            "zh": "n：下一道练习   s：再看参考答案   q：退出",
        },
        "practice_watching": {"en": "Watching {path} for saves.", "zh": "正在监视 {path} 的保存。"},
        "practice_file_gone": {
            "en": "{path} is not there (renamed or deleted?): save it again to go on.",
            "zh": "找不到 {path}（被改名或删除了？）：再保存一次即可继续。",
        },
        "practice_hint": {"en": "Hint {n}/{of}: {hint}", "zh": "提示 {n}/{of}：{hint}"},
        "practice_no_more_hints": {
            "en": "That was the last hint. s shows the solution after 3 checks.",
            "zh": "这已经是最后一条提示了。检查 3 次之后，按 s 可以看参考答案。",
        },
        "practice_solution_ready": {
            "en": "Stuck? s shows the solution now, as a diff against your file.",
            "zh": "卡住了？现在按 s 可以看参考答案（与你的文件对比的 diff）。",
        },
        "practice_solution_later": {
            "en": "The solution comes after more checks (to go: {n}): try a hint first (h).",
            "zh": "再检查 {n} 次后才能看参考答案：先试试提示（h）。",
        },
        "practice_solution_title": {
            "en": "The solution ({path}), as changes to your file:",
            "zh": "参考答案（{path}），以对你的文件的修改形式给出：",
        },
        "practice_same_as_solution": {
            "en": "Your file is the solution, line for line.",
            "zh": "你的文件与参考答案逐行相同。",
        },
        "practice_left": {
            "en": "Left. Your file stays as it is: {path}",
            "zh": "已退出。你的文件原样保留：{path}",
        },
        "practice_all_done": {
            "en": "You have passed every exercise. ipctutor practice --list shows them.",
            "zh": "你已通过所有练习。ipctutor practice --list 可以查看。",
        },
        "practice_needs_terminal": {
            "en": "practice watches your file and reads keys: run it in a terminal, or check once with --check NAME",
            "zh": "practice 需要监视文件并读取按键：请在终端中运行，或用 --check NAME 检查一次",
        },
        "practice_unknown": {
            "en": "no exercise {name!r}{hint}: ipctutor practice --list shows them",
            "zh": "没有练习 {name!r}{hint}：ipctutor practice --list 可以列出所有练习",
        },
        "practice_no_topic": {
            "en": "no exercise for the topic {topic!r} yet",
            "zh": "主题 {topic!r} 还没有练习",
        },
        "practice_one_mode": {
            "en": "give one of TOPIC, --check, --reset or --list",
            "zh": "TOPIC、--check、--reset、--list 只能选一个",
        },
        "practice_rerun_needs_check": {
            "en": "--start-method and --args re-run a check: give them with --check NAME",
            "zh": "--start-method 和 --args 用来重跑一次检查：请与 --check NAME 一起使用",
        },
        "practice_bad_args": {
            "en": "--args takes {n} whole numbers separated by commas ({names}), not '{given}'",
            "zh": "--args 需要 {n} 个用逗号分隔的整数（{names}），而不是 '{given}'",
        },
        "practice_reset_confirm": {
            "en": "Start {path} afresh? Your file is kept beside it under another name.",
            "zh": "要重新开始 {path} 吗？你的文件会以另一个名字保留在旁边。",
        },
        "practice_reset_needs_yes": {
            "en": "--reset asks first: add --yes to reset without asking",
            "zh": "--reset 需要确认：加 --yes 可不经询问直接重置",
        },
        "practice_reset_kept": {"en": "Nothing changed.", "zh": "没有做任何修改。"},
        "practice_reset_done": {"en": "Wrote a fresh {path}.", "zh": "已重新写入 {path}。"},
        "practice_reset_moved": {
            "en": "Yours is kept as {kept}.",
            "zh": "你原来的文件保存为 {kept}。",
        },
        "practice_list_footer": {
            "en": "{n} of {of} exercises passed.",
            "zh": "已通过 {of} 道练习中的 {n} 道。",
        },
    }
)

# --help: the commands, their options and arguments (commands/*.py, app.py)
MESSAGES.update(
    {
        "help_app": {
            "en": "Learn Python inter-process communication by watching real processes.\n\nStart with:  ipctutor learn     (the next lesson; or: ipctutor run pipe)",
            "zh": "通过观察真实的进程来学习 Python 的进程间通信。\n\n从这里开始：ipctutor learn     （下一课；或者：ipctutor run pipe）",
        },
        "help_lang": {
            "en": "Language: en or zh (default: IPCTUTOR_LANG, then the locale).",
            "zh": "语言：en 或 zh（默认：IPCTUTOR_LANG，其次是系统区域设置）。",
        },
        "help_plain_global": {
            "en": "No colours or live redraws (also: NO_COLOR, or output not a terminal).",
            "zh": "不使用颜色，也不实时刷新（NO_COLOR，或输出不是终端时也是如此）。",
        },
        "help_debug": {
            "en": "Show tracebacks of unexpected errors.",
            "zh": "出现意外错误时显示 traceback。",
        },
        "help_lessons": {
            "en": "Load lessons from this folder (also: IPCTUTOR_LESSONS).",
            "zh": "从这个目录加载课程（也可用 IPCTUTOR_LESSONS）。",
        },
        "help_help": {"en": "Show this message and exit.", "zh": "显示这段帮助并退出。"},
        "help_install_completion": {
            "en": "Install completion for the current shell.",
            "zh": "为当前 shell 安装命令补全。",
        },
        "help_show_completion": {
            "en": "Show completion for the current shell, to copy it or customize the installation.",
            "zh": "显示当前 shell 的命令补全脚本，以便复制或自定义安装。",
        },
        "help_topic_list": {"en": "{topics} or {last}.", "zh": "{topics}、{last}。"},
        "help_learn_topic": {
            "en": "{topics} or {last} (default: your next lesson).",
            "zh": "{topics}、{last}（默认：你的下一课）。",
        },
        "cmd_run": {
            "en": "Run a demo live: real processes, their PIDs, what each sent and received.\n\nExample: ipctutor run pipe --workers 10 --start-method spawn",
            "zh": "实时运行一个演示：真实的进程、它们的 PID、每个进程发送和接收了什么。\n\n示例：ipctutor run pipe --workers 10 --start-method spawn",
        },
        "cmd_show": {
            "en": "Print a demo as a standalone script you can save and run with python.\n\nExample: ipctutor show pipe > ipc_pipe.py && python ipc_pipe.py --workers 3\n(not queue.py, pipe.py ...: a file named like a standard module hides that module)",
            "zh": "把一个演示打印成独立脚本，保存后可以直接用 python 运行。\n\n示例：ipctutor show pipe > ipc_pipe.py && python ipc_pipe.py --workers 3\n（不要存成 queue.py、pipe.py 等：与标准库模块同名的文件会遮住那个模块）",
        },
        "cmd_watch": {
            "en": "Run your own script under the observer: every process, its PID, what it sent, received\nand printed. Options go before SCRIPT.py; what follows it is the script's own.\n\nExample: ipctutor watch --start-method spawn my_queue.py 5",
            "zh": "在观察器下运行你自己的脚本：每个进程、它的 PID、它发送、接收和打印了什么。选项写在 SCRIPT.py 之前；它后面的内容都交给脚本本身。\n\n示例：ipctutor watch --start-method spawn my_queue.py 5",
        },
        "cmd_doctor": {
            "en": "Run your own script under fork, spawn and forkserver, several times each, and say what goes\nwrong, where (file and line), and which lesson explains it. Exits 0 when nothing was found, 1\nwhen something was. Options go before SCRIPT.py.\n\nExample: ipctutor doctor my_pool.py",
            "zh": "在 fork、spawn 和 forkserver 下把你自己的脚本各运行几次，说明哪里出了问题、在哪里（文件和行号），以及哪一课讲解了它。没发现问题时退出码为 0，发现问题时为 1。选项写在 SCRIPT.py 之前。\n\n示例：ipctutor doctor my_pool.py",
        },
        "cmd_check": {
            "en": "Validate a lessons folder: schema, demos, translations; and the exercises: manifest, files,\ntranslations, scripts that compile. Exits 1 if anything is wrong.\n\nExample: ipctutor check lessons/ --exercises exercises/",
            "zh": "检查课程目录：格式、演示、译文；以及练习：清单、文件、译文、脚本能否编译。有任何问题时退出码为 1。\n\n示例：ipctutor check lessons/ --exercises exercises/",
        },
        "cmd_learn": {
            "en": "Take a lesson: short screens, the demo's code, a guess and the demo live, what goes wrong,\nthe lesson's exercise, a quiz. No TOPIC: carry on where you are in the course.\n\nEnter moves on, b goes back, q leaves (you come back to the same screen), h shows a hint\nduring the quiz.\nExample: ipctutor learn queue --start-method spawn",
            "zh": "学习一课：几屏简短的讲解、演示代码、先猜再看实时演示、常见的陷阱、本课的练习、一次测验。不给主题：从你在课程中所处的位置继续。\n\nEnter 继续，b 返回，q 退出（下次回到同一屏），测验中按 h 看提示。\n示例：ipctutor learn queue --start-method spawn",
        },
        "cmd_quiz": {
            "en": "Answer questions: after each, the explanation; at the end, your score (saved).\n\nArrow keys move, Enter answers, Space ticks (multiple choice), h shows a hint, q stops.\nExample: ipctutor quiz pipe --count 3 --seed 7",
            "zh": "答题：每题之后给出讲解，最后给出得分（会保存）。\n\n方向键移动，Enter 作答，空格勾选（多选题），h 看提示，q 退出。\n示例：ipctutor quiz pipe --count 3 --seed 7",
        },
        "cmd_review": {
            "en": "Questions you got wrong, and exercises you needed the solution for, come back after 1, 3, 7\nand 21 days: each right answer waits longer, a wrong one starts again at a day.\n\nExample: ipctutor review     (IPCTUTOR_NOW=2026-12-24 pretends it is that day)",
            "zh": "答错的题，以及看过答案才完成的练习，会在 1、3、7、21 天后再次出现：每答对一次就隔得更久，答错则从一天重新开始。\n\n示例：ipctutor review     （IPCTUTOR_NOW=2026-12-24 假装今天是那一天）",
        },
        "cmd_list": {
            "en": "Every lesson, what you have done in it, and what to do next.\n\nExample: ipctutor list",
            "zh": "列出每一课、你在其中完成了什么，以及下一步做什么。\n\n示例：ipctutor list",
        },
        "cmd_progress": {
            "en": "Show your progress and where the file that keeps it lives.\n\nExample: ipctutor progress",
            "zh": "显示你的学习进度，以及保存进度的文件在哪里。\n\n示例：ipctutor progress",
        },
        "cmd_reset": {
            "en": "Forget your progress in one lesson, or in all of them (--all). Asks first unless --yes.\n\nExample: ipctutor reset queue",
            "zh": "清除某一课（或用 --all 清除全部课程）的进度。除非加 --yes，否则会先询问。\n\n示例：ipctutor reset queue",
        },
        "cmd_bench": {
            "en": "Measure what each IPC mechanism costs here: small messages, shared writes, large payloads.\n\nEach mechanism in a child process of its own; medians of several rounds; ratios to the fastest.\n\nYour latest full run is kept for the Manager lesson (bench.json beside your progress).\n\nExamples: ipctutor bench --quick; ipctutor bench --only value --only raw_value",
            "zh": "测量每种 IPC 机制在本机上的开销：小消息、共享写入、大数据块。\n\n每种机制在各自的子进程中测量；取多轮的中位数；给出相对最快者的倍数。\n\n你最近一次完整测量的结果会保存下来，供 Manager 一课引用（bench.json，与进度文件放在一起）。\n\n示例：ipctutor bench --quick；ipctutor bench --only value --only raw_value",
        },
        "cmd_compare": {
            "en": "Run a demo under fork, spawn and forkserver: time, each child's PPID, whether it worked.\n\nExample: ipctutor compare pipe --workers 4",
            "zh": "在 fork、spawn 和 forkserver 下分别运行一个演示：用时、每个子进程的 PPID、是否成功。\n\n示例：ipctutor compare pipe --workers 4",
        },
        "cmd_practice": {
            "en": "Fix a broken IPC script in your editor; every save is run for real under each start method.\n\nExample: ipctutor practice queue     (then edit ipctutor-exercises/queue-join-before-get.py)",
            "zh": "在你的编辑器里修好一个有问题的 IPC 脚本；每次保存都会在各启动方式下真正运行。\n\n示例：ipctutor practice queue     （然后编辑 ipctutor-exercises/queue-join-before-get.py）",
        },
        "cmd_serve": {
            "en": "Serve a shared dict over TCP with multiprocessing's BaseManager, until Ctrl-C.\n\nExample: ipctutor manager serve --port 50000, then in another terminal the command it prints.",
            "zh": "用 multiprocessing 的 BaseManager 通过 TCP 提供一个共享字典，直到按下 Ctrl-C。\n\n示例：ipctutor manager serve --port 50000，然后在另一个终端里运行它打印出的命令。",
        },
        "help_run_workers": {
            "en": "How many child processes (1-256; default 10, a pitfall's own).",
            "zh": "启动多少个子进程（1-256；默认 10，陷阱用它自己的数目）。",
        },
        "help_start_method": {
            "en": "How children start (default: the platform's).",
            "zh": "子进程的启动方式（默认：本平台的默认方式）。",
        },
        "help_run_delay": {
            "en": "Each child's pause in seconds (0-60), as the source's sleep(1); 0 runs flat out. "
            "Default 1, or 0 with --repeat.",
            "zh": "每个子进程暂停的秒数（0-60），相当于老教程里的 sleep(1)；0 表示全速运行。"
            "默认 1；使用 --repeat 时默认 0。",
        },
        "help_run_timeout": {
            "en": "Watchdog: stop the demo after this many seconds (0.1-3600).",
            "zh": "看门狗：超过这么多秒就终止演示（0.1-3600）。",
        },
        "help_run_fail": {
            "en": "Make child N raise, to see what a crash looks like.",
            "zh": "让第 N 个子进程抛出异常，看看崩溃是什么样子。",
        },
        "help_json": {
            "en": "Print one JSON object, nothing else.",
            "zh": "只输出一个 JSON 对象，别的什么都不输出。",
        },
        "help_plain": {
            "en": "Plain lines: no colours, no live redraws.",
            "zh": "纯文本行：没有颜色，也不实时刷新。",
        },
        "help_run_connect": {
            "en": "manager only: use the dict that `ipctutor manager serve` holds at HOST:PORT.",
            "zh": "仅用于 manager：使用 `ipctutor manager serve` 在 HOST:PORT 上提供的字典。",
        },
        "help_run_authkey": {
            "en": "With --connect: the key `manager serve` printed (also: IPCTUTOR_AUTHKEY).",
            "zh": "与 --connect 一起用：`manager serve` 打印出的密钥（也可用 IPCTUTOR_AUTHKEY）。",
        },
        "help_run_pitfall": {
            "en": "Break it, then fix it: run a pitfall of this topic ('list' lists them).",
            "zh": "先弄坏再修好：运行本主题的一个陷阱（'list' 列出全部）。",
        },
        "help_run_size": {
            "en": "With --pitfall: bytes per message, or increments per worker for the race.",
            "zh": "与 --pitfall 一起用：每条消息的字节数，或竞态条件陷阱中每个工作进程的累加次数。",
        },
        "help_run_repeat": {
            "en": "Run the demo K times (1-200) and show how often each outcome came up "
            "(with no pause in the children unless --delay says so).",
            "zh": "把演示运行 K 次（1-200），统计每种结果出现的次数（除非指定 --delay，子进程不暂停）。",
        },
        "help_run_guess": {
            "en": "Ask your guess before --repeat's runs (--no-guess: just run them).",
            "zh": "在 --repeat 的运行之前先让你猜一猜（--no-guess：直接运行）。",
        },
        "help_export": {
            "en": "Also save the final panels as FILE.svg or FILE.html.",
            "zh": "同时把最终的面板保存为 FILE.svg 或 FILE.html。",
        },
        "help_run_timeline": {
            "en": "After the run, draw each process's life on a time axis.",
            "zh": "运行结束后，在一条时间轴上画出每个进程的生命周期。",
        },
        "help_run_trace": {
            "en": "Also write the run as a Chrome trace file (Perfetto opens it).",
            "zh": "同时把这次运行写成 Chrome 跟踪文件（Perfetto 可以打开）。",
        },
        "help_watch_script": {
            "en": "Your Python script (read, never changed).",
            "zh": "你的 Python 脚本（只读取，从不修改）。",
        },
        "help_watch_args": {
            "en": "Arguments for your script, as you would give them to python.",
            "zh": "传给你的脚本的参数，和用 python 运行时一样。",
        },
        "help_watch_timeout": {
            "en": "Watchdog: stop the script after this many seconds (0.1-3600).",
            "zh": "看门狗：超过这么多秒就终止脚本（0.1-3600）。",
        },
        "help_doctor_runs": {
            "en": "Runs per start method (1-20; default 4: a result that comes out one of two ways is seen to differ).",
            "zh": "每种启动方式运行的次数（1-20；默认 4：结果有两种可能时足以看出它不一样）。",
        },
        "help_doctor_timeout": {
            "en": "Watchdog per run, in seconds (0.5-600; default 5). A run still using the CPU then is slow, not stuck: it gets twice as long again.",
            "zh": "每次运行的看门狗秒数（0.5-600；默认 5）。到时仍在使用 CPU 的运行只是慢，不是卡住：它会再得到两倍的时间。",
        },
        "help_doctor_ctrl_c": {
            "en": "Press Ctrl-C in each run, as you would at the terminal (SIGINT to the script's "
            "process group), 1 s after its last child process started; then see how it stops.",
            "zh": "在每次运行中按下 Ctrl-C，就像你在终端里那样（向脚本的进程组发送 SIGINT），时机是"
            "最后一个子进程启动后 1 秒；然后看它如何停下。",
        },
        "help_doctor_prompt": {
            "en": "Run the code as typed at the >>> prompt (python -i), as a notebook runs it: "
            "__main__ then has no file.",
            "zh": "把代码当作在 >>> 提示符下（python -i）输入的那样运行，就像 notebook 运行它那样："
            "这时 __main__ 没有对应的文件。",
        },
        "help_doctor_start_method": {
            "en": "Only this start method (default: every one this platform has).",
            "zh": "只用这一种启动方式（默认：本平台支持的每一种）。",
        },
        "help_show_topic": {
            "en": "The demo to print as a standalone script.",
            "zh": "要打印成独立脚本的演示。",
        },
        "help_check_folder": {
            "en": "A lessons folder (default: --lessons, IPCTUTOR_LESSONS, or the bundled lessons).",
            "zh": "课程目录（默认：--lessons、IPCTUTOR_LESSONS，或自带的课程）。",
        },
        "help_check_exercises": {
            "en": "An exercises folder to validate (default: the bundled exercises, when no lessons folder is given).",
            "zh": "要检查的练习目录（未指定课程目录时，默认检查自带的练习）。",
        },
        "help_learn_workers": {
            "en": "How many child processes the demo starts (1-256).",
            "zh": "演示启动多少个子进程（1-256）。",
        },
        "help_learn_start_method": {
            "en": "How the demo's children start (default: the platform's).",
            "zh": "演示中子进程的启动方式（默认：本平台的默认方式）。",
        },
        "help_learn_delay": {
            "en": "Each child's pause in seconds (0-60).",
            "zh": "每个子进程暂停的秒数（0-60）。",
        },
        "help_quiz_topic": {
            "en": "Only this lesson's questions (default: questions from the lessons you have taken).",
            "zh": "只出这一课的题（默认：从你学过的课程中出题）。",
        },
        "help_quiz_all": {
            "en": "Questions from every lesson, taken or not.",
            "zh": "从所有课程中出题，不管学没学过。",
        },
        "help_learn_from_start": {
            "en": "Begin at the lesson's first screen, not where you left off.",
            "zh": "从本课的第一屏开始，而不是从上次离开的地方继续。",
        },
        "help_quiz_count": {
            "en": "How many questions (default: all of a lesson's, 10 across lessons).",
            "zh": "出多少题（默认：单课为该课全部题目，跨课程为 10 题）。",
        },
        "help_quiz_seed": {
            "en": "The same seed asks the same questions in the same order, choices in the same order.",
            "zh": "同一个种子给出同样的题目、同样的题序和同样的选项顺序。",
        },
        "help_no_colours": {"en": "No colours.", "zh": "不使用颜色。"},
        "help_progress_json": {
            "en": "Print the progress file's data as JSON.",
            "zh": "以 JSON 输出进度文件的内容。",
        },
        "help_reset_topic": {
            "en": "The lesson whose progress to forget.",
            "zh": "要清除进度的课程。",
        },
        "help_reset_all": {"en": "Forget every lesson's progress.", "zh": "清除所有课程的进度。"},
        "help_yes": {"en": "Do not ask for confirmation.", "zh": "不再询问确认。"},
        "help_bench_quick": {
            "en": "Less work per measurement: done in well under 20 s.",
            "zh": "每项测量少做一些：20 秒以内完成。",
        },
        "help_plain_lines": {"en": "Plain lines: no colours.", "zh": "纯文本行：不使用颜色。"},
        "help_bench_start_method": {
            "en": "How the measuring children start (default: the platform's).",
            "zh": "负责测量的子进程的启动方式（默认：本平台的默认方式）。",
        },
        "help_bench_break_even": {
            "en": "Measure from how much work per item worker processes beat a for loop here (Pool.map and executor.map, one item per task and in chunks), drawn as a curve.",
            "zh": "测量在这里每个元素要有多少计算量，工作进程才能胜过 for 循环（Pool.map 和 executor.map，每个任务一个元素与分块发送），画成曲线。",
        },
        "help_bench_only": {
            "en": "Measure only this mechanism (repeat for more); not kept for the Manager lesson. One of: {mechanisms}.",
            "zh": "只测量这一种机制（可重复给出多个）；结果不会保存给 Manager 一课使用。可选：{mechanisms}。",
        },
        "help_manager_group": {
            "en": "A manager other terminals and computers can reach (BaseManager over TCP).",
            "zh": "一个其他终端和计算机都能访问的管理器（基于 TCP 的 BaseManager）。",
        },
        "help_serve_host": {
            "en": "Address to listen on. Default 127.0.0.1: this machine only. 0.0.0.0 listens on every network interface.",
            "zh": "监听的地址。默认 127.0.0.1：只有本机能连。0.0.0.0 表示在所有网卡上监听。",
        },
        "help_serve_port": {
            "en": "TCP port, 0-65535 (0: any free port).",
            "zh": "TCP 端口，0-65535（0：任意空闲端口）。",
        },
        "help_serve_authkey": {
            "en": "The shared secret clients must know (better: {env}, which other users "
            "cannot read in `ps`). Default: a new random one, printed.",
            "zh": "客户端必须知道的共享密钥（更好的做法是用 {env}，其他用户在 `ps` 里看不到）。"
            "默认：随机生成一个新的并打印出来。",
        },
        "help_serve_auth_timeout": {
            "en": "Seconds a connection may take to prove it knows the key before it "
            "is dropped, 0.1-600.",
            "zh": "连接证明自己知道密钥的时限（秒），超时即断开，0.1-600。",
        },
        "help_compare_workers": {
            "en": "How many child processes in each run (1-256).",
            "zh": "每次运行启动多少个子进程（1-256）。",
        },
        "help_compare_delay": {
            "en": "Each child's pause in seconds (0-60; 0: start-up cost only).",
            "zh": "每个子进程暂停的秒数（0-60；0 表示只看启动开销）。",
        },
        "help_compare_timeout": {
            "en": "Watchdog for each run, in seconds (0.1-3600).",
            "zh": "每次运行的看门狗，单位秒（0.1-3600）。",
        },
        "help_practice_target": {
            "en": "A topic (queue, futures, ...) or an exercise's name: --list shows them all. Default: your next exercise.",
            "zh": "一个主题（queue、futures……）或一道练习的名字：--list 列出全部。默认：你的下一道练习。",
        },
        "help_practice_check": {
            "en": "Check exercise NAME once and exit: 0 it passed, 1 it did not.",
            "zh": "检查一次练习 NAME 后退出：0 表示通过，1 表示没通过。",
        },
        "help_practice_reset": {
            "en": "Hand out exercise NAME afresh; your file is moved aside, never deleted.",
            "zh": "重新发放练习 NAME；你的文件会被改名保留，绝不删除。",
        },
        "help_practice_list": {
            "en": "List the exercises and which you have passed.",
            "zh": "列出所有练习，以及你通过了哪些。",
        },
        "help_practice_workspace": {
            "en": "Where your exercise files are (also IPCTUTOR_WORKSPACE; default ./ipctutor-exercises).",
            "zh": "你的练习文件所在的目录（也可用 IPCTUTOR_WORKSPACE；默认 ./ipctutor-exercises）。",
        },
        "help_practice_exercises": {
            "en": "Practise a course from this folder (also IPCTUTOR_EXERCISES).",
            "zh": "练习这个目录中的课程（也可用 IPCTUTOR_EXERCISES）。",
        },
        "help_practice_runs": {
            "en": "Runs per start method (default: the exercise's, enough to catch its bug).",
            "zh": "每种启动方式运行几次（默认：该练习自己的次数，足以抓住它的错误）。",
        },
        "help_practice_start_method": {
            "en": "With --check: check under this start method only.",
            "zh": "与 --check 一起使用：只在这种启动方式下检查。",
        },
        "help_practice_args": {
            "en": "With --check: give every run these arguments (comma-separated, in the "
            "exercise's order), as a failing run was given them.",
            "zh": "与 --check 一起使用：每次运行都用这些参数（逗号分隔，按练习规定的顺序），与某次失败的运行相同。",
        },
        "help_practice_yes": {"en": "--reset without asking.", "zh": "--reset 时不再询问。"},
    }
)

# The command line itself. typer_*: Typer's own messages, which it looks up through gettext
# (typer/core.py, typer/rich_utils.py): their English is Typer's msgid, and `python -m ipctutor.i18n`
# compiles them into the catalogue gettext reads (locale/zh/LC_MESSAGES/ipctutor.mo).
# cli_*: what Typer's copy of Click says without gettext, said by the error boundary (app.py)
# from the exception's own fields.
MESSAGES.update(
    {
        "typer_options": {"en": "Options", "zh": "选项"},
        "typer_arguments": {"en": "Arguments", "zh": "参数"},
        "typer_commands": {"en": "Commands", "zh": "命令"},
        "typer_error": {"en": "Error", "zh": "错误"},
        "typer_default": {"en": "[default: {}]", "zh": "［默认：{}］"},
        "typer_default_plain": {"en": "default: {default}", "zh": "默认：{default}"},
        "typer_env_var": {"en": "[env var: {}]", "zh": "［环境变量：{}］"},
        "typer_env_var_plain": {"en": "env var: {var}", "zh": "环境变量：{var}"},
        "typer_required": {"en": "[required]", "zh": "［必填］"},
        "typer_required_plain": {"en": "required", "zh": "必填"},
        "typer_deprecated": {"en": "(deprecated) ", "zh": "（已弃用）"},
        "typer_dynamic": {"en": "(dynamic)", "zh": "（动态）"},
        "typer_aborted": {"en": "Aborted.", "zh": "已中止。"},
        "typer_aborted_bang": {"en": "Aborted!", "zh": "已中止！"},
        "typer_try_help": {
            "en": "Try [blue]'{command_path} {help_option}'[/] for help.",
            "zh": "查看帮助：[blue]'{command_path} {help_option}'[/]",
        },
        "typer_missing_command": {"en": "Missing command.", "zh": "缺少命令。"},
        "typer_no_such_command": {"en": "No such command {name!r}.", "zh": "没有命令 {name!r}。"},
        "cli_usage": {"en": "Usage: ", "zh": "用法："},
        "cli_error_line": {
            "en": "ipctutor: error: {message} (see '{where} --help')",
            "zh": "ipctutor：错误：{message}（参见 '{where} --help'）",
        },
        "cli_error": {"en": "ipctutor: error: {message}", "zh": "ipctutor：错误：{message}"},
        "cli_no_such_option": {"en": "No such option: {option}", "zh": "没有选项 {option}"},
        "cli_did_you_mean": {
            "en": " (did you mean: {options}?)",
            "zh": "（你是不是想输入：{options}？）",
        },
        "cli_needs_value": {
            "en": "Option {option!r} requires an argument.",
            "zh": "选项 {option!r} 后面要跟一个值。",
        },
        "cli_takes_no_value": {
            "en": "Option {option!r} does not take a value.",
            "zh": "选项 {option!r} 不接受值。",
        },
        "cli_missing_argument": {"en": "Missing argument {name}.", "zh": "缺少参数 {name}。"},
        "cli_missing_option": {"en": "Missing option {name}.", "zh": "缺少选项 {name}。"},
        "cli_extra_arguments": {
            "en": "Got unexpected extra argument(s) ({args})",
            "zh": "多出了无法识别的参数：{args}",
        },  # args: each one quoted
        "cli_invalid_value": {
            "en": "Invalid value for {name}: {why}",
            "zh": "{name} 的值无效：{why}",
        },
        "cli_want_int": {"en": "expected a whole number", "zh": "应为整数"},
        "cli_want_float": {"en": "expected a number", "zh": "应为数字"},
        "cli_want_range": {
            "en": "expected a number from {low} to {high}",
            "zh": "应为 {low} 到 {high} 之间的数",
        },
        "cli_want_one_of": {"en": "expected one of {choices}", "zh": "应为 {choices} 之一"},
        "cli_want_path": {
            "en": "expected a path that can be used here",
            "zh": "应为此处可用的路径",
        },
        "cli_want_other": {"en": "expected {kind}", "zh": "应为 {kind}"},
        "cli_out_of_range": {
            "en": "{value:g} is outside the valid range {low:g} to {high:g}.",
            "zh": "{value:g} 超出有效范围 {low:g} 到 {high:g}。",
        },
        "cli_bad_lang": {
            "en": "{value!r} is not one of 'en', 'zh'.",
            "zh": "{value!r} 不是 'en' 或 'zh'。",
        },
    }
)

# The words a run reports (states, and what children say they did, in engine/demos): shown
# translated, kept in English in --json, where they are data. word() finds them by their English.
MESSAGES.update(
    {
        "word_starting": {"en": "starting", "zh": "启动中"},
        "word_started": {"en": "started", "zh": "已启动"},
        "word_running": {"en": "running", "zh": "运行中"},
        "word_exited": {"en": "exited", "zh": "已退出"},
        "word_failed": {"en": "failed", "zh": "失败"},
        "word_stopped": {"en": "stopped", "zh": "已被终止"},
        "word_terminated": {"en": "terminated", "zh": "被终止"},
        "word_ok": {"en": "ok", "zh": "完成"},
        "word_timeout": {"en": "timeout", "zh": "超时"},
        "word_interrupted": {"en": "interrupted", "zh": "已中断"},
        "word_done": {"en": "done", "zh": "已完成"},
        "word_sent": {"en": "sent", "zh": "已发送"},
        "word_received": {"en": "received", "zh": "已接收"},
        "word_wrote": {"en": "wrote", "zh": "已写入"},
        "word_put": {"en": "put", "zh": "已放入"},
        "word_said": {"en": "said", "zh": "说"},
        "word_printed": {"en": "printed", "zh": "打印了"},
        # a process's role, shown beside a name that does not say it ([pool worker])
        "word_pool worker": {"en": "pool worker", "zh": "进程池工作进程"},
        "word_executor worker": {"en": "executor worker", "zh": "执行器工作进程"},
        "word_manager server": {"en": "manager server", "zh": "管理器服务进程"},
        "word_dask worker": {"en": "dask worker", "zh": "Dask 工作进程"},
        "word_task": {"en": "task", "zh": "任务"},
        "word_added": {"en": "added", "zh": "已累加"},
        "word_accepted": {"en": "accepted", "zh": "已接受连接"},
        "word_refused": {"en": "refused", "zh": "被拒绝"},
        "word_after": {"en": "after", "zh": "之后"},
    }
)

# word("running") -> "运行中": the catalogue's word_* entries, found by their English. WORDS_ZH is
# the old name of this table, kept for code written against it (add new words as word_* above).
WORDS_ZH = {entry["en"]: entry["zh"] for key, entry in MESSAGES.items() if key.startswith("word_")}


def word(english: str) -> str:
    """A state or report word in the learner's language (unknown words as they are)."""
    return WORDS_ZH.get(english, english) if _current == "zh" else english


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


def language_in_args(args: list[str]) -> str | None:
    """The --lang the command line gives (en or zh), read before Typer parses it: Typer builds
    the help, and the command line's own error messages, in the language known by then."""
    for i, arg in enumerate(args):
        if arg == "--":
            break
        value = (
            arg.partition("=")[2]
            if arg.startswith("--lang=")
            else args[i + 1]
            if arg == "--lang" and i + 1 < len(args)
            else None
        )
        if value in LANGUAGES:
            return value
    return None


def set_language(lang: str) -> None:
    """The learner's language for everything the tutor says, Typer's own words included."""
    global _current
    _current = lang if lang in LANGUAGES else "en"
    use_typer_catalogue(_current == "zh")


def use_typer_catalogue(chinese: bool) -> None:
    """Typer looks its words up with gettext.gettext, in gettext's current text domain: in a
    Chinese session that is this package's catalogue (CATALOGUE_FILE), in the language named by
    LANGUAGE, which gettext reads first. In English, gettext's default domain (no catalogue)."""
    import gettext

    if chinese:
        gettext.bindtextdomain("ipctutor", CATALOGUE_FOLDER)
        gettext.textdomain("ipctutor")
        os.environ["LANGUAGE"] = "zh"
    else:
        gettext.textdomain("messages")


def language() -> str:
    return _current


def interrupted_line(stopped: int, signum: int | None = None) -> str:
    """After a Ctrl-C: how many children the tutor had to stop (none, when the demo's own cleanup
    had already ended them). After SIGTERM or SIGHUP (`signum`), the same, naming the signal."""
    if signum is not None:
        return (
            t("ended", n=stopped, **ending(signum))
            if stopped
            else t("ended_none", **ending(signum))
        )
    return t("interrupted", n=stopped) if stopped else t("interrupted_none")


def interrupted_text(key: str, signum: int | None = None) -> str:
    """`interrupted_plain` or `interrupted_kept` after a Ctrl-C; after SIGTERM or SIGHUP (`signum`)
    its `ended_` twin, which names the signal and why it came."""
    if signum is None:
        return t(key)
    ended = {"interrupted_plain": "ended_plain", "interrupted_kept": "ended_kept"}
    return t(ended[key], **ending(signum))


def ending(signum: int) -> dict[str, str]:
    """The signal's name and why it came, for the ended_ messages."""
    import signal

    why = {"SIGTERM": "why_SIGTERM", "SIGHUP": "why_SIGHUP"}
    name = signal.Signals(signum).name
    return {"signal": name, "why": t(why[name]) if name in why else name}


def t(key: str, **values) -> str:
    """The tutor's message `key` in the learner's language, filled in."""
    entry = MESSAGES[key]
    return (entry.get(_current) or entry["en"]).format(**values)


def typer_msgids() -> dict[str, str]:
    """Typer's English msgids and their Chinese, for its gettext catalogue."""
    return {entry["en"]: entry["zh"] for key, entry in MESSAGES.items() if key.startswith("typer_")}


def compiled_catalogue(pairs: dict[str, str]) -> bytes:
    """A GNU .mo file holding `pairs` (msgid -> msgstr), as msgfmt writes it: what gettext reads."""
    import struct

    pairs = {"": "Content-Type: text/plain; charset=UTF-8\n", **pairs}
    ids = sorted(pairs)
    keys = [i.encode() for i in ids]
    values = [pairs[i].encode() for i in ids]
    header = 7 * 4
    tables = header + 2 * 8 * len(ids)
    key_data = b"".join(k + b"\0" for k in keys)
    offsets, at = [], tables
    for k in keys:
        offsets += [len(k), at]
        at += len(k) + 1
    for v in values:
        offsets += [len(v), at]
        at += len(v) + 1
    value_data = b"".join(v + b"\0" for v in values)
    return (
        struct.pack("<7I", 0x950412DE, 0, len(ids), header, header + 8 * len(ids), 0, tables)
        + struct.pack(f"<{len(offsets)}I", *offsets)
        + key_data
        + value_data
    )


CATALOGUE_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")
CATALOGUE_FILE = os.path.join(CATALOGUE_FOLDER, "zh", "LC_MESSAGES", "ipctutor.mo")


if (
    __name__ == "__main__"
):  # python -m ipctutor.i18n: write Typer's catalogue after changing typer_*
    os.makedirs(os.path.dirname(CATALOGUE_FILE), exist_ok=True)
    with open(CATALOGUE_FILE, "wb") as out:
        out.write(compiled_catalogue(typer_msgids()))
    print(CATALOGUE_FILE)
