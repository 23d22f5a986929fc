"""The text layer of a rendered PDF, extracted once per file, by PDFium (the C library Chrome uses).

pypdf parses content streams in Python: about 0.3 s of CPU per report page, 5 s for the 17-page
sample report. PDFium reads the same file in about 0.15 s. Its own text adds a line break where a
line of text ends, but not always where a wrapped table cell or label goes on below the previous
line; the boxes of the characters tell, so a line break is added there too (a reader sees two words).
The cache key holds the file's size and modification time, so a PDF written again is read again.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pypdfium2 as pdfium


def _page_text(page) -> str:
    tp = page.get_textpage()
    try:
        text = tp.get_text_range()
        out: list[str] = []
        prev = None  # (left, bottom, right, top) of the last character with a box
        for i, ch in enumerate(text):
            if ch.isspace():
                prev = None if ch in "\r\n" else prev
                out.append(ch)
                continue
            box = tp.get_charbox(i)
            if prev is not None and box[2] > box[0]:
                height = max(prev[3] - prev[1], box[3] - box[1], 1.0)
                back = box[0] < prev[0] - 0.5 * height  # to the last character's left,
                below = box[3] < prev[1] + 0.2 * height  # and under it: the line wraps
                if back and (below or box[1] > prev[3]):  # (or above it: the next column or label)
                    out.append("\n")
            if box[2] > box[0]:
                prev = box
            out.append(ch)
        return "".join(out)
    finally:
        tp.close()


@functools.lru_cache(maxsize=64)
def _extract(path: str, size: int, mtime_ns: int) -> tuple[tuple[str, bool], ...]:
    pdf = pdfium.PdfDocument(path)
    try:
        pages = []
        for n in range(len(pdf)):
            page = pdf[n]
            w, h = page.get_size()
            pages.append((_page_text(page), w > h))
            page.close()
        return tuple(pages)
    finally:
        pdf.close()


def _pages(path) -> tuple[tuple[str, bool], ...]:
    st = os.stat(path)
    return _extract(str(Path(path).resolve()), st.st_size, st.st_mtime_ns)


def raw_page_texts(path) -> list[str]:
    """Every page's text, lines broken where the page breaks them."""
    return [text for text, _landscape in _pages(path)]


def pdf_text(path) -> str:
    """The whole document's text, every run of white space one space."""
    return " ".join(" ".join(t.split()) for t in raw_page_texts(path))


def landscape_pages(path) -> list[bool]:
    """For every page: is it wider than tall (a map page)?"""
    return [landscape for _text, landscape in _pages(path)]
