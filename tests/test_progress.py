"""The core's one progress/cancel API (core/progress.py): sub-range arithmetic, labels, cancel."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lighting_planner.core.errors import Cancelled, LightingPlannerError
from lighting_planner.core.messages import Msg, Share
from lighting_planner.core.progress import NO_PROGRESS, Progress
from lighting_planner.i18n.messages import say

unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
ranges = st.tuples(unit, unit).map(sorted)


def recorder() -> tuple[Progress, list[tuple[float, str]]]:
    seen: list[tuple[float, str]] = []
    return Progress(lambda f, m: seen.append((f, m))), seen


@given(st.lists(ranges, min_size=1, max_size=5), unit)
def test_nested_sub_ranges_map_linearly_onto_the_whole(chain, fraction):
    """A fraction of the innermost of nested sub-ranges lands where composing the linear maps puts it."""
    root, seen = recorder()
    p = root
    lo, hi = 0.0, 1.0
    for a, b in chain:
        p = p.sub(a, b)
        lo, hi = lo + (hi - lo) * a, lo + (hi - lo) * b
    p(fraction, "x")
    assert len(seen) == 1
    got = seen[0][0]
    assert got == pytest.approx(lo + (hi - lo) * fraction, abs=1e-12)
    assert lo - 1e-12 <= got <= hi + 1e-12 and 0.0 <= got <= 1.0
    # the ends of the innermost range are the ends computed outside
    p(0.0)
    p(1.0)
    assert seen[1][0] == pytest.approx(lo, abs=1e-12) and seen[2][0] == pytest.approx(hi, abs=1e-12)


@given(st.integers(min_value=1, max_value=50), st.data())
def test_parts_tile_the_range_in_order(count, data):
    """``part(i, n)`` are n equal, touching, increasing pieces that together cover the range."""
    a, b = data.draw(ranges)
    root, seen = recorder()
    p = root.sub(a, b)
    for i in range(count):
        part = p.part(i, count)
        part(0.0)
        part(1.0)
    starts, ends = [f for f, _ in seen[::2]], [f for f, _ in seen[1::2]]
    assert starts[0] == pytest.approx(a, abs=1e-12) and ends[-1] == pytest.approx(b, abs=1e-12)
    for i in range(count - 1):
        assert ends[i] == pytest.approx(starts[i + 1], abs=1e-12)
    for s, e in zip(starts, ends):
        assert e - s == pytest.approx((b - a) / count, abs=1e-12)


@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-5, 5)))
def test_a_fraction_outside_0_1_is_held_to_the_range(fraction):
    root, seen = recorder()
    root.sub(0.25, 0.5)(fraction)
    got = seen[0][0]
    assert 0.25 <= got <= 0.5
    if isinstance(fraction, float) and math.isnan(fraction):
        assert got == 0.25


@pytest.mark.parametrize("start, end", [(-0.1, 0.5), (0.6, 0.5), (0.2, 1.5), (float("nan"), 0.5)])
def test_a_sub_range_outside_0_1_or_backwards_is_refused(start, end):
    with pytest.raises(ValueError):
        NO_PROGRESS.sub(start, end)


@pytest.mark.parametrize("index, count", [(0, 0), (3, 3), (-1, 2)])
def test_a_part_that_does_not_exist_is_refused(index, count):
    with pytest.raises(ValueError):
        NO_PROGRESS.part(index, count)


def test_cancel_reaches_every_sub_range_and_raises_one_exception():
    asked = {"stop": False}
    seen: list[tuple[float, str]] = []
    root = Progress(lambda f, m: seen.append((f, m)), lambda: asked["stop"])
    inner = root.sub(0.1, 0.9).part(2, 4).sub(0.5, 1.0, label=Msg("step"))
    inner.step(0.5, "")
    inner.check()
    assert not inner.cancelled() and len(seen) == 1
    asked["stop"] = True
    assert inner.cancelled() and root.cancelled()
    with pytest.raises(Cancelled) as err:
        inner.step(0.9, "never reported")
    assert isinstance(err.value, LightingPlannerError)
    assert len(seen) == 1  # step checks before it reports
    inner(0.9, "a plain report never raises")  # safe inside a C callback
    assert len(seen) == 2
    with pytest.raises(Cancelled):
        root.check()


def test_no_progress_is_silent_and_never_cancelled():
    assert not NO_PROGRESS.listening and not NO_PROGRESS.cancelled()
    part = NO_PROGRESS.sub(0.2, 0.4, label=Msg("anything")).part(0, 3)
    part.step(0.5, "nothing happens")
    part.check()
    assert not part.listening


def test_labels_put_the_part_before_its_messages_and_are_translated():
    root, seen = recorder()
    step = Msg("proving no better plan exists")
    p = root.sub(0.75, 1.0, label=step)
    p(0.4, Msg("{share} of its work limit", share=Share(0.4)))
    p(0.5)  # a bare fraction shows the label alone
    nested = root.sub(0.0, 0.5, label=Msg("budget level {k} of {n}", k=2, n=5)).sub(0.5, 1.0, label=step)
    nested(0.0, Msg("{share} of its work limit", share=Share(0.1)))
    (f1, m1), (f2, m2), (f3, m3) = seen
    assert (f1, f2, f3) == pytest.approx((0.85, 0.875, 0.25))
    assert str(m1) == "proving no better plan exists: 40% of its work limit"
    assert m2 is step
    assert str(m3) == "budget level 2 of 5: proving no better plan exists: 10% of its work limit"
    ru = say("ru", m1)
    assert ru != str(m1) and "40" in ru and say("ru", step) in ru
