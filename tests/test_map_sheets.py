"""Map sheets: every work numbered on exactly one sheet, no two numbers overlapping, detail
sheets for dense areas, the same sheets every time."""

from __future__ import annotations

import itertools

import pytest
from report_plan import greedy_plan

from lighting_planner.core.generate import generate_city
from lighting_planner.core.map_sheets import (
    FRAME_PT,
    SCALE_SERIES,
    Anchor,
    map_sheets,
    plan_works,
    sheets_for_district,
    work_sheet_ids,
)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _check(sheets, expected_ids: set[str]) -> None:
    seen: dict[str, str] = {}
    for s in sheets.sheets:
        assert s.denominator in SCALE_SERIES
        boxes = [lab.box for lab in s.labels]
        for a, b in itertools.combinations(boxes, 2):
            assert not _overlap(a, b), (s.sheet_id, a, b)
        assert len(s.tags) == len(s.details)
        for a, tag in itertools.product(boxes, s.tags):  # a detail sheet's id stays readable
            assert not _overlap(a, tag), (s.sheet_id, a, tag)
        for lab in s.labels:
            x0, y0, x1, y1 = lab.box
            assert -FRAME_PT[0] / 2 <= x0 < x1 <= FRAME_PT[0] / 2 and -FRAME_PT[1] / 2 <= y0 < y1 <= FRAME_PT[1] / 2
            # the anchor is on this sheet's ground
            bx0, by0, bx1, by1 = s.bounds
            assert bx0 <= lab.anchor[0] <= bx1 and by0 <= lab.anchor[1] <= by1
            assert lab.work_id not in seen, (lab.work_id, seen.get(lab.work_id), s.sheet_id)
            seen[lab.work_id] = s.sheet_id
    assert set(seen) == expected_ids


@pytest.fixture(scope="module")
def dense_city():
    city = generate_city(40_000, seed=3)  # the report benchmark's city: dense districts
    return city, greedy_plan(city, budget=1e15, max_works=2000)


@pytest.fixture(scope="module")
def dense_sheets(dense_city):
    """The dense city's works and map sheets, made once (read by two tests; do not change them)."""
    city, plan = dense_city
    works = plan_works(city, plan)
    return works, map_sheets(city, plan, works=works)


def _layout(sheets) -> list:
    return [(s.sheet_id, s.centre, s.denominator, [(x.work_id, x.box) for x in s.labels]) for s in sheets.sheets]


def test_every_work_is_numbered_once_and_no_numbers_overlap(dense_city, dense_sheets):
    city, plan = dense_city
    works, sheets = dense_sheets
    ids = {wid for items in works.values() for wid, _n, _s in items}
    assert len(ids) == len(plan.selected)
    _check(sheets, ids)
    assert any(s.parent for s in sheets.sheets), "a dense city needs detail sheets"
    for s in sheets.sheets:
        if s.parent:
            parent = sheets.get(s.parent)
            assert s.sheet_id in parent.details and s.denominator * 2 <= parent.denominator
    assert any(lab.moved for s in sheets.sheets for lab in s.labels)  # leader lines were needed
    assert work_sheet_ids(city, plan) == sheets.sheet_of()


def test_the_same_plan_gives_the_same_sheets(dense_city, dense_sheets):
    """A second, fresh layout of the same plan (works found again) equals the module's."""
    city, plan = dense_city
    assert _layout(map_sheets(city, plan)) == _layout(dense_sheets[1])


def test_a_crowded_spot_goes_to_a_detail_sheet():
    # 40 works spread over 4 km and 120 packed into 60 m: the packed ones cannot be numbered at the
    # district's scale without overlapping, so they get a detail sheet at a larger scale.
    spread = [Anchor(f"1-{k + 1}", str(k + 1), 100.0 * k, 37.0 * (k % 7)) for k in range(40)]
    packed = [Anchor(f"1-{k + 41}", str(k + 41), 2000.0 + 5.0 * (k % 12), 500.0 + 5.0 * (k // 12)) for k in range(120)]
    sheets = sheets_for_district("D", "1", spread + packed)
    main = sheets[0]
    assert main.sheet_id == "1" and main.details
    on_main = set(main.work_ids)
    assert {a.work_id for a in spread} <= on_main | {w for s in sheets[1:] for w in s.work_ids}
    assert not ({a.work_id for a in packed} & on_main)
    from lighting_planner.core.map_sheets import MapSheets
    _check(MapSheets(sheets), {a.work_id for a in spread + packed})


def test_a_sparse_district_is_one_sheet_at_a_scale_of_the_series():
    anchors = [Anchor("2-1", "1", 0.0, 0.0), Anchor("2-2", "2", 900.0, 400.0)]
    sheets = sheets_for_district("D", "2", anchors)
    # at least 1 200 m shown, padded 4 % each side, on a frame 445 pt (157 mm) high: 1 : 8 255 -> 1 : 10 000
    assert len(sheets) == 1 and sheets[0].denominator == 10_000
    assert [lab.moved for lab in sheets[0].labels] == [False, False]
