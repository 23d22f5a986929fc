"""Refusing XML inputs that declare a DOCTYPE or entities (XLSX parts, KML, GML, MapInfo-free).

Nothing is parsed here: each XML stream (a plain file, or every member of an XLSX / KMZ
zip) is scanned in bounded chunks for ``<!DOCTYPE`` and ``<!ENTITY``. Office Open XML and
KML never need them, so a file holding one is refused (billion laughs, external
entities) before any XML parser sees it. Zip members whose declared size is absurd
(a zip bomb) are refused too.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from typing import IO

from ..errors import InputError

CHUNK = 1 << 20
MAX_UNZIPPED = 4 << 30  # 4 GiB of XML in one workbook is not an inventory
_DECL = re.compile(rb"<!\s*(doctype|entity)", re.IGNORECASE)
XML_SUFFIXES = (".kml", ".gml", ".xml")
ZIP_XML_SUFFIXES = (".xlsx", ".xlsm", ".kmz")

MESSAGES = {
    "declaration": "refused: {part}holds {what}, which this file type never needs (it could expand entities)",
    "too_big": "refused: the archive unpacks to {size:.1f} GB",
    "not_zip": "not a valid {kind} file (it is not a zip archive)",
}


def _scan(stream: IO[bytes], file: str, part: str) -> None:
    tail = b""
    while chunk := stream.read(CHUNK):
        m = _DECL.search(tail + chunk)
        if m:
            what = "an entity declaration" if m.group(1).lower() == b"entity" else "a DOCTYPE declaration"
            raise InputError(file, "", MESSAGES["declaration"].format(part=part, what=what))
        tail = chunk[-16:]


def check_xml_input(path: str | os.PathLike) -> None:
    """Raise :class:`InputError` when an XML-based input declares a DOCTYPE or entities."""
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
    except (zipfile.BadZipFile, OSError):
        raise InputError(file, "", MESSAGES["not_zip"].format(kind=path.suffix.lstrip(".").upper())) from None
    with zf:
        members = zf.infolist()
        total = sum(m.file_size for m in members)
        if total > MAX_UNZIPPED:
            raise InputError(file, "", MESSAGES["too_big"].format(size=total / 1e9))
        for m in members:
            if m.filename.lower().endswith((".xml", ".rels", ".kml", ".vml")):
                with zf.open(m) as f:
                    _scan(f, file, f"its part {m.filename} ")
