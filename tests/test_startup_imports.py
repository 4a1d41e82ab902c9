"""`ipctutor --help` costs what Typer costs: the CLI imports nothing heavy until a command runs."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT

PROBE = """
import sys
import typer
after_typer = set(sys.modules)
from ipctutor.commands.app import register_commands
register_commands()
print("\\n".join(sorted(set(sys.modules) - after_typer)))
"""

# imported only inside the commands that need them
HEAVY = (
    "rich",
    "yaml",
    "questionary",
    "prompt_toolkit",
    "platformdirs",
    "multiprocessing",
    "secrets",
    "socket",
    "ipctutor.engine.run_record",
    "ipctutor.screen.render",
    "ipctutor.content.lessons",
    "ipctutor.content.progress",
    "ipctutor.engine.bench",
    "ipctutor.engine.netmanager",
    "difflib",
    "json",
)


def test_cli_import_adds_nothing_heavy():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    added = done.stdout.split()
    heavy = sorted(m for m in added if m in HEAVY or m.split(".")[0] in HEAVY)
    assert heavy == [], f"the CLI imports at start-up: {heavy}"


def test_version_is_the_one_source_and_imports_nothing_heavy():
    import tomllib

    from ipctutor import __version__

    code = (
        "import runpy, sys; sys.argv = ['ipctutor', '--version']\n"
        "try:\n    runpy.run_module('ipctutor', run_name='__main__')\n"
        "except SystemExit as exc:\n    code = exc.code\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'pydantic', 'yaml', 'click'))\n"
        "print(code, heavy)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [f"ipctutor {__version__}", "0 []"]
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project and project["dynamic"] == ["version"]  # hatch reads __init__.py
