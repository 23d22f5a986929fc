"""Explicit limits on what an input file may hold, and the checks that enforce them.

Files from strangers are refused at load (never later, at save or in a report) when
they hold something the project cannot store faithfully: text that is not valid
Unicode, numbers too big for the project file, nesting or fields beyond the limits.
The limits are named in the messages, so the user knows what to fix.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from typing import Any

from ..messages import N_, Msg

#: Deepest nesting of JSON objects/arrays accepted anywhere in a GeoJSON file.
MAX_JSON_DEPTH = 64
#: Longest integer literal accepted. Such numbers travel in JSON text (``extra``); counts and
#: amounts that go into number columns have the smaller limits below.
MAX_INT_DIGITS = 100
#: Largest count (lamps, residents, luminaires) accepted.
MAX_COUNT = 10**9
#: Largest money amount or other measure accepted.
MAX_AMOUNT = 1e15
#: Longest text value (a name, a tag, a CSV field) in characters.
MAX_TEXT_CHARS = 100_000

#: Message templates (named placeholders, values passed separately) for the translation catalogue.
MESSAGES = {
    "depth": N_("the data is nested deeper than {limit} levels (the limit)"),
    "int_digits": N_("the number {start}… has {digits} digits; numbers are limited to {limit} digits"),
    "not_finite": N_("the number {value} is too large or not a number"),
    "surrogate": N_("text in {what} is not valid Unicode (a lone surrogate \\u{code}); re-save the file as UTF-8"),
    "text_long": N_("text in {what} is {chars} characters long; the limit is {limit}"),
    "control": N_("text in {what} holds a NUL character"),
}


def message(key: str, **args: Any) -> Msg:
    """The limit message ``key`` with its values (worded by the front end)."""
    return Msg(MESSAGES[key], **args)


class LimitError(ValueError):
    """A value breaks one of the limits above; ``str()`` is a user message."""


def check_int_literal(text: str) -> int:
    """``json`` ``parse_int`` hook: refuse integers longer than :data:`MAX_INT_DIGITS`."""
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise LimitError(message("int_digits", start=text[:12], digits=str(digits), limit=str(MAX_INT_DIGITS)))
    return int(text)


def check_float_literal(text: str) -> float:
    """``json`` ``parse_float`` hook: refuse literals that overflow to infinity."""
    if len(text) > 64:
        raise LimitError(message("not_finite", value=text[:20] + "…"))
    value = float(text)
    if not math.isfinite(value):
        raise LimitError(message("not_finite", value=text))
    return value


def refuse_constant(text: str) -> float:
    """``json`` ``parse_constant`` hook: ``NaN`` and ``Infinity`` are not JSON."""
    raise LimitError(message("not_finite", value=text))


def check_text(value: str, what: str) -> None:
    """Refuse text that cannot be stored as UTF-8, holds NUL, or is too long."""
    if len(value) > MAX_TEXT_CHARS:
        raise LimitError(message("text_long", what=what, chars=len(value), limit=MAX_TEXT_CHARS))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(value[exc.start])
        raise LimitError(message("surrogate", what=what, code=f"{code:04x}")) from None
    if "\x00" in value:
        raise LimitError(message("control", what=what))


def texts_within_limits(values: Iterable[str]) -> bool:
    """Whether every text in ``values`` passes :func:`check_text` (checked over all at once).

    The texts are joined: the join holds a NUL or a lone surrogate exactly when one of them
    does (Python's UTF-8 encoder refuses every surrogate code point, paired or not). False
    means "not all pass": check them one by one to find which and why.
    """
    texts = values if isinstance(values, list) else list(values)
    if not texts:
        return True
    if max(map(len, texts)) > MAX_TEXT_CHARS:
        return False
    joined = "".join(texts)
    if "\x00" in joined:
        return False
    if joined.isascii():
        return True
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def json_text_within_limits(text: str) -> bool:
    """Whether the JSON text ``text`` alone proves that its decoded value passes :func:`check_value`.

    For text decoded with the hooks above (integers and floats already checked): every
    string in it is a part of ``text``, so none is longer; without ``\\u`` escapes and raw
    NUL none holds a lone surrogate or NUL once ``text`` itself is valid UTF-8; and with at
    most :data:`MAX_JSON_DEPTH` opening brackets nothing is nested deeper. False means only
    "not proven": the value must then be walked.
    """
    if len(text) > MAX_TEXT_CHARS or "\\u" in text or "\x00" in text:
        return False
    if text.count("{") + text.count("[") > MAX_JSON_DEPTH:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


#: A JSON decoder with the number hooks above (``json.loads`` with hooks builds a new one per call).
JSON_DECODER = json.JSONDecoder(parse_int=check_int_literal, parse_float=check_float_literal,
                                parse_constant=refuse_constant)


def decode_json(text: str, what: str) -> Any:
    """``text`` decoded with the number hooks, its value within the limits (walked with
    :func:`check_value` only when the text alone does not prove it). Raises :class:`LimitError`,
    or ``ValueError`` / ``RecursionError`` for text that is not JSON."""
    doc = JSON_DECODER.decode(text)
    if not json_text_within_limits(text):
        check_value(doc, what)
    return doc


def check_value(value: Any, what: str) -> None:
    """Walk a JSON-like value (iteratively) checking depth, text and numbers."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise LimitError(message("depth", limit=str(MAX_JSON_DEPTH)))
        if isinstance(item, str):
            check_text(item, what)
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if abs(item) >= 10**MAX_INT_DIGITS:
                raise LimitError(message("int_digits", start=str(item)[:12], digits=str(len(str(abs(item)))),
                                         limit=str(MAX_INT_DIGITS)))
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise LimitError(message("not_finite", value=str(item)))
        elif isinstance(item, dict):
            for k, v in item.items():
                check_text(str(k), what)
                stack.append((v, depth + 1))
        elif isinstance(item, (list, tuple)):
            stack.extend((v, depth + 1) for v in item)
