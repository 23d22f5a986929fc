"""Making text from input files inert and legible before it is printed (reports, tables).

A street name from a stranger's file is data, never layout: bidirectional control
characters (U+202E "right-to-left override" and friends) would reverse the rest of a
line, control characters would break it, a 10,000-character name would fill the page,
and a character the report font lacks would silently vanish. :func:`inert_text` fixes
all four; the caller passes the font's coverage as ``has_glyph``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

#: Bidirectional embedding, override and isolate controls, and the invisible marks.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
#: Shown instead of a character the font cannot draw (visible, never silently dropped).
MISSING_GLYPH = "\ufffd"
#: Shown where text was cut.
ELLIPSIS = "\u2026"
#: Default longest text of one table cell or heading, in characters.
MAX_CELL_CHARS = 200
#: Characters every line-breaking engine handles and that must stay.
KEEP = frozenset("\n\t")


def neutralise_bidi(text: str) -> str:
    """``text`` without bidirectional control characters; other control characters become spaces."""
    out = []
    for ch in text:
        if ch in BIDI_CONTROLS:
            continue
        if ch not in KEEP and unicodedata.category(ch) in ("Cc", "Cs"):
            out.append(" ")
            continue
        out.append(ch)
    return "".join(out)


def ellipsise(text: str, max_chars: int = MAX_CELL_CHARS) -> str:
    """``text`` cut to at most ``max_chars`` characters with ``…``, never inside a combining sequence."""
    if len(text) <= max_chars:
        return text
    cut = max(0, max_chars - 1)
    while cut > 0 and (unicodedata.combining(text[cut]) or text[cut] in "\u200d\ufe0f"):
        cut -= 1
    return text[:cut].rstrip() + ELLIPSIS


def replace_missing(text: str, has_glyph: Callable[[str], bool], replacement: str = MISSING_GLYPH) -> str:
    """Each character ``has_glyph`` says the font lacks becomes ``replacement`` (one per run of them)."""
    out: list[str] = []
    for ch in text:
        if ch in KEEP or ch == " " or has_glyph(ch):
            out.append(ch)
        elif ch in "\u200d\ufe0e\ufe0f" or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue  # joiners and variation selectors of a replaced emoji add nothing visible
        elif not out or out[-1] != replacement:
            out.append(replacement)
    return "".join(out)


def inert_text(text: object, max_chars: int | None = MAX_CELL_CHARS,
               has_glyph: Callable[[str], bool] | None = None) -> str:
    """Text safe to print: bidi controls removed, cut with ``…`` past ``max_chars``
    (``None``: no limit), characters the font lacks shown as ``�``."""
    result = neutralise_bidi("" if text is None else str(text))
    if max_chars is not None:
        result = ellipsise(result, max_chars)
    if has_glyph is not None:
        result = replace_missing(result, has_glyph)
    return result
