"""The errors every layer may raise: the ground floor, importing nothing of ipctutor.

The command layer turns each into one line and an exit code (commands/app.py: run_cli)."""


class TutorError(Exception):
    """An error the learner can fix: printed as one line, exit code 2 unless said otherwise."""

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code


class LessonError(Exception):
    """A lesson file that cannot be used; the message names the file, line and field."""


def caused_by_ctrl_c(exc: BaseException | None) -> bool:
    """An error a Ctrl-C turned into another: in Python 3.11 a KeyboardInterrupt that strikes while
    a class is made (an import) comes out as RuntimeError("Error calling __set_name__ ...")."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, KeyboardInterrupt):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False
