"""Opening untrusted Excel workbooks (.xlsx) read-only, with every failure said in words.

:func:`open_workbook` first runs the byte-level checks of :mod:`.xml_safety` (no DOCTYPE or
entity declarations, only UTF-8 parts, a bounded unpacked size, no zip bomb), then opens
the workbook with openpyxl in read-only mode: formulas are read as text and never
evaluated, external links are not loaded. openpyxl parses through defusedxml when it is
installed (a dependency of this project), which refuses entities a second time.

Any exception openpyxl, :mod:`zipfile`, :mod:`zlib` or the XML parser raise on a damaged
file becomes an :class:`InputError` naming the file and, for :func:`sheet_rows`, the row.
"""

from __future__ import annotations

import os
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..messages import N_, Msg
from .xml_safety import check_xml_input

# openpyxl warns (on stderr) about parts of damaged or unusual files it skips: nothing a user can act
# on, and text that reads like a crash on the command line. Its errors still become messages below.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\..*)?$")

MESSAGES = {
    "cannot_open": N_("cannot be read as an Excel workbook: {why}"),
    "cannot_read_sheet": N_("the sheet cannot be read: {why}"),
    "damaged": N_("the archive is damaged"),
    "malformed": N_("its XML is malformed"),
    "entities": N_("it declares XML entities, which a workbook never needs"),
    "missing": N_("a part every workbook has is missing"),
    "invalid": N_("its content is not a valid workbook"),
    "old_format": N_("it is not an .xlsx workbook (an old .xls? save it again as .xlsx)"),
}


def failure_reason(exc: BaseException) -> str:
    """What went wrong, in words, for an exception raised while reading a workbook."""
    from xml.etree.ElementTree import ParseError

    mod = type(exc).__module__ or ""
    if mod.startswith("defusedxml") or type(exc).__name__ in ("EntitiesForbidden", "DTDForbidden",
                                                              "ExternalReferenceForbidden"):
        key = "entities"
    elif isinstance(exc, (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
                          NotImplementedError)):
        key = "damaged"
    elif isinstance(exc, (ParseError, SyntaxError)):
        key = "malformed"
    elif isinstance(exc, KeyError):
        key = "missing"
    elif type(exc).__name__ == "InvalidFileException":
        key = "old_format"
    else:
        key = "invalid"
    return Msg(MESSAGES[key])


def open_workbook(path: str | os.PathLike) -> Any:
    """An openpyxl read-only workbook for ``path``; :class:`InputError` if it cannot be one."""
    import openpyxl

    path = Path(path)
    check_xml_input(path)
    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except InputError:
        raise
    except Exception as exc:  # any failure of a damaged file is a message
        raise InputError(str(path), "", Msg(MESSAGES["cannot_open"], why=failure_reason(exc))) from None


def sheet_rows(ws: Any, file: str, label: str, max_row: int | None = None) -> Iterator[tuple[int, tuple]]:
    """(row number, values) of a read-only sheet; a broken sheet is an :class:`InputError` naming the row."""
    r_no = 0
    try:
        for r_no, rec in enumerate(ws.iter_rows(values_only=True, max_row=max_row), start=1):
            yield r_no, rec
    except InputError:
        raise
    except Exception as exc:  # XML / zip damage inside the sheet
        raise InputError(file, Msg("{sheet} row {row}", sheet=label, row=str(r_no + 1)),
                         Msg(MESSAGES["cannot_read_sheet"], why=failure_reason(exc))) from None
