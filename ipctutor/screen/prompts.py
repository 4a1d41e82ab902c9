"""The keys a learner presses: answer a question, ask for a hint, move on, leave.

Thin wrappers over questionary and prompt_toolkit, so tests can feed keys through
`prompt_toolkit.input.create_pipe_input()` (pass `input=` and `output=`). Every prompt uses
`unsafe_ask()` or raises KeyboardInterrupt itself, so Ctrl-C reaches the caller.
"""

from __future__ import annotations

import contextlib
import sys

from ipctutor.i18n import t

HINT = "hint"  # the learner pressed h: show the next hint, then ask again
QUIT = "quit"  # the learner pressed q: leave, keeping what was saved
NEXT = "next"  # the learner pressed Enter (or Space): go on
RUN = "run"  # the learner pressed r: run the pitfall just shown, here
BACK = "back"  # the learner pressed b: the screen before this one
PRACTISE = "practise"  # the learner pressed p: the lesson's exercise, here


def _style_kwargs(plain: bool, input=None, output=None) -> dict:
    """prompt_toolkit options: no colour when plain; test input and output when given."""
    kwargs = {k: v for k, v in (("input", input), ("output", output)) if v is not None}
    if plain:
        from prompt_toolkit.output import ColorDepth

        kwargs["color_depth"] = ColorDepth.DEPTH_1_BIT
    return kwargs


def _add_keys(question, keys: dict[str, str], ticked: list[int] | None) -> None:
    """Let single keys (h, q) end a questionary prompt with a marker value.

    The ticks of a checkbox are copied into `ticked` first, so a question asked again after a
    hint comes back as the learner left it.
    """
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    bindings = KeyBindings()
    for key, marker in keys.items():

        def leave(event, marker=marker):
            if ticked is not None:
                ticked[:] = sorted(_ticked_now(event.app))
            event.app.erase_when_done = True  # the question is asked again, or we leave
            event.app.exit(result=marker)

        bindings.add(key, eager=True)(leave)
    app = question.application
    app.key_bindings = merge_key_bindings([app.key_bindings, bindings])


def _ticked_now(app) -> list[int]:
    """The values ticked in a questionary checkbox (its InquirerControl); [] for a select."""
    for control in app.layout.find_all_controls():
        if hasattr(control, "selected_options"):
            return list(control.selected_options)
    return []


def ask_answer(
    question,
    lang: str,
    plain: bool = False,
    ticked: list[int] | None = None,
    order=None,
    input=None,
    output=None,
):
    """The learner's answer as a list of choice indexes (file order), or HINT, or QUIT.

    `order`: the choice indexes from top to bottom (default: file order); the pointer starts on the
    top one. Answers and ticks are choice indexes, never positions, so a shuffled question grades
    the same. `ticked`: multiple choice starts with these ticked; on h or q the list is updated in
    place to what was ticked then (pass the same list when asking again after a hint).
    """
    import questionary

    kwargs = _style_kwargs(plain, input, output)
    labels = question.choice_labels(lang)
    shown = list(order) if order else list(range(len(labels)))
    if question.kind == "multiple":
        choices = [
            questionary.Choice(labels[i], value=i, checked=i in (ticked or [])) for i in shown
        ]
        prompt = questionary.checkbox(
            t("your_answers"),
            choices=choices,
            instruction=t("keys_multiple"),
            validate=lambda picked: True if picked else t("tick_one"),
            qmark="?",
            **kwargs,
        )
    else:
        choices = [questionary.Choice(labels[i], value=i) for i in shown]
        prompt = questionary.select(
            t("your_answer"), choices=choices, instruction=t("keys_single"), qmark="?", **kwargs
        )
    _add_keys(prompt, {"h": HINT, "q": QUIT}, ticked)
    answer = prompt.unsafe_ask()
    if answer in (HINT, QUIT):
        return answer
    return sorted(answer) if isinstance(answer, list) else [answer]


def pause(
    message: str, plain: bool = False, input=None, output=None, keys: dict | None = None
) -> str:
    """Wait for Enter (NEXT) or q (QUIT), or one of `keys` (key -> what to return);
    Ctrl-C raises KeyboardInterrupt."""
    from prompt_toolkit.application import Application
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys
    from prompt_toolkit.layout import Layout
    from prompt_toolkit.layout.containers import Window
    from prompt_toolkit.layout.controls import FormattedTextControl

    bindings = KeyBindings()

    @bindings.add(Keys.ControlM, eager=True)
    @bindings.add(" ", eager=True)
    def _next(event):
        event.app.exit(result=NEXT)

    @bindings.add("q", eager=True)
    def _quit(event):
        event.app.exit(result=QUIT)

    @bindings.add(Keys.ControlC, eager=True)
    def _interrupt(event):
        event.app.exit(exception=KeyboardInterrupt)

    for key, result in (keys or {}).items():
        bindings.add(key, eager=True)(lambda event, result=result: event.app.exit(result=result))

    shown = [message]

    @bindings.add(Keys.Any)
    def _other(event):
        """Any other key: say which keys work here (the message lists them)."""
        shown[0] = t("pause_other_key", keys=message)
        event.app.invalidate()

    control = FormattedTextControl(lambda: [("class:pause", shown[0])], show_cursor=False)
    app = Application(
        layout=Layout(Window(control, height=1, dont_extend_height=True)),
        key_bindings=bindings,
        full_screen=False,
        erase_when_done=True,
        **_style_kwargs(plain, input, output),
    )
    return app.run()


def choose(message: str, labels: list[str], plain: bool = False, input=None, output=None):
    """One of `labels` (its index), or QUIT on q; Ctrl-C raises KeyboardInterrupt. For a guess
    the learner commits to before a run."""
    import questionary

    choices = [questionary.Choice(label, value=i) for i, label in enumerate(labels)]
    prompt = questionary.select(
        message,
        choices=choices,
        instruction=t("keys_guess"),
        qmark="?",
        **_style_kwargs(plain, input, output),
    )
    _add_keys(prompt, {"q": QUIT}, None)
    return prompt.unsafe_ask()


def confirm(message: str, plain: bool = False, input=None, output=None) -> bool:
    """Yes or no (default no); Ctrl-C raises KeyboardInterrupt."""
    import questionary

    return bool(
        questionary.confirm(
            message, default=False, qmark="?", **_style_kwargs(plain, input, output)
        ).unsafe_ask()
    )


@contextlib.contextmanager
def keys_ignored(stream=None):
    """While a demo runs, typed keys neither echo (an echoed Enter breaks the live panel) nor reach
    the prompt that follows (an impatient Enter would skip it). Ctrl-C still interrupts."""
    stream = stream or sys.stdin
    try:
        import termios

        fd = stream.fileno()
        saved = termios.tcgetattr(fd)
    except Exception:  # no termios, or not a terminal: nothing to quiet
        yield
        return
    quiet = list(saved)
    quiet[3] &= ~termios.ECHO
    termios.tcsetattr(fd, termios.TCSANOW, quiet)
    try:
        yield
    finally:
        termios.tcflush(fd, termios.TCIFLUSH)
        termios.tcsetattr(fd, termios.TCSANOW, saved)
