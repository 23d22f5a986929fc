"""The inspector in Russian and Kazakh: our field names in words, numbers in the language's digits."""

from __future__ import annotations

import re

import pytest
from gui_helpers import click_street, make_settings, open_window, segment_pixel
from PySide6.QtCore import Qt

from lighting_planner.bundled import sample_map
from lighting_planner.gui.fields import FIELD_LABELS as FIELD_NAMES
from lighting_planner.gui.i18n import install_language

pytestmark = pytest.mark.usefixtures("no_dialogs")  # tests/conftest.py

LATIN_CODE = re.compile(r"^[a-z_:]+$")


def _rows(window) -> list[tuple[str, str]]:
    tree = window.docks["inspector"].widget().attrs
    return [(tree.topLevelItem(i).text(0), tree.topLevelItem(i).text(1)) for i in range(tree.topLevelItemCount())]


def _click_kind(window, qtbot, kind: str) -> str:
    view = window.canvas.view()
    for seg in window.doc.project.segments.values():
        if seg.kind == kind and seg.length_m > 40:
            p = segment_pixel(window.canvas, seg.id)
            if 20 < p.x() < view.width - 20 and 20 < p.y() < view.height - 20:
                qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=p)
                if window.doc.selected == seg.id:
                    return seg.id
    raise AssertionError(f"no clickable {kind}")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_inspector_words_field_names_and_numbers_in_the_ui_language(qtbot, tmp_path, lang):
    install_language(lang)
    try:
        w = open_window(qtbot, make_settings(tmp_path), [sample_map()])
        # a column of the user's own file that is not ours: it keeps its name
        for seg in w.doc.project.segments.values():
            seg.extra["district_contract_no"] = "Д-17"
        seen: dict[str, str] = {}
        for click in (lambda: click_street(w, qtbot, lit="no"), lambda: _click_kind(w, qtbot, "courtyard")):
            seg = w.doc.project.segments[click()]
            rows = _rows(w)
            names = [k for k, _v in rows]
            seen.update(rows)
            assert len(rows) >= 12 + len(seg.extra)
            raw = [k for k in names if k in FIELD_NAMES or LATIN_CODE.match(k) and k != "district_contract_no"]
            assert raw == [], f"raw field names in {lang}: {raw}"
            assert "district_contract_no" in names
            for k, v in rows:
                assert not re.search(r"\d\.\d", v), f"{k}: {v!r} has a decimal point in {lang}"
                assert v not in ("True", "False", "invented", "osm"), f"{k}: {v!r} is a code"
            length = dict(rows)[{"ru": "Длина, м", "kk": "Ұзындығы, м"}[lang]]
            assert "," in length and length.replace("\u00a0", "").replace(" ", "").replace(",", ".") == \
                f"{seg.length_m:.1f}"
        # the sample's invented fields are named in words
        from lighting_planner.i18n import tr
        invented = [v for k, v in seen.items() if k == tr(lang, FIELD_NAMES["invented"])]
        assert invented and "lamp" not in invented[0] and "watts" not in invented[0]
    finally:
        install_language("en")
