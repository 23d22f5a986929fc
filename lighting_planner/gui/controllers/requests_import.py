"""File > Import residents' requests…: read a CSV, XLSX or GeoJSON of requests in the background and
keep them in the open project as one undoable step (:class:`~lighting_planner.core.requests.ImportRequests`);
the map's requests layer and the printed plan then show them. Request text is untrusted plain text.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog

from ...core.requests import ImportRequests, read_requests
from ..i18n import _, ui

if TYPE_CHECKING:
    from ..main_window import MainWindow

#: File patterns the dialog offers.
REQUEST_PATTERNS = "*.csv *.xlsx *.xlsm *.geojson *.json *.gpkg"


def requests_filter() -> str:
    """The file dialog's filter in the interface language."""
    return _("Residents' requests ({patterns})", patterns=REQUEST_PATTERNS) + ";;" + _("All files (*)")


def read_request_file(path: str, progress: Any = None, cancel: Any = None) -> list:
    """Read the requests of ``path`` (on a worker thread)."""
    if progress:
        progress(0.1, _("reading {file}", file=Path(path).name))
    return read_requests(path)


def summary(cmd: ImportRequests, path: str) -> str:
    """What the import kept: added, located, skipped as already in the project."""
    t = ui()
    added = len(cmd.added or [])
    lines = [_("Residents' requests from {file}:", file=Path(path).name),
             "  " + _("added: {n}, with a place on the map: {located}", n=t.num(added), located=t.num(cmd.located))]
    if added > cmd.located:
        lines.append("  " + _("without a place (no position, and the address was not found): {n}",
                              n=t.num(added - cmd.located)))
    if cmd.skipped:
        lines.append("  " + _("already in the project, not added again: {n}", n=t.num(cmd.skipped)))
    lines.append(_("Edit > Undo takes them back. Plans weigh dark places people wrote about."))
    return "\n".join(lines)


def import_requests_dialog(window: MainWindow) -> None:
    """Ask for a requests file and add its requests to the open project (one undoable step)."""
    if window.doc is None:
        window.statusBar().showMessage(_("Open or import a project first: requests are matched to its streets."),
                                       15000)
        return
    path, _filter = QFileDialog.getOpenFileName(window, _("Import residents' requests"), window.files.last_dir(),
                                                requests_filter())
    if not path:
        return

    def done(requests: list) -> None:
        doc = window.doc
        if doc is None:  # the project was closed while the file was read
            return
        cmd = ImportRequests(requests, Path(path).name)
        doc.push(cmd)
        window.imports.show_summary(summary(cmd, path))

    window.tasks.start(read_request_file, path, label=_("Importing {file}", file=Path(path).name), on_done=done)
