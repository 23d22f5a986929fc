"""Messages the core gives to people (progress, plan notes, undo texts, reasons) without wording them
for a language.

A :class:`Msg` is a ``str`` — the English sentence, so logs, the CLI and old callers keep working —
that also carries its template (the gettext msgid) and its values. A front end shows it in the
user's language with ``lighting_planner.i18n.messages.say(lang, msg)``. Values that are codes
(a lamp type, a parameter key) are wrapped in :class:`Code` so they are worded too; numbers are
formatted by the language.

    Msg("reading {file}: {count} objects", file=name, count=n)
    NMsg("{n} segment", "{n} segments", n)
    Msg("Set {parameter} to {value}", parameter=Code("parameter", key), value=0.8)
"""

from __future__ import annotations

import string
from typing import Any

#: English words for codes when a message is rendered as plain English (the catalogue has the rest).
_ENGLISH_CODES: dict[str, dict[str, str]] = {
    "lamp": {"hps": "sodium", "led": "LED", "mh": "metal-halide", "mercury": "mercury", "fluorescent": "fluorescent",
             "incandescent": "incandescent", "other": "other", "none": "no", "unknown": "unrecorded"},
}


def N_(msgid: str) -> str:
    """Mark an English template for the translation catalogue (returns it unchanged)."""
    return msgid


class Code(str):
    """A stable code inside a message (``Code("lamp", "hps")``), worded by the front end."""

    kind: str

    def __new__(cls, kind: str, code: str) -> Code:
        obj = super().__new__(cls, str(code))
        obj.kind = kind
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (Code, (self.kind, str(self)))

    def english(self) -> str:
        return _ENGLISH_CODES.get(self.kind, {}).get(str(self), str(self).replace("_", " "))


class Share(float):
    """A share 0..1 inside a message, shown as a percentage ("45%")."""

    digits: int = 0


class Money(float):
    """An amount of money inside a message, shown whole ("2,500,000")."""


def _english(value: Any) -> str:
    if isinstance(value, (list, tuple)):  # a list of names or of messages, joined with commas
        return ", ".join(_english(v) for v in value)
    if isinstance(value, Share):
        return f"{value:.{value.digits}%}"
    if isinstance(value, Money):
        return f"{value:,.0f}"
    if isinstance(value, Code):
        return value.english()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:g}"
    return str(value)


_FORMATTER = string.Formatter()


def plain_template(text: str) -> str:
    """``text`` with every ``{name!r:spec}`` field reduced to ``{name}`` (the values are prepared first)."""
    if "{" not in text:
        return text
    out = []
    for literal, name, _spec, _conv in _FORMATTER.parse(text):
        out.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is not None:
            out.append("{" + name + "}")
    return "".join(out)


def _prepare(template: str, args: dict[str, Any]) -> dict[str, Any]:
    """Apply the template's conversions (``!r``) and format specs (``:.1f``) to the values, so the
    front end fills plain ``{name}`` fields; a lone ``:,`` on a whole number is left to the language's
    number format."""
    if "{" not in template:
        return args
    values = dict(args)
    for _literal, name, spec, conv in _FORMATTER.parse(template):
        if name is None or not (spec or conv) or name not in values:
            continue
        value = values[name]
        if conv:
            value = repr(value) if conv == "r" else ascii(value) if conv == "a" else str(value)
        if spec and not (spec == "," and isinstance(value, int)):
            value = format(value, spec)
        values[name] = value
    return values


class Msg(str):
    """An English message with its template and values (see the module docstring)."""

    template: str
    plural: str | None
    number: int | None  #: the count a plural message agrees with (``str.count`` is taken)
    args: dict[str, Any]
    context: str | None = None  # the gettext context of a word with two meanings (see PMsg)

    def __new__(cls, template: str, **args: Any) -> Msg:
        return cls._make(template, None, None, args)

    @classmethod
    def _make(cls, template: str, plural: str | None, count: int | None, args: dict[str, Any],
              prepared: bool = False) -> Msg:
        english = plain_template(plural if plural is not None and count != 1 else template)
        if not prepared:
            args = _prepare(template if plural is None or count == 1 else plural, args)
        values = {k: _english(v) for k, v in args.items()}
        if count is not None:
            values.setdefault("n", _english(count))
        obj = super().__new__(cls, english.format(**values))
        obj.template, obj.plural, obj.number, obj.args = template, plural, count, dict(args)
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self.plural, self.number, self.args, self.context))


def _rebuild(template: str, plural: str | None, count: int | None, args: dict[str, Any],
             context: str | None = None) -> Msg:
    obj = Msg._make(template, plural, count, args, prepared=True)
    obj.context = context
    return obj


def PMsg(context: str, template: str, **args: Any) -> Msg:
    """A message whose English words mean one thing of several (``PMsg("json type", "object")``);
    ``context`` is its gettext context."""
    obj = Msg._make(template, None, None, args)
    obj.context = context
    return obj


def message_of(exc: BaseException) -> str:
    """The message an exception was raised with: its :class:`Msg` when it carries one (so a front end
    can word it), else its text."""
    if exc.args and isinstance(exc.args[0], Msg) and len(exc.args) == 1:
        return exc.args[0]
    return str(exc)


def NMsg(singular: str, plural: str, n: int, **args: Any) -> Msg:
    """A message with a plural form chosen by ``n`` (``{n}`` is ``n``)."""
    return Msg._make(singular, plural, int(n), args)
