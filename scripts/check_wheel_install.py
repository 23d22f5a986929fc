"""Build the wheel, install it (not editable) into a new venv, and use it from outside the source tree.

Checks what a user of ``pip install .`` meets: the bundled sample, fonts and translations are inside
the installed package; the app opens the Almaty sample (its window title says so) and switches to every
interface language; ``report … --lang kk`` writes a PDF with Kazakh letters. Run by ``.ci/run``:

    python scripts/check_wheel_install.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the source tree being checked (this is not package code)

APP_CHECK = r"""
import sys
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication
import lighting_planner
from lighting_planner.bundled import sample_map
from lighting_planner.gui.app import first_paths
from lighting_planner.gui.i18n import LANGUAGES, install_language
from lighting_planner.gui.main_window import MainWindow

assert "site-packages" in lighting_planner.__file__, lighting_planner.__file__
app = QApplication([])
settings = QSettings(sys.argv[1], QSettings.Format.IniFormat)
window = MainWindow(settings)
window.open_paths(first_paths([], None))
QTimer.singleShot(60000, app.quit)
window.document_loaded.connect(app.quit)
app.exec()
title = window.windowTitle()
print("window title:", title)
assert "almaty_sample" in title, title
for code in LANGUAGES:
    assert install_language(code) == code, code
print("interface languages:", ", ".join(LANGUAGES))
print("sample:", sample_map())
"""


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, check=True, **kw)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="lp-wheel-") as tmp_name:
        tmp = Path(tmp_name)
        run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", str(ROOT), "-w", str(tmp / "dist")])
        wheel = next((tmp / "dist").glob("lighting_planner-*.whl"))
        venv.create(tmp / "venv", with_pip=True)
        py = str(tmp / "venv" / "bin" / "python")
        run([py, "-m", "pip", "install", "-q", str(wheel)])
        away = tmp / "elsewhere"
        away.mkdir()
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "LIGHTING_PLANNER_NO_DIALOGS": "1"}
        env.pop("PYTHONPATH", None)
        run([py, "-c", APP_CHECK, str(away / "settings.ini")], cwd=away, env=env)
        sample = subprocess.run([py, "-c", "from lighting_planner.bundled import sample_map; print(sample_map())"],
                                cwd=away, env=env, check=True, capture_output=True, text=True).stdout.strip()
        pdf = away / "plan_kk.pdf"
        run([str(tmp / "venv" / "bin" / "lighting-planner"), "report", sample, "-o", str(pdf), "--lang", "kk"],
            cwd=away, env=env)
        from pypdf import PdfReader  # the test venv's reader, on the installed program's output
        text = "".join(page.extract_text() or "" for page in PdfReader(str(pdf)).pages[:3])
        kazakh = sorted(set(text) & set("ӘәҒғҚқҢңӨөҰұҮүҺһІі"))
        print(f"report --lang kk: {pdf.stat().st_size} bytes, Kazakh letters on the first pages: {''.join(kazakh)}")
        if not kazakh:
            print("error: the Kazakh report has no Kazakh letters", file=sys.stderr)
            return 1
    print("wheel install check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
