"""How fast ipctutor starts and runs, as ratios against baselines measured in the same go.

    python benchmarks/bench_startup.py [--repeats 15]

1. `ipctutor --help` against a minimal Typer app with the same commands and options, declared the
   same way (Annotated), that does nothing else (generated from ipctutor's own command tree, so it
   never falls out of step).
2. `ipctutor run pipe --workers 10 --delay 0 --start-method spawn --plain` against a bare script
   that starts ten spawned children, each sending one message through a Pipe.
3. `ipctutor run pipe --delay 0 --json` with 32 to 256 workers: time should grow linearly.

Commands run alternately so that a busy machine slows both sides alike; medians are reported.
Not a test: figures depend on the machine. Targets (issue 2): 1 within 1.1x, 2 within 1.6x.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

BARE_PIPE = textwrap.dedent("""
    import multiprocessing as mp

    def child(conn, n):
        conn.send(["hello", n])

    if __name__ == "__main__":
        ctx = mp.get_context("spawn")
        parent_end, child_end = ctx.Pipe()
        children = [ctx.Process(target=child, args=(child_end, n)) for n in range(10)]
        for p in children:
            p.start()
        print([parent_end.recv() for _ in children])
        for p in children:
            p.join()
""")


ENUMS: list[str] = []  # enum classes the baseline needs, as source


def python_type(param) -> str:
    """The annotation a Typer app would use for one of ipctutor's parameters."""
    import enum

    annotation = param.type_descriptor.annotation
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        name = f"Enum{len(ENUMS)}"
        members = "\n".join(f"    m{i} = {m.value!r}" for i, m in enumerate(annotation))
        ENUMS.append(f"class {name}(str, Enum):\n{members}\n")
        return name
    return getattr(annotation, "__name__", "str")


def command_source(command, func_name: str) -> str:
    """A Typer command with the same parameters, declared the same way (Annotated), doing nothing."""
    params = []
    for param in command.params:
        if param.name == "help":
            continue
        annotation = python_type(param)
        help_text = repr(param.help or "")
        if param.param_type_name == "argument":
            if param.required:
                params.append(
                    f"{param.name}: Annotated[{annotation}, typer.Argument(help={help_text})]"
                )
            else:
                params.append(
                    f"{param.name}: Annotated[Optional[{annotation}], "
                    f"typer.Argument(help={help_text})] = None"
                )
        else:
            decls = ", ".join(repr(o) for o in param.opts + param.secondary_opts)
            default = param.default if isinstance(param.default, (int, float, bool)) else None
            if annotation == "bool":
                default = bool(default)
            typ = annotation if default is not None else f"Optional[{annotation}]"
            params.append(
                f"{param.name}: Annotated[{typ}, typer.Option({decls}, help={help_text})]"
                f" = {default!r}"
            )
    doc = (command.help or "").replace('"""', "'")
    return f"def {func_name}({', '.join(params)}):\n    {doc!r}\n"


def baseline_app_source() -> str:
    """A minimal Typer app mirroring ipctutor's commands, groups and options."""
    import typer

    from ipctutor.commands.app import app, register_commands

    register_commands()
    root = typer.main.get_command(app)
    lines = [
        "from pathlib import Path",
        "from typing import Annotated, Optional",
        "import typer",
        "",
    ]
    counter = 0

    def emit(group, app_name: str):
        nonlocal counter
        for name, command in group.commands.items():
            if hasattr(command, "commands"):  # a group of its own
                sub = f"app_{counter}"
                counter += 1
                lines.append(f"{sub} = typer.Typer(help={(command.help or '')!r})")
                lines.append(f"{app_name}.add_typer({sub}, name={name!r})")
                emit(command, sub)
                continue
            counter += 1
            func = f"cmd_{counter}"
            lines.append(f"@{app_name}.command({name!r})")
            lines.append(command_source(command, func))

    lines.append(
        f"app = typer.Typer(help={(root.help or '')!r}, no_args_is_help=True, add_completion=False)"
    )
    lines.append("@app.callback()")
    lines.append(command_source(root, "main_options"))
    emit(root, "app")
    lines.append("if __name__ == '__main__':\n    app()")
    lines[4:4] = ["from enum import Enum", *ENUMS]
    return "\n".join(lines) + "\n"


def time_once(argv: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()[-300:]}")
    return elapsed


def compare(label: str, ours: list[str], baseline: list[str], repeats: int, target: float) -> None:
    time_once(ours), time_once(baseline)  # warm the file cache
    mine, base = [], []
    for _ in range(repeats):
        mine.append(time_once(ours))
        base.append(time_once(baseline))
    m, b = statistics.median(mine), statistics.median(base)
    verdict = "within target" if m / b <= target else "OVER target"
    print(
        f"{label}\n  ipctutor {m * 1000:7.1f} ms   baseline {b * 1000:7.1f} ms   "
        f"ratio {m / b:.2f}x (target {target}x: {verdict})\n"
        f"  spread: ipctutor {min(mine) * 1000:.0f}-{max(mine) * 1000:.0f} ms, "
        f"baseline {min(base) * 1000:.0f}-{max(base) * 1000:.0f} ms, {repeats} runs each"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    py = sys.executable
    # pip compiles a package's bytecode when it installs it; an editable checkout (here with
    # PYTHONDONTWRITEBYTECODE set) would otherwise compile every module on every start.
    import compileall

    import ipctutor

    compileall.compile_dir(str(Path(ipctutor.__file__).parent), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        baseline_app = Path(tmp) / "baseline_app.py"
        baseline_app.write_text(baseline_app_source())
        bare = Path(tmp) / "bare_pipe.py"
        bare.write_text(BARE_PIPE)
        print(f"Python {sys.version.split()[0]}, median of {args.repeats} alternating runs\n")
        compare(
            "1. --help against a minimal Typer app with the same commands and options",
            [py, "-m", "ipctutor", "--help"],
            [py, str(baseline_app), "--help"],
            args.repeats,
            1.1,
        )
        compare(
            "2. run pipe, 10 spawned workers, --plain, against a bare spawn + Pipe script",
            [
                py,
                "-m",
                "ipctutor",
                "run",
                "pipe",
                "--workers",
                "10",
                "--delay",
                "0",
                "--start-method",
                "spawn",
                "--plain",
            ],
            [py, str(bare)],
            args.repeats,
            1.6,
        )
    print(
        "\n3. run pipe --delay 0 --json (default start method) as workers grow: linear growth means"
    )
    print("   a steady cost per added worker (the first figure also holds the fixed start-up)")
    previous = None
    for workers in (32, 64, 128, 256):
        runs = [
            time_once(
                [
                    py,
                    "-m",
                    "ipctutor",
                    "run",
                    "pipe",
                    "--workers",
                    str(workers),
                    "--delay",
                    "0",
                    "--json",
                ]
            )
            for _ in range(5)
        ]
        median = statistics.median(runs)
        step = (
            ""
            if previous is None
            else f", {(median - previous[1]) / (workers - previous[0]) * 1000:.2f} ms per added worker"
        )
        print(f"  {workers:4d} workers: {median * 1000:7.0f} ms{step}")
        previous = (workers, median)


if __name__ == "__main__":
    main()
