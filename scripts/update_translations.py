"""Refresh the translation catalogues: extract the messages from the code, merge, compile.

    python scripts/update_translations.py          # rewrite .pot, the .po files and the .mo files
    python scripts/update_translations.py --check  # change nothing; fail if anything is missing or stale

Translators edit ``resources/i18n/<lang>/LC_MESSAGES/lighting_planner.po`` (any PO editor or a
text editor: fill each ``msgstr``; Russian has three plural forms, Kazakh two that are the same
word), then run this script to compile the ``.mo`` that ships. New messages in the code appear
with an empty ``msgstr``; messages no longer in the code are dropped.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lighting_planner.i18n import maintenance  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check; exit 1 when something is missing")
    args = parser.parse_args(argv)
    if not args.check:
        for path in maintenance.update(ROOT):
            print(path.relative_to(ROOT))
    problems = maintenance.check(ROOT)
    if problems:
        print(problems.describe(), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
