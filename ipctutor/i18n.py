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
    "live_title": {"en": "{topic} demo, live", "zh": "{topic} 演示（实时）"},
    "summary_counts": {"en": "{n} processes: {counts}", "zh": "共 {n} 个进程：{counts}"},
    "more_rows": {"en": "… {n} more (all of them: --json)", "zh": "… 另有 {n} 个（完整列表：--json）"},
    "forkserver_note": {
        "en": "PPID {ppids} is the fork server, not the parent ({parent}): under forkserver the "
              "parent asks a server process, started once, to fork each child for it.",
        "zh": "PPID {ppids} 是 fork server 进程，而不是父进程（{parent}）：在 forkserver 启动方式下，"
              "父进程请一个事先启动的服务进程替它 fork 出每个子进程。"},
    "outcome_ok": {"en": "Done in {elapsed:.2f} s.", "zh": "完成，用时 {elapsed:.2f} 秒。"},
    "outcome_failed": {"en": "The run failed: {error}", "zh": "运行失败：{error}"},
    "outcome_timeout": {
        "en": "Stopped by the watchdog after {timeout:g} s (--timeout). Still running then: {names}.",
        "zh": "超过 {timeout:g} 秒（--timeout），看门狗终止了运行。当时仍在运行：{names}。"},
    "interrupted": {
        "en": "Interrupted: stopped and reaped every child ({n}).",
        "zh": "已中断：所有子进程（{n} 个）均已终止并回收。"},
    "interrupted_none": {  # the demo's own cleanup (a with-block: Pool, LocalCluster) had ended them
        "en": "Interrupted: no child was still running.",
        "zh": "已中断：没有仍在运行的子进程。"},
    "nobody": {"en": "none", "zh": "无"},
    "interrupted_plain": {"en": "interrupted", "zh": "已中断"},
    # run --timeline, --trace (screen/timeline.py, content/trace.py)
    "timeline_title": {"en": "Timeline: 0 to {span:.0f} ms after the demo started, one column ≈ {column:.1f} ms",
                       "zh": "时间线：演示开始后 0 到 {span:.0f} 毫秒，每列约 {column:.1f} 毫秒"},
    "timeline_legend_lines": {
        "en": "{own} running, as the process itself reported   {seen} alive, as the parent saw it: "
              "{first} its PID first seen, {exit} its exit seen (both a little late), then the exit code",
        "zh": "{own} 进程自己报告的运行期间　{seen} 父进程看到的存活期间：{first} 首次看到它的 PID，"
              "{exit} 看到它退出（两者都会晚一点），后面是退出码"},
    "timeline_legend_marks": {
        "en": "{sent} sent (put, wrote …)   {received} received   {other} another step it reported   {failed} failed",
        "zh": "{sent} 发送（放入、写入……）　{received} 接收　{other} 它报告的其他步骤　{failed} 失败"},
    "timeline_clock": {
        "en": "Times: time.monotonic() (CLOCK_MONOTONIC), one clock for every process, read by each "
              "process right after its step, or by the parent's monitor thread when it noticed.",
        "zh": "时间：time.monotonic()（CLOCK_MONOTONIC），所有进程共用同一个时钟；由进程在每一步之后立即读取，"
              "或由父进程的监视线程在察觉时读取。"},
    "timeline_more": {"en": "… {n} more processes (all of them: --json or --trace FILE.json)",
                      "zh": "… 另有 {n} 个进程（完整列表：--json 或 --trace FILE.json）"},
    "timeline_one_run": {
        "en": "--timeline and --trace show one run: they cannot be combined with --pitfall or --repeat",
        "zh": "--timeline 和 --trace 只针对单次运行：不能与 --pitfall 或 --repeat 同时使用"},
    "trace_suffix": {"en": "--trace {file}: the name must end in .json (a Chrome trace file that Perfetto opens)",
                     "zh": "--trace {file}：文件名必须以 .json 结尾（Perfetto 能打开的 Chrome 跟踪文件）"},
    "trace_folder": {"en": "--trace {file}: cannot write into {folder} (no such folder, or not writable)",
                     "zh": "--trace {file}：无法写入 {folder}（文件夹不存在或不可写）"},
    "trace_is_folder": {"en": "--trace {file}: that is a folder; give a file name ending in .json",
                        "zh": "--trace {file}：这是一个文件夹；请给出以 .json 结尾的文件名"},
    "trace_failed": {"en": "could not write the trace {file}: {error}", "zh": "无法写入跟踪文件 {file}：{error}"},
    "trace_written": {"en": "Wrote the trace {file}: open it in https://ui.perfetto.dev (or chrome://tracing).",
                      "zh": "已写入跟踪文件 {file}：可在 https://ui.perfetto.dev（或 chrome://tracing）中打开。"},
    "show_hides_module": {
        "en": "ipctutor: warning: {file} is named like the standard module '{module}': a script "
              "beside it that imports {module} gets this file instead; save it as ipc_{module}.py",
        "zh": "ipctutor：警告：{file} 与标准库模块 '{module}' 同名：同一目录下导入 {module} 的脚本"
              "会导入这个文件，而不是标准库模块；请改存为 ipc_{module}.py"},
    # errors
    "unknown_topic": {"en": "unknown topic {topic!r}{hint}. Topics: {topics}.",
                      "zh": "没有主题 {topic!r}{hint}。可选主题：{topics}。"},
    "did_you_mean": {"en": " (did you mean {guess!r}?)", "zh": "（你是不是想输入 {guess!r}？）"},
    "start_method_unavailable": {
        "en": "the start method {method!r} is not available on this platform; try: {methods}",
        "zh": "本平台不支持启动方式 {method!r}；可用：{methods}"},
    "lessons_ok": {"en": "{n} lessons in {folder}: all valid.", "zh": "{folder} 中的 {n} 课全部有效。"},
    "content_bad": {"en": "Problems found: {n}.", "zh": "共发现 {n} 个问题。"},
    "exercises_ok": {"en": "{n} exercises in {folder}: all valid.", "zh": "{folder} 中的 {n} 道练习全部有效。"},
    "debug_hint": {"en": "run with --debug to see the traceback", "zh": "加 --debug 可查看完整 traceback"},
    "internal_error": {"en": "unexpected error: {error} ({hint})", "zh": "意外错误：{error}（{hint}）"},
    # learn, quiz, list, progress, reset (commands/learning.py, screen/learn.py, quiz, prompts, progress)
    "warning_line": {"en": "ipctutor: warning: {line}", "zh": "ipctutor: 警告：{line}"},
    "progress_cannot_save": {
        "en": "cannot save progress in {folder} ({reason}): set IPCTUTOR_HOME to a folder you can write",
        "zh": "无法在 {folder} 保存学习进度（{reason}）：请把 IPCTUTOR_HOME 设为一个有写权限的目录"},
    "progress_cannot_read": {
        "en": "cannot read progress in {folder} ({reason}): set IPCTUTOR_HOME to a folder you can read",
        "zh": "无法读取 {folder} 中的学习进度（{reason}）：请把 IPCTUTOR_HOME 设为一个可读的目录"},
    "progress_newer": {
        "en": "{path} was written by a newer ipctutor (progress format {version}, this one reads "
              "{ours}): upgrade ipctutor, or set IPCTUTOR_HOME to another folder",
        "zh": "{path} 由更新版本的 ipctutor 写入（进度格式 {version}，当前版本只支持 {ours}）："
              "请升级 ipctutor，或把 IPCTUTOR_HOME 指向另一个目录"},
    "progress_damaged": {
        "en": "the progress file {path} was damaged ({reason}); moved it aside as {backup} and started afresh",
        "zh": "进度文件 {path} 已损坏（{reason}）；已另存为备份 {backup}，进度从头开始记录"},
    "damage_shape": {"en": "not a progress file", "zh": "不是进度文件的格式"},
    "damage_not_utf8": {"en": "not UTF-8 text", "zh": "不是 UTF-8 文本"},
    "damage_empty": {"en": "empty", "zh": "文件为空"},
    "damage_truncated": {"en": "truncated", "zh": "内容被截断"},
    "damage_not_json": {"en": "not valid JSON", "zh": "不是合法的 JSON"},
    "progress_not_kept": {"en": "{error}; progress of this session will not be kept",
                          "zh": "{error}；本次的学习进度不会被保存"},
    "your_answer": {"en": "Your answer:", "zh": "你的答案："},
    "your_answers": {"en": "Your answers:", "zh": "你的答案："},
    "keys_single": {"en": "(↑↓ move, Enter answers, h hint, q stop)",
                    "zh": "（↑↓ 移动，Enter 作答，h 提示，q 退出）"},
    "keys_multiple": {"en": "(↑↓ move, Space ticks, Enter answers, h hint, q stop)",
                      "zh": "（↑↓ 移动，空格 勾选，Enter 作答，h 提示，q 退出）"},
    "tick_one": {"en": "Tick at least one answer with Space.", "zh": "请至少用空格勾选一个答案。"},
    "hint_label": {"en": "Hint {n}/{of}:", "zh": "提示 {n}/{of}:"},
    "no_more_hints": {"en": "No more hints: that was the last one.", "zh": "没有更多提示了，上面已是最后一条。"},
    "question_header": {"en": "Question {n} of {of} · {lesson}", "zh": "第 {n}/{of} 题 · {lesson}"},
    "true_or_false": {"en": "True or false?", "zh": "判断对错："},
    "pick_all": {"en": "Tick every right answer.", "zh": "请勾选所有正确答案。"},
    "right": {"en": "Right.", "zh": "回答正确。"},
    "wrong": {"en": "Not quite.", "zh": "回答错误。"},
    "right_answer": {"en": "The answer: {answer}", "zh": "正确答案：{answer}"},
    "right_second": {"en": "Right, on the second try (the first try is what counts for the score).",
                     "zh": "第二次答对了（计分按第一次作答）。"},
    "try_again": {"en": "Try once more: the first answer is what counts for the score.",
                  "zh": "再试一次：计分按第一次作答。"},
    "choice_is_right": {"en": "(a right answer)", "zh": "（正确选项）"},
    "choice_is_wrong": {"en": "(not an answer)", "zh": "（错误选项）"},
    "pause_next_question": {"en": "Enter: next question · q: stop", "zh": "Enter：下一题 · q：退出"},
    "pause_score": {"en": "Enter: your score · q: stop", "zh": "Enter：查看得分 · q：退出"},
    "pause_more_short": {"en": "Enter: more · q: stop", "zh": "Enter：继续 · q：退出"},
    "pause_next": {"en": "Enter: next · b: back · q: leave", "zh": "Enter：下一页 · b：上一页 · q：退出"},
    "pause_code": {"en": "Enter: see the demo's code · b: back · q: leave",
                   "zh": "Enter：查看演示代码 · b：上一页 · q：退出"},
    "pause_run": {"en": "Enter: run it live · b: back · q: leave", "zh": "Enter：实际运行 · b：上一页 · q：退出"},
    "pause_after_demo": {"en": "Enter: what commonly goes wrong · b: back · q: leave",
                         "zh": "Enter：常见的陷阱 · b：上一页 · q：退出"},
    "pause_run_again": {"en": "r: run it again", "zh": "r：再运行一次"},
    "demo_running": {"en": "{topic}: running … (what happened follows when it ends)",
                     "zh": "{topic}：运行中……（结束后显示发生了什么）"},
    "pause_exercise": {"en": "Enter: this lesson's exercise · b: back · q: leave",
                       "zh": "Enter：本课的练习 · b：上一页 · q：退出"},
    "pause_end": {"en": "Enter: finish the lesson · b: back · q: leave",
                  "zh": "Enter：结束本课 · b：上一页 · q：退出"},
    "pause_quiz": {"en": "Enter: the quiz ({n} to answer) · b: back · q: leave",
                   "zh": "Enter：开始测验（共 {n} 题） · b：上一页 · q：退出"},
    "pause_more": {"en": "Enter: more (page {n} of {of}) · b: back · q: leave",
                   "zh": "Enter：继续（第 {n}/{of} 页） · b：上一页 · q：退出"},
    "pause_other_key": {"en": "That key does nothing here. {keys}", "zh": "这个键在这里没有作用。{keys}"},
    "resumed": {"en": "Back where you left off: step {n} of {of} (b goes back, `--from-start` begins again).",
                "zh": "从你上次离开的地方继续：第 {n}/{of} 步（b 返回上一页，`--from-start` 从头开始）。"},
    "lesson_n_of": {"en": "lesson {n} of {of}", "zh": "第 {n}/{of} 课"},
    # learn: a guess before a run, and what the run showed
    "keys_guess": {"en": "(↑↓ move, Enter: this is my guess, q: skip)",
                   "zh": "（↑↓ 移动，Enter：就猜这个，q：跳过）"},
    "guess_demo_order": {
        "en": "Your guess first: the {n} children start one after another, child-0 first. "
              "Will they finish in that same order?",
        "zh": "先猜一猜：{n} 个子进程依次启动，child-0 最先。它们会按同样的顺序结束吗？"},
    "guess_in_order": {"en": "Yes: in the order they started", "zh": "会：按启动的顺序"},
    "guess_other_order": {"en": "No: in some other order", "zh": "不会：顺序不同"},
    "finished_order": {"en": "they finished in this order: child {order}", "zh": "实际结束顺序：child {order}"},
    "guess_pitfall": {"en": "Your guess first: {title}. The broken code runs first: will it go wrong "
                            "this time?",
                      "zh": "先猜一猜：{title}。先运行有问题的代码：这一次它会出错吗？"},
    "guess_goes_wrong": {"en": "Yes: it goes wrong", "zh": "会：它会出错"},
    "guess_works": {"en": "No: it happens to work this time", "zh": "不会：这次碰巧正常"},
    "your_guess": {"en": "Your guess: {guess}", "zh": "你的猜测：{guess}"},
    "what_happened_was": {"en": "what happened: {actual}", "zh": "实际结果：{actual}"},
    # learn: the lesson's exercise, in place
    "exercise_title": {"en": "Practice: fix a real broken script", "zh": "练习：修好一个真正有问题的脚本"},
    "exercise_offer": {
        "en": "This lesson's exercise: {title} ({name}). p opens it here: the file goes into "
              "./ipctutor-exercises/, you fix it in your own editor, and every save is run for real. "
              "q there brings you back to the lesson. Later: ipctutor practice {name}",
        "zh": "本课的练习：{title}（{name}）。按 p 在这里打开：文件放在 ./ipctutor-exercises/ 里，"
              "用你自己的编辑器修改，每次保存都会真正运行检查。在那里按 q 回到本课。以后再做：ipctutor practice {name}"},
    "pause_practise": {"en": "p: do it now", "zh": "p：现在就做"},
    "pitfalls_title": {"en": "What commonly goes wrong", "zh": "常见的陷阱"},
    "code_title": {"en": "The demo's code: {file}", "zh": "演示代码：{file}"},
    "code_subtitle": {"en": "this is what runs next; as a script: ipctutor show {topic}",
                      "zh": "接下来运行的就是这段代码；导出为独立脚本：ipctutor show {topic}"},
    "score": {"en": "Score: {right}/{of}", "zh": "得分：{right}/{of}"},
    "quiz_left": {"en": "Stopped after {answered} of {of} questions; your answers so far are saved.",
                  "zh": "已在第 {answered}/{of} 题后退出，已作答的题目都已保存。"},
    "same_again": {"en": "The same questions again: {command}", "zh": "再做一遍同样的题目：{command}"},
    "no_lesson": {"en": "no lesson for {topic!r} in {folder}: run `ipctutor check {folder}`",
                  "zh": "{folder} 中没有主题 {topic!r} 的课程：请运行 `ipctutor check {folder}`"},
    "needs_terminal": {
        "en": "ipctutor {command} asks questions and needs a terminal, but stdin is not one; "
              "to watch a demo without questions: ipctutor run TOPIC",
        "zh": "ipctutor {command} 需要交互作答，必须在终端中运行，但标准输入不是终端；"
              "只想看演示的话请用：ipctutor run 主题"},
    "interrupted_kept": {"en": "ipctutor: interrupted; what you did so far is saved (ipctutor progress)",
                         "zh": "ipctutor: 已中断；之前的进度已保存（ipctutor progress 可查看）"},
    "next_done": {"en": "done", "zh": "已完成"},
    "score_partial": {"en": "{right}/{of} (stopped after {asked})", "zh": "{right}/{of}（做到第 {asked} 题时退出）"},
    "left_lesson": {"en": "Left the lesson; your progress is saved: ipctutor learn brings you back to this step.",
                    "zh": "已退出本课，进度已保存：运行 ipctutor learn 会回到这一步。"},
    "lesson_done": {"en": "Lesson done. Next: {next}", "zh": "本课完成。下一步：{next}"},
    "no_questions": {"en": "no quiz questions in {where}: run `ipctutor check`",
                     "zh": "{where} 中没有测验题：请运行 `ipctutor check`"},
    "quiz_intro": {"en": "Questions: {n} (seed {seed}).", "zh": "共 {n} 题（随机种子 {seed}）。"},
    "quiz_topic_or_all": {"en": "name a lesson or give --all, not both: ipctutor quiz pipe, or ipctutor quiz --all",
                          "zh": "请指定一课或使用 --all，二者不能同时使用：ipctutor quiz pipe 或 ipctutor quiz --all"},
    "quiz_nothing_taken": {
        "en": "no lesson taken yet, so nothing to quiz you on: ipctutor learn (or every lesson's "
              "questions: ipctutor quiz --all)",
        "zh": "还没有学过任何一课，没有可以测验的内容：请运行 ipctutor learn（或测验所有课程：ipctutor quiz --all）"},
    "review_intro": {"en": "Questions due for review, ones you got wrong before: {n}. Getting one right "
                           "brings it back later (1, 3, 7, 21 days); wrong, tomorrow.",
                     "zh": "到期复习：{n} 道你以前答错的题。答对了会隔得更久再出现（1、3、7、21 天），答错了明天再来。"},
    "review_nothing_due": {"en": "Nothing due for review today ({later} waiting for a later day). Next: ipctutor learn",
                           "zh": "今天没有需要复习的内容（另有 {later} 项在以后的日子等着）。下一步：ipctutor learn"},
    "review_exercise": {"en": "Exercise due again (you needed its solution): ipctutor practice {name}",
                        "zh": "这道练习到期该再做一遍（上次用到了参考答案）：ipctutor practice {name}"},
    "review_due_line": {"en": "Due for review today: {n}. Run: ipctutor review", "zh": "今天有 {n} 项到期复习：ipctutor review"},
    "col_lesson": {"en": "lesson", "zh": "课程"},
    "col_title": {"en": "title", "zh": "标题"},
    "col_read": {"en": "read", "zh": "已读"},
    "col_demo": {"en": "demo run", "zh": "运行演示"},
    "col_best": {"en": "best quiz", "zh": "最好成绩"},
    "col_last": {"en": "last quiz", "zh": "最近成绩"},
    "col_exercises": {"en": "exercises", "zh": "练习"},
    "col_exercise": {"en": "exercise", "zh": "练习"},
    "exercises_passed": {"en": "{n}/{of}", "zh": "{n}/{of}"},  # passed of the lesson's exercises
    "exercise_not_yet": {"en": "· not passed yet ({checks} checks)", "zh": "· 尚未通过（已检查 {checks} 次）"},
    "col_next": {"en": "next", "zh": "下一步"},
    "next_overall": {"en": "Next: {command}", "zh": "下一步：{command}"},
    "all_done": {"en": "Every lesson done. Test yourself across them all: ipctutor quiz",
                 "zh": "所有课程都已完成。综合测验：ipctutor quiz"},
    "progress_file": {"en": "Progress file: {path}", "zh": "进度文件：{path}"},
    "nothing_yet": {"en": "Nothing recorded yet. Start with: ipctutor learn",
                    "zh": "还没有任何记录。从这里开始：ipctutor learn"},
    "not_a_lesson": {"en": "(not a lesson in the current lessons folder)", "zh": "（当前课程目录中没有这一课）"},
    "reset_what": {"en": "name one lesson (ipctutor reset queue) or use --all",
                   "zh": "请指定一课（ipctutor reset queue），或使用 --all"},
    "reset_nothing": {"en": "Nothing recorded there: nothing to reset.", "zh": "没有相关记录，无需重置。"},
    "reset_needs_yes": {"en": "reset asks for confirmation and stdin is not a terminal: add --yes",
                        "zh": "reset 需要确认，但标准输入不是终端：请加上 --yes"},
    "reset_all_confirm": {"en": "Forget your progress in all {n} lessons?",
                          "zh": "确定清除全部 {n} 课的学习进度吗？"},
    "reset_confirm": {"en": "Forget your progress in {lesson}?", "zh": "确定清除 {lesson} 的学习进度吗？"},
    "reset_kept": {"en": "Nothing changed.", "zh": "未做任何更改。"},
    "reset_done": {"en": "Forgot your progress in: {lessons}.", "zh": "已清除以下课程的进度：{lessons}。"},
    # bench (commands/bench.py)
    "bench_mech_pipe_send": {"en": "Pipe send/recv", "zh": "Pipe send/recv"},
    "bench_mech_pipe_send_bytes": {"en": "Pipe send_bytes/recv_bytes", "zh": "Pipe send_bytes/recv_bytes"},
    "bench_mech_queue": {"en": "Queue", "zh": "Queue"},
    "bench_mech_simple_queue": {"en": "SimpleQueue", "zh": "SimpleQueue"},
    "bench_mech_manager_queue": {"en": "Manager().Queue", "zh": "Manager().Queue"},
    "bench_mech_manager_dict": {"en": "Manager().dict", "zh": "Manager().dict"},
    "bench_mech_raw_value": {"en": "RawValue (no lock)", "zh": "RawValue（无锁）"},
    "bench_mech_value": {"en": "Value (locks on each write)", "zh": "Value（每次写入自动加锁）"},
    "bench_mech_value_get_lock": {"en": "Value: with get_lock(): +=", "zh": "Value:with get_lock(): +="},
    "bench_mech_shared_memory": {"en": "SharedMemory", "zh": "SharedMemory（共享内存）"},
    "bench_group_messages": {"en": "Small messages, child → parent", "zh": "小消息：子进程 → 父进程"},
    "bench_about_messages": {
        "en": "{count:,} small ints per round ({manager_count:,} through a Manager), per message",
        "zh": "每轮 {count:,} 个小整数（经 Manager 的为 {manager_count:,} 个），按每条消息计"},
    "bench_group_writes": {"en": "One shared write, timed in the child", "zh": "一次共享写入（在子进程中计时）"},
    "bench_about_writes": {
        "en": "{count:,} writes per round ({manager_count:,} to a Manager dict), per write",
        "zh": "每轮写 {count:,} 次（Manager dict 为 {manager_count:,} 次），按每次写入计"},
    "bench_group_payload": {"en": "One {size} payload, child → parent", "zh": "一个 {size} 的数据块：子进程 → 父进程"},
    "bench_about_payload": {
        "en": "until the parent holds its own copy of the bytes",
        "zh": "计到父进程拿到属于自己的一份字节数据为止"},
    "bench_about_and": {"en": "{about}; {rounds}", "zh": "{about}；{rounds}"},
    "bench_rounds": {"en": "median of {rounds} rounds after a warm-up",
                     "zh": "预热一轮后，取 {rounds} 轮的中位数"},
    "bench_col_mechanism": {"en": "mechanism", "zh": "机制"},
    "bench_col_median": {"en": "median", "zh": "中位数"},
    "bench_col_spread": {"en": "min – max", "zh": "最小 – 最大"},
    "bench_col_ratio": {"en": "× fastest", "zh": "相对最快"},
    "bench_col_rate": {"en": "throughput", "zh": "吞吐量"},
    "bench_table_title": {"en": "What each mechanism cost on this machine", "zh": "各机制在本机上的开销"},
    "bench_chart_title": {"en": "Times the fastest of its group (shorter is faster)",
                          "zh": "相对本组最快者的倍数（越短越快）"},
    "bench_log_scale": {"en": "log scale", "zh": "对数刻度"},
    "bench_plan_quick": {"en": "quick run, --quick", "zh": "快速模式，--quick"},
    "bench_plan_full": {"en": "full run", "zh": "完整模式"},
    "bench_header": {"en": "bench: start method {method}, Python {python}, {cpus} CPUs, {plan}",
                     "zh": "bench：启动方式 {method}，Python {python}，{cpus} 个 CPU，{plan}"},
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
        "zh": "一次 Manager().dict 写入（要和 manager 服务进程往返一次）的耗时是 Value 写入（自带加锁）的 "
              "{x:g} 倍、RawValue 写入的 {y:g} 倍：这就是本机上\"比共享内存慢\"的具体含义。"},
    "bench_cmp_manager_queue": {
        "en": "A stream of small messages through a Manager().Queue took {x:g}× a plain Queue per message.",
        "zh": "连续发送小消息时，Manager().Queue 每条消息的耗时是普通 Queue 的 {x:g} 倍。"},
    "bench_cmp_shm": {
        "en": "A {size} payload through shared memory took 1/{x:g} of the time a Queue took "
              "(no pickling: one copy in, one copy out).",
        "zh": "同样传 {size} 数据，共享内存的耗时只有 Queue 的 1/{x:g}（不需要 pickle，只有写入、读出各拷贝一次）。"},
    "bench_cmp_shm_same": {
        "en": "A {size} payload took about as long through shared memory as through a Queue here "
              "(Queue: {x:g}× shared memory); the copy, not the pickling, is what costs at this size.",
        "zh": "在本机上传 {size} 数据时，共享内存和 Queue 耗时相近（Queue 是共享内存的 {x:g} 倍）；"
              "这个大小下主要开销在拷贝，而不是 pickle。"},
    "bench_footer": {
        "en": "Measured in {elapsed:.1f} s ({plan}), start method {method}. Figures vary from run to run "
              "and machine to machine: compare the shapes, not the digits.",
        "zh": "测量用时 {elapsed:.1f} 秒（{plan}），启动方式 {method}。每次运行、每台机器的数字都会有出入："
              "看相对快慢，不必纠结具体数值。"},
    "bench_partial": {"en": "Only part measured (--only): not kept as your latest figures.",
                      "zh": "只测量了一部分（--only）：不会保存为你的最新测量结果。"},
    "bench_saved": {"en": "Saved as your latest figures (the Manager lesson quotes them): {path}",
                    "zh": "已保存为你的最新测量结果（Manager 一课会引用）：{path}"},
    "bench_not_saved": {"en": "could not save the figures to {path}: {error}",
                        "zh": "无法把测量结果保存到 {path}:{error}"},
    "bench_export_suffix": {"en": "--export {file}: unknown suffix {suffix!r}; use .svg or .html",
                            "zh": "--export {file}：不支持的后缀 {suffix!r}；请用 .svg 或 .html"},
    "bench_export_folder": {"en": "--export {file}: the folder {folder} does not exist; create it first",
                            "zh": "--export {file}：目录 {folder} 不存在，请先创建"},
    "bench_export_failed": {"en": "--export {file}: could not write it ({error})",
                            "zh": "--export {file}：写入失败（{error}）"},
    "bench_exported": {"en": "Wrote {file}.", "zh": "已写入 {file}。"},
    "bench_failed": {"en": "the benchmark failed: {error}", "zh": "测量失败：{error}"},
}

# manager serve and run manager --connect (commands/network.py), compare (commands/compare.py)
MESSAGES.update({
    "net_event_connected": {"en": "connected", "zh": "已连接"},
    "net_event_disconnected": {"en": "disconnected", "zh": "已断开"},
    "net_event_refused": {"en": "refused: wrong authkey", "zh": "已拒绝：authkey 不对"},
    "net_serving": {
        "en": "Serving a shared dict at {where} (manager pid {pid}). Ctrl-C stops it.",
        "zh": "共享字典已在 {where} 上提供服务（manager 进程 pid {pid}）。按 Ctrl-C 停止。"},
    "net_key_generated": {
        "en": "authkey: {secret} (made up for this server; choose your own with --authkey)",
        "zh": "authkey:{secret}（为本次服务随机生成；也可以用 --authkey 自己指定）"},
    "net_key_given": {
        "en": "authkey: the one you gave, written KEY below (clients may also set {env})",
        "zh": "authkey：你指定的那个，下面写作 KEY（客户端也可以通过环境变量 {env} 传入）"},
    "net_connect_with": {
        "en": "Connect from another terminal (or another computer, if --host lets it in):",
        "zh": "在另一个终端（如果 --host 允许，也可以在另一台计算机）上连接："},
    "net_connect_python": {"en": "or from your own Python code:", "zh": "或者在你自己的 Python 代码里："},
    "net_waiting": {
        "en": "Waiting for clients: every connection and every call on the dict shows up below.",
        "zh": "等待客户端：每个连接、对字典的每次调用都会显示在下面。"},
    "net_stopped": {
        "en": "ipctutor: manager stopped by Ctrl-C (exit code 130); it held {keys} keys and answered "
              "{calls} calls.",
        "zh": "ipctutor: manager 已被 Ctrl-C 停止（退出码 130）；停止时字典里有 {keys} 个键，"
              "共处理了 {calls} 次调用。"},
    "net_exposed_warning": {
        "en": "ipctutor: warning: listening on {where}: other computers can reach it. The traffic is "
              "pickled and NOT encrypted (the authkey only authenticates peers, with HMAC), and anyone "
              "who has the key can make this process run any code. Never expose it to untrusted "
              "peers or networks.",
        "zh": "ipctutor: 警告：正在 {where} 上监听，其他计算机可以连进来。通信内容用 pickle 序列化，"
              "没有加密（authkey 只是用 HMAC 验证对方身份），任何拿到密钥的人都能让这个进程执行"
              "任意代码。绝不要把它暴露给不可信的对端或网络。"},
    "net_empty_authkey": {
        "en": "--authkey must not be empty: give a secret, or leave the option out and "
              "`ipctutor manager serve` makes one up",
        "zh": "--authkey 不能为空：请给出一个密钥，或者去掉这个选项，让 `ipctutor manager serve` 随机生成"},
    "net_unknown_host": {
        "en": "unknown host {host!r}: check the name, or give an IP address",
        "zh": "无法解析主机名 {host!r}：请检查拼写，或者直接写 IP 地址"},
    "net_ipv6": {
        "en": "{host!r} is an IPv6 address, and multiprocessing's managers speak IPv4 only: give an "
              "IPv4 address (127.0.0.1) or a host name",
        "zh": "{host!r} 是 IPv6 地址，而 multiprocessing 的 manager 只支持 IPv4：请写 IPv4 地址"
              "（如 127.0.0.1）或主机名"},
    "net_port_in_use": {
        "en": "cannot listen on {where}: the port is in use (another `manager serve`?); choose "
              "another with --port, or --port 0 for any free one",
        "zh": "无法在 {where} 上监听：端口已被占用（是不是已经有一个 `manager serve` 在运行？）；"
              "请用 --port 换一个端口，或者用 --port 0 让系统挑一个空闲端口"},
    "net_not_local": {
        "en": "cannot listen on {host}: it is not an address of this machine; use 127.0.0.1, "
              "0.0.0.0 (every interface) or one of this machine's own addresses",
        "zh": "无法在 {host} 上监听：这不是本机的地址；请用 127.0.0.1、0.0.0.0（所有网卡）"
              "或本机自己的某个地址"},
    "net_port_denied": {
        "en": "cannot listen on {where}: permission denied (ports below 1024 need root); choose "
              "another with --port",
        "zh": "无法在 {where} 上监听：权限不足（1024 以下的端口需要 root）；请用 --port 换一个端口"},
    "net_cannot_listen": {"en": "cannot listen on {where}: {reason}", "zh": "无法在 {where} 上监听：{reason}"},
    "net_authkey_without_connect": {
        "en": "--authkey goes with --connect HOST:PORT (a manager started by `ipctutor manager serve`)",
        "zh": "--authkey 需要和 --connect HOST:PORT 一起用（连接由 `ipctutor manager serve` 启动的 manager）"},
    "net_connect_manager_only": {
        "en": "--connect works only with the manager topic, not {topic!r}: "
              "ipctutor run manager --connect HOST:PORT --authkey KEY",
        "zh": "--connect 只能用于 manager 主题，不能用于 {topic!r}:"
              "ipctutor run manager --connect HOST:PORT --authkey KEY"},
    "net_bad_address": {
        "en": "--connect {text!r} is not HOST:PORT: write it like 127.0.0.1:50000 (port 1-65535)",
        "zh": "--connect {text!r} 不是 HOST:PORT 格式：请写成 127.0.0.1:50000 这样（端口 1-65535）"},
    "net_needs_authkey": {
        "en": "--connect needs the key `ipctutor manager serve` printed: --authkey KEY (or set {env})",
        "zh": "--connect 需要 `ipctutor manager serve` 打印出的密钥：--authkey KEY（或设置环境变量 {env}）"},
    "net_refused": {
        "en": "nothing is listening at {where}: start `ipctutor manager serve` there first "
              "(it prints the command to connect)",
        "zh": "{where} 上没有程序在监听：请先在那里运行 `ipctutor manager serve`（它会打印出连接命令）"},
    "net_wrong_key": {
        "en": "the manager at {where} refused the authkey: use the key its `manager serve` printed "
              "(--authkey or IPCTUTOR_AUTHKEY)",
        "zh": "{where} 上的 manager 拒绝了这个 authkey：请使用它的 `manager serve` 打印出的密钥"
              "（--authkey 或 IPCTUTOR_AUTHKEY）"},
    "net_no_answer": {
        "en": "no answer from {where} within {timeout:g} s: is `ipctutor manager serve` running "
              "there, and does the firewall let the port through?",
        "zh": "{timeout:g} 秒内 {where} 没有应答：那里运行着 `ipctutor manager serve` 吗？"
              "防火墙放行这个端口了吗？"},
    "net_unreachable": {"en": "cannot reach {where}: {reason}", "zh": "无法连接 {where}:{reason}"},
    "net_not_ours": {
        "en": "something answers at {where}, but not as `ipctutor manager serve` does ({error}): "
              "check the port",
        "zh": "{where} 上有程序应答，但不是 `ipctutor manager serve`({error})：请检查端口"},
    "net_after_run": {
        "en": "Every child wrote one key into a dict that is not in this computer's memory: it lives "
              "in process {pid} on host `{host}`, the `ipctutor manager serve` at {where}. Each "
              "`d[key] = value` was pickled, sent over TCP and applied there by one of the server's "
              "threads; the list above is what the server holds now, read back through a proxy "
              "(keys left by earlier runs or other computers included).\n\n"
              "`Manager()` cannot do this: it listens on a Unix socket path. Only "
              "`BaseManager(address=(host, port), authkey=...)` is reachable from other computers, "
              "and since the traffic is pickled and not encrypted, only ever share it with peers "
              "you trust.",
        "zh": "每个子进程都往一个字典里写了一个键，而这个字典根本不在本机内存里：它在主机 `{host}` 上"
              "的 {pid} 号进程中，也就是 {where} 上的 `ipctutor manager serve`。每次 "
              "`d[key] = value` 都先用 pickle 序列化，经 TCP 发过去，再由服务端的某个线程执行；"
              "上面的列表是通过代理读回来的服务端当前内容（包括之前的运行或其他计算机留下的键）。\n\n"
              "`Manager()` 做不到这一点：它监听的是一个 Unix 套接字路径。只有 "
              "`BaseManager(address=(host, port), authkey=...)` 能被其他计算机访问；"
              "而且通信内容用 pickle 序列化、没有加密，只能在可信的机器之间共享。"},
    "compare_title": {
        "en": "{topic} under each start method ({workers} workers, delay {delay:g} s)",
        "zh": "{topic} 在各启动方式下的对比（{workers} 个子进程，每个暂停 {delay:g} 秒）"},
    "compare_running": {"en": "running under {method}…", "zh": "正在以 {method} 方式运行…"},
    "compare_row_elapsed": {"en": "start-up + run (× fastest)", "zh": "启动 + 运行（相对最快者）"},
    "compare_row_ppid": {"en": "each child's PPID", "zh": "子进程的 PPID"},
    "compare_row_worked": {"en": "worked", "zh": "是否成功"},
    "compare_row_default": {"en": "default here", "zh": "本机默认"},
    "compare_is_parent": {"en": "parent", "zh": "父进程"},
    "compare_is_forkserver": {"en": "fork server", "zh": "fork server"},
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
        "zh": "fork 把父进程原样复制一份：启动最快，子进程继承一切，包括全局变量（所以原始资料里的例子"
              "只有在 fork 下才能运行）。对一个有多线程在跑的进程 fork，子进程可能死锁。"},
    "compare_why_spawn": {
        "en": "spawn starts a fresh interpreter that imports the main module again and unpickles its "
              "arguments: the slowest start, and the only method on Windows.",
        "zh": "spawn 启动一个全新的解释器，重新导入主模块并反序列化参数：启动最慢，也是 Windows 上"
              "唯一的启动方式。"},
    "compare_why_forkserver": {
        "en": "forkserver asks a server process, started once on first use (its cost is in this run's "
              "time), to fork each child from a clean state: so each child's PPID is the fork "
              "server's PID, not the parent's.",
        "zh": "forkserver 让一个服务进程（第一次使用时启动，启动开销算在这次运行的时间里）从干净的"
              "状态 fork 出每个子进程：所以子进程的 PPID 是 fork server 的 PID，而不是父进程的。"},
    "compare_verified": {
        "en": "Checked: multiprocessing here ({platform}, Python {version}) reports {method} as the "
              "default, as the table says (◀).",
        "zh": "已核对：本机（{platform}，Python {version}）上 multiprocessing 报告的默认方式是 {method}，"
              "与上表（◀）一致。"},
    "compare_mismatch": {
        "en": "Note: the table says {table} for this machine, but multiprocessing here reports {actual}.",
        "zh": "注意：按上表本机默认应是 {table}，但这里的 multiprocessing 报告的是 {actual}。"},
})


# run --pitfall and --repeat
MESSAGES.update({
    "unknown_pitfall": {"en": "no pitfall {name!r} for {topic}; its pitfalls: {names} "
                              "(ipctutor run {topic} --pitfall list)",
                        "zh": "{topic} 没有名为 {name!r} 的陷阱；可选：{names}(ipctutor run {topic} --pitfall list)"},
    "no_pitfalls": {"en": "{topic} has no pitfall demos yet; these topics have: {topics}.",
                    "zh": "{topic} 还没有陷阱演示；这些主题有：{topics}。"},
    "pitfall_usage": {"en": "Run one: ipctutor run {topic} --pitfall {name}",
                      "zh": "运行示例：ipctutor run {topic} --pitfall {name}"},
    "size_needs_pitfall": {"en": "--size goes with --pitfall (see: ipctutor run TOPIC --pitfall list)",
                           "zh": "--size 只能和 --pitfall 一起用（参见：ipctutor run TOPIC --pitfall list）"},
    "pitfall_alone": {"en": "--pitfall cannot be combined with --repeat, --connect or --fail",
                      "zh": "--pitfall 不能与 --repeat、--connect 或 --fail 同时使用"},
    "repeat_connect": {"en": "--repeat cannot be used with --connect: the served dict keeps what every "
                             "earlier run wrote; restart `ipctutor manager serve` between runs instead",
                       "zh": "--repeat 不能与 --connect 同时使用：服务端的字典会保留之前每次运行写入的内容；"
                             "请在两次运行之间重启 `ipctutor manager serve`"},
    "phase": {"en": "phase", "zh": "阶段"},
    "outcome": {"en": "outcome", "zh": "结果"},
    "finding": {"en": "What the runs showed", "zh": "运行结果说明了什么"},
    "why_and_fix": {"en": "Why, and the fix", "zh": "原因与修正"},
    "runs": {"en": "runs", "zh": "次数"},
    "run_number": {"en": "run {n}", "zh": "第 {n} 次"},
    "repeat_title": {"en": "{topic}: {k} runs under {method}", "zh": "{topic}：在 {method} 下运行 {k} 次"},
    "repeat_progress": {"en": "run {n} of {k} ...", "zh": "第 {n}/{k} 次运行……"},
    "repeat_rest": {"en": "and {kinds} other outcomes in {runs} runs", "zh": "另有 {kinds} 种结果，共 {runs} 次"},
    "repeat_key_value": {"en": "final value of the Value every child wrote", "zh": "所有子进程都写过的 Value 的最终值"},
    "repeat_key_order": {"en": "order of arrival (child numbers)", "zh": "到达顺序（子进程编号）"},
    "repeat_key_lock": {"en": "order in which children got the lock", "zh": "子进程拿到锁的顺序"},
    "repeat_key_exitcodes": {"en": "exit codes of the children", "zh": "子进程的退出码"},
    "repeat_key_pool": {"en": "which worker took each task (workers numbered as first seen)",
                        "zh": "每个任务由哪个工作进程执行（按首次出现编号）"},
    "repeat_key_began": {"en": "order in which the children began running (child numbers)",
                         "zh": "子进程开始运行的先后顺序（子进程编号）"},
    "repeat_key_results": {"en": "what the parent got", "zh": "父进程得到的结果"},
    "repeat_key_completed": {"en": "order as_completed() gave the tasks (task numbers)",
                             "zh": "as_completed() 交回任务的顺序（任务编号）"},
    "repeat_key_barrier": {"en": "order of arrival at the Barrier (child numbers)",
                           "zh": "到达 Barrier 的顺序（子进程编号）"},
    # learn: pitfall screens and the learner's own bench figures
    "pause_pitfall": {"en": "Enter: a pitfall you can run · b: back · q: leave",
                      "zh": "Enter：看一个可以亲手运行的陷阱 · b：上一页 · q：退出"},
    "try_pitfall": {"en": "see it break, then the fix: {command}", "zh": "亲眼看它出错再修好：{command}"},
    "try_pitfall_here": {"en": "r: run it here (as: {command})", "zh": "按 r 在这里运行（等同于：{command}）"},
    "pause_run_pitfall": {"en": "r: run {name} here", "zh": "r：在这里运行 {name}"},
    "pitfall_back": {"en": "Back to the lesson: r runs it again, Enter goes on.",
                     "zh": "回到课程：按 r 再运行一次，按 Enter 继续。"},
    "own_figures_title": {"en": "On your machine", "zh": "在你的机器上"},
    "own_figures": {
        "en": "Your last `ipctutor bench` ({when}): one Manager dict write took {write}x a locked "
              "Value write, and a small message through a Manager queue {queue}x one through a Queue.",
        "zh": "你上次运行 `ipctutor bench`（{when}）的结果：一次 Manager 字典写入耗时是加锁 Value 写入的 "
              "{write} 倍，一条小消息经 Manager 队列传递的耗时是普通 Queue 的 {queue} 倍。"},
    "no_own_figures": {
        "en": "Measure \"slower than shared memory\" on your own machine: ipctutor bench --quick "
              "(under 20 s); this lesson then quotes your numbers.",
        "zh": "在你自己的机器上量一量“比共享内存慢”到底慢多少：ipctutor bench --quick（20 秒以内）；"
              "之后本课会引用你的测量结果。"},
})

# practice: the checker's evidence (engine/practice_check.py, engine/stacks.py), the watch screen
# (screen/practice.py) and the command (commands/practice.py)
MESSAGES.update({
    "error_in_children": {"en": "{error}, {every}", "zh": "{error}，{every}"},
    "ev_line": {"en": "{method}: {text}", "zh": "{method}：{text}"},
    "stack_line": {"en": "{name}: {what}", "zh": "{name}：{what}"},
    "stack_parent": {"en": "the parent (pid {pid})", "zh": "父进程（pid {pid}）"},
    "stack_child": {"en": "child {n} (pid {pid})", "zh": "子进程 {n}（pid {pid}）"},
    "stack_waits_at": {"en": "waits in {func}() at line {line}: {code}", "zh": "停在第 {line} 行的 {func}() 中等待：{code}"},
    "stack_waits_in": {"en": "waits in {func}()", "zh": "停在 {func}() 中等待"},
    "stack_at_line": {"en": "waits at line {line}: {code}", "zh": "停在第 {line} 行：{code}"},
    "stack_feeder_writes": {"en": "its Queue's feeder thread waits to write to the pipe (nobody reads)",
                            "zh": "它的 Queue 后台 feeder 线程在等待写入管道（没有人在读）"},
    "stack_feeder_waits": {"en": "its Queue's feeder thread waits for items",
                           "zh": "它的 Queue 后台 feeder 线程在等待新数据"},
    "stack_exiting_feeder": {
        "en": "has finished its work but cannot exit: it waits for its Queue's feeder thread to flush",
        "zh": "任务已做完却无法退出：它在等 Queue 的 feeder 线程把数据写完"},
    "stack_exiting": {"en": "is exiting", "zh": "正在退出"},
    "stack_ended": {"en": "had already ended", "zh": "已经结束"},
    "stack_no_dump": {"en": "gave no stack dump", "zh": "没有给出栈信息"},
    "stack_and": {"en": "; ", "zh": "；"},
    "at_line": {"en": " (line {line})", "zh": "（第 {line} 行）"},
    "then_stuck": {"en": "; then the parent waited until the watchdog ({watchdog} s)",
                   "zh": "；随后父进程一直等到看门狗超时（{watchdog} 秒）"},
    "then_stuck_exit": {"en": "; then the run was stuck until the watchdog ({watchdog} s), each process as below",
                        "zh": "；随后运行一直卡到看门狗超时（{watchdog} 秒），各进程的位置见下"},
    "in_every_child": {"en": "in every child ({n})", "zh": "出现在每个子进程中（{n} 个）"},
    "in_some_children": {"en": "in {n} of {of} children", "zh": "出现在 {of} 个子进程中的 {n} 个"},
    "broken_lines": {"en": "{n} of {of} lines are not whole", "zh": "{of} 行中有 {n} 行不完整"},
    "line_count": {"en": "{n} lines printed, {wanted} expected", "zh": "打印了 {n} 行，应为 {wanted} 行"},
    "cut_apart": {"en": "the output of {n} children is cut apart by others' lines",
                  "zh": "有 {n} 个子进程的输出被别的进程的行切开了"},
    "ev_method_ok": {"en": "{method}: passed in {n} of {n} runs", "zh": "{method}：{n} 次运行全部通过"},
    "ev_stuck": {"en": "stuck in {n} of {runs} runs (watchdog {watchdog} s){detail}; where each process was:",
                 "zh": "{runs} 次运行中有 {n} 次卡住（看门狗 {watchdog} 秒）{detail}；各进程当时停在："},
    "ev_child_error": {"en": "{detail}, in {n} of {runs} runs", "zh": "{detail}，{runs} 次运行中有 {n} 次"},
    "ev_parent_error": {"en": "the parent raised {detail}, in {n} of {runs} runs",
                        "zh": "父进程抛出 {detail}，{runs} 次运行中有 {n} 次"},
    "ev_exit": {"en": "exit code {detail}, in {n} of {runs} runs", "zh": "退出码 {detail}，{runs} 次运行中有 {n} 次"},
    "ev_no_children": {"en": "no child process was started (in {n} of {runs} runs): the exercise is about processes",
                       "zh": "没有启动任何子进程（{runs} 次运行中有 {n} 次）：这道练习要用到子进程"},
    "ev_start_method": {
        "en": "children started with {detail}, not this start method (in {n} of {runs} runs): leave the "
              "start method to the checker",
        "zh": "子进程是用 {detail} 启动的，而不是本次检查的启动方式（{runs} 次运行中有 {n} 次）：请让检查器决定启动方式"},
    "ev_result": {"en": "wrong result in {n} of {runs} runs (printed {got}, expected {expected})",
                  "zh": "{runs} 次运行中有 {n} 次结果错误（打印 {got}，应为 {expected}）"},
    "ev_no_result": {"en": "the last line is not the result line, in {n} of {runs} runs (it was: {detail})",
                     "zh": "最后一行不是结果行，{runs} 次运行中有 {n} 次（实际是：{detail}）"},
    "ev_lines": {"en": "{detail}, in {n} of {runs} runs", "zh": "{detail}，{runs} 次运行中有 {n} 次"},
    "ev_leaked": {"en": "the resource tracker found {detail} never unlinked (leaked), in {n} of {runs} runs",
                  "zh": "资源跟踪器发现 {detail}始终没有被 unlink（泄漏了），{runs} 次运行中有 {n} 次"},
    "leaked_block": {"en": "1 shared_memory block", "zh": "1 个 shared_memory 内存块"},
    "leaked_blocks": {"en": "{count} shared_memory blocks", "zh": "{count} 个 shared_memory 内存块"},
    "leaked_object": {"en": "1 {kind} object", "zh": "1 个 {kind} 对象"},
    "leaked_objects": {"en": "{count} {kind} objects", "zh": "{count} 个 {kind} 对象"},
    "practice_wrote": {"en": "Your exercise file: {path} (new; edit it in your editor)",
                       "zh": "你的练习文件：{path}（新建；请用你的编辑器修改它）"},
    "practice_yours": {"en": "Your exercise file: {path} (as you left it)",
                       "zh": "你的练习文件：{path}（保持你上次离开时的样子）"},
    "practice_task": {"en": "Your task", "zh": "任务"},
    "practice_how": {
        "en": "Every save is checked for real: the file runs under each of {methods}, runs per start method: {runs}; it passes when every run works.",
        "zh": "每次保存都会真正检查：文件在 {methods} 下各运行 {runs} 次；每次运行都成功才算通过。"},
    "practice_checking": {"en": "Checking …", "zh": "检查中 …"},
    "practice_saved": {"en": "Saved: checking again.", "zh": "已保存：重新检查。"},
    "practice_passed": {"en": "✓ Passed: every run under every start method worked.",
                        "zh": "✓ 通过：每种启动方式下的每次运行都成功了。"},
    "practice_failed": {"en": "✗ Not yet. Edit the file and save; I check it again.",
                        "zh": "✗ 还没通过。修改文件并保存，我会再检查一次。"},
    "practice_failed_plain": {"en": "✗ Not yet: at least one run failed.", "zh": "✗ 还没通过：至少有一次运行失败。"},
    "practice_keys": {"en": "h: a hint   s: the solution (after 3 checks)   c: check now   q: leave",
                      "zh": "h：提示   s：参考答案（检查 3 次之后）   c：立即检查   q：离开"},
    "practice_keys_passed": {"en": "n: next exercise   s: the solution again   q: leave",
                             "zh": "n：下一道练习   s：再看参考答案   q：离开"},
    "practice_watching": {"en": "Watching {path} for saves.", "zh": "正在监视 {path} 的保存。"},
    "practice_file_gone": {"en": "{path} is not there (renamed or deleted?): save it again to go on.",
                           "zh": "找不到 {path}（被改名或删除了？）：再保存一次即可继续。"},
    "practice_hint": {"en": "Hint {n}/{of}: {hint}", "zh": "提示 {n}/{of}：{hint}"},
    "practice_no_more_hints": {"en": "That was the last hint. s shows the solution after 3 checks.",
                               "zh": "这已经是最后一条提示了。检查 3 次之后，按 s 可以看参考答案。"},
    "practice_solution_ready": {"en": "Stuck? s shows the solution now, as a diff against your file.",
                                "zh": "卡住了？现在按 s 可以看参考答案（与你的文件对比的 diff）。"},
    "practice_solution_later": {"en": "The solution comes after more checks (to go: {n}): try a hint first (h).",
                                "zh": "再检查 {n} 次后才能看参考答案：先试试提示（h）。"},
    "practice_solution_title": {"en": "The solution ({path}), as changes to your file:",
                                "zh": "参考答案（{path}），以对你的文件的修改形式给出："},
    "practice_same_as_solution": {"en": "Your file is the solution, line for line.",
                                  "zh": "你的文件与参考答案逐行相同。"},
    "practice_left": {"en": "Left. Your file stays as it is: {path}", "zh": "已离开。你的文件原样保留：{path}"},
    "practice_all_done": {"en": "You have passed every exercise. ipctutor practice --list shows them.",
                          "zh": "你已通过所有练习。ipctutor practice --list 可以查看。"},
    "practice_needs_terminal": {
        "en": "practice watches your file and reads keys: run it in a terminal, or check once with --check NAME",
        "zh": "practice 需要监视文件并读取按键：请在终端中运行，或用 --check NAME 检查一次"},
    "practice_unknown": {"en": "no exercise {name!r}{hint}: ipctutor practice --list shows them",
                         "zh": "没有练习 {name!r}{hint}：ipctutor practice --list 可以列出所有练习"},
    "practice_no_topic": {"en": "no exercise for the topic {topic!r} yet", "zh": "主题 {topic!r} 还没有练习"},
    "practice_one_mode": {"en": "give one of TOPIC, --check, --reset or --list", "zh": "TOPIC、--check、--reset、--list 只能选一个"},
    "practice_reset_confirm": {"en": "Start {path} afresh? Your file is kept beside it under another name.",
                               "zh": "要重新开始 {path} 吗？你的文件会以另一个名字保留在旁边。"},
    "practice_reset_needs_yes": {"en": "--reset asks first: add --yes to reset without asking",
                                 "zh": "--reset 需要确认：加 --yes 可不经询问直接重置"},
    "practice_reset_kept": {"en": "Nothing changed.", "zh": "没有做任何修改。"},
    "practice_reset_done": {"en": "Wrote a fresh {path}.", "zh": "已重新写入 {path}。"},
    "practice_reset_moved": {"en": "Yours is kept as {kept}.", "zh": "你原来的文件保存为 {kept}。"},
    "practice_list_footer": {"en": "{n} of {of} exercises passed.", "zh": "已通过 {of} 道练习中的 {n} 道。"},
})

# The words a run reports (states, and what children say they did): shown translated, kept in
# English in --json, where they are data.
WORDS_ZH = {
    "starting": "启动中", "started": "已启动", "running": "运行中", "exited": "已退出",
    "failed": "失败", "stopped": "已被终止", "terminated": "被终止", "ok": "完成", "timeout": "超时",
    "interrupted": "已中断", "done": "已完成", "sent": "已发送", "received": "已接收",
    "wrote": "已写入", "put": "已放入", "said": "说", "task": "任务", "added": "已累加",
    "holding lock": "持有锁", "released lock": "已释放锁",
    "task failed": "任务失败", "joined": "join 已返回", "accepted": "已接受连接", "EOF": "收到 EOF", "refused": "被拒绝",
    "submitted": "已提交", "completed": "已全部完成", "after": "之后",
    "started children": "已启动子进程", "began": "开始运行", "waiting for the lock": "等待锁",
    "got the lock": "拿到了锁", "lock released": "锁已释放",
    "cluster up": "集群已启动",
    "Dask is not installed; the same map runs on a Pool. To install it:":
        "没有安装 Dask，同样的 map 改由 Pool 运行。安装方法：",
}


def word(english: str) -> str:
    """A state or report word in the learner's language."""
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


def set_language(lang: str) -> None:
    global _current
    _current = lang if lang in LANGUAGES else "en"


def language() -> str:
    return _current


def interrupted_line(stopped: int) -> str:
    """After a Ctrl-C: how many children the tutor had to stop (none, when the demo's own cleanup
    had already ended them)."""
    return t("interrupted", n=stopped) if stopped else t("interrupted_none")


def t(key: str, **values) -> str:
    """The tutor's message `key` in the learner's language, filled in."""
    entry = MESSAGES[key]
    return (entry.get(_current) or entry["en"]).format(**values)
