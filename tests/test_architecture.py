"""The core is pure Python: importing every core module must not load Qt."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys

import lighting_planner.core as core
from conftest import ROOT


def test_core_modules_import_without_qt():
    names = [m.name for m in pkgutil.walk_packages(core.__path__, "lighting_planner.core.")]
    assert len(names) > 5
    code = ("import sys\n" + "".join(f"import {n}\n" for n in names) +
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
            "print(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"core pulled in Qt: {out.stdout}"


def test_no_qt_import_statement_in_core_sources():
    pattern = re.compile(r"^\s*(from|import)\s+(PySide6|shiboken6|lighting_planner\.gui)", re.M)
    offenders = [str(p) for p in (ROOT / "lighting_planner" / "core").rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []


def test_report_paints_without_widgets():
    pattern = re.compile(r"^\s*(from|import)\s+PySide6\.QtWidgets|^\s*from\s+PySide6\s+import\s+QtWidgets", re.M)
    report = ROOT / "lighting_planner" / "report"
    offenders = [str(p) for p in report.rglob("*.py") if pattern.search(p.read_text())]
    assert offenders == []
