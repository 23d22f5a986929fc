"""The text layer of a rendered PDF, extracted once per file.

pypdf takes about 0.1 s of CPU per page; the report tests read the same PDFs in several tests.
The cache key holds the file's size and modification time, so a PDF written again is read again.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from pypdf import PdfReader


@functools.lru_cache(maxsize=64)
def _extract(path: str, size: int, mtime_ns: int) -> tuple[tuple[str, bool], ...]:
    return tuple((page.extract_text() or "", float(page.mediabox.width) > float(page.mediabox.height))
                 for page in PdfReader(path).pages)


def _pages(path) -> tuple[tuple[str, bool], ...]:
    st = os.stat(path)
    return _extract(str(Path(path).resolve()), st.st_size, st.st_mtime_ns)


def raw_page_texts(path) -> list[str]:
    """Every page's extracted text, as pypdf gives it."""
    return [text for text, _landscape in _pages(path)]


def landscape_pages(path) -> list[bool]:
    """For every page: is it wider than tall (a map page)?"""
    return [landscape for _text, landscape in _pages(path)]
