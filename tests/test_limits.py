"""The quick check of stored JSON text never passes a value the full walk would refuse."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lighting_planner.core.io.limits import (
    MAX_JSON_DEPTH,
    LimitError,
    check_float_literal,
    check_int_literal,
    check_text,
    check_value,
    json_text_within_limits,
    refuse_constant,
    texts_within_limits,
)

texts = st.one_of(st.text(max_size=8), st.sampled_from(["\ud800", "a\x00b", "\udfff x", "x" * 100_001]))
values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
                      | texts, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
                      max_leaves=12)


def _decoded(text: str):
    return json.loads(text, parse_int=check_int_literal, parse_float=check_float_literal,
                      parse_constant=refuse_constant)


@settings(max_examples=300, deadline=None)
@given(value=values, ascii_only=st.booleans(), extra_depth=st.integers(0, 70))
def test_text_called_within_limits_decodes_to_a_value_the_walk_accepts(value, ascii_only, extra_depth):
    text = "[" * extra_depth + json.dumps(value, ensure_ascii=ascii_only) + "]" * extra_depth
    try:
        doc = _decoded(text)
    except (LimitError, ValueError, RecursionError):
        return  # refused by the decoder itself
    if json_text_within_limits(text):
        check_value(doc, "extra")  # must not raise


@pytest.mark.parametrize("text", ['{"a": "\\ud800"}', '{"a": "\\u0000"}', '{"a": "x\x00"}',
                                  "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1),
                                  json.dumps({"a": "x" * 100_001})])
def test_text_that_might_break_a_limit_is_left_to_the_walk(text):
    assert not json_text_within_limits(text)


@pytest.mark.parametrize("text", ['{"osm_id": 1234, "highway": "residential", "name:kk": "Абай даңғылы"}', "[]",
                                  "[" * MAX_JSON_DEPTH + "]" * MAX_JSON_DEPTH])
def test_plain_stored_text_needs_no_walk(text):
    assert json_text_within_limits(text)
    check_value(_decoded(text), "extra")


@settings(max_examples=300, deadline=None)
@given(column=st.lists(st.one_of(st.text(max_size=6), st.sampled_from(["\ud800", "\udfff", "a\x00", "x" * 100_001,
                                                                       "\U0001f600", "é"])), max_size=6))
def test_a_column_passes_at_once_exactly_when_every_text_passes(column):
    def passes(text):
        try:
            check_text(text, "name")
        except LimitError:
            return False
        return True
    assert texts_within_limits(column) == all(map(passes, column))


def test_a_split_surrogate_pair_is_refused_across_texts():
    assert not texts_within_limits(["a\ud83d", "\ude00b"])  # two lone halves, not one character
    assert texts_within_limits(["a\U0001f600", "b"])
