"""Showing the core's :class:`~lighting_planner.core.messages.Msg` in a language."""

from __future__ import annotations

from typing import Any

from ..core.errors import Problem, SaveError
from ..core.messages import Code, Money, Msg, Share, message_of, plain_template
from . import Translator, translator
from .parameters import parameter_label
from .words import WORDS, word


def _value(t: Translator, value: Any) -> str:
    if isinstance(value, (list, tuple)):  # a list of names or of messages, joined with commas
        return ", ".join(_value(t, v) for v in value)
    if isinstance(value, BaseException):  # "cannot read ({reason})" with the error itself as the reason
        value = message_of(value)
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
        values.setdefault("n", t.num(message.number))
        english = message.template if message.number == 1 else message.plural
        text = t.lookup(message.template, message.plural, message.number, message.context)
    else:
        english = message.template
        text = t.lookup(message.template, context=message.context)
    try:
        return plain_template(text).format(**values)
    except (KeyError, IndexError, ValueError):  # a broken translation: the English still reads
        return plain_template(english).format(**values)


def say_problem(lang: str | Translator, problem: Any) -> str:
    """A :class:`~lighting_planner.core.errors.Problem` ("file: where: what") in ``lang``."""
    parts = [say(lang, problem.file)] if problem.file else []
    where = say(lang, problem.where)
    if where:
        parts.append(where)
    parts.append(say(lang, problem.message))
    return ": ".join(parts)


def say_error(lang: str | Translator, exc: BaseException) -> str:
    """The user message of an error raised by the core (an ``InputError``, a ``SaveError`` or any
    exception raised with a :class:`Msg`) in ``lang``; other errors as their text."""
    problem = getattr(exc, "problem", None)
    if isinstance(problem, Problem):
        return say_problem(lang, problem)
    if isinstance(exc, SaveError):
        return f"{exc.file}: {say(lang, exc.message)}" if exc.file else say(lang, exc.message)
    if len(exc.args) == 1 and isinstance(exc.args[0], Msg):
        return say(lang, exc.args[0])
    return str(exc)
