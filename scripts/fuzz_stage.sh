#!/usr/bin/env bash
# CI's fuzz stage: the seeded fuzz slice at full size, 2,000 cases per format in two worker processes each
# (about 100 s on two cores), and the whole hostile corpus through the command line (about 650 runs, 25 s).
# The ordinary suite (./test.sh) runs the fuzz tests as a 30-case smoke and leaves the corpus run out.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
FUZZ_CASES="${FUZZ_CASES:-2000}" FUZZ_WORKERS="${FUZZ_WORKERS:-2}" \
  .venv/bin/python -m pytest -q -p no:randomly tests/test_fuzz.py -k test_no_hostile_case_crashes "$@"
.venv/bin/python -m pytest -q -p no:randomly tests/test_hostile_cli.py -m corpus
