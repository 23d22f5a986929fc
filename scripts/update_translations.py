"""Refresh the interface translation files: extract strings, keep translations, compile .qm.

    python scripts/update_translations.py          # lupdate + lrelease
    python scripts/update_translations.py --check  # fail if a string has no translation

``resources/i18n/lighting_planner_ru.ts`` is the source of truth that
translators edit (Qt Linguist or any text editor); the ``.qm`` next to it is compiled
from it and shipped.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "resources" / "i18n"
LANGS = {"ru": "ru_RU"}


def tool(name: str) -> str:
    for candidate in (f"pyside6-{name}", name):
        path = shutil.which(candidate)
        if path:
            return path
    raise SystemExit(f"{name} not found: install PySide6 (pyside6-{name})")


def untranslated(ts: Path) -> list[str]:
    """Source strings of ``ts`` with no finished translation (obsolete ones are ignored)."""
    out = []
    for m in ET.parse(ts).iter("message"):
        tr = m.find("translation")
        kind = tr.get("type") if tr is not None else "unfinished"
        if kind in ("obsolete", "vanished"):
            continue
        forms = tr.findall("numerusform") if tr is not None else []
        empty = not (tr is not None and ((tr.text or "").strip() or any((f.text or "").strip() for f in forms)))
        if kind == "unfinished" or empty:
            out.append(m.find("source").text or "")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that everything is translated")
    args = parser.parse_args()
    status = 0
    for code, locale in LANGS.items():
        ts = I18N / f"lighting_planner_{code}.ts"
        if not args.check:
            sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "lighting_planner" / "gui").rglob("*.py"))
            subprocess.run([tool("lupdate"), *sources, "-ts", str(ts), "-target-language", locale,
                            "-no-obsolete", "-locations", "none"], cwd=ROOT, check=True)
            subprocess.run([tool("lrelease"), str(ts), "-qm", str(ts.with_suffix(".qm"))], cwd=ROOT, check=True)
        missing = untranslated(ts)
        if missing:
            status = 1
            print(f"{ts.name}: {len(missing)} untranslated: " + "; ".join(missing[:10]), file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
