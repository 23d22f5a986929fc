"""One translation catalogue for the whole program: the GUI, the report and the command line.

Words live in gettext catalogues, ``resources/i18n/<lang>/LC_MESSAGES/lighting_planner.po``
(English, Russian, Kazakh), compiled to ``.mo`` next to them; ``scripts/update_translations.py``
extracts the English source strings from the code (Babel), merges them into the catalogues and
compiles them. The message ids are the English wording; placeholders are ``str.format`` names
(``"{count} lines"``) filled after translation, so a value is never translated.

    from lighting_planner.i18n import Translator, N_, tr, ntr
    t = Translator("ru")
    t.gettext("Summary")                                   # "Основные показатели"
    t.ngettext("{n} resident", "{n} residents", 5)         # "5 жителей" (n is passed as a value)
    t.pgettext("lamp", "none")                             # same English word, other meaning
    t.money(345_397_500)                                   # "345 397 500 ₸"
    tr("kk", LABEL)    # one-off lookup of a message marked elsewhere: LABEL = N_("Summary")

Pure Python (no Qt), so the core-free parts of every front end share it. The core itself keeps
returning codes and values; the words for those codes are marked with :func:`N_` where they are
listed and translated where they are shown.
"""

from __future__ import annotations

import gettext as _gettext
import string
from functools import cache
from typing import Any

from ..bundled import MissingResourceError, resource
from . import numbers

#: Language codes, in the order the menus offer them.
LANGUAGES = ("en", "ru", "kk")
#: Each language's own name, as a language menu shows it.
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
DOMAIN = "lighting_planner"


class UnknownLanguageError(ValueError):
    """A language code the program has no catalogue for."""

    def __init__(self, lang: str):
        self.lang = lang
        super().__init__(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")


def N_(msgid: str) -> str:
    """Mark ``msgid`` for extraction without translating it (for tables of words kept at module level)."""
    return msgid


def NP_(context: str, msgid: str) -> str:
    """Mark ``msgid`` in ``context`` for extraction (translate later with ``pgettext(context, msgid)``)."""
    return msgid


def catalogue_path(lang: str, suffix: str = ".mo"):
    """The bundled compiled catalogue of ``lang``; raises MissingResourceError when absent."""
    return resource("i18n", lang, "LC_MESSAGES", DOMAIN + suffix)


@cache
def _catalogue(lang: str) -> _gettext.NullTranslations:
    if lang not in LANGUAGES:
        raise UnknownLanguageError(lang)
    try:
        path = catalogue_path(lang)
    except MissingResourceError:
        if lang == "en":  # the message ids are English: the program still speaks without the file
            return _gettext.NullTranslations()
        raise
    with open(path, "rb") as fh:
        return _gettext.GNUTranslations(fh)


def _fill(text: str, fallback: str, args: dict[str, Any]) -> str:
    """``text.format(**args)``; a translation with a broken placeholder falls back to the English."""
    if not args and "{" not in text:
        return text
    try:
        return text.format(**args)
    except (KeyError, IndexError, ValueError):
        return fallback.format(**args)


class Translator:
    """The catalogue and number formats of one language."""

    def __init__(self, lang: str = "en"):
        self.lang = lang
        self._t = _catalogue(lang)

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"

    # ----- words ----------------------------------------------------------------------
    def gettext(self, msgid: str, **args: Any) -> str:
        """``msgid`` in this language, with ``args`` filled into its ``{placeholders}``."""
        return _fill(self._t.gettext(msgid), msgid, args)

    def ngettext(self, singular: str, plural: str, number: int, **args: Any) -> str:
        """The plural form for ``number`` (Russian: 1 житель, 2 жителя, 5 жителей); ``{n}`` is filled
        with the number formatted for the language unless ``n`` is given in ``args``."""
        args.setdefault("n", self.num(number))
        return _fill(self._t.ngettext(singular, plural, number), singular if number == 1 else plural, args)

    def pgettext(self, context: str, msgid: str, **args: Any) -> str:
        """Like :meth:`gettext` for an English word that means different things (``context`` tells which)."""
        return _fill(self._t.pgettext(context, msgid), msgid, args)

    def npgettext(self, context: str, singular: str, plural: str, number: int, **args: Any) -> str:
        args.setdefault("n", self.num(number))
        return _fill(self._t.npgettext(context, singular, plural, number), singular if number == 1 else plural,
                     args)

    def lookup(self, msgid: str, plural: str | None = None, number: int = 1, context: str | None = None) -> str:
        """The raw translation of ``msgid`` (the plural form for ``number`` when ``plural`` is given,
        in ``context`` when given), placeholders not filled."""
        if context is not None:
            if plural is None:
                return self._t.pgettext(context, msgid)
            return self._t.npgettext(context, msgid, plural, number)
        if plural is None:
            return self._t.gettext(msgid)
        return self._t.ngettext(msgid, plural, number)

    def has(self, msgid: str) -> bool:
        """Whether the catalogue translates ``msgid`` (always true for English)."""
        return self.lang == "en" or self._t.gettext(msgid) != msgid

    # ----- numbers (one formatter for the whole program: :mod:`lighting_planner.i18n.numbers`) ------
    def num(self, value: float | None, digits: int = 0) -> str:
        return numbers.format_number(value, self.lang, digits)

    def money(self, value: float | None, currency: str = "KZT", compact: bool = False) -> str:
        return numbers.format_money(value, self.lang, currency, compact=compact)

    def pct(self, share: float | None, digits: int = 1) -> str:
        return numbers.format_percent(share, self.lang, digits)

    def points(self, value: float | None, digits: int = 1) -> str:
        return numbers.format_points(value, self.lang, digits)


@cache
def translator(lang: str) -> Translator:
    """The shared :class:`Translator` of ``lang``."""
    return Translator(lang)


def tr(lang: str, msgid: str, **args: Any) -> str:
    """``msgid`` translated into ``lang`` with ``args`` filled in."""
    return translator(lang).gettext(msgid, **args)


def ntr(lang: str, singular: str, plural: str, number: int, **args: Any) -> str:
    """The plural form of a message for ``number`` in ``lang``."""
    return translator(lang).ngettext(singular, plural, number, **args)


def ptr(lang: str, context: str, msgid: str, **args: Any) -> str:
    """``msgid`` in ``context`` translated into ``lang``."""
    return translator(lang).pgettext(context, msgid, **args)


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a message fills in (a translation must use the same ones)."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


__all__ = ["DOMAIN", "LANGUAGES", "LANGUAGE_NAMES", "NP_", "N_", "Translator", "UnknownLanguageError",
           "catalogue_path", "ntr", "placeholders", "ptr", "tr", "translator"]
