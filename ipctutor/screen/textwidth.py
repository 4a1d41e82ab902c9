"""How wide text is on a terminal, for plain-text tables that line up in Chinese too.

A Chinese character takes two columns, so `str.ljust` (which counts characters) leaves every
column after a Chinese cell too far left. Stdlib only: plain output does not load Rich.
"""

from __future__ import annotations

import unicodedata


def cell_width(text: str) -> int:
    """Terminal columns `text` takes: two for a wide (East Asian) character, one for the rest."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` columns (ljust for what the eye sees)."""
    return text + " " * max(0, width - cell_width(text))


# ---------------------------------------------------------------- Chinese line breaking

# no line starts with these (closing punctuation), and none ends with the opening ones
NO_LINE_START = set("，。、；：？！）」』”’》〉】…—·%,.;:?!)]}")
NO_LINE_END = set("（「『“‘《〈【([{")
WIDE_MARKS = "…—·"  # Chinese punctuation that East Asian Width calls ambiguous, not wide
CLOSING = {"（": "）", "「": "」", "『": "』", "《": "》", "【": "】"}
SHORT_GROUP = 12  # columns: a bracketed word this short is not broken inside


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def units(text: str, width: int) -> list[tuple[int, str]]:
    """`text` cut where a line may end: after each Chinese character (not before closing
    punctuation, not after opening), and at the spaces of the Latin text between them. A Latin
    stretch short enough (inline code, a number and its unit: `64 KiB`) stays whole."""
    pieces: list[tuple[int, str]] = []
    i = 0
    while i < len(text):
        close = text.find(CLOSING.get(text[i], "\0"), i + 1)
        if (
            0 < close
            and cell_width(text[i : close + 1]) <= min(SHORT_GROUP, width)
            and " " not in text[i:close]
        ):
            j = close + 1  # a short bracketed word, （父进程）: kept whole
        elif is_wide(text[i]) or text[i] in WIDE_MARKS:
            j = i + 1
        else:  # Latin text, its own punctuation included (./ipctutor-exercises, foo(), 1,000)
            j = i
            while j < len(text) and not is_wide(text[j]) and text[j] not in WIDE_MARKS:
                j += 1
            latin = text[i:j]
            if cell_width(latin.strip()) > max(8, width // 2) and " " in latin.strip():
                j = (
                    i + len(latin.split(" ", 1)[0]) + 1
                )  # too long to keep whole: up to its next space
        while j < len(text) and text[j] == " ":
            j += 1
        pieces.append((i, text[i:j]))
        i = j
    glued: list[
        tuple[int, str]
    ] = []  # closing punctuation joins the unit before it, opening the next
    for start, piece in pieces:
        closing = piece[0] in NO_LINE_START and not piece[0].isascii()  # ./path is not punctuation
        opening = glued and glued[-1][1][-1] in NO_LINE_END and not glued[-1][1][-1].isascii()
        if glued and (closing or opening):
            glued[-1] = (glued[-1][0], glued[-1][1] + piece)
        else:
            glued.append((start, piece))
    return glued


def divide_line_cjk(text: str, width: int, fold: bool = True) -> list[int]:
    """Where to break `text` into lines of `width` columns (rich's divide_line, same contract),
    for text with Chinese in it: Chinese has no spaces, and Rich breaks only at spaces."""
    breaks: list[int] = []
    column = 0
    for start, piece in units(text, width):
        need = cell_width(piece.rstrip())
        # the spaces after a piece count too: Rich trims a line's trailing spaces by characters,
        # not columns (Text.rstrip_end), so a Chinese line would keep them and be cut with '…'
        if column + (cell_width(piece) if start + len(piece) < len(text) else need) <= width:
            column += cell_width(piece)
            continue
        if column and start:
            breaks.append(start)
            column = 0
        head = piece.rstrip().rstrip("".join(NO_LINE_START))
        if need > width and head and cell_width(head) <= width and not is_wide(head[-1]):
            # a name and the punctuation after it (ProcessPoolExecutor：): rather than cut the
            # name, let the punctuation begin the next line
            breaks.append(start + len(head))
            column = cell_width(piece[len(head) :])
            continue
        if need > width and fold:  # longer than a line: fold it, a character at a time
            for offset, ch in enumerate(piece):
                w = cell_width(ch)
                if column + w > width and (start + offset):
                    breaks.append(start + offset)
                    column = 0
                column += w
        else:
            column = cell_width(piece)
    return breaks


def wrap_chinese_in_rich() -> None:
    """Rich (rich/_wrap.py) breaks lines only at spaces: a Chinese sentence is one long word to
    it, so lines end far from the border or a sentence is cut off with '…'. Rich's Text.wrap calls
    the `divide_line` it imported; from here on, for a line with Chinese in it, that is
    divide_line_cjk (other lines: Rich's own)."""
    import rich.text

    original = rich.text.divide_line
    if getattr(original, "chinese_aware", False):
        return

    def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
        if any(is_wide(ch) for ch in text):
            return divide_line_cjk(text, width, fold)
        return original(text, width, fold)

    divide_line.chinese_aware = True  # type: ignore[attr-defined]
    divide_line.__wrapped__ = original  # type: ignore[attr-defined]
    rich.text.divide_line = divide_line
