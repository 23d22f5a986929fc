"""Opening SQLite / GeoPackage files from strangers without trusting them.

* The file is opened read-only through a URI built with :func:`urllib.request.pathname2url`,
  so names holding ``#``, ``?``, ``%``, spaces or Cyrillic open exactly that file.
* ``PRAGMA trusted_schema=OFF``: views and triggers in the file cannot call functions
  with side effects.
* A progress handler stops any query that runs longer than :data:`QUERY_SECONDS`
  (an injected slow view or a huge cross join cannot hang the import).
* ``PRAGMA quick_check`` runs on open, so a damaged file is named as damaged.
* Table and column names from the file are never formatted into SQL unquoted:
  :func:`quote_ident` quotes them, and :func:`real_table` refuses views.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path
from types import TracebackType
from typing import Literal
from urllib.request import pathname2url

from ..errors import InputError
from ..messages import N_, Msg, message_of

#: Longest time SQLite may work for one open (all its queries together), in seconds.
QUERY_SECONDS = 60.0
#: A pause longer than this between two progress calls is time outside SQLite.
GAP_S = 0.25
#: How many SQLite virtual-machine steps between two looks at the clock.
PROGRESS_STEPS = 20_000
MAX_IDENT_CHARS = 255

#: Message templates (named placeholders) for the translation catalogue.
MESSAGES = {
    "no_file": N_("no such file"),
    "is_folder": N_("this is a folder, not a file"),
    "not_sqlite": N_("not a readable GeoPackage ({reason})"),
    "damaged": N_("the file is damaged (SQLite quick_check: {detail}); restore a backup or re-export it"),
    "too_slow": N_("reading the file took longer than {seconds:.0f} s and was stopped; "
                "the file may hold a deliberately slow query"),
    "bad_name": N_("the table name {name} is not usable (empty, too long or holding a NUL character)"),
    "is_view": N_("{name} is a view, not a table; only tables can be read (for safety)"),
    "no_table": N_("the file lists table {name}, but it does not exist"),
    "no_column": N_("table {name} has no column {column}"),
}

#: SQLite's own reasons, in words the catalogue translates.
SQLITE_REASONS = {
    "file is not a database": N_("the file is not a database"),
    "database disk image is malformed": N_("the database is damaged"),
    "unable to open database file": N_("the database cannot be opened"),
}


def _reason(exc: BaseException | None) -> str:
    text = str(exc)
    return Msg(SQLITE_REASONS[text]) if text in SQLITE_REASONS else text


def sqlite_uri(path: str | os.PathLike, mode: str = "ro") -> str:
    """A ``file:`` URI for ``path`` with every special character percent-encoded."""
    return f"file:{pathname2url(os.path.abspath(os.fspath(path)))}?mode={mode}"


class _Deadline:
    """A progress handler that stops SQLite after ``seconds`` spent *inside* SQLite.

    Time between two calls longer than :data:`GAP_S` is Python work between queries
    (building thousands of objects on a busy machine) and does not count.
    """

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.spent = 0.0
        self.last = time.monotonic()
        self.hit = False

    def __call__(self) -> int:
        now = time.monotonic()
        gap = now - self.last
        self.last = now
        if gap < GAP_S:
            self.spent += gap
        if self.spent > self.seconds:
            self.hit = True
            return 1  # non-zero: SQLite interrupts the query
        return 0


class SafeConnection:
    """A read-only connection to an untrusted file; use as a context manager.

    Every ``sqlite3.DatabaseError`` inside the ``with`` block becomes an
    :class:`InputError` naming the file (a stopped slow query is said as such).
    """

    def __init__(self, path: str | os.PathLike, seconds: float | None = None, check: bool = True):
        self.path = Path(path)
        self.name = str(path)
        self.seconds = QUERY_SECONDS if seconds is None else seconds
        self.check = check
        self.conn: sqlite3.Connection | None = None
        self.deadline = _Deadline(self.seconds)

    def __enter__(self) -> sqlite3.Connection:
        if not self.path.exists():
            raise InputError(self.name, "", Msg(MESSAGES["no_file"]))
        if self.path.is_dir():
            raise InputError(self.name, "", Msg(MESSAGES["is_folder"]))
        if _sidecars(self.path):
            recover_journals(self.path)
        try:
            conn = sqlite3.connect(sqlite_uri(self.path), uri=True)
        except sqlite3.Error as exc:
            raise InputError(self.name, "", Msg(MESSAGES["not_sqlite"], reason=_reason(exc))) from None
        self.conn = conn
        conn.set_progress_handler(self.deadline, PROGRESS_STEPS)
        try:
            conn.execute("PRAGMA trusted_schema = OFF")
            conn.execute("PRAGMA cell_size_check = ON")
            if self.check:
                rows = conn.execute("PRAGMA quick_check(5)").fetchall()
                if [r[0] for r in rows] != ["ok"]:
                    detail = "; ".join(str(r[0]) for r in rows)[:300]
                    raise InputError(self.name, "", Msg(MESSAGES["damaged"], detail=detail))
        except BaseException as exc:
            self.__exit__(type(exc), exc, None)
            raise
        return conn

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> Literal[False]:
        if self.conn is not None:
            self.conn.close()
            self.conn = None
        if isinstance(exc, sqlite3.DatabaseError):
            if self.deadline.hit:
                raise InputError(self.name, "", Msg(MESSAGES["too_slow"], seconds=self.seconds)) from None
            raise InputError(self.name, "", Msg(MESSAGES["not_sqlite"], reason=_reason(exc))) from None
        return False


def quote_ident(name: str) -> str:
    """``name`` as a quoted SQL identifier (``"`` doubled), for names read from a file."""
    if not isinstance(name, str) or not name or "\x00" in name or len(name) > MAX_IDENT_CHARS:
        raise ValueError(Msg(MESSAGES["bad_name"], name=repr(name)[:80]))
    return '"' + name.replace('"', '""') + '"'


def real_table(conn: sqlite3.Connection, file: str, name: object) -> str:
    """Check ``name`` is an ordinary table of the file (not a view); return it quoted."""
    try:
        quoted = quote_ident(name)  # type: ignore[arg-type]
    except ValueError as exc:
        raise InputError(file, "", message_of(exc)) from None
    row = conn.execute("SELECT type, sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise InputError(file, "", Msg(MESSAGES["no_table"], name=repr(name)[:80]))
    kind, sql = row
    if kind != "table" or str(sql or "").upper().lstrip().startswith("CREATE VIRTUAL"):
        raise InputError(file, "", Msg(MESSAGES["is_view"], name=repr(name)[:80]))
    return quoted


def table_columns(conn: sqlite3.Connection, quoted_table: str) -> list[str]:
    """Column names of a table (``quoted_table`` from :func:`real_table`)."""
    return [str(r[1]) for r in conn.execute(f"PRAGMA table_info({quoted_table})")]


#: Message templates for saving over a database another program may be using.
TARGET_MESSAGES = {
    "busy": N_("another program is changing this file right now (an open edit in QGIS or GDAL?); "
            "finish or close it there first, then save again"),
    "in_use": N_("another program has this file open in write-ahead-log mode (QGIS?); "
              "close it there first, then save again"),
    "foreign_journal": N_("the file is not a database but SQLite journal files lie beside it ({names}); "
                       "close the program that made them or remove them, then save again"),
}
SIDECARS = ("-wal", "-shm", "-journal")


def _sidecars(target: Path) -> list[Path]:
    return [Path(f"{target}{s}") for s in SIDECARS if Path(f"{target}{s}").exists()]


def _journal_is_hot(journal: Path) -> bool:
    """A rollback journal SQLite would replay: non-empty with a non-zero header."""
    try:
        with open(journal, "rb") as fh:
            head = fh.read(28)
    except OSError:
        return False
    return bool(head.strip(b"\x00"))


def _header_says_wal(target: Path) -> bool:
    try:
        with open(target, "rb") as fh:
            head = fh.read(20)
    except OSError:
        return False
    return len(head) == 20 and head[:16] == b"SQLite format 3\x00" and head[18] == 2


def recover_journals(path: Path) -> None:
    """Let SQLite roll back a hot journal (or fold in a WAL) a killed client left beside ``path``.

    A read-only connection cannot do this and would call the file unreadable; this is
    what any SQLite client does on its first write. Busy or read-only: left as it is.
    """
    try:
        with open(path, "rb") as fh:
            if fh.read(16) != b"SQLite format 3\x00":
                return
        conn = sqlite3.connect(sqlite_uri(path, "rw"), uri=True, timeout=0.2, isolation_level=None)
    except (OSError, sqlite3.Error):
        return
    try:
        conn.execute("PRAGMA trusted_schema = OFF")
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass
    finally:
        conn.close()


def prepare_sqlite_target(target: str | os.PathLike) -> None:
    """Make sure replacing the database ``target`` cannot corrupt it or lose another client's edit.

    SQLite's "How To Corrupt An SQLite Database File" §2: a file replaced while a ``-wal``
    or hot ``-journal`` lies beside it gets the old journal applied to the new file. So,
    before a save renames a new file over ``target``:

    * a hot journal or stale WAL left by a killed client is recovered by SQLite itself
      (open, take the write lock, checkpoint, close — SQLite then removes them);
    * a client holding a write lock (an open edit) makes the save refuse;
    * a ``-wal`` that stays after our connection closes means another client has the
      file open in WAL mode: the save refuses (its later writes would land on our file).

    Raises :class:`~lighting_planner.core.errors.SaveError` with a "close it in QGIS first" message.
    """
    from ..errors import SaveError

    target = Path(target)
    name = str(target)
    if not target.exists():
        for side in _sidecars(target):  # a journal without its database would be replayed into ours
            with contextlib.suppress(OSError):
                side.unlink()
        return
    try:
        with open(target, "rb") as fh:
            is_db = fh.read(16) == b"SQLite format 3\x00"
    except OSError:
        return  # the save itself will say what is wrong
    if not is_db:
        hot = [s for s in _sidecars(target)
               if s.name.endswith("-wal") or (s.name.endswith("-journal") and _journal_is_hot(s))]
        if hot:
            raise SaveError(name, Msg(TARGET_MESSAGES["foreign_journal"], names=", ".join(s.name for s in hot)))
        return
    wal = _header_says_wal(target)
    if not _recover_journals(target, wal):
        return
    left = _sidecars(target)
    if any(s.name.endswith("-wal") for s in left):
        if wal:
            raise SaveError(name, Msg(TARGET_MESSAGES["in_use"]))
        for s in left:  # a WAL beside a rollback-mode database is never read: stale
            if not s.name.endswith("-journal"):
                with contextlib.suppress(OSError):
                    s.unlink()
    journal = Path(f"{target}-journal")
    if journal.exists() and _journal_is_hot(journal):
        raise SaveError(name, Msg(TARGET_MESSAGES["busy"]))


def _recover_journals(target: Path, wal: bool) -> bool:
    """Let SQLite roll back a hot journal / checkpoint a stale WAL of ``target``; False when the
    file cannot be opened or is damaged (the save then simply replaces it). Raises
    :class:`SaveError` when another client holds a lock or keeps the WAL in use."""
    from ..errors import SaveError

    name = str(target)
    try:
        conn = sqlite3.connect(sqlite_uri(target, "rw"), uri=True, timeout=1.0, isolation_level=None)
    except sqlite3.Error:
        return False
    try:
        conn.execute("BEGIN IMMEDIATE")  # rolls back a hot journal first; busy if someone writes
        conn.execute("ROLLBACK")
        if wal:
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if busy:
                raise SaveError(name, Msg(TARGET_MESSAGES["in_use"]))
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise SaveError(name, Msg(TARGET_MESSAGES["busy"])) from None
        return False
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return True
