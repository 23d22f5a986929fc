"""Pagination: tables break across pages with the header repeated; strings complete."""

from __future__ import annotations

import re

import pytest

from lighting_planner.i18n import Translator as Tr
from lighting_planner.report.fonts import ensure_gui_application
from lighting_planner.report.layout import MapPage, Paragraph, Table, TextItem, paginate

#: A QApplication (not only the QGuiApplication the report would make) so widget tests can share the process.
pytestmark = pytest.mark.usefixtures("qapp")


def test_long_table_breaks_with_repeated_header():
    ensure_gui_application()
    rows = [[str(i), f"Street {i} " + "long name " * (i % 7), f"{i * 1000}"] for i in range(300)]
    pages = paginate([Paragraph("Before"), Table(["No.", "Name", "Cost"], rows, [1, 4, 2], "llr")])
    assert len(pages) > 3
    seen = []
    for page in pages:
        texts = [it for it in page.items if isinstance(it, TextItem)]
        assert [t.text for t in texts if t.bold][:3] == ["No.", "Name", "Cost"]  # header on every page
        header_y = texts[0].rect[1] if texts[0].bold else texts[1].rect[1]
        cells = [t for t in texts if not t.bold and t.text != "Before"]
        assert all(c.rect[1] > header_y for c in cells)
        assert all(c.rect[1] + c.rect[3] <= 841.9 - 40 for c in cells)  # above the footer
        seen += [c.text for c in cells if c.rect[0] < 60]
    assert seen == [str(i) for i in range(300)]  # every row once, in order


def test_map_pages_are_landscape_and_alone():
    ensure_gui_application()
    pages = paginate([Paragraph("a"), MapPage("m1", None), MapPage("m2", None), Paragraph("b")])
    assert [p.landscape for p in pages] == [False, True, True, False]


def test_numbers_per_language():
    assert Tr("en").money(1234567.4) == "KZT 1,234,567"
    assert Tr("ru").num(1234.5, 1) == "1\u00a0234,5"
    assert Tr("kk").pct(0.125) == "12,5%"
    assert re.fullmatch(r"\+3,0", Tr("ru").points(3.0))


def test_reasons_and_names_in_the_report_language():
    from lighting_planner.core.model import Project, Segment
    from lighting_planner.core.plan import PlannedWork
    from lighting_planner.i18n.reasons import facility_label, work_reason
    from lighting_planner.report.document import work_name
    ru = Tr("ru")
    work = PlannedWork("w5-1", "Alatau", 1e6, 10.0, 3, True, "English", kind="courtyard", length_m=98.0,
                       residents=525, reason_data={"priority": 1.5, "facilities": [
                           {"type": "kindergarten", "name": "n123", "distance_m": 14},
                           {"type": "school", "name": "<b>School</b>", "distance_m": 300},
                           {"type": "clinic", "name": "C", "distance_m": 400}]})
    text = work_reason(ru, work)
    assert text == ("двор, 98 м, ~525 жителей, детский сад \u2014 14 м, <b>School</b> \u2014 300 м, "
                    "ещё 1 объект в пешей доступности; приоритет района 1,50; нужна новая питающая линия")
    assert facility_label(Tr("kk"), {"type": "school", "name": ""}) == "мектеп"
    project = Project(segments={"w5-1": Segment("w5-1", None)})
    assert work_name(ru, project, work) == "двор w5-1"
    work.name = "ул. Абая"
    assert work_name(ru, project, work) == "ул. Абая"


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_letter_of_the_translations_is_in_the_bundled_font(lang):
    """The report draws with the bundled font only (no machine fallback): every character its
    translated words use must be drawn by it, regular and bold, or the plan would show boxes."""
    from PySide6.QtGui import QFontMetricsF

    from lighting_planner.bundled import resource
    from lighting_planner.i18n.maintenance import DOMAIN, read_catalogue
    from lighting_planner.report.fonts import make_font

    ensure_gui_application()
    catalogue = read_catalogue(resource("i18n", lang, "LC_MESSAGES", f"{DOMAIN}.po"), lang)
    chars = set()
    for message in catalogue:
        for text in (message.id, message.string):
            for part in ([text] if isinstance(text, str) else list(text or ())):
                chars |= set(part or "")
    chars -= set("\n\t")
    assert len(chars) > 100 and {"ru": "ж", "kk": "қ"}[lang] in chars  # the catalogue was read
    for bold in (False, True):
        metrics = QFontMetricsF(make_font(10.0, bold))
        assert sorted(c for c in chars if not metrics.inFontUcs4(ord(c))) == []
    assert not QFontMetricsF(make_font(10.0)).inFontUcs4(ord("東"))  # no CJK in it: a real check
