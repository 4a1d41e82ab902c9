"""`ipctutor run` beyond a single run: --pitfall (break it, then fix it) and --repeat K.

Both print Rich panels in a terminal, plain lines otherwise, or one JSON object with --json.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from ipctutor.screen import render
from ipctutor.screen.export import export_panels
from ipctutor.screen.pitfall_view import draw_pitfall, phase_runner, show_pitfall_result
from ipctutor.i18n import t
from ipctutor.engine.pitfalls import (
    PITFALLS,
    Pitfall,
    methods_note,
    phase_outcome,
    pitfalls_of,
    run_pitfall,
)
from ipctutor.engine.run_record import DemoRun, natural_key
from ipctutor.engine.watch import run_plain_demo as run_demo


def pitfall_named(topic: str, name: str) -> Pitfall:
    from ipctutor.errors import TutorError

    pitfall = PITFALLS.get((topic, name))
    if pitfall is None:
        names = t("list_separator").join(p.name for p in pitfalls_of(topic)) or t("nobody")
        raise TutorError(t("unknown_pitfall", name=name, topic=topic, names=names))
    return pitfall


def list_pitfalls(topic: str) -> None:
    found = pitfalls_of(topic)
    if not found:
        from ipctutor.engine.demos import PITFALL_NAMES

        print(t("no_pitfalls", topic=topic, topics=t("list_separator").join(PITFALL_NAMES)))
        return
    for pitfall in found:
        size = f"  --size: {pitfall.text(pitfall.size_help)}" if pitfall.size_help else ""
        print(f"{pitfall.name:<16} {pitfall.text(pitfall.title)}{size}")
    print(t("pitfall_usage", topic=topic, name=found[0].name))


# ---------------------------------------------------------------- --pitfall


def pitfall_json(pitfall: Pitfall, runs: list[DemoRun], shown: bool, finding: dict) -> str:
    phases = []
    for phase, run in zip(pitfall.phases, runs):
        phases.append(
            {
                "phase": phase.func,
                "label": pitfall.text(phase.label),
                "what_happened": pitfall.text(phase_outcome(run)),
                **render.run_as_dict(run),
            }
        )
    return json.dumps(
        {
            "topic": pitfall.topic,
            "pitfall": pitfall.name,
            "reproduced": shown,
            "finding": pitfall.text(finding),
            "start_methods": pitfall.text(methods_note(pitfall, runs)),
            "phases": phases,
        },
        ensure_ascii=False,
        default=repr,
    )


def run_pitfall_command(
    pitfall: Pitfall,
    *,
    workers: int | None,
    delay: float,
    start_method: str | None,
    timeout: float,
    size: int | None,
    json_output: bool,
    plain: bool,
    export: Path | None,
    explanation: str | None,
) -> int:
    console = render.make_console(plain=plain)
    runs = run_pitfall(
        pitfall,
        workers=workers,
        delay=delay,
        start_method=start_method,
        timeout=timeout,
        size=size,
        on_phase=phase_runner(console, plain, json_output),
    )
    if runs[-1].outcome == "interrupted":
        return interrupted(runs[-1])
    shown, finding = pitfall.finding(runs)
    words = pitfall.text(finding)
    if json_output:
        print(pitfall_json(pitfall, runs, shown, finding), flush=True)
    else:
        show_pitfall_result(console, plain, pitfall, runs, words, explanation)
    if export is not None:
        export_panels(
            export, lambda c: draw_pitfall(c, pitfall, runs, words, explanation), json_output
        )
    return 0 if runs[-1].outcome == "ok" else 1


# ---------------------------------------------------------------- --repeat


def outcome_key(topic: str, run: DemoRun) -> str:
    """What differs from run to run, in words: the final value, the order of arrival ... read
    from what the observer saw: what the parent received, what it printed, each child's ops."""
    if run.outcome != "ok":
        return f"({run.outcome})"
    if run.rows[run.parent_pid].how is None:  # run in-process (--connect): the demo's own results
        return render.short(run.results, 120)
    said = [line.line for line in run.rows[run.parent_pid].printed]
    if topic == "value":
        return f"last_written = {printed_after(said, 'last written: ').split()[0]}"
    if topic in ("queue", "pipe", "connection"):
        return " ".join(
            str(message[1]) for message in run.results or [] if isinstance(message, list)
        )
    if topic == "lock":
        lines = said[next(i for i, line in enumerate(said) if line.startswith("the file")) + 1 :]
        return " ".join(line.split()[1] for line in lines[::2])
    if topic == "process":
        return " ".join(
            str(row.exitcode)
            for row in sorted(run.children, key=lambda r: natural_key(r.name))
            if row.role == "child"
        )
    if topic in (
        "pool",
        "cluster",
        "joinablequeue",
    ):  # which worker did each task, by first appearance
        results = literal(printed_after(said, "results: " if topic == "joinablequeue" else "map: "))
        ranks = {pid: rank for rank, pid in enumerate(dict.fromkeys(r[2] for r in results))}
        return " ".join(str(ranks[r[2]]) for r in results)
    if topic == "sync":  # a Barrier hands out its indexes in the order the processes arrive
        met = {
            row.name: int(op.data or 0)
            for row in run.children
            for op in row.ops
            if op.op == "Barrier.wait"
        }
        return " ".join(name.rpartition("-")[2] for name in sorted(met, key=met.__getitem__))
    if topic == "shared-memory":
        return render.short(printed_after(said, "shareable list ").split(": ", 1)[-1], 120)
    if topic == "futures":  # the order as_completed() handed the Futures back
        return " ".join(str(n) for n in literal(printed_after(said, "completed: ")))
    if topic == "start-methods":  # the order the children's targets began in, as each measured it
        began = {
            row.name: mark.at
            for row in run.children
            for mark in row.marks
            if mark.what == "running"
        }
        return " ".join(name.rpartition("-")[2] for name in sorted(began, key=began.__getitem__))
    if topic == "logging":  # the order the listener wrote each worker's last record
        done = [line.split()[0] for line in said if ": INFO child " in line and ": done, " in line]
        return " ".join(name.rpartition("-")[2] for name in done)
    return render.short(said[-1] if said else run.results, 120)


def printed_after(lines: list[str], prefix: str) -> str:
    """The rest of the parent's printed line that starts with `prefix` ("" when none does)."""
    return next((line[len(prefix) :] for line in lines if line.startswith(prefix)), "")


def literal(text: str):
    import ast

    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return []


KEY_MEANING = {
    "value": "repeat_key_value",
    "queue": "repeat_key_order",
    "pipe": "repeat_key_order",
    "lock": "repeat_key_lock",
    "process": "repeat_key_exitcodes",
    "pool": "repeat_key_pool",
    "manager": "repeat_key_results",
    "shared-memory": "repeat_key_results",
    "sync": "repeat_key_barrier",
    "joinablequeue": "repeat_key_pool",
    "connection": "repeat_key_order",
    "futures": "repeat_key_completed",
    "start-methods": "repeat_key_began",
    "cluster": "repeat_key_pool",
    "logging": "repeat_key_order",
}
SHOWN_ROWS = 12


def draw_histogram(console, topic: str, counts: Counter, total: int, start_method: str) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    table = Table(expand=False)
    table.add_column(t(KEY_MEANING[topic]), overflow="fold", max_width=50)
    table.add_column(t("runs"), justify="right")
    table.add_column("", no_wrap=True)
    top = counts.most_common(SHOWN_ROWS)
    for key, n in top:
        table.add_row(
            key,
            str(n),
            Text("█" * max(1, round(30 * n / total)) + f" {100 * n / total:.0f}%", style="green"),
        )
    rest = counts.most_common()[SHOWN_ROWS:]
    if rest:
        table.caption = t("repeat_rest", kinds=len(rest), runs=sum(n for _, n in rest))
    console.print(
        Panel(
            table,
            title=t("repeat_title", topic=topic, k=total, method=start_method),
            border_style="blue",
        )
    )


def explain_histogram(topic: str, counts: Counter, total: int, plain: bool = False) -> str:
    """What the histogram's rows, numbers and bars mean, and what the spread says."""
    meaning = t(KEY_MEANING[topic])
    return " ".join(
        (
            t("repeat_explained_plain", meaning=meaning, k=total)
            if plain
            else t("repeat_explained", meaning=meaning, runs=t("runs"), k=total),
            t("repeat_all_same" if len(counts) == 1 else "repeat_differed"),
        )
    )


def ask_repeat_guess(topic: str, times: int, plain: bool) -> tuple[list[str], int] | None:
    """Predict, then run: will every run come out the same? (labels, the index guessed), or None
    when there is nobody at a terminal to ask, or they pressed q."""
    import sys

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return None
    from ipctutor.screen.prompts import QUIT, choose

    labels = [t("guess_repeat_same"), t("guess_repeat_differ")]
    question = t("guess_repeat", k=times, topic=topic, meaning=t(KEY_MEANING[topic]))
    answer = choose(question, labels, plain=plain)
    return None if answer == QUIT else (labels, answer)


def repeat_guess_line(guessed: tuple[list[str], int], counts: Counter, total: int) -> tuple:
    """(the line: the guess marked right or wrong beside what happened, in Rich markup; the
    label of what happened; whether the guess was right)."""
    from rich.markup import escape

    labels, index = guessed
    actual = 0 if len(counts) == 1 else 1
    happened = (
        t("repeat_came_out_same", k=total)
        if actual == 0
        else t("repeat_came_out_differ", kinds=len(counts), k=total)
    )
    mark = "[bold green]✓[/]" if index == actual else "[bold red]✗[/]"
    line = (
        f"{mark} {escape(t('your_guess', guess=labels[index]))}  ·  "
        f"{escape(t('what_happened_was', actual=happened))}"
    )
    return line, labels[actual], index == actual


def repeat_mode(
    topic: str,
    times: int,
    options: dict,
    *,
    json_output: bool,
    plain: bool,
    export: Path | None,
    ask_guess: bool = True,
    lesson_id: str | None = None,
) -> int:
    console = render.make_console(plain=plain)
    guessed = ask_repeat_guess(topic, times, plain) if ask_guess and not json_output else None
    keys: list[str] = []
    runs: list[DemoRun] = []
    for number in range(1, times + 1):
        if not json_output and not plain:
            with render.on_screen(console.status(t("repeat_progress", n=number, k=times))):
                run = run_demo(topic, **options)
        else:
            run = run_demo(topic, **options)
        if run.outcome == "interrupted":
            return interrupted(run)
        runs.append(run)
        keys.append(outcome_key(topic, run))
        if plain and not json_output:
            print(t("labelled", label=t("run_number", n=number), value=keys[-1]), flush=True)
    counts = Counter(keys)
    method = runs[0].start_method
    if json_output:
        print(
            json.dumps(
                {
                    "topic": topic,
                    "start_method": method,
                    "repeat": times,
                    "delay_s": options["delay"],
                    "counts": dict(counts.most_common()),
                    "outcomes": dict(Counter(run.outcome for run in runs)),
                    "runs": [
                        {"outcome": run.outcome, "key": key, "elapsed_s": round(run.elapsed_s, 4)}
                        for run, key in zip(runs, keys)
                    ],
                },
                ensure_ascii=False,
            ),
            flush=True,
        )
    elif plain:
        print(f"-- {t('repeat_title', topic=topic, k=times, method=method)}")
        for key, n in counts.most_common():
            print(f"{n:5d} x  {key}")
        print(explain_histogram(topic, counts, times, plain=True))
    else:
        draw_histogram(console, topic, counts, times, method)
        console.print(explain_histogram(topic, counts, times), highlight=False)
    if guessed is not None:
        line, actual, right = repeat_guess_line(guessed, counts, times)
        if plain:
            from rich.text import Text

            print(Text.from_markup(line).plain, flush=True)
        else:
            console.print(line, highlight=False)
        from ipctutor.content.progress import record_guess_now

        record_guess_now(lesson_id or topic, "repeat", guessed[0][guessed[1]], actual, right)
    if export is not None:
        export_panels(
            export, lambda c: draw_histogram(c, topic, counts, times, method), json_output
        )
    return 0 if all(run.outcome == "ok" for run in runs) else 1


# ---------------------------------------------------------------- shared


def interrupted(run: DemoRun) -> int:
    from ipctutor.commands.options import say_interrupted

    say_interrupted(run)
    return 130


def export_run(
    path: Path,
    run: DemoRun,
    after_run: str | None,
    timeout: float,
    json_output: bool,
    timeline: bool = False,
) -> None:
    def draw(console) -> None:
        render.final_panels(run, console, after_run, timeout)
        if timeline:  # --timeline: the picture goes into the file too
            from ipctutor.screen.timeline import draw as draw_timeline

            draw_timeline(run, console)

    export_panels(path, draw, json_output)
