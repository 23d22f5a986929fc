"""Crash recovery: unsaved work is autosaved to a recovery file beside the project.

The recovery file is an ordinary project file (written atomically by
:func:`save_project`) named ``<project>.recovery.gpkg``; an untitled project uses
``untitled.recovery.gpkg`` in a directory the caller chooses. A clean save or a
deliberate discard removes it, so one that is still there at the next start means
the app stopped with unsaved work.
"""

from __future__ import annotations

import os
from pathlib import Path

from .model import Project
from .project_store import save_project

SUFFIX = ".recovery.gpkg"


def recovery_path(project_path: str | os.PathLike | None, fallback_dir: str | os.PathLike) -> Path:
    """Where the recovery file of ``project_path`` (None: an untitled project) lives."""
    if project_path is None:
        return Path(fallback_dir) / f"untitled{SUFFIX}"
    p = Path(project_path)
    name = p.name[:-5] if p.name.lower().endswith(".gpkg") else p.name
    return p.with_name(name + SUFFIX)


def write_recovery(project: Project, path: Path) -> None:
    """Autosave ``project`` to the recovery file ``path`` (atomic)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    save_project(project, path)


def pending_recovery(project_path: str | os.PathLike | None, fallback_dir: str | os.PathLike) -> Path | None:
    """The recovery file left for ``project_path`` if it is newer than the project, else None."""
    rec = recovery_path(project_path, fallback_dir)
    if not rec.exists():
        return None
    if project_path is not None and Path(project_path).exists():
        if rec.stat().st_mtime < Path(project_path).stat().st_mtime:
            return None
    return rec


def discard_recovery(project_path: str | os.PathLike | None, fallback_dir: str | os.PathLike) -> None:
    """Remove the recovery file (after a save, or when the user declines it)."""
    rec = recovery_path(project_path, fallback_dir)
    try:
        rec.unlink()
    except FileNotFoundError:
        pass
