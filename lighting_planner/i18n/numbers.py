"""Numbers, money and shares written the way each language writes them (Babel / CLDR data).

English: ``1,234,567.8``, ``KZT 345,397,500``, ``KZT 345.4 M``, ``12.5%``.
Russian and Kazakh (Kazakhstan conventions): ``1 234 567,8``, ``345 397 500 ₸``, ``345,4 млн ₸``,
``12,5 %`` / ``12,5%`` (the spaces are non-breaking). A missing or non-finite value is a dash.
This is the only number formatter of the program: the GUI, the report and the CLI all call it.

Babel does all the formatting. What it would parse again on every call (the locale and the format
pattern) is parsed once and kept: ``format_decimal(v, format=p, locale=l)`` is
``parse_pattern(p).apply(v, Locale.parse(l))``, and a table of thousands of cells paid the parsing
for each (``tests/test_numbers_cache.py`` compares the two over many values, digits and languages).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, format_compact_decimal, get_currency_symbol, parse_pattern

#: Babel locale used for each interface language (Russian and Kazakh as written in Kazakhstan: ₸).
LOCALES = {"en": "en", "ru": "ru_KZ", "kk": "kk_KZ"}
DASH = "\u2013"
NBSP = "\u00a0"


def _locale(lang: str) -> str:
    try:
        return LOCALES[lang]
    except KeyError:
        from . import UnknownLanguageError
        raise UnknownLanguageError(lang) from None


@lru_cache(maxsize=8)
def _babel_locale(lang: str) -> Locale:
    """The parsed Babel locale of an interface language (parsed once)."""
    return Locale.parse(_locale(lang))


@lru_cache(maxsize=64)
def _parsed(pattern: str) -> NumberPattern:
    """A parsed CLDR number pattern (parsed once)."""
    return parse_pattern(pattern)


def _missing(value: float | None) -> bool:
    """True for no value or a non-finite one (shown as a dash)."""
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def _pattern(digits: int) -> str:
    return "#,##0" + ("." + "0" * digits if digits > 0 else "")


@lru_cache(maxsize=64)
def _digits_pattern(digits: int, suffix: str = "") -> NumberPattern:
    return _parsed(_pattern(digits) + suffix)


def format_number(value: float | None, lang: str, digits: int = 0) -> str:
    """``value`` with ``digits`` decimals and the language's grouping ("1 234,5" in ru/kk)."""
    if value is None or _missing(value):
        return DASH
    return _digits_pattern(digits).apply(value, _babel_locale(lang))


def format_money(value: float | None, lang: str, currency: str = "KZT", compact: bool = False) -> str:
    """An amount of ``currency`` (an ISO code): whole units, or with ``compact`` in thousands/millions
    with one decimal ("345,4 млн ₸" in ru/kk, "KZT 345.4 M" in English)."""
    if value is None or _missing(value):
        return DASH
    loc = _babel_locale(lang)
    if compact:
        number = format_compact_decimal(value, locale=loc, fraction_digits=1)
        if lang == "en":
            return f"{currency} " + re.sub(r"(\d)([A-Za-z])", r"\1 \2", number)
        return f"{number}{NBSP}{get_currency_symbol(currency, locale=loc)}"
    if lang == "en":
        return f"{currency} {_parsed('#,##0').apply(value, loc)}"
    return _parsed("#,##0\u00a0¤").apply(value, loc, currency=currency, currency_digits=False)


def format_percent(share: float | None, lang: str, digits: int = 1) -> str:
    """A share 0..1 as a percentage ("12.5%" / "12,5 %")."""
    if share is None or _missing(share):
        return DASH
    return _digits_pattern(digits, "%").apply(share, _babel_locale(lang))


def format_points(value: float | None, lang: str, digits: int = 1) -> str:
    """A difference of two percentages in percentage points, always signed ("+3,0", "−1,2")."""
    if value is None or _missing(value):
        return DASH
    text = format_number(abs(value), lang, digits)
    if round(value, digits) == 0:
        return text
    return ("+" if value > 0 else "\u2212") + text
