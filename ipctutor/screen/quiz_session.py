"""The quiz on screen: asks questions one by one, shows the explanation after each, saves each answer.

Imported only by the learning commands, so Rich at module level costs nothing at CLI start-up.
"""
from __future__ import annotations

import uuid
from typing import Callable

from rich.markup import escape  # lesson text is shown as is, square brackets included

from ipctutor.content.quiz import Asked, QuizResult, is_right
from ipctutor.i18n import t


class QuizSession:
    """Asks questions one by one, shows the explanation after each, and saves each answer at once.

    `ask(question, ticked, order)` shows the choices in `order` and returns choice indexes (file
    order), prompts.HINT or prompts.QUIT, and may raise KeyboardInterrupt. `save(method, *args)`
    records progress (see progress.Recorder). A hint redraws the prompt in the same order, with the
    same ticks; `h` climbs the question's own ladder.
    """

    def __init__(self, asked: list[Asked], lang: str, console, ask: Callable, save: Callable):
        self.asked, self.lang, self.console = asked, lang, console
        self.ask, self.save = ask, save
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
                right = is_right(item.question, chosen)
                result.right.append(right)
                self.save("record_answer", item.lesson.id, item.question.id, right, self.session,
                          self.per_lesson[item.lesson.id])
                self._show_verdict(item, right)
        except KeyboardInterrupt:
            result.outcome = "interrupted"
            return result
        result.outcome = "finished"
        self.save("finish_quiz", self.session, list(self.per_lesson))
        return result

    def _ask_until_answered(self, number: int, item: Asked) -> list[int] | None:
        from ipctutor.screen.prompts import HINT, QUIT

        self._show_question(number, item)
        hints_shown, ticked = 0, list[int]()  # ask() keeps the ticks here when h is pressed
        while True:
            answer = self.ask(item.question, ticked, item.shown())
            if answer == QUIT:
                return None
            if answer != HINT:
                return answer
            hints = item.question.hints
            if hints_shown < len(hints):
                hints_shown += 1
                self.console.print(
                    f"[bold yellow]{t('hint_label', n=hints_shown, of=len(hints))}[/] "
                    f"{escape(hints[hints_shown - 1].get(self.lang))}")
            else:
                self.console.print(f"[yellow]{t('no_more_hints')}[/]")

    def _show_question(self, number: int, item: Asked) -> None:
        from rich.markdown import Markdown
        from rich.syntax import Syntax

        question = item.question
        self.console.print()
        self.console.rule(escape(t("question_header", n=number, of=len(self.asked),
                                   lesson=item.lesson.title.get(self.lang))), style="blue")
        self.console.print(Markdown(question.prompt.get(self.lang)))
        if question.kind == "true_false":
            self.console.print(f"[dim]{t('true_or_false')}[/]")
        if question.code:
            self.console.print(Syntax(question.code.rstrip("\n"), "python", line_numbers=True,
                                      theme="ansi_dark", word_wrap=True))
        if question.kind == "multiple":
            self.console.print(f"[dim]{t('pick_all')}[/]")

    def _show_verdict(self, item: Asked, right: bool) -> None:
        from rich.markdown import Markdown

        question = item.question
        labels = question.choice_labels(self.lang)
        if right:
            self.console.print(f"[bold green]✓ {t('right')}[/]")
        else:  # the right choices by what they say, in the order they were shown
            answer = "; ".join(labels[i] for i in item.shown() if i in question.answer)
            self.console.print(f"[bold red]✗ {t('wrong')}[/] {escape(t('right_answer', answer=answer))}")
        self.console.print(Markdown(question.explanation.get(self.lang)))

