"""No English in the Russian and Kazakh outputs: every panel, menu and dialog of the app and every
page of the sample's report, with a plan, contain no Latin-script word outside a short allowlist."""

from __future__ import annotations

import re
import shutil

import pytest
from gui_helpers import make_settings, open_window
from pdf_text import raw_page_texts
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTabBar,
    QTreeWidget,
    QWidget,
)

from conftest import SAMPLE_MAPS
from lighting_planner.core.project_store import open_project
from lighting_planner.gui.i18n import install_language

#: Latin words a Russian or Kazakh engineer reads as they are: technology and data-source names,
#: licence names, ISO currency codes, file formats, and the libraries the About box credits.
ALLOWED = {
    "LED", "OSM", "OpenStreetMap", "ODbL", "Open", "Database", "License", "CC", "BY", "SA",  # data and licences
    "KZT", "USD", "CO",  # currency codes; CO₂
    "LP",  # the printed plan's document number, "LP-3B22-374573"
    "Ember", "Energy", "Institute", "Our", "World", "in", "Data",  # the CO₂ factor's source, by its own names
    "PDF", "GeoJSON", "CSV", "XLSX", "SHP",  # file formats
    "Qt", "PySide", "shapely", "pyproj", "networkx", "scipy", "HiGHS", "pyosmium",  # About: built with
}
#: Names of publishers cited as the source of a figure (the grid CO₂ factor), read as they are written.
CITED = ("Our World in Data", "Energy Institute", "Ember")
#: A Latin word: two or more letters, not part of an identifier, file name or code (w123-4, B0001, a.gpkg).
#: Words glued to ``:`` or ``=`` are codes in a syntax example ("kind:1=street", "EPSG:32643").
LATIN_WORD = re.compile(r"(?<![\w.@/\\:=])[A-Za-z][A-Za-z'’]*[A-Za-z](?:-[A-Za-z]+)*(?![\w.@/\\:=])")


def data_words(project, lang: str) -> set[str]:
    """Words of names the data gives only in Latin script (no form in ``lang``): shown as given."""
    from lighting_planner.i18n.names import local_name
    out: set[str] = set()
    for obj in [*project.segments.values(), *project.facilities]:
        if obj.name and local_name(lang, obj.name, obj.extra) == obj.name:
            out.update(LATIN_WORD.findall(obj.name))
    return out


def english_words(texts: list[str], allowed: set[str] = frozenset()) -> dict[str, str]:
    """Each Latin word outside the allowlist, with the text around its first occurrence."""
    allowed = ALLOWED | set(allowed)
    found: dict[str, str] = {}
    for text in texts:
        plain = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text).replace("&", ""))
        for name in CITED:
            plain = plain.replace(name, " ")
        for m in LATIN_WORD.finditer(plain):
            word = m.group(0)
            if word not in found and word not in allowed and not all(part in allowed for part in word.split("-")):
                found[word] = plain[max(0, m.start() - 60):m.end() + 60]
    return found


# ----- the report -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_project():
    return open_project(SAMPLE_MAPS / "almaty_sample.gpkg")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_sample_report_has_no_english(sample_project, sample_reports, lang):
    """The sample as ``lighting-planner report --lang`` prints it, with the plan it computed (the
    run's shared prints from ``conftest.sample_reports``)."""
    pages = raw_page_texts(sample_reports[lang][0])
    assert len(pages) > 10
    found = english_words(pages, data_words(sample_project, lang))
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


# ----- the app ----------------------------------------------------------------------------------
def _menu_texts(menu: QMenu) -> list[str]:
    out = [menu.title()]
    for act in menu.actions():
        out += [act.text(), act.toolTip() if act.toolTip() != act.text().replace("&", "") else ""]
        if act.menu() is not None:
            out += _menu_texts(act.menu())
    return out


def _model_texts(view: QAbstractItemView, rows: int = 60) -> list[str]:
    model = view.model()
    if model is None:
        return []
    out = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())]
    for r in range(min(rows, model.rowCount())):
        for c in range(model.columnCount()):
            out.append(str(model.data(model.index(r, c)) or ""))
    return out


def widget_texts(root: QWidget, raw_keys: set[str] = frozenset()) -> list[str]:
    """Every text a person can read in ``root``: labels, buttons, titles, tooltips, menus, table cells;
    rows of the inspector's attribute tree named by ``raw_keys`` (the data's own extra attributes,
    shown as the file gives them) are left out."""
    out = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QHeaderView):  # its model is the view's: read there
            continue
        if isinstance(w, QTreeWidget):
            for i in range(w.topLevelItemCount()):
                item = w.topLevelItem(i)
                if item.text(0) not in raw_keys:
                    out += [item.text(c) for c in range(w.columnCount())]
            continue
        if isinstance(w, QLabel):
            out.append(w.text())
        elif isinstance(w, QAbstractButton):
            out.append(w.text())
        elif isinstance(w, QGroupBox):
            out.append(w.title())
        elif isinstance(w, QLineEdit):
            out.append(w.placeholderText())
        elif isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QDockWidget):
            out.append(w.windowTitle())
        elif isinstance(w, QTabBar):
            out += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QAbstractItemView):
            out += _model_texts(w)
        elif isinstance(w, QMenu):
            out += _menu_texts(w)
        out.append(w.toolTip())
    return out


@pytest.fixture()
def english_after():
    yield
    install_language("en")


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.usefixtures("no_dialogs")
def test_every_panel_menu_and_dialog_has_no_english(monkeypatch, qtbot, tmp_path, lang, english_after):
    from lighting_planner.gui.dialogs.import_mapping import ImportMappingDialog
    sample = tmp_path / "almaty_sample.gpkg"
    shutil.copy(SAMPLE_MAPS / "almaty_sample.gpkg", sample)
    install_language(lang)
    w = open_window(qtbot, make_settings(tmp_path), [sample])
    panel = w.docks["plan"].widget()
    with qtbot.waitSignal(w.doc.plan_changed, timeout=180000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    work = w.doc.plan.selected[0]
    w.doc.select(work.segment_id)
    w.act_lock_out.trigger()  # an undo text in the Edit menu
    raw = {k for seg in w.doc.project.segments.values() for k in seg.extra}
    texts = widget_texts(w, raw)
    for menu in w.menuBar().findChildren(QMenu):
        texts += _menu_texts(menu)

    seen: dict[str, list[str]] = {}  # dialogs, opened from the menu, read and closed at the boundary
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: seen.setdefault("about", [title, text]))
    monkeypatch.setattr(ImportMappingDialog, "exec",
                        lambda self: seen.setdefault("import", widget_texts(self)) and 0)
    from PySide6.QtWidgets import QInputDialog
    monkeypatch.setattr(QInputDialog, "getInt", lambda parent, title, label, *a, **k:
                        seen.setdefault("new city", [title, label]) and (0, False))
    from lighting_planner.gui.i18n import _
    actions = {a.text(): a for m in w.menuBar().findChildren(QMenu) for a in m.actions()}
    for english in ("&About lighting_planner", "Import city GIS layers and &poles…", "&New synthetic city…"):
        actions[_(english)].trigger()  # the menu item as the user clicks it, in the interface language
    assert set(seen) == {"about", "import", "new city"}, seen.keys()
    for part in seen.values():
        texts += part
    # "English": the menu's own name; "OK": Qt's own button
    found = english_words(texts, data_words(w.doc.project, lang) | {"English", "OK"})
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())
