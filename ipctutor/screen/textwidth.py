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
