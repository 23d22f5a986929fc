"""Starting the desktop app."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from ..bundled import MissingResourceError, sample_map

ORGANISATION = "lighting_planner"
APPLICATION = "lighting_planner"


def first_paths(argv: Sequence[str], last_project: str | None) -> list[str]:
    """What to open: the given files, else the last project, else the bundled sample.

    Raises MissingResourceError when the bundled sample is needed but not installed."""
    if argv:
        return [str(a) for a in argv]
    if last_project and Path(last_project).exists():
        return [last_project]
    return [str(sample_map())]


def run_app(argv: Sequence[str]) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from .i18n import error_text, install_language
    from .main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    settings = QSettings()
    install_language(str(settings.value("ui/language", "") or ""))
    window = MainWindow(settings)
    window.restore_layout()
    window.show()
    if not argv and window.files.offer_untitled_recovery():
        return app.exec()  # unsaved untitled work comes back instead of the last project
    try:
        paths = first_paths(argv, str(settings.value("files/last_project", "") or ""))
    except MissingResourceError as exc:  # say so; never a synthetic city in the sample's place
        print(f"lighting-planner: {exc}", file=sys.stderr)
        window.show_error(error_text(exc))
    else:
        window.open_paths(paths)
    return app.exec()
