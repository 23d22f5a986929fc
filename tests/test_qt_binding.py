"""The installed Qt binding must keep Python's reference counts right.

PySide6 6.12.0 (on Python 3.11) drops a reference to None on every call of a method that
returns nothing, so any program crashes after a few thousand such calls
("Fatal Python error: none_dealloc"). pyproject.toml excludes that release; this test
catches the same fault in any release installed.
"""

from __future__ import annotations

import sys

import pytest


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")
def test_void_calls_keep_the_reference_count_of_none():
    from PySide6.QtGui import QColor, QPen
    pen = QPen(QColor("#000000"), 1.0)
    before = sys.getrefcount(None)
    for _ in range(200):
        pen.setWidthF(2.0)
    assert sys.getrefcount(None) >= before - 5
