"""A sweep of bad input across every command and option: each must end in one clean line on stderr,
nothing on stdout, exit code 2, and no traceback.

Run in-process through the CLI's own error boundary (commands/app.py: run_cli), so the whole sweep
takes seconds; the cases that only a real process shows (a closed stream, the environment read at
start-up) are in their own tests. A case that is not refused would start real work: the sweep
fails rather than hangs, as an alarm ends any case after 30 s.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from ipctutor import i18n
from ipctutor.commands import app as cli
from ipctutor.commands.options import Settings

NOT_INT = ["x", "1.5", "", "1e3", "9" * 5000, "0x10"]
NOT_FLOAT = ["x", "", "nan", "inf", "-inf", "1e400", "9" * 5000]
ESC = "\x1b]0;owned\x07"


def cases() -> list[tuple[str, list[str]]]:
    """(label, argv) for every bad input; {tmp} in argv is the sweep's folder, which holds a-file."""
    tmp = Path("{tmp}")
    a_file, missing = str(tmp / "a-file"), str(tmp / "missing" / "dir")
    out: list[tuple[str, list[str]]] = []

    def add(label: str, *argv: str) -> None:
        out.append((label, list(argv)))

    # the global options
    for lang in ("xx", "", "EN", ESC):
        add(f"--lang {lang!r}", "--lang", lang, "list")
    for folder in (missing, a_file, "", str(tmp / ESC)):
        for command in (["list"], ["learn", "pipe"], ["quiz"], ["check"], ["run", "pipe"]):
            if folder == "" and command == ["check"]:
                continue  # "" is ".": a folder, whose problems are check's exit 1
            add(f"--lessons {folder!r} {command[0]}", "--lessons", folder, *command)
    add("unknown global option", "--bogus", "list")
    add("unknown command", "lern")
    add("unknown command with escape", ESC)
    add("--lessons without a value", "--lessons")

    # run
    for topic in ("nosuch", "", ESC, "pipe/../queue", "x" * 5000):
        add(f"run topic {topic[:20]!r}", "run", topic)
    for value in [*NOT_INT, "0", "-1", "257", "100000"]:
        add(f"run --workers {value[:20]!r}", "run", "pipe", "--workers", value)
    for value in [*NOT_FLOAT, "-1", "61"]:
        add(f"run --delay {value[:20]!r}", "run", "pipe", "--delay", value)
    for value in [*NOT_FLOAT, "0", "0.01", "3601"]:
        add(f"run --timeout {value[:20]!r}", "run", "pipe", "--timeout", value)
    for value in ("bogus", "", "FORK", ESC):
        add(f"run --start-method {value!r}", "run", "pipe", "--start-method", value)
    for value in [*NOT_INT, "-1", "10", "100000"]:
        add(f"run --fail {value[:20]!r}", "run", "pipe", "--workers", "2", "--fail", value)
    for value in ("nosuch", "", ESC):
        add(f"run --pitfall {value!r}", "run", "queue", "--pitfall", value)
    add("run --pitfall of another topic", "run", "pipe", "--pitfall", "race")
    for value in [*NOT_INT, "0", "-1"]:
        add(
            f"run --size {value[:20]!r}",
            "run",
            "queue",
            "--pitfall",
            "join-before-get",
            "--size",
            value,
        )
    add("run --size without --pitfall", "run", "pipe", "--size", "10")
    for value in [*NOT_INT, "0", "201"]:
        add(f"run --repeat {value[:20]!r}", "run", "pipe", "--repeat", value)
    for value in (str(tmp / "x.txt"), str(tmp / "x"), missing + "/x.svg", a_file + "/x.svg", ""):
        add(f"run --export {value[-12:]!r}", "run", "pipe", "--export", value)
    for value in (missing + "/t.json", a_file + "/t.json", str(tmp), ""):
        add(f"run --trace {value[-12:]!r}", "run", "pipe", "--trace", value)
    for address in ("127.0.0.1", "127.0.0.1:0", "127.0.0.1:99999", ":1", "", ESC + ":1"):
        add(f"run --connect {address!r}", "run", "manager", "--connect", address, "--authkey", "k")
    add("run --authkey without --connect", "run", "manager", "--authkey", "k")
    add(
        "run --connect empty authkey", "run", "manager", "--connect", "127.0.0.1:1", "--authkey", ""
    )
    add(
        "run --connect on another topic",
        "run",
        "pipe",
        "--connect",
        "127.0.0.1:1",
        "--authkey",
        "k",
    )
    add("run --workers without a value", "run", "pipe", "--workers")
    add("run unknown option", "run", "pipe", "--bogus")
    add("run two topics", "run", "pipe", "queue")
    add("run without a topic", "run")

    # show
    for topic in ("nosuch", "", ESC):
        add(f"show {topic!r}", "show", topic)
    add("show two topics", "show", "pipe", "queue")

    # learn, quiz, list, progress, reset
    for topic in ("nosuch", "", ESC):
        add(f"learn {topic!r}", "learn", topic)
        add(f"quiz {topic!r}", "quiz", topic)
        add(f"reset {topic!r}", "reset", topic, "--yes")
    for value in [*NOT_INT, "0", "-1", "257"]:
        add(f"learn --workers {value[:20]!r}", "learn", "pipe", "--workers", value)
    for value in [*NOT_FLOAT, "-1", "61"]:
        add(f"learn --delay {value[:20]!r}", "learn", "pipe", "--delay", value)
    add("learn --start-method bogus", "learn", "pipe", "--start-method", "bogus")
    for value in [*NOT_INT, "0", "-1", "1001"]:
        add(f"quiz --count {value[:20]!r}", "quiz", "--count", value)
    for value in [*NOT_INT, "-1"]:
        add(f"quiz --seed {value[:20]!r}", "quiz", "--seed", value)
    add("list with a topic", "list", "pipe")
    add("review with a topic", "review", "pipe")
    add("review unknown option", "review", "--bogus")
    add("progress with a topic", "progress", "pipe")
    add("progress unknown option", "progress", "--bogus")
    add("reset without a topic", "reset")
    add("reset a topic and --all", "reset", "pipe", "--all", "--yes")

    # check
    for folder in (missing, a_file, str(tmp / ESC)):  # "" is ".": a folder, whose problems exit 1
        add(f"check {folder[-12:]!r}", "check", folder)
        add(f"check --exercises {folder[-12:]!r}", "check", "--exercises", folder)

    # bench
    add("bench --only bogus", "bench", "--only", "bogus")
    add("bench --only empty", "bench", "--only", "")
    add("bench --start-method bogus", "bench", "--start-method", "bogus")
    for value in (str(tmp / "x.txt"), missing + "/x.svg", a_file + "/x.svg"):
        add(f"bench --export {value[-12:]!r}", "bench", "--quick", "--export", value)

    # compare
    for topic in ("nosuch", "", ESC):
        add(f"compare {topic!r}", "compare", topic)
    for value in [*NOT_INT, "0", "257"]:
        add(f"compare --workers {value[:20]!r}", "compare", "pipe", "--workers", value)
    for value in [*NOT_FLOAT, "-1", "61"]:
        add(f"compare --delay {value[:20]!r}", "compare", "pipe", "--delay", value)
    for value in [*NOT_FLOAT, "0", "3601"]:
        add(f"compare --timeout {value[:20]!r}", "compare", "pipe", "--timeout", value)

    # practice
    for name in ("nosuch", "", ESC):
        add(f"practice {name!r}", "practice", name)
        add(f"practice --check {name!r}", "practice", "--check", name)
        add(f"practice --reset {name!r}", "practice", "--reset", name, "--yes")
    for value in [*NOT_INT, "0", "51"]:
        add(
            f"practice --runs {value[:20]!r}", "practice", "--check", "pool-lambda", "--runs", value
        )
    for folder in (missing, a_file, ""):
        add(f"practice --exercises {folder[-12:]!r}", "practice", "--list", "--exercises", folder)
    add("practice --workspace a file", "practice", "--check", "pool-lambda", "--workspace", a_file)
    add(
        "practice --workspace with an escape",
        "practice",
        "--check",
        "pool-lambda",
        "--workspace",
        a_file + "/" + ESC,
    )
    add(
        "practice --workspace under a file",
        "practice",
        "--check",
        "pool-lambda",
        "--workspace",
        a_file + "/below",
    )
    add("practice two modes", "practice", "--list", "--check", "pool-lambda")
    add("practice a topic and a mode", "practice", "queue", "--list")
    add(
        "practice --reset without --yes, no terminal",
        "practice",
        "--reset",
        "pool-lambda",
        "--workspace",
        str(tmp / "ws-reset"),
    )

    # watch and doctor: the learner's own script (read, never run, when it is bad)
    binary = str(
        Path(__file__).resolve().parent.parent / "ipctutor/locale/zh/LC_MESSAGES/ipctutor.mo"
    )
    script = str(tmp / "ws-reset" / "pool-lambda.py")  # Python that compiles
    for command in ("watch", "doctor"):
        for bad in (missing, str(tmp), a_file, binary, "", ESC, str(tmp / ESC) + ".py"):
            add(f"{command} script {bad[-14:]!r}", command, bad)
        add(f"{command} without a script", command)
        for value in [*NOT_FLOAT, "0", "3601" if command == "watch" else "601"]:
            add(f"{command} --timeout {value[:20]!r}", command, "--timeout", value, script)
        for value in ("bogus", "", "FORK", ESC):
            add(f"{command} --start-method {value!r}", command, "--start-method", value, script)
    for value in [*NOT_INT, "0", "21"]:
        add(f"doctor --runs {value[:20]!r}", "doctor", "--runs", value, script)
    add("watch --trace a folder", "watch", "--trace", str(tmp), script)

    # manager serve
    for value in [*NOT_INT, "-1", "65536"]:
        add(f"manager serve --port {value[:20]!r}", "manager", "serve", "--port", value)
    for value in [*NOT_FLOAT, "0", "601"]:
        add(
            f"manager serve --auth-timeout {value[:20]!r}",
            "manager",
            "serve",
            "--port",
            "0",
            "--auth-timeout",
            value,
        )
    for host in ("no-such-host.invalid", "::1", "8.8.8.8", ESC):  # "": every interface, valid
        add(f"manager serve --host {host!r}", "manager", "serve", "--host", host, "--port", "0")
    add("manager serve empty authkey", "manager", "serve", "--port", "0", "--authkey", "")
    add("manager unknown subcommand", "manager", "serv")
    labels = [label for label, _ in out]
    assert len(set(labels)) == len(labels), [label for label in labels if labels.count(label) > 1]
    return out


CASES = dict(cases())


class TooSlow(Exception):
    pass


@pytest.fixture(scope="module")
def sweep_dir(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sweep")
    (tmp / "a-file").write_text("not a folder\n")
    (tmp / "ws-reset").mkdir()
    (tmp / "ws-reset" / "pool-lambda.py").write_text("# mine\n")
    return tmp


# bad values in the environment the CLI reads: (label, variable, value, argv)
ENV_CASES = {
    "IPCTUTOR_LESSONS missing": ("IPCTUTOR_LESSONS", "{tmp}/missing", ["list"]),
    "IPCTUTOR_LESSONS a file": ("IPCTUTOR_LESSONS", "{tmp}/a-file", ["learn", "pipe"]),
    "IPCTUTOR_LESSONS a file, check": ("IPCTUTOR_LESSONS", "{tmp}/a-file", ["check"]),
    "IPCTUTOR_EXERCISES missing": ("IPCTUTOR_EXERCISES", "{tmp}/missing", ["practice", "--list"]),
    "IPCTUTOR_EXERCISES a file": ("IPCTUTOR_EXERCISES", "{tmp}/a-file", ["practice", "--list"]),
    "IPCTUTOR_WORKSPACE a file": (
        "IPCTUTOR_WORKSPACE",
        "{tmp}/a-file",
        ["practice", "--check", "pool-lambda"],
    ),
    "IPCTUTOR_AUTHKEY empty": (
        "IPCTUTOR_AUTHKEY",
        "",
        ["run", "manager", "--connect", "127.0.0.1:1"],
    ),
    "IPCTUTOR_AUTHKEY empty, serve": ("IPCTUTOR_AUTHKEY", "", ["manager", "serve", "--port", "0"]),
    "IPCTUTOR_HOME a file, progress": ("IPCTUTOR_HOME", "{tmp}/a-file", ["progress"]),
    "IPCTUTOR_HOME a file, reset": ("IPCTUTOR_HOME", "{tmp}/a-file", ["reset", "pipe", "--yes"]),
}


@pytest.mark.parametrize("label", list(ENV_CASES))
def test_bad_environment_is_one_clean_line(label, sweep_dir, tutor_env, monkeypatch, capsys):
    variable, value, argv = ENV_CASES[label]
    run_one(
        argv, sweep_dir, monkeypatch, capsys, {variable: value.replace("{tmp}", str(sweep_dir))}
    )


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("label", list(CASES))
def test_bad_input_is_one_clean_line(label, lang, sweep_dir, tutor_env, monkeypatch, capsys):
    run_one(CASES[label], sweep_dir, monkeypatch, capsys, {"IPCTUTOR_LANG": lang})


def run_one(argv, sweep_dir, monkeypatch, capsys, env: dict) -> None:
    argv = [arg.replace("{tmp}", str(sweep_dir)) for arg in argv]
    label = " ".join(argv)
    for name in (
        "IPCTUTOR_LESSONS",
        "IPCTUTOR_EXERCISES",
        "IPCTUTOR_WORKSPACE",
        "IPCTUTOR_AUTHKEY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("IPCTUTOR_LANG", "en")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.chdir(sweep_dir)
    monkeypatch.setattr(Settings, "debug", False)
    monkeypatch.setattr(Settings, "lessons", None)
    monkeypatch.setattr(Settings, "plain", Settings.plain)  # restored after: the CLI sets these
    monkeypatch.setattr(i18n, "_current", i18n.language())

    def too_slow(signum, frame):
        raise TooSlow(label)

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(30)
    try:
        code = cli.run_cli(argv)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    out, err = capsys.readouterr()
    assert code == 2, f"{argv}: exit {code}; stderr: {err!r}"
    assert out == "", f"{argv}: stdout {out[:300]!r}"
    prefix = i18n.t("cli_error", message="")  # "ipctutor: error: " or "ipctutor：错误："
    assert err.count("\n") == 1 and err.startswith(prefix), f"{argv}: {err[:600]!r}"
    assert "Traceback" not in err and "unexpected error" not in err
    assert "\x1b" not in err and "\x07" not in err, (
        f"{argv}: an escape reached the terminal: {err!r}"
    )


def test_the_sweep_covers_every_command():
    """A command added later gets its bad inputs here too."""
    import typer

    from ipctutor.commands.app import app, register_commands

    register_commands()
    commands = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    swept = {arg for argv in CASES.values() for arg in argv}
    assert commands <= swept, sorted(commands - swept)
