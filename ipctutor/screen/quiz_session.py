"""The quiz on screen: asks questions one by one, shows the explanation after each, saves each answer.

Imported only by the learning commands, so Rich at module level costs nothing at CLI start-up.
"""

from __future__ import annotations

import uuid
from typing import Callable

from rich.markup import escape  # lesson text is shown as is, square brackets included
from rich.rule import Rule

from ipctutor.content.quiz import Asked, QuizResult, is_right
from ipctutor.i18n import t
from ipctutor.screen.prompts import QUIT


class QuizSession:
    """Asks questions one by one, shows the explanation after each, and saves each answer at once.

    `ask(question, ticked, order)` shows the choices in `order` and returns choice indexes (file
    order), prompts.HINT or prompts.QUIT, and may raise KeyboardInterrupt. `save(method, *args)`
    records progress (see progress.Recorder). A hint redraws the prompt in the same order, with the
    same ticks; `h` climbs the question's own ladder.
    """

    def __init__(
        self,
        asked: list[Asked],
        lang: str,
        console,
        ask: Callable,
        save: Callable,
        pager=None,
        scope: str = "lesson",
    ):
        self.asked, self.lang, self.console = asked, lang, console
        self.ask, self.save = ask, save
        self.pager = (
            pager  # screen.pager.Pager: each question on a cleared screen, a pause after it
        )
        self.used = 0  # rows of the terminal in use since the screen was last cleared
        # lesson: one lesson's quiz (its last and best scores); across: a quiz across lessons (the
        # answers, not the lessons' scores); review: questions due again (their next review day)
        self.scope = scope
        self.session = uuid.uuid4().hex
        self.per_lesson: dict[str, int] = {}
        for item in asked:
            self.per_lesson[item.lesson.id] = self.per_lesson.get(item.lesson.id, 0) + 1

    def run(self) -> QuizResult:
        result = QuizResult(self.asked)
        try:
            for number, item in enumerate(self.asked, 1):
                chosen = self._ask_until_answered(number, item)
                if chosen is None:
                    result.outcome = "left"
                    return result
                right = is_right(item.question, chosen)  # the first try is what counts
                result.right.append(right)
                if self.scope == "review":
                    self.save("record_review", item.lesson.id, item.question.id, right)
                else:
                    self.save(
                        "record_answer",
                        item.lesson.id,
                        item.question.id,
                        right,
                        self.session,
                        self.per_lesson[item.lesson.id] if self.scope == "lesson" else None,
                    )
                if not right:  # one more try before the answer is given away
                    self._print(f"[bold red]✗ {t('wrong')}[/] {escape(t('try_again'))}")
                    chosen = self._ask_until_answered(number, item, again=True)
                    if chosen is None:
                        result.outcome = "left"
                        return result
                self._show_verdict(item, is_right(item.question, chosen), chosen, second=not right)
                if self.pager is not None:
                    last = number == len(self.asked)
                    if (
                        self.pager.pause(t("pause_score" if last else "pause_next_question"))
                        == QUIT
                    ):
                        result.outcome = "left"
                        return result
        except _Left:
            result.outcome = "left"
            return result
        except KeyboardInterrupt:
            result.outcome = "interrupted"
            return result
        result.outcome = "finished"
        if self.scope == "lesson":
            self.save("finish_quiz", self.session, list(self.per_lesson))
        if self.pager is not None:
            self.pager.clear()  # the score on a screen of its own
        return result

    # ---------------------------------------------------------------- drawing, a page at a time

    def _print(self, *items, reserve: int = 1, fill: bool = False) -> None:
        """Print; with a pager, never past the bottom of the terminal: `reserve` rows stay free
        below (the pause line, or a prompt's choices), and what is on screen stays until Enter.
        `fill`: what fits below what is on screen is written there before the pause (a verdict's
        first line right under the answer, not behind an Enter that says nothing)."""
        if self.pager is None:
            for item in items:
                self.console.print(item)
            return
        pager = self.pager
        lines = pager.rendered(*items)
        room = pager.page_height + 1  # the terminal's rows
        while self.used + len(lines) + reserve > room:
            if self.used and fill and room - reserve - self.used > 0:
                fits = room - reserve - self.used
                pager.write(lines[:fits])
                lines = lines[fits:]
                self.used += fits
            if self.used:  # what is on screen already stays until Enter
                self._page_break()
                continue
            fits = max(room - reserve, 1)
            pager.write(lines[:fits])
            lines = lines[fits:]
            self.used = fits
            if not lines:
                return
            self._page_break()
        pager.write(lines)
        self.used += len(lines)

    def _page_break(self) -> None:
        if self.pager.pause(t("pause_more_short")) == QUIT:
            raise _Left
        self.pager.clear()
        self.used = 0

    def _answered(self, labels: list[str], chosen) -> None:
        """The prompt leaves one line behind (the answer); long labels wrap."""
        if self.pager is not None and isinstance(chosen, list):
            width = max(self.console.size.width, 20)
            text = "; ".join(labels[i] for i in chosen)
            self.used += 1 + (len(text) + 24) // width

    def _ask_until_answered(
        self, number: int, item: Asked, again: bool = False
    ) -> list[int] | None:
        from ipctutor.screen.prompts import HINT

        if not again:
            self._show_question(number, item)
        hints_shown, ticked = 0, []  # type: int, list[int]  # ask() keeps the ticks here when h is pressed
        labels = item.question.choice_labels(self.lang)
        while True:
            if self.pager is not None and self.used + len(labels) + 3 > self.pager.page_height + 1:
                self._page_break()  # the choices need the rows below
                self._print(
                    Rule(
                        escape(
                            t(
                                "question_header",
                                n=number,
                                of=len(self.asked),
                                lesson=item.lesson.title.get(self.lang),
                            )
                        ),
                        style="blue",
                    )
                )
            answer = self.ask(item.question, ticked, item.shown())
            if answer == QUIT:
                return None
            if answer != HINT:
                self._answered(labels, answer)
                return answer
            hints = item.question.hints
            if hints_shown < len(hints):
                hints_shown += 1
                self._print(
                    f"[bold yellow]{t('hint_label', n=hints_shown, of=len(hints))}[/] "
                    f"{escape(hints[hints_shown - 1].get(self.lang))}",
                    reserve=len(labels) + 3,
                )
            else:
                self._print(f"[yellow]{t('no_more_hints')}[/]", reserve=len(labels) + 3)

    def _show_question(self, number: int, item: Asked) -> None:
        from rich.markdown import Markdown
        from rich.syntax import Syntax

        question = item.question
        if self.pager is not None:
            self.pager.clear()
            self.used = 0
        else:
            self.console.print()
        items: list = [
            Rule(
                escape(
                    t(
                        "question_header",
                        n=number,
                        of=len(self.asked),
                        lesson=item.lesson.title.get(self.lang),
                    )
                ),
                style="blue",
            ),
            Markdown(question.prompt.get(self.lang)),
        ]
        if question.kind == "true_false":
            items.append(f"[dim]{t('true_or_false')}[/]")
        if question.code:
            items.append(
                Syntax(
                    question.code.rstrip("\n"),
                    "python",
                    line_numbers=True,
                    theme="ansi_dark",
                    word_wrap=True,
                )
            )
        if question.kind == "multiple":
            items.append(f"[dim]{t('pick_all')}[/]")
        self._print(*items, reserve=len(question.choice_labels(self.lang)) + 3)

    def _show_verdict(
        self, item: Asked, right: bool, chosen: list[int], second: bool = False
    ) -> None:
        """Right or not; for multiple choice each choice ticked right or wrong; the explanation."""
        from rich.markdown import Markdown

        question = item.question
        labels = question.choice_labels(self.lang)
        items: list = []
        if right:
            items.append(f"[bold green]✓ {t('right_second' if second else 'right')}[/]")
        else:  # the right choices by what they say, in the order they were shown
            answer = "; ".join(labels[i] for i in item.shown() if i in question.answer)
            items.append(f"[bold red]✗ {t('wrong')}[/] {escape(t('right_answer', answer=answer))}")
        if question.kind == "multiple":
            for i in item.shown():
                ok = (i in chosen) == (i in question.answer)
                mark = "[green]✓[/]" if ok else "[red]✗[/]"
                box = "[x]" if i in chosen else "[ ]"
                why = t("choice_is_right" if i in question.answer else "choice_is_wrong")
                items.append(f"  {mark} {escape(box)} {escape(labels[i])}  [dim]{escape(why)}[/]")
        items.append(Markdown(question.explanation.get(self.lang)))
        self._print(*items, fill=True)


class _Left(Exception):
    """q at a page break inside the quiz."""
