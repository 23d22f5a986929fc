"""Report text is inert and legible: bidi controls neutralised, overlong names cut, missing glyphs shown."""

from __future__ import annotations

import re

import pytest
from pdf_text import pdf_text
from report_plan import greedy_plan

from lighting_planner.core.text import ELLIPSIS, MISSING_GLYPH, ellipsise, inert_text, neutralise_bidi

pytestmark = pytest.mark.usefixtures("qapp")

RTL_OVERRIDE = "\u202eedirrevo-LTR"
LONG_NAME = "Долгая улица " * 800  # 10,400 characters
EMOJI_NAME = "Street 東京 🦄 of joy"  # DejaVu Sans has neither CJK nor this emoji


def test_bidi_controls_and_control_characters_are_removed():
    assert neutralise_bidi("\u202eabc\u2066d\u2069\u200f") == "abcd"
    assert neutralise_bidi("a\x00b\x1bc\nd") == "a b c\nd"


def test_overlong_text_is_ellipsised_not_inside_a_combining_sequence():
    assert ellipsise("x" * 300, 10) == "x" * 9 + ELLIPSIS
    assert ellipsise("short", 10) == "short"
    cut = ellipsise("aaaaaaaaе\u0301zzzz", 10)  # е + combining acute must not be split
    assert cut.endswith(ELLIPSIS) and "\u0301" not in cut[-2:]


def test_characters_the_font_lacks_get_one_visible_replacement():
    has = lambda ch: ch.isascii()  # noqa: E731 - a font of ASCII only
    assert inert_text("ab😀\u200d😀c", None, has) == f"ab{MISSING_GLYPH}c"
    assert inert_text(None) == ""


def _pdf_text(path) -> str:
    return pdf_text(path)


def test_report_prints_hostile_names_inertly(small_city, tmp_path):
    import copy

    from lighting_planner.report import render_pdf
    city = copy.deepcopy(small_city)
    plan = greedy_plan(city)
    names = (RTL_OVERRIDE, LONG_NAME, EMOJI_NAME)
    for work, name in zip(plan.selected, names):
        city.segments[work.segment_id].name = name
        work.name = name
    path = tmp_path / "r.pdf"
    render_pdf(city, path, plan=plan, full_lists=True)  # the full version lists every work by name
    text = _pdf_text(path)
    assert "\u202e" not in text
    assert "edirrevo-LTR" in text  # in its logical order, not reversed
    assert ELLIPSIS in text
    assert LONG_NAME not in text and len(re.findall("Долгая", text)) < 800
    assert MISSING_GLYPH in text and "🦄" not in text and "東" not in text
    assert "Street" in text and "of joy" in text
