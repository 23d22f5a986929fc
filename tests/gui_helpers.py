"""Shared pieces of the GUI tests: a window with its own settings file, opened on a small city."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, QSettings, Qt

from lighting_planner.core.generate import generate_city
from lighting_planner.core.project_store import save_project


def make_settings(tmp_path) -> QSettings:
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    s.setValue("files/recovery_dir", str(tmp_path / "appdata"))
    return s


def city_file(tmp_path, n: int = 800, seed: int = 5, name: str = "city.gpkg"):
    """A generated city saved as ``tmp_path/name``: a copy of the one saved for ``(n, seed)`` in this
    process (generating and saving it takes 40 ms, copying the file well under one)."""
    path = tmp_path / name
    shutil.copyfile(_saved_city(n, seed), path)
    return path


@functools.cache
def _saved_city(n: int, seed: int) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="lighting_planner_test_cities_"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / f"city_{n}_{seed}.gpkg"
    save_project(generate_city(n, seed), path)
    return path


def open_window(qtbot, settings, paths, close_after_test: bool = True):
    """A main window showing ``paths``, loaded; ``qtbot`` closes it after the test unless
    ``close_after_test`` is false (a window several tests share)."""
    from lighting_planner.gui.main_window import MainWindow
    w = MainWindow(settings)
    if close_after_test:
        qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    with qtbot.waitSignal(w.document_loaded, timeout=30000):
        w.open_paths([str(p) for p in paths])
    return w


def point_pixel(canvas, p) -> QPoint:
    """The widget pixel of a lon/lat shapely point on the map."""
    x, y = canvas.view().to_px(np.array(p.x), np.array(p.y))
    return QPoint(round(float(x)), round(float(y)))


def segment_pixel(canvas, sid: str) -> QPoint:
    """The widget pixel at the middle of a segment's first line piece."""
    arrays = canvas.arrays
    level = arrays.levels[0][1]
    k = int(np.flatnonzero(level.owner == arrays.pos[sid])[0])
    x0, y0, x1, y1 = level.lines[k]
    px, py = canvas.view().to_px(np.array((x0 + x1) / 2), np.array((y0 + y1) / 2))
    return QPoint(round(float(px)), round(float(py)))


def click_street(window, qtbot, lit: str = "yes", sid: str | None = None) -> str:
    """Click, on the map, a street longer than 150 m of the given status (or the segment ``sid``) whose
    middle is on screen; returns its id once the window has selected it."""
    view = window.canvas.view()
    for seg in window.doc.project.segments.values():
        if (seg.id == sid) if sid else (seg.kind == "street" and seg.lit == lit and seg.length_m > 150):
            p = segment_pixel(window.canvas, seg.id)
            if 20 < p.x() < view.width - 20 and 20 < p.y() < view.height - 20:
                qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=p)
                if window.doc.selected == seg.id:
                    return seg.id
    raise AssertionError("no clickable street")


# ----- acting as the user: menus and buttons by object name ------------------------------
def menu_path(window, name: str) -> list[str]:
    """The menu titles leading to the action named ``name`` (AssertionError when no menu holds it)."""
    def walk(menu, path):
        for act in menu.actions():
            if act.menu() is not None:
                found = walk(act.menu(), [*path, act.menu().title()])
                if found:
                    return found
            elif act.objectName() == name:
                return [*path, act.text()]
        return None

    for top in window.menuBar().actions():
        found = walk(top.menu(), [top.menu().title()])
        if found:
            return found
    raise AssertionError(f"no menu holds an action named {name}")


def menu_action(window, name: str):
    from PySide6.QtGui import QAction
    menu_path(window, name)
    acts = [a for a in window.findChildren(QAction, name)]
    assert acts, name
    return acts[0]


def trigger(window, name: str) -> None:
    """Choose the menu entry named ``name`` as a user does: it must sit in a menu of the menu bar
    and be enabled; a checkable one is toggled."""
    act = menu_action(window, name)
    assert act.isEnabled(), f"{name} is disabled"
    act.trigger()


def _reveal(widget) -> None:
    """What a user does to see a widget: raise its dock's tab, pick its tab page."""
    from PySide6.QtWidgets import QDockWidget, QStackedWidget, QTabWidget
    child, parent = widget, widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStackedWidget) and isinstance(parent.parentWidget(), QTabWidget):
            tabs = parent.parentWidget()
            tabs.setCurrentIndex(tabs.indexOf(child))
        if isinstance(parent, QDockWidget):
            parent.show()
            parent.raise_()
        child, parent = parent, parent.parentWidget()


def button(window, name: str):
    """The one push button named ``name`` in the window (its panels included)."""
    from PySide6.QtWidgets import QPushButton
    found = window.findChildren(QPushButton, name)
    assert len(found) == 1, f"{len(found)} buttons named {name}"
    return found[0]


def click(qtbot, window, name: str) -> None:
    """Click the push button named ``name`` with the mouse, after revealing its panel and tab."""
    from PySide6.QtCore import Qt
    b = button(window, name)
    _reveal(b)
    qtbot.waitUntil(b.isVisible, timeout=3000)
    assert b.isEnabled(), f"{name} is disabled"
    qtbot.mouseClick(b, Qt.MouseButton.LeftButton)


def user_controls(window) -> set[str]:
    """Object names of every menu action and push button of the window (unnamed ones fail)."""
    from PySide6.QtWidgets import QPushButton
    names: set[str] = set()

    def walk(menu):
        for act in menu.actions():
            if act.menu() is not None:
                walk(act.menu())
            elif not act.isSeparator():
                assert act.objectName(), f"a menu action without a name: {act.text()!r}"
                names.add(act.objectName())

    for top in window.menuBar().actions():
        walk(top.menu())
    for b in window.findChildren(QPushButton):
        if b.window() is window:
            assert b.objectName(), f"a button without a name: {b.text()!r}"
            names.add(b.objectName())
    return names


def answer_question(qtbot, button_name: str) -> list[str]:
    """When the next modal question (a QMessageBox) opens, click its button named ``button_name``
    with the mouse; the question's text is appended to the returned list."""
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
    seen: list[str] = []

    def click_it():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click_it)
            return
        seen.append(box.text())
        qtbot.mouseClick(box.findChild(QPushButton, button_name), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click_it)
    return seen


# ----- windows a module's read-only checks share ---------------------------------------------------
class SharedSampleWindows:
    """Windows on the bundled sample that one module's layout checks share, one per (size, language),
    so that a dozen checks of one screen open the sample once instead of a dozen times (about a second
    each, and a plan run of about two). A check that needs a plan asks for ``planned=True``: the window
    of its screen that has run one, made by clicking Plan > Run, once. A check that changes what later
    checks read (selects a building, zooms) takes a window of its own with :meth:`take`.

    Made by a module-scoped fixture (``shared_sample_windows`` in ``tests/conftest.py``) that also keeps
    dialogs off until the windows are closed; the module runs on one xdist worker (``SHARED_PER_MODULE``).
    """

    def __init__(self, qtbot, folder):
        self.qtbot, self.folder = qtbot, folder
        self.fresh: dict[tuple, object] = {}
        self.planned: dict[tuple, object] = {}
        self.opened = 0  # windows opened, for the tests of this helper
        self._all: list = []

    def _open(self, size: tuple[int, int], lang: str):
        from lighting_planner.bundled import sample_map
        from lighting_planner.gui.i18n import install_language
        install_language(lang)
        self.opened += 1
        w = open_window(self.qtbot, make_settings(self._new_folder()), [sample_map()], close_after_test=False)
        w.resize(*size)
        w.fit_docks()
        self.qtbot.waitUntil(lambda: w.width() == size[0], timeout=3000)
        self.qtbot.wait(50)
        self._all.append(w)
        return w

    def _new_folder(self):
        folder = self.folder / f"window{len(self._all)}"
        folder.mkdir()
        return folder

    def get(self, size: tuple[int, int], lang: str, planned: bool = False):
        """The shared window of this screen and language (with a plan run when ``planned``), the
        language installed for the check."""
        from lighting_planner.gui.i18n import install_language
        key = (tuple(size), lang)
        install_language(lang)
        if not planned:
            if key not in self.fresh:
                self.fresh[key] = self._open(size, lang)
            return self.fresh[key]
        if key not in self.planned:
            w = self.fresh.pop(key, None) or self._open(size, lang)
            self.run_plan(w)
            self.planned[key] = w
        return self.planned[key]

    def run_plan(self, w) -> None:
        """Plan > Run clicked, and its end waited for."""
        with self.qtbot.waitSignal(w.doc.plan_changed, timeout=180000):
            click(self.qtbot, w, "btn_plan_run")
        self.qtbot.wait(50)

    def take(self, size: tuple[int, int], lang: str):
        """A window of this screen and language for a check that changes it: the shared fresh one,
        which no later check is given."""
        from lighting_planner.gui.i18n import install_language
        install_language(lang)
        return self.fresh.pop((tuple(size), lang), None) or self._open(size, lang)

    def give_planned(self, size: tuple[int, int], lang: str, w) -> None:
        """A window a check has run the plan in itself, for the checks that read a planned window."""
        self.planned.setdefault((tuple(size), lang), w)

    def close_all(self) -> None:
        for w in self._all:
            w.close()
            w.deleteLater()
        self._all.clear()
        self.fresh.clear()
        self.planned.clear()

