"""Checks run on an OpenStreetMap file before it is handed to the parser.

OSM XML from strangers must never declare entities (billion laughs, external entities
that read local files or URLs). The whole stream is scanned — decompressing ``.bz2`` /
``.gz`` on the fly, in bounded chunks — for ``<!DOCTYPE`` and ``<!ENTITY``; a file holding
either is refused. (libosmium's expat reader refuses entities as well; this check gives
the user a clear message and does not depend on that.)
"""

from __future__ import annotations

import bz2
import gzip
import os
import zlib
from pathlib import Path
from typing import IO, cast

from ..errors import InputError
from ..messages import N_, Msg

CHUNK = 1 << 20
#: Byte-order marks and the way ``<?`` starts in each wide encoding (XML 1.0 Appendix F).
WIDE_ENCODINGS = (
    (b"\x00\x00\xfe\xff", "UTF-32"), (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\x00<", "UTF-32"), (b"<\x00\x00\x00", "UTF-32"),
    (b"\xfe\xff", "UTF-16"), (b"\xff\xfe", "UTF-16"), (b"\x00<\x00", "UTF-16"), (b"<\x00?\x00", "UTF-16"),
)
MESSAGES = {
    "wide": N_("the XML is encoded as {encoding}; OpenStreetMap files are UTF-8 — save it as UTF-8 "
            "(it was not read, so nothing in it was expanded)"),
    "entity": N_("the XML holds {what}; OpenStreetMap files never need one, and entities are refused "
              "for safety (nothing was expanded)"),
}
FORBIDDEN = (b"<!doctype", b"<!entity")
OVERLAP = max(len(f) for f in FORBIDDEN) - 1


def osm_format(path: str | os.PathLike) -> str:
    """'pbf', 'xml', 'xml.bz2' or 'xml.gz' from the file name."""
    name = str(path).lower()
    if name.endswith(".pbf"):
        return "pbf"
    if name.endswith(".bz2"):
        return "xml.bz2"
    if name.endswith(".gz"):
        return "xml.gz"
    return "xml"


def _open(path: Path, fmt: str) -> IO[bytes]:
    if fmt == "xml.bz2":
        return bz2.open(path, "rb")
    if fmt == "xml.gz":
        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


def check_osm_file(path: str | os.PathLike) -> str:
    """Refuse empty files and XML with entity or DOCTYPE declarations; return the format."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(str(path), "", Msg("cannot read: {reason}", reason=str(exc.strerror))) from None
    if size == 0:
        raise InputError(str(path), "", Msg("the file is empty"))
    fmt = osm_format(path)
    if fmt == "pbf":
        return fmt
    tail = b""
    offset = 0  # in the decompressed stream
    seen_any = False
    try:
        with _open(path, fmt) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    break
                if offset == 0:
                    _refuse_wide(path, chunk)
                seen_any = seen_any or bool(chunk.strip())
                window = (tail + chunk).lower()
                for word in FORBIDDEN:
                    pos = window.find(word)
                    if pos >= 0:
                        line = _line_of(path, fmt, offset - len(tail) + pos)
                        what = Msg("an entity declaration") if word == b"<!entity" else Msg("a DOCTYPE declaration")
                        raise InputError(str(path), Msg("line {line}", line=str(line)),
                                         Msg(MESSAGES["entity"], what=what))
                tail = window[-OVERLAP:]
                offset += len(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(str(path), "", Msg("cannot decompress or read the file ({reason})", reason=str(exc))) from None
    if not seen_any:
        raise InputError(str(path), "", Msg("the file is empty (no XML in it)"))
    return fmt


def _refuse_wide(path: Path, head: bytes) -> None:
    """UTF-16/32 XML would hide ``<!DOCTYPE`` from a byte scan: refuse it before the scan."""
    start = head.lstrip(b" \t\r\n") if not head.startswith((b"\xff", b"\xfe", b"\x00")) else head
    for mark, encoding in WIDE_ENCODINGS:
        if start.startswith(mark):
            raise InputError(str(path), "", Msg(MESSAGES["wide"], encoding=encoding))
    if b"\x00" in head[:4096]:
        raise InputError(str(path), "", Msg(MESSAGES["wide"], encoding=Msg("a multi-byte encoding")))


def _line_of(path: Path, fmt: str, byte_offset: int) -> int:
    """1-based line number of ``byte_offset`` in the decompressed stream."""
    lines = 1
    remaining = byte_offset
    with _open(path, fmt) as fh:
        while remaining > 0:
            chunk = fh.read(min(CHUNK, remaining))
            if not chunk:
                break
            lines += chunk.count(b"\n")
            remaining -= len(chunk)
    return lines
