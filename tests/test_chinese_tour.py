"""A tour of the commands in a Chinese session: no English word outside code, Python names,
commands and options.

Every English word in the output must be on the allow-list (what a learner types or reads in code:
commands, options, topics, exercise and pitfall names, Python's own names, units); anything inside
backticks, a path, a dotted or underscored name, or JSON is code; what a watched script printed
itself (after 打印了：) is its own words, like code. Everything else is flagged, with no exceptions:
a step that prints English fails.
"""

from __future__ import annotations

import builtins
import concurrent.futures
import multiprocessing
import multiprocessing.connection
import multiprocessing.managers
import multiprocessing.pool
import multiprocessing.queues
import multiprocessing.shared_memory
import multiprocessing.sharedctypes
import multiprocessing.synchronize
import re

import pytest

from helpers import LESSONS, ROOT, run_cli

# Words that are not code but are what the learner types or reads as names.
NAMES = {
    # processes and what the OS calls things
    "pid",
    "ppid",
    "PID",
    "PPID",
    "MainProcess",
    "child",
    "fork",
    "spawn",
    "forkserver",
    # the program, its file formats, protocols, keys and units
    "ipctutor",
    "python",
    "Python",
    "IPC",
    "JSON",
    "TCP",
    "HMAC",
    "CPU",
    "CPUs",
    "IPv4",
    "IPv6",
    "Ctrl",
    "Enter",
    "b",  # a key the learner presses (b: back)
    "Space",
    "EOF",
    "KiB",
    "MiB",
    "GiB",
    "ms",
    "µs",
    "ns",
    "x",
    "Linux",
    "macOS",
    "Windows",
    "POSIX",
    "Unix",
    "UTF",
    "Chrome",
    "Perfetto",
    "Dask",
    "NumPy",
    "float64",  # NumPy's and array.array's 8-byte floats, as the numpy-copy scripts name them
    "for",  # Python's keyword: "for 循环" is how Chinese names a for loop (bench --break-even)
    "shell",
    "traceback",
    "bug",
    "diff",
    "authkey",
    "root",
    "OPTIONS",
    "COMMAND",
    "ARGS",
    "NAME",
    "FILE",
    "HOST",
    "PORT",
    "KEY",
    "TOPIC",
    "DIR",
    "svg",
    "html",
    "str",
    "int",
    "bool",
    "float",
    "path",
    "en",
    "zh",
    "Ctrl-C",
    "multiprocessing",
    "args",
    "main",
    "lambda",
    "None",
    "True",
    "False",
    "q",
    "h",
    "s",
    "c",
    "n",
    "r",
    "pickle",
    "feeder",
    "IPCTUTOR_LANG",
    "NO_COLOR",
    "IPCTUTOR_LESSONS",
    "IPCTUTOR_HOME",
    "IPCTUTOR_AUTHKEY",
    "IPCTUTOR_WORKSPACE",
    "IPCTUTOR_EXERCISES",
    "true",
    "false",
}


def python_names() -> set[str]:
    """The names Python itself gives: multiprocessing's and concurrent.futures' classes and their
    methods (close, join, unlink), the exceptions. Not lower-case module functions or builtins:
    too many are plain English words (`exit`, `open`, `wait`), and in text they come as code."""
    names = {n for n in dir(builtins) if n[0].isupper()}
    for module in (
        multiprocessing,
        multiprocessing.connection,
        multiprocessing.managers,
        multiprocessing.shared_memory,
        concurrent.futures,
        multiprocessing.synchronize,
        multiprocessing.pool,
        multiprocessing.queues,
        multiprocessing.sharedctypes,
    ):
        for name in dir(module):
            thing = getattr(module, name)
            if name[0].isupper() or "_" in name.strip("_"):
                names.add(name)
            if isinstance(thing, type) and name[0].isupper():
                names |= {m for m in vars(thing) if not m.startswith("_")}
    return names


def command_names() -> set[str]:
    """Commands, options, their metavars, topics, lessons, exercises and pitfalls: typed, not read."""
    import typer

    from ipctutor.commands.app import app, register_commands
    from ipctutor.engine.demos import DEMOS, PITFALL_NAMES

    register_commands()
    names = set(DEMOS) | {lesson.stem for lesson in LESSONS.glob("*.yaml")}
    names |= {p.stem for p in (ROOT / "exercises").glob("*.py")}
    for pitfalls in PITFALL_NAMES.values():
        names |= set(pitfalls)
    todo = [typer.main.get_command(app)]
    while todo:  # commands by name; options only as typed (--workers: its chunk starts with '-')
        command = todo.pop()
        names.add(command.name or "")
        for param in command.params:
            names.add(getattr(param, "metavar", None) or "")
            if param.param_type_name == "argument":  # {topic}, FOLDER: as the usage line names it
                names.add(param.name or "")
        todo += list(getattr(command, "commands", {}).values())
    return {name for name in names if name}


def code_names() -> set[str]:
    """Names from code the learner is shown: what a demo's results are called (the keys of the
    dict its run() returns), and every name inside `backticks` in the lessons and the manifest
    that are a name of their own (a terminal shows inline code without its backticks)."""
    import ast

    names = set()
    for path in (ROOT / "ipctutor" / "engine" / "demos").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Dict):
                names |= {
                    k.value
                    for k in node.keys
                    if isinstance(k, ast.Constant) and isinstance(k.value, str)
                }
    for path in [*LESSONS.glob("*.yaml"), ROOT / "exercises" / "manifest.yaml"]:
        # a span that is one name (`room`, `task_done`), not the words of a longer piece of code
        names |= set(
            re.findall(r"`([A-Za-z_][A-Za-z0-9_]*)(?:\(\))?`", path.read_text(encoding="utf-8"))
        )
    return names


ALLOWED = NAMES | python_names() | command_names() | code_names()

# inline code, a URL, JSON or a list, a quoted word the learner typed, and Python's own exception
# messages (a RuntimeError's text is the program's, as Python prints it)
CODE = re.compile(
    r"`[^`]*`|https?://\S+|\{[^{}]*\}|\[[^\[\]]*\]|'[^']*'|\"[^\"]*\""
    r"|\b[A-Z]\w*(?:Error|Exception|Warning|Interrupt|Exit): [^（）()，。；：\n]*"
)

# what the watched script printed itself (its own words, like code): after 打印了 on a line
PRINTED = re.compile(r"打印了[:：].*$")


def english_words(text: str) -> list[str]:
    """The English words in `text` that are not code, names, commands or options."""
    flagged = []
    for line in text.splitlines():
        line = PRINTED.sub(" ", line)
        line = CODE.sub(" ", line)
        line = re.sub(
            r"[\w.()\[\]{}\"',:-]+…", " ", line
        )  # a cell cut short (go.se…): its full text is checked elsewhere
        for chunk in re.split(r"[\s，。：；、（）「」“”！？…]+", line):  # Chinese needs no spaces
            bare = chunk.strip("（）()。，：；、.,:;")
            if (
                re.search(r"[./\\_=()<>@#]", bare)
                or bare.startswith("-")
                or re.fullmatch(r"[A-Z]", bare)
            ):
                continue  # a path, a file, a dotted or underscored name, a call, an option
            for found in re.findall(r"[A-Za-z][A-Za-z0-9'-]*[A-Za-z0-9]|[A-Za-z]", chunk):
                name = re.sub(r"-\d+$", "", found)  # child-3, SpawnPoolWorker-2: a process's name
                if name not in ALLOWED and name.lower() not in ALLOWED:
                    flagged.append(found)
    return flagged


def zh_env(tutor_env, tmp_path):
    env = dict(tutor_env)
    env.update(
        {"IPCTUTOR_LANG": "zh", "COLUMNS": "80", "IPCTUTOR_WORKSPACE": str(tmp_path / "workspace")}
    )
    return env


def test_the_checker_flags_english():
    assert english_words("运行中，ppid 12（父进程）已发送 [1, 2] `x = 1` --workers") == []
    assert english_words("已退出 (exit code 0)") == ["exit", "code"]
    assert english_words('met at the barrier {"index": 1}') == ["met", "at", "the", "barrier"]


HELPS = [
    [],
    ["run"],
    ["show"],
    ["check"],
    ["learn"],
    ["quiz"],
    ["list"],
    ["progress"],
    ["reset"],
    ["bench"],
    ["compare"],
    ["practice"],
    ["manager"],
    ["manager", "serve"],
]


@pytest.mark.parametrize("command", HELPS, ids=lambda c: " ".join(c) or "ipctutor")
def test_help(command, tutor_env, tmp_path):
    shown = run_cli("--lang", "zh", *command, "--help", env=zh_env(tutor_env, tmp_path))
    assert shown.returncode == 0, shown.stderr
    assert "用法" in shown.stdout and "选项" in shown.stdout
    assert english_words(shown.stdout) == []


BAD_INPUT = [
    ["run", "pipe", "--workers", "abc"],
    ["run", "pipe", "--workers", "0"],
    ["nosuch"],
    ["run"],
    ["run", "pipe", "--bogus"],
    ["run", "pipe", "extra"],
    ["run", "pipe", "--start-method", "x"],
    ["run", "pipe", "--workers"],
    ["run", "pipe", "--json=1"],
    ["run", "piep"],
    ["practice", "--runs", "0"],
    ["quiz", "--count", "x"],
    ["reset"],
    ["manager", "nosuch"],
    ["run", "pipe", "--pitfall", "nosuch"],
    ["compare", "pipe", "--delay", "-1"],
    ["--lessons", "/nonexistent-folder", "list"],
    ["--lessons", "/nonexistent-folder", "run", "pipe"],
]


@pytest.mark.parametrize("args", BAD_INPUT, ids=" ".join)
def test_bad_input(args, tutor_env, tmp_path):
    proc = run_cli("--lang", "zh", *args, env=zh_env(tutor_env, tmp_path))
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    line = proc.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in line, line
    assert line.startswith("ipctutor：错误：") and english_words(line) == [], line


TOUR = {  # the command's arguments: every word it prints must be Chinese, code or a name
    "run": ["run", "pipe", "-n", "2", "--delay", "0", "--plain"],
    "run forkserver": ["run", "pipe", "-n", "2", "--delay", "0", "-s", "forkserver", "--plain"],
    "run sync": ["run", "sync", "-n", "2", "--delay", "0", "--plain"],
    "run shared-memory": ["run", "shared-memory", "-n", "2", "--delay", "0", "--plain"],
    "a failure": ["run", "pipe", "-n", "2", "--delay", "0", "--fail", "1", "--plain"],
    "pitfall list": ["run", "sync", "--pitfall", "list"],
    "pitfall": ["run", "sync", "--pitfall", "extra-release", "--plain"],
    "repeat": ["run", "lock", "-n", "2", "--delay", "0", "--repeat", "2", "--plain"],
    "compare": ["compare", "pipe", "-n", "2", "--plain"],
    "timeline": ["run", "pipe", "-n", "2", "--delay", "0", "--timeline", "--plain"],
    "bench": ["bench", "--quick", "--only", "queue", "--plain"],
    "practice --list": ["practice", "--list"],
    "progress": ["progress"],
    "list": ["list"],
}


@pytest.mark.parametrize("name", TOUR)
def test_tour(name, tutor_env, tmp_path):
    proc = run_cli("--lang", "zh", *TOUR[name], env=zh_env(tutor_env, tmp_path), timeout=180)
    assert proc.returncode in (0, 1), (proc.stdout, proc.stderr)
    left = english_words(proc.stdout + proc.stderr)
    assert left == [], sorted(set(left))


TERMINAL_TOUR = {  # the same, drawn by Rich in a real terminal (panels, tables, wrapped Chinese)
    "run": ["run", "pipe", "-n", "2", "--delay", "0"],
    "timeline": ["run", "sync", "-n", "2", "--delay", "0", "--timeline"],
    "pitfall": ["run", "queue", "--pitfall", "join-before-get"],
    "compare": ["compare", "pipe", "-n", "2"],
    "list": ["list"],
}


@pytest.mark.parametrize("name", TERMINAL_TOUR)
def test_tour_in_a_terminal(name, tutor_env, tmp_path):
    import sys

    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "ipctutor", "--lang", "zh", *TERMINAL_TOUR[name]],
        env=zh_env(tutor_env, tmp_path),
        dimensions=(60, 80),
        encoding="utf-8",
        timeout=120,
    )
    child.expect(pexpect.EOF)
    child.close()
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][AB0]|\r", "", child.before)
    assert child.exitstatus in (0, 1), shown
    left = english_words(without_printed_panel(shown))
    assert left == [], sorted(set(left))


def without_printed_panel(shown: str) -> str:
    """The screen less the inside of the 父进程打印的内容 panel: the script's own output, its words."""
    kept, inside = [], False
    for line in shown.splitlines():
        if "父进程打印的内容" in line:
            inside = True
        elif inside and line.lstrip().startswith("╰"):
            inside = False
        elif not inside:
            kept.append(line)
    return "\n".join(kept)
