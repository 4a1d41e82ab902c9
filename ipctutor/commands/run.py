"""`ipctutor run TOPIC` and `ipctutor show TOPIC`.

`run` has four modes, each in a function of its own: one run (`run_once`, shown live, as plain
lines or as JSON), `--pitfall` (`pitfall_mode`, in run_modes.py), `--repeat K` (`repeat_mode`, in
run_modes.py) and `--connect` (a manager across the network, `network.prepare_remote_run`, then one
run). The command itself only checks its options and picks the mode.
"""

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from ipctutor.commands.completion import complete_pitfall, complete_topic
from ipctutor.commands.options import (
    DEFAULT_WORKERS,
    MAX_WORKERS,
    StartMethod,
    available_start_method,
    bounded,
    checked_export,
    checked_trace,
    exit_code,
    known_topic,
    lesson_texts,
    render_plain,
    topic_list,
)
from ipctutor.errors import TutorError
from ipctutor.i18n import t


def run(
    topic: Annotated[str, typer.Argument(help=topic_list(), autocompletion=complete_topic)],
    workers: Annotated[
        Optional[int],
        typer.Option("--workers", "-n", help=t("help_run_workers"), show_default=False),
    ] = None,
    start_method: Annotated[
        Optional[StartMethod], typer.Option("--start-method", "-s", help=t("help_start_method"))
    ] = None,
    delay: Annotated[Optional[float], typer.Option("--delay", help=t("help_run_delay"))] = None,
    timeout: Annotated[float, typer.Option("--timeout", help=t("help_run_timeout"))] = 30.0,
    fail: Annotated[Optional[int], typer.Option("--fail", help=t("help_run_fail"))] = None,
    json_output: Annotated[bool, typer.Option("--json", help=t("help_json"))] = False,
    plain: Annotated[bool, typer.Option("--plain", help=t("help_plain"))] = False,
    connect: Annotated[
        Optional[str], typer.Option("--connect", metavar="HOST:PORT", help=t("help_run_connect"))
    ] = None,
    authkey: Annotated[Optional[str], typer.Option("--authkey", help=t("help_run_authkey"))] = None,
    pitfall: Annotated[
        Optional[str],
        typer.Option("--pitfall", help=t("help_run_pitfall"), autocompletion=complete_pitfall),
    ] = None,
    size: Annotated[Optional[int], typer.Option("--size", help=t("help_run_size"))] = None,
    repeat: Annotated[Optional[int], typer.Option("--repeat", help=t("help_run_repeat"))] = None,
    guess: Annotated[
        bool, typer.Option("--guess/--no-guess", help=t("help_run_guess"), show_default=False)
    ] = True,
    export: Annotated[
        Optional[Path], typer.Option("--export", metavar="FILE", help=t("help_export"))
    ] = None,
    timeline: Annotated[bool, typer.Option("--timeline", help=t("help_run_timeline"))] = False,
    trace: Annotated[
        Optional[Path], typer.Option("--trace", metavar="FILE.json", help=t("help_run_trace"))
    ] = None,
) -> None:
    """Run a demo live: real processes, their PIDs, what each sent and received.

    Example: ipctutor run pipe --workers 10 --start-method spawn
    """
    if workers is not None:
        bounded("--workers", workers, 1, MAX_WORKERS)
    if delay is None:  # a pause to watch one run; K runs to count outcomes need none
        delay = 0.0 if repeat is not None else 1.0
    bounded("--delay", delay, 0, 60)
    bounded("--timeout", timeout, 0.1, 3600)
    if fail is not None:
        bounded("--fail", fail, 0, (workers or DEFAULT_WORKERS) - 1)
    if repeat is not None:
        bounded("--repeat", repeat, 1, 200)
    topic = known_topic(topic)
    method = available_start_method(start_method)
    checked_export(export)
    checked_trace(trace)
    if (timeline or trace is not None) and (
        pitfall is not None or size is not None or repeat is not None
    ):
        raise TutorError(t("timeline_one_run"))
    plain = render_plain(plain)
    shown: dict[str, Any] = dict(json_output=json_output, plain=plain, export=export)

    if pitfall is not None or size is not None:
        alone = repeat is None and connect is None and fail is None
        raise typer.Exit(
            pitfall_mode(
                topic,
                pitfall,
                size,
                alone,
                workers=workers,
                delay=delay,
                start_method=method,
                timeout=timeout,
                **shown,
            )
        )

    texts = lesson_texts(topic)
    lesson_id, after_run = (texts.lesson_id, texts.after_run) if texts else (topic, None)
    options: dict[str, Any] = dict(
        workers=workers or DEFAULT_WORKERS,
        delay=delay,
        start_method=method,
        timeout=timeout,
        fail=fail,
        demo_options=None,
    )
    if connect is not None or authkey is not None:  # a manager across the network: network.py
        if repeat is not None:  # every run would find the keys of the runs before it
            raise TutorError(t("repeat_connect"))
        from ipctutor.commands.network import prepare_remote_run

        remote = prepare_remote_run(topic, connect, authkey, timeout)
        topic, after_run, options["demo_options"] = (
            remote.topic,
            remote.after_run,
            remote.demo_options,
        )
    if repeat is not None:
        from ipctutor.commands.run_modes import repeat_mode

        raise typer.Exit(
            repeat_mode(topic, repeat, options, **shown, ask_guess=guess, lesson_id=lesson_id)
        )
    raise typer.Exit(
        run_once(topic, options, after_run, lesson_id, **shown, timeline=timeline, trace=trace)
    )


def run_once(
    topic: str,
    options: dict,
    after_run: str | None,
    lesson_id: str,
    *,
    json_output: bool,
    plain: bool,
    export: Path | None,
    timeline: bool = False,
    trace: Path | None = None,
) -> int:
    """One run: a live panel, plain lines, or one JSON object. A run that worked counts as the
    lesson's demo run in the learner's progress."""
    from ipctutor.engine.watch import run_plain_demo as run_demo
    from ipctutor.screen import render

    if json_output:
        result = run_demo(topic, **options)
        if result.outcome != "interrupted":
            print(render.run_as_json(result), flush=True)
    elif plain:
        printer = render.PlainPrinter()
        result = run_demo(topic, on_change=printer, **options)
        if result.outcome != "interrupted":
            printer.final(result, after_run, options["timeout"])
    else:
        result = render.run_live(topic, options, after_run)
    if result.outcome == "ok":
        from ipctutor.content.progress import record_demo_run

        record_demo_run(lesson_id)
    if (timeline or trace is not None) and result.outcome != "interrupted":
        from ipctutor.screen.timeline import present

        present(result, timeline=timeline, trace=trace, json_output=json_output, plain=plain)
    if export is not None and result.outcome != "interrupted":
        from ipctutor.commands.run_modes import export_run

        export_run(export, result, after_run, options["timeout"], json_output, timeline)
    return exit_code(result)


def pitfall_mode(topic: str, pitfall: str | None, size: int | None, alone: bool, **options) -> int:
    """`run TOPIC --pitfall NAME`: the broken code, then the fix, and what the runs showed.
    `alone`: no --repeat, --connect or --fail came with it (they do not combine)."""
    from ipctutor.commands import run_modes

    if pitfall is None:
        raise TutorError(t("size_needs_pitfall"))
    if not alone:
        raise TutorError(t("pitfall_alone"))
    if pitfall == "list":
        run_modes.list_pitfalls(topic)
        return 0
    chosen = run_modes.pitfall_named(topic, pitfall)
    if size is not None:
        bounded("--size", size, 1, 50_000_000)
    texts = lesson_texts(topic)
    explanation = texts.pitfall_bodies.get(chosen.name) if texts else None
    return run_modes.run_pitfall_command(chosen, size=size, explanation=explanation, **options)


def show(
    topic: Annotated[str, typer.Argument(help=t("help_show_topic"), autocompletion=complete_topic)],
) -> None:
    """Print a demo as a standalone script you can save and run with python.

    Example: ipctutor show pipe > ipc_pipe.py && python ipc_pipe.py --workers 3
    (not queue.py: a file named like a standard module hides that module)
    """
    from ipctutor.engine.scripts import demo_path

    script = demo_path(known_topic(topic)).read_bytes()
    warn_if_named_like_a_module(sys.stdout)
    sys.stdout.flush()
    sys.stdout.buffer.write(script)  # the file's own bytes: what the tutor runs, as it is on disk
    sys.stdout.flush()


def warn_if_named_like_a_module(stream) -> None:
    """`ipctutor show queue > queue.py`: that file would hide the standard `queue` module from
    every script beside it, this one first. Say so (stderr, one line) when stdout is such a file."""
    import os
    import stat

    try:
        fd = stream.fileno()
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return
        path = Path(os.readlink(f"/proc/self/fd/{fd}")) if Path("/proc/self/fd").is_dir() else None
        if path is None:
            import fcntl

            name = fcntl.fcntl(fd, fcntl.F_GETPATH, bytes(1024))  # type: ignore[attr-defined]  # macOS
            path = Path(name.rstrip(b"\0").decode())
    except (OSError, ValueError, AttributeError):  # not a real file, or no way to learn its name
        return
    if path.suffix == ".py" and path.stem in sys.stdlib_module_names:
        print(t("show_hides_module", file=path.name, module=path.stem), file=sys.stderr, flush=True)


def register(app: typer.Typer) -> None:
    app.command(help=t("cmd_run"))(run)
    app.command(help=t("cmd_show"))(show)
