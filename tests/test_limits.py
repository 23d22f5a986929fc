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
    check_value,
    json_text_within_limits,
    refuse_constant,
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
