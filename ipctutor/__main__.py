"""`python -m ipctutor` and the `ipctutor` command.

Under spawn and forkserver every child re-imports the main module: this file must stay cheap to
import, so the CLI is imported inside main(), never at module level.
"""
import sys


def main() -> int:
    from ipctutor.cli import run_cli

    return run_cli()


if __name__ == "__main__":
    sys.exit(main())
