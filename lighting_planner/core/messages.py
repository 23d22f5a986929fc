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

from typing import Any

#: English words for codes when a message is rendered as plain English (the catalogue has the rest).
_ENGLISH_CODES: dict[str, dict[str, str]] = {
    "lamp": {"hps": "sodium", "led": "LED", "mh": "metal-halide", "mercury": "mercury", "fluorescent": "fluorescent",
             "incandescent": "incandescent", "other": "other", "none": "no", "unknown": "unrecorded"},
}


def N_(msgid: str) -> str:  # noqa: N802 - the gettext convention
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


class Msg(str):
    """An English message with its template and values (see the module docstring)."""

    template: str
    plural: str | None
    number: int | None  #: the count a plural message agrees with (``str.count`` is taken)
    args: dict[str, Any]

    def __new__(cls, template: str, **args: Any) -> Msg:
        return cls._make(template, None, None, args)

    @classmethod
    def _make(cls, template: str, plural: str | None, count: int | None, args: dict[str, Any]) -> Msg:
        english = plural if plural is not None and count != 1 else template
        values = {k: _english(v) for k, v in args.items()}
        if count is not None:
            values.setdefault("n", _english(count))
        obj = super().__new__(cls, english.format(**values))
        obj.template, obj.plural, obj.number, obj.args = template, plural, count, dict(args)
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self.plural, self.number, self.args))


def _rebuild(template: str, plural: str | None, count: int | None, args: dict[str, Any]) -> Msg:
    return Msg._make(template, plural, count, args)


def NMsg(singular: str, plural: str, n: int, **args: Any) -> Msg:  # noqa: N802 - reads like Msg
    """A message with a plural form chosen by ``n`` (``{n}`` is ``n``)."""
    return Msg._make(singular, plural, int(n), args)
