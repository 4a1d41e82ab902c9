"""What the learner has done, per lesson id: read, demo run, quiz scores, and when.

One JSON file in the learner's data folder (IPCTUTOR_HOME, else platformdirs: jsonfile.data_dir).
Progress is kept by lesson id and question id, never by position, so reordering the course keeps
everyone's progress. Every change is a read-modify-write under an exclusive lock on a lock file (two
tutors at once lose no update), and the file is replaced atomically (a crash never leaves half a file).
Whatever cannot be read as progress (not JSON, another shape, a number or a nesting too large to
parse, a folder in its place) is moved aside with a one-line warning and the learner starts afresh;
a file from a newer ipctutor is left as it is, with a word to upgrade.

Stdlib only at module level: `ipctutor run` imports it after a demo.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import stat
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable

from ipctutor.content.jsonfile import data_dir, write_json
from ipctutor.errors import TutorError
from ipctutor.i18n import t

FORMAT_VERSION = 1  # the newest progress format this ipctutor reads and writes
FILE_NAME = "progress.json"
LOCK_NAME = "progress.lock"


class ProgressError(TutorError):
    """Progress cannot be read or saved; the message says where and what to do (one line, if no
    caller turns it into a warning)."""


CLOCK_ENV = (
    "IPCTUTOR_NOW"  # an ISO date or time that stands for "now" (tests, and trying out review)
)
REVIEW_AFTER_DAYS = (1, 3, 7, 21)  # spaced review: each right answer waits longer for the next


def current() -> datetime:
    """Now, local time with its offset; IPCTUTOR_NOW fixes it (2026-12-24 or 2026-12-24T09:00)."""
    fixed = os.environ.get(CLOCK_ENV, "").strip()
    if fixed:
        try:
            return datetime.fromisoformat(fixed).astimezone()
        except ValueError:
            pass  # a bad value is ignored: the real clock
    return datetime.now().astimezone()


def now() -> str:
    """A local timestamp with its UTC offset, to the second."""
    return current().isoformat(timespec="seconds")


def due_after(stage: int) -> str:
    """The day a review at `stage` (0: just got it wrong) falls due, as YYYY-MM-DD."""
    days = REVIEW_AFTER_DAYS[min(stage, len(REVIEW_AFTER_DAYS) - 1)]
    return (current().date() + timedelta(days=days)).isoformat()


def due_reviews(data: dict, today: str | None = None) -> list[tuple[str, str, str]]:
    """(kind, lesson id or exercise name, question id or "") of every review due by `today`,
    oldest first: kind is question or exercise."""
    today = today or current().date().isoformat()
    due = []
    for lesson_id, entry in data.get("lessons", {}).items():
        for question_id, review in (entry.get("review") or {}).items():
            if isinstance(review, dict) and str(review.get("due", "9999")) <= today:
                due.append((str(review["due"]), "question", lesson_id, question_id))
    for name, entry in data.get("exercises", {}).items():
        review = entry.get("review")
        if isinstance(review, dict) and str(review.get("due", "9999")) <= today:
            due.append((str(review["due"]), "exercise", name, ""))
    return [(kind, where, what) for _, kind, where, what in sorted(due)]


def empty() -> dict:
    return {"format_version": FORMAT_VERSION, "lessons": {}}


def lesson_entry(data: dict, lesson_id: str) -> dict:
    """The record of one lesson, created empty on first use."""
    entry = data["lessons"].setdefault(lesson_id, {})
    entry.setdefault("read", False)
    entry.setdefault("read_at", None)
    entry.setdefault("demo_run", False)
    entry.setdefault("demo_run_at", None)
    entry.setdefault("quiz", {"last": None, "best": None})
    entry.setdefault("answers", {})
    return entry


def read_regular(path: Path) -> bytes | None:
    """The file's bytes; None if it is not a regular file (a folder, a named pipe, a device), which
    is damage to move aside: a read from a named pipe would wait forever."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(os.dup(fd), "rb") as file:
            return file.read()
    finally:
        os.close(fd)


def parse(raw: bytes | None) -> tuple[Any, str | None]:
    """(data, None) for the file's bytes, or (None, why it is not progress: a message key).

    Never raises: JSON's own limits (integers of more than 4,300 digits, nesting about 1,000 deep)
    are damage too, not a crash of every command that reads progress.
    """
    if raw is None:
        return None, "damage_not_file"
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return None, "damage_not_utf8"
    except json.JSONDecodeError as exc:
        ends_early = exc.pos >= len(exc.doc.rstrip()) or exc.msg.startswith("Unterminated string")
        return None, (
            "damage_empty"
            if not raw.strip()
            else "damage_truncated"
            if ends_early
            else "damage_not_json"
        )
    except (ValueError, RecursionError, MemoryError):  # too many digits, too deep, too big
        return None, "damage_too_large"
    try:
        return data, damage(data)
    except RecursionError:
        return None, "damage_too_large"


def short_number(value: int) -> str:
    """An integer as a line can hold it (a file may hold one of thousands of digits)."""
    text = str(value) if value.bit_length() < 64 else f"{str(value)[:12]}…"
    return text


def damage(data: Any) -> str | None:
    """Why parsed JSON is not a progress file we can use (a message key), or None if it is one.

    Checked down to the fields the tutor reads, so a hand-edited file is moved aside here rather
    than crashing `list` or a quiz later.
    """
    if not isinstance(data, dict) or not is_int(data.get("format_version")):
        return "damage_shape"
    lessons = data.get("lessons")
    if not isinstance(lessons, dict) or not all(usable_entry(e) for e in lessons.values()):
        return "damage_shape"
    exercises = data.get("exercises", {})  # added later: a file without it is still format 1
    if not isinstance(exercises, dict) or not all(usable_exercise(e) for e in exercises.values()):
        return "damage_shape"
    return None


def usable_exercise(entry: Any) -> bool:
    """One exercise's record has the shape exercise_entry() makes."""
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("passed", False), bool)
        and isinstance(entry.get("passed_at"), (str, type(None)))
        and is_int(entry.get("checks", 0))
        and is_int(entry.get("failed_checks", 0))
    )


def exercise_entry(data: dict, name: str) -> dict:
    """The record of one practice exercise, by name, created empty on first use."""
    entry = data.setdefault("exercises", {}).setdefault(name, {})
    entry.setdefault("passed", False)
    entry.setdefault("passed_at", None)
    entry.setdefault("checks", 0)
    entry.setdefault("failed_checks", 0)
    return entry


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def usable_entry(entry: Any) -> bool:
    """One lesson's record has the shape lesson_entry() makes (missing fields are filled in)."""
    if not isinstance(entry, dict):
        return False
    if not all(isinstance(entry.get(key, False), bool) for key in ("read", "demo_run")):
        return False
    if not all(isinstance(entry.get(key), (str, type(None))) for key in ("read_at", "demo_run_at")):
        return False
    answers, quiz = entry.get("answers", {}), entry.get("quiz", {})
    if not isinstance(answers, dict) or not all(isinstance(a, dict) for a in answers.values()):
        return False
    if not isinstance(quiz, dict):
        return False
    scores = [quiz.get(key) for key in ("last", "best") if quiz.get(key) is not None]
    return all(
        isinstance(score, dict)
        and all(is_int(score.get(key)) for key in ("right", "asked", "of"))
        and isinstance(score.get("at"), (str, type(None)))
        for score in scores
    )


class ProgressStore:
    """The progress file of one folder. Safe to use from several processes at once."""

    def __init__(self, folder: Path | None = None, warn: Callable[[str], None] | None = None):
        self.folder = Path(folder) if folder is not None else data_dir()
        self.path = self.folder / FILE_NAME
        self.lock_path = self.folder / LOCK_NAME
        self.warn = warn or (
            lambda line: print(t("warning_line", line=line), file=sys.stderr, flush=True)
        )

    # ------------------------------------------------------------ locking and files

    @contextlib.contextmanager
    def _locked(self, create: bool):
        """Hold the exclusive lock. Without `create`, a missing folder means nothing to lock."""
        if create:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise self._cannot("save", exc) from None
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            if create:
                raise self._cannot("save", exc) from None
            yield  # no folder yet, or one we cannot write: read without the lock
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _cannot(self, verb: str, exc: OSError) -> ProgressError:
        reason = exc.strerror or type(exc).__name__
        key = "progress_cannot_save" if verb == "save" else "progress_cannot_read"
        return ProgressError(t(key, folder=self.folder, reason=reason))

    def _read(self) -> dict:
        """The file's data; a damaged file is moved aside (caller holds the lock)."""
        try:
            raw = read_regular(self.path)
        except FileNotFoundError:
            return empty()
        except OSError as exc:
            raise self._cannot("read", exc) from None
        data, reason = parse(raw)
        version: Any = data.get("format_version") if isinstance(data, dict) else None
        if is_int(version) and version > FORMAT_VERSION:  # before its shape: a newer one may differ
            raise ProgressError(
                t(
                    "progress_newer",
                    path=self.path,
                    version=short_number(version),
                    ours=FORMAT_VERSION,
                )
            )
        if reason is not None:
            backup = self._move_aside()
            if backup is None:  # kept where it is, and never written over
                raise ProgressError(t("progress_damaged_stuck", path=self.path, reason=t(reason)))
            self.warn(t("progress_damaged", path=self.path, reason=t(reason), backup=backup.name))
            return empty()
        return data

    def _move_aside(self) -> Path | None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        for n in range(100):
            backup = self.path.with_name(f"{FILE_NAME}.damaged-{stamp}" + (f"-{n}" if n else ""))
            if backup.exists():
                continue
            try:
                os.replace(self.path, backup)
            except OSError:
                return None
            return backup
        return None

    def _write(self, data: dict) -> None:
        """Replace the file atomically (jsonfile.write_json); sorted keys keep diffs readable."""
        try:
            write_json(self.path, data, indent=2, sort_keys=True)
        except OSError as exc:
            raise self._cannot("save", exc) from None

    # ------------------------------------------------------------ the public operations

    def load(self) -> dict:
        """A snapshot of every lesson's record (empty if nothing was saved yet)."""
        with self._locked(create=False):
            return self._read()

    def update(self, change: Callable[[dict], Any]) -> Any:
        """Read, apply `change(data)`, write back: all under the lock, so no update is lost."""
        with self._locked(create=True):
            data = self._read()
            result = change(data)
            data["format_version"] = FORMAT_VERSION
            self._write(data)
            return result

    def mark_read(self, lesson_id: str) -> None:
        def change(data):
            entry = lesson_entry(data, lesson_id)
            entry["read"], entry["read_at"] = True, now()

        self.update(change)

    def mark_demo_run(self, lesson_id: str) -> None:
        def change(data):
            entry = lesson_entry(data, lesson_id)
            entry["demo_run"], entry["demo_run_at"] = True, now()

        self.update(change)

    def mark_at(self, lesson_id: str, at: int | None) -> None:
        """The step of the lesson the learner is on (None: the lesson was finished), so `learn`
        comes back to it."""

        def change(data):
            if not at and lesson_id not in data["lessons"]:
                return  # at the start of a lesson never opened: nothing done, no record
            entry = lesson_entry(data, lesson_id)
            if entry.get("at") != at:
                entry["at"] = at

        self.update(change)

    def record_guess(self, lesson_id: str, what: str, guess: str, actual: str, right: bool) -> None:
        """A guess committed before a run (`what`: demo, pitfall:NAME) and what the run showed."""

        def change(data):
            entry = lesson_entry(data, lesson_id)
            entry.setdefault("guesses", {})[what] = {
                "guess": guess,
                "actual": actual,
                "right": right,
                "at": now(),
            }

        self.update(change)

    def record_answer(
        self, lesson_id: str, question_id: str, right: bool, session: str, of: int | None
    ) -> None:
        """One answer of a quiz session; `of` is how many of this lesson's questions it asks
        (None: a quiz across lessons, which leaves the lesson's own last and best scores alone).

        Saved at once, so an interrupted quiz keeps every answer given before the interruption.
        A wrong answer comes back for review the next day.
        """

        def change(data):
            entry = lesson_entry(data, lesson_id)
            stamp = now()
            entry["answers"][question_id] = {"right": right, "at": stamp}
            if not right:
                entry.setdefault("review", {})[question_id] = {"stage": 0, "due": due_after(0)}
            if of is None:
                return
            last = entry["quiz"].get("last")
            if not last or last.get("session") != session:
                last = entry["quiz"]["last"] = {
                    "session": session,
                    "right": 0,
                    "asked": 0,
                    "of": of,
                    "finished": False,
                }
            last["asked"] += 1
            last["right"] += int(right)
            last["at"] = stamp

        self.update(change)

    def record_review(self, lesson_id: str, question_id: str, right: bool) -> None:
        """A review answer: right waits longer (1, 3, 7, 21 days), then leaves the review; wrong
        starts again at one day. The lesson's quiz scores are left alone."""

        def change(data):
            entry = lesson_entry(data, lesson_id)
            entry["answers"][question_id] = {"right": right, "at": now()}
            reviews = entry.setdefault("review", {})
            stage = (reviews.get(question_id) or {}).get("stage", 0) + 1 if right else 0
            if stage >= len(REVIEW_AFTER_DAYS):
                reviews.pop(question_id, None)
            else:
                reviews[question_id] = {"stage": stage, "due": due_after(stage)}

        self.update(change)

    def record_solution_needed(self, name: str) -> None:
        """The learner asked for an exercise's solution before passing: it comes back for review."""

        def change(data):
            entry = exercise_entry(data, name)
            entry["solution_needed_at"] = now()
            entry["review"] = {"stage": 0, "due": due_after(0)}

        self.update(change)

    def finish_quiz(self, session: str, lesson_ids: list[str]) -> None:
        """Mark a session's quizzes finished and keep each lesson's best finished score."""

        def change(data):
            for lesson_id in lesson_ids:
                if lesson_id not in data["lessons"]:
                    continue  # nothing answered there: create no record
                quiz = lesson_entry(data, lesson_id)["quiz"]
                last = quiz.get("last")
                if not last or last.get("session") != session:
                    continue
                last["finished"] = True
                if better(last, quiz.get("best")):
                    quiz["best"] = {k: last[k] for k in ("right", "asked", "of", "at")}

        self.update(change)

    def record_check(self, name: str, passed: bool) -> dict:
        """One check of a practice exercise; a pass is kept for good (a later failure is a new edit)."""

        def change(data):
            entry = exercise_entry(data, name)
            entry["checks"] += 1
            if passed:
                if not entry["passed"]:
                    entry["passed"], entry["passed_at"] = True, now()
                review = entry.get("review")
                if (
                    isinstance(review, dict)
                    and str(review.get("due", "9999")) <= current().date().isoformat()
                ):
                    stage = review.get("stage", 0) + 1  # done again from review: wait longer
                    if stage >= len(REVIEW_AFTER_DAYS):
                        entry.pop("review")
                    else:
                        entry["review"] = {"stage": stage, "due": due_after(stage)}
            else:
                entry["failed_checks"] += 1
            return dict(entry)

        return self.update(change)

    def passed_exercises(self) -> set[str]:
        return {name for name, e in self.load().get("exercises", {}).items() if e.get("passed")}

    def reset(self, lesson_ids: list[str] | None) -> list[str]:
        """Forget some lessons (None: all of them); returns the ids that had a record."""

        def change(data):
            if lesson_ids is None:
                gone = sorted(data["lessons"])
                data["lessons"] = {}
                return gone
            return [i for i in lesson_ids if data["lessons"].pop(i, None) is not None]

        return self.update(change)


def better(score: dict, best: dict | None) -> bool:
    """More of the lesson's questions right wins; on a tie, the shorter quiz (fewer wrong).

    So 1/1 from a quiz across lessons never hides 7/8 from the lesson's own quiz.
    """
    if not best:
        return True
    return (score["right"], -score["of"]) > (best["right"], -best["of"])


class Recorder:
    """Saves as the learner goes. If saving fails, it says so once and lets them carry on."""

    def __init__(self, store: ProgressStore):
        self.store, self.failed = store, False

    def __call__(self, method: str, *args) -> None:
        if self.failed:
            return
        try:
            getattr(self.store, method)(*args)
        except ProgressError as exc:
            self.failed = True
            self.store.warn(t("progress_not_kept", error=str(exc)))


def record_guess_now(lesson_id: str, what: str, guess: str, actual: str, right: bool) -> None:
    """For `ipctutor run --repeat`: keep the guess beside what the runs showed; a failure to save
    is a warning, never an error."""
    store = ProgressStore()
    try:
        store.record_guess(lesson_id, what, guess, actual, right)
    except ProgressError as exc:
        store.warn(str(exc))


def record_demo_run(lesson_id: str) -> None:
    """For `ipctutor run`: note the demo ran; a failure to save is a warning, never an error."""
    store = ProgressStore()
    try:
        store.mark_demo_run(lesson_id)
    except ProgressError as exc:
        store.warn(str(exc))
