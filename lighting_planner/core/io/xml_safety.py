"""Refusing XML inputs that declare a DOCTYPE or entities (XLSX parts, KML, GML, MapInfo-free).

Nothing is parsed here: each XML stream (a plain file, or every member of an XLSX / KMZ
zip) is scanned in bounded chunks for ``<!DOCTYPE`` and ``<!ENTITY``. Office Open XML and
KML never need them, so a file holding one is refused (billion laughs, external
entities) before any XML parser sees it. Zip members whose declared size is absurd
(a zip bomb), too many of them, or XML that is not UTF-8 (the byte scan could not see
its declarations) are refused too. openpyxl parses the parts through defusedxml as well.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from pathlib import Path
from typing import IO

from ..errors import InputError
from ..messages import N_, Msg

CHUNK = 1 << 20
#: Largest total an XLSX / KMZ may unpack to (declared sizes; :mod:`zipfile` never reads past them).
MAX_UNZIPPED = 512 << 20
#: A member this large that packs more than :data:`MAX_RATIO` : 1 is a zip bomb, not a spreadsheet.
BOMB_MIN_SIZE = 16 << 20
MAX_RATIO = 200
#: Most members an archive may hold (a sheet per member; thousands is an attack, not a workbook).
MAX_MEMBERS = 5000
_DECL = re.compile(rb"<!\s*(doctype|entity)", re.IGNORECASE)
XML_SUFFIXES = (".kml", ".gml", ".xml")
ZIP_XML_SUFFIXES = (".xlsx", ".xlsm", ".kmz")
#: Byte-order marks and first bytes of ``<?xml`` in the encodings the scan cannot read as bytes.
_WIDE_STARTS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"<\x00", b"\x00<", b"\x00\x00\x00<", b"<\x00\x00\x00")

MESSAGES = {
    "declaration": N_("refused: holds {what}, which this file type never needs (it could expand entities)"),
    "part_declaration": N_("refused: its part {part} holds {what}, which this file type never needs (it could "
                           "expand entities)"),
    "too_big": N_("refused: the archive unpacks to {size} MB; the limit is {limit} MB"),
    "bomb": N_("refused: its part {part} unpacks {ratio}× larger than it is stored (a zip bomb)"),
    "members": N_("refused: the archive holds {count} parts; the limit is {limit}"),
    "wide": N_("refused: the file is UTF-16 or UTF-32 encoded XML, not UTF-8; save it again as UTF-8"),
    "part_wide": N_("refused: its part {part} is UTF-16 or UTF-32 encoded XML, not UTF-8; save it again as UTF-8"),
    "not_zip": N_("not a valid {kind} file (it is not a zip archive)"),
    "damaged": N_("the archive is damaged (its part {part} cannot be unpacked)"),
}


def _say(key: str, **values: object) -> str:
    """The message ``key`` with its values, as a catalogue :class:`Msg`."""
    return Msg(MESSAGES[key], **values)


def _scan(stream: IO[bytes], file: str, part: str) -> None:
    tail = b""
    first = True
    while chunk := stream.read(CHUNK):
        if first:
            first = False
            if chunk.lstrip(b"\xef\xbb\xbf").startswith(_WIDE_STARTS) or chunk.startswith(_WIDE_STARTS):
                raise InputError(file, "", (_say("part_wide", part=part) if part else _say("wide")))
        m = _DECL.search(tail + chunk)
        if m:
            what = Msg("an entity declaration") if m.group(1).lower() == b"entity" else Msg("a DOCTYPE declaration")
            raise InputError(file, "", _say("part_declaration", part=part, what=what) if part
                             else _say("declaration", what=what))
        tail = chunk[-16:]


def check_xml_input(path: str | os.PathLike) -> None:
    """Raise :class:`InputError` when an XML-based input declares a DOCTYPE or entities, is not
    UTF-8, or (an XLSX / KMZ) unpacks to more than the limits allow."""
    path = Path(path)
    name = path.name.lower()
    file = str(path)
    if name.endswith(XML_SUFFIXES):
        with open(path, "rb") as f:
            _scan(f, file, "")
        return
    if not name.endswith(ZIP_XML_SUFFIXES):
        return
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise InputError(file, "", _say("not_zip", kind=path.suffix.lstrip(".").upper())) from None
    with zf:
        members = zf.infolist()
        if len(members) > MAX_MEMBERS:
            raise InputError(file, "", _say("members", count=len(members), limit=MAX_MEMBERS))
        total = sum(m.file_size for m in members)
        if total > MAX_UNZIPPED:
            raise InputError(file, "", _say("too_big", size=total >> 20, limit=MAX_UNZIPPED >> 20))
        for m in members:
            if m.file_size > BOMB_MIN_SIZE and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                raise InputError(file, "", _say("bomb", part=m.filename[:80],
                                                ratio=m.file_size // max(m.compress_size, 1)))
        for m in members:
            if m.filename.lower().endswith((".xml", ".rels", ".kml", ".vml")):
                try:
                    with zf.open(m) as f:
                        _scan(f, file, m.filename[:80])
                except InputError:
                    raise
                except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error,
                        RuntimeError):
                    raise InputError(file, "", _say("damaged", part=m.filename[:80])) from None
