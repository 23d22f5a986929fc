"""Writing files so that a crash never leaves a half-written result behind.

:func:`atomic_path` writes a temporary ``.<name>.<random>.partial`` beside the target and
renames it over the target only when complete. It also

* saves *through* a symbolic link (the link stays, the file it points at is replaced),
* keeps the permission bits of the file it replaces (a new file gets the usual umask),
* removes ``.partial`` files that earlier, killed saves left behind — only those no live
  process is still writing (each writer holds an ``flock`` on its temporary file),
* turns every operating-system failure (disk full, read-only folder, missing folder, a
  folder where the file should be) into a :class:`SaveError` in plain words.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import SaveError
from ..messages import N_, Msg

try:  # POSIX: a lock tells a live writer's temporary file from an orphan
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: Without ``flock`` (Windows), a ``.partial`` older than this is taken as orphaned.
ORPHAN_AGE_S = 3600.0

#: Message templates (named placeholders) for the translation catalogue.
MESSAGES = {
    errno.ENOSPC: N_("the disk is full; free some space and save again (the old file is unchanged)"),
    errno.EDQUOT: N_("the disk quota is exhausted; free some space and save again (the old file is unchanged)"),
    errno.EACCES: N_("no permission to write in this folder (the old file is unchanged)"),
    errno.EPERM: N_("no permission to write in this folder (the old file is unchanged)"),
    errno.EROFS: N_("the folder is on a read-only disk (the old file is unchanged)"),
    errno.ENOENT: N_("the folder does not exist"),
    errno.ENOTDIR: N_("the folder does not exist"),
    errno.EISDIR: N_("this name is a folder, not a file"),
    errno.ENAMETOOLONG: N_("the file name is too long"),
    "is_folder": N_("this name is a folder, not a file"),
    "no_folder": N_("the folder {folder} does not exist"),
    "other": N_("cannot write the file ({reason})"),
}


def save_error(path: str | os.PathLike, exc: OSError) -> SaveError:
    """A :class:`SaveError` for ``exc`` in the user's words."""
    text = MESSAGES.get(exc.errno) if exc.errno is not None else None
    return SaveError(str(path), Msg(text) if text else Msg(MESSAGES["other"], reason=str(exc.strerror or exc)))


def resolve_target(path: str | os.PathLike) -> Path:
    """The file a save of ``path`` really writes: symbolic links followed, checked writable-looking."""
    path = Path(path)
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    if target.is_dir():
        raise SaveError(str(path), Msg(MESSAGES["is_folder"]))
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise SaveError(str(path), Msg(MESSAGES["no_folder"], folder=str(folder)))
    return target


def _lock(fd: int) -> bool:
    """Take an exclusive non-blocking lock on ``fd``; False when another process holds it."""
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def remove_orphans(target: Path) -> int:
    """Delete ``.partial`` files of ``target`` that no running save holds; returns how many."""
    folder = target.parent if str(target.parent) else Path(".")
    removed = 0
    for tmp in folder.glob(f".{glob_escape(target.name)}.*.partial"):
        try:
            if fcntl is None:
                if time.time() - tmp.stat().st_mtime < ORPHAN_AGE_S:
                    continue
                tmp.unlink()
                removed += 1
                continue
            fd = os.open(tmp, os.O_RDONLY)
            try:
                if _lock(fd):
                    tmp.unlink()
                    removed += 1
            finally:
                os.close(fd)
        except OSError:
            continue
    return removed


def glob_escape(name: str) -> str:
    """``name`` with glob wildcards (``*``, ``?``, ``[``) escaped."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, suffix: str = "") -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` at once.

    The temporary file is fsynced before the rename, and removed on any failure, so
    ``path`` is always either the old file or the complete new one. Raises
    :class:`SaveError` for failures of the disk or the folder.
    """
    target = resolve_target(path)
    folder = target.parent if str(target.parent) else Path(".")
    remove_orphans(target)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = _new_file_mode()
    except OSError as exc:
        raise save_error(path, exc) from None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix + ".partial", dir=folder)
    except OSError as exc:
        raise save_error(path, exc) from None
    _lock(fd)  # held until the rename: a later save knows this file is not an orphan
    tmp = Path(tmp_name)
    try:
        try:
            yield tmp
            with open(tmp, "rb+") as fh:
                os.fsync(fh.fileno())
            os.chmod(tmp, mode)
            os.replace(tmp, target)
        except OSError as exc:
            raise save_error(path, exc) from None
        with contextlib.suppress(OSError):
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    finally:
        os.close(fd)


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
