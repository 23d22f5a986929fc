"""The number formatter keeps Babel's parsed locales and patterns: its output is byte for byte what
Babel's own ``format_decimal`` / ``format_percent`` / ``format_currency`` give for the same pattern."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as babel_percent

from lighting_planner.i18n.numbers import (
    DASH,
    LOCALES,
    format_money,
    format_number,
    format_percent,
    format_points,
)

EDGES = [0.0, -0.0, 0.5, 1.5, 2.5, -0.5, -1.5, 0.05, 0.15, 0.25, 0.35, 0.45, 1e-9, -1e-9, 0.004999, 0.005,
         0.0049999999, 999.995, 999.9949, 1000.0, 1234.5, -1234.5, 1234567.891, -9876543.21, 1e15, -1e15,
         123456789012.345, 2.675, 1.005, 0.125, 0.375, 7, -7, 10**12, -(10**12), 2**53, 0.1 + 0.2]


def _values(seed: int, n: int) -> list[float | int]:
    rng = random.Random(seed)
    out: list[float | int] = list(EDGES)
    for _ in range(n):
        scale = 10 ** rng.randint(-6, 13)
        v = rng.uniform(-1, 1) * scale
        out.append(v)
        out.append(round(v, rng.randint(0, 4)))  # values that sit on a rounding boundary more often
        out.append(rng.randint(-(10**9), 10**9))
    return out


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_numbers_and_shares_are_babels_own(lang):
    loc = LOCALES[lang]
    values = _values(sorted(LOCALES).index(lang), 700)
    for digits in range(5):
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        for v in values:
            assert format_number(v, lang, digits) == format_decimal(v, format=pattern, locale=loc), (v, digits)
            share = v / 10**6
            assert format_percent(share, lang, digits) == babel_percent(share, format=pattern + "%", locale=loc), (
                share, digits)


@pytest.mark.parametrize("lang", sorted(LOCALES))
def test_money_is_babels_own(lang):
    loc = LOCALES[lang]
    for v in _values(7, 300):
        if lang == "en":
            expected = "KZT " + format_decimal(v, format="#,##0", locale=loc)
        else:
            expected = format_currency(v, "KZT", format="#,##0\u00a0¤", locale=loc, currency_digits=False)
        assert format_money(v, lang) == expected, v
        if lang != "en":
            usd = format_currency(v, "USD", format="#,##0\u00a0¤", locale=loc, currency_digits=False)
            assert format_money(v, lang, "USD") == usd, v


def test_the_languages_own_marks_are_kept():
    nb = "\u00a0"
    assert format_number(-1234567.25, "ru", 1) == f"-1{nb}234{nb}567,2"
    assert format_number(-1234567.25, "kk", 2) == f"-1{nb}234{nb}567,25"
    assert format_number(-1234567.25, "en", 1) == "-1,234,567.2"
    assert format_number(Decimal("2.5"), "en") == "2"  # Babel rounds half to even
    assert format_money(345397500, "ru") == f"345{nb}397{nb}500{nb}₸"
    assert format_points(-1.25, "kk", 1) == "\u22121,2"
    assert format_number(float("inf"), "kk") == format_percent(None, "ru") == DASH
