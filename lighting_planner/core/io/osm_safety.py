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
from typing import BinaryIO

from ..errors import InputError

CHUNK = 1 << 20
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


def _open(path: Path, fmt: str) -> BinaryIO:
    if fmt == "xml.bz2":
        return bz2.open(path, "rb")
    if fmt == "xml.gz":
        return gzip.open(path, "rb")
    return open(path, "rb")


def check_osm_file(path: str | os.PathLike) -> str:
    """Refuse empty files and XML with entity or DOCTYPE declarations; return the format."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(str(path), "", f"cannot read: {exc.strerror}") from None
    if size == 0:
        raise InputError(str(path), "", "the file is empty")
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
                seen_any = seen_any or bool(chunk.strip())
                window = (tail + chunk).lower()
                for word in FORBIDDEN:
                    pos = window.find(word)
                    if pos >= 0:
                        line = _line_of(path, fmt, offset - len(tail) + pos)
                        what = "an entity declaration" if word == b"<!entity" else "a DOCTYPE declaration"
                        raise InputError(str(path), f"line {line}",
                                         f"the XML holds {what}; OpenStreetMap files never need one, "
                                         "and entities are refused for safety (nothing was expanded)")
                tail = window[-OVERLAP:]
                offset += len(chunk)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(str(path), "", f"cannot decompress or read the file ({exc})") from None
    if not seen_any:
        raise InputError(str(path), "", "the file is empty (no XML in it)")
    return fmt


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
