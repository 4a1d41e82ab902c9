"""`ipctutor --help` costs what Typer costs: the CLI imports nothing heavy until a command runs."""
from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import typer
after_typer = set(sys.modules)
from ipctutor.commands.app import register_commands
register_commands()
print("\\n".join(sorted(set(sys.modules) - after_typer)))
"""

# imported only inside the commands that need them
HEAVY = ("rich", "yaml", "questionary", "prompt_toolkit", "platformdirs", "multiprocessing",
         "secrets", "socket", "ipctutor.engine.runner", "ipctutor.screen.render", "ipctutor.content.lessons",
         "ipctutor.content.progress", "ipctutor.engine.bench", "ipctutor.engine.netmanager", "difflib", "json")


def test_cli_import_adds_nothing_heavy():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    added = done.stdout.split()
    heavy = sorted(m for m in added if m in HEAVY or m.split(".")[0] in HEAVY)
    assert heavy == [], f"the CLI imports at start-up: {heavy}"
