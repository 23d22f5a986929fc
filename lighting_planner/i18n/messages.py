"""Showing the core's :class:`~lighting_planner.core.messages.Msg` in a language."""

from __future__ import annotations

from typing import Any

from ..core.messages import Code, Money, Msg, Share
from . import Translator, translator
from .parameters import parameter_label
from .words import WORDS, word


def _value(t: Translator, value: Any) -> str:
    if isinstance(value, Msg):
        return say(t, value)
    if isinstance(value, Share):
        return t.pct(value, value.digits)
    if isinstance(value, Money):
        return t.num(value)
    if isinstance(value, Code):
        if value.kind == "parameter":
            return parameter_label(t.lang, str(value))
        if value.kind in WORDS:
            return word(t.lang, value.kind, str(value))
        return str(value)
    if isinstance(value, bool):
        return word(t.lang, "answer", "yes" if value else "no")
    if isinstance(value, int):
        return t.num(value)
    if isinstance(value, float):
        return t.num(value, 0 if abs(value) >= 100 else 2 if value != int(value) else 0)
    return str(value)


def say(lang: str | Translator, message: Any) -> str:
    """``message`` in ``lang``: a :class:`Msg` is translated with its values worded and formatted for
    the language; any other text is shown as it is."""
    if not isinstance(message, Msg):
        return "" if message is None else str(message)
    t = translator(lang) if isinstance(lang, str) else lang
    values = {k: _value(t, v) for k, v in message.args.items()}
    if message.plural is not None and message.number is not None:
        return t.ngettext(message.template, message.plural, message.number, **values)
    return t.gettext(message.template, **values)
