"""Crash recovery: unsaved work is autosaved to a recovery file in the app's recovery folder.

The recovery file is an ordinary project file (written atomically by
:func:`save_project`) named ``<project>-<digest of its full path>.recovery.gpkg`` in a
folder the caller chooses (never beside the project: that may be the read-only sample
inside an installed package, or a shared folder); an untitled project uses
``untitled.recovery.gpkg`` there. A clean save or a
deliberate discard removes it, so one that is still there at the next start means
the app stopped with unsaved work.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .model import Project
from .project_store import save_project

SUFFIX = ".recovery.gpkg"


def recovery_path(project_path: str | os.PathLike | None, fallback_dir: str | os.PathLike) -> Path:
    """Where the recovery file of ``project_path`` (None: an untitled project) lives: always in
    ``fallback_dir``, the name made unique per project file by a digest of its absolute path."""
    if project_path is None:
        return Path(fallback_dir) / f"untitled{SUFFIX}"
    p = Path(project_path).absolute()
    name = p.name[:-5] if p.name.lower().endswith(".gpkg") else p.name
    digest = hashlib.blake2b(str(p).encode("utf-8"), digest_size=4).hexdigest()
    return Path(fallback_dir) / f"{name}-{digest}{SUFFIX}"


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
