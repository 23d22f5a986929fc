#!/usr/bin/env bash
# Set up (first time) and run the whole test suite: architecture contracts, lint, types, pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$ROOT/scripts/bootstrap.sh" test
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
# Byte code is cached for this run even where the machine sets PYTHONDONTWRITEBYTECODE: pytest rewrites
# each test module once, not in each worker, and a CLI test's fresh interpreter does not compile the
# package again (the caches are __pycache__ folders, which git ignores). Collection: 5.5 s -> 2.3 s.
unset PYTHONDONTWRITEBYTECODE
.venv/bin/lint-imports
.venv/bin/ruff check lighting_planner tests benchmarks scripts
.venv/bin/python scripts/check_types.py
# The whole hostile corpus through the command line (-m corpus, 25 s) runs in CI's fuzz stage.
.venv/bin/python -m pytest -n 2 --dist loadgroup -q --durations=15 -m "not corpus" "$@"
