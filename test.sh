#!/usr/bin/env bash
# Set up (first time) and run the whole test suite: architecture contracts, lint, types, pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bash "$ROOT/scripts/bootstrap.sh" test
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
.venv/bin/lint-imports
.venv/bin/ruff check lighting_planner tests benchmarks scripts
.venv/bin/python scripts/check_types.py
.venv/bin/python -m pytest -n 2 --dist loadgroup -q --durations=15 "$@"
