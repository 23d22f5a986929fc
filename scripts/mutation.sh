#!/usr/bin/env bash
# The mutation pass over the audit rules, the optimiser's plan rules and the fairness indices
# ([tool.mutmut] in pyproject.toml says which modules and which tests). Not part of CI: it runs
# the focused tests once per mutant (about 600 mutants, 20-40 minutes on two cores).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
[ -x .venv/bin/mutmut ] || .venv/bin/python -m pip install --quiet "mutmut>=3.3"
export QT_QPA_PLATFORM=offscreen
.venv/bin/mutmut run --max-children "${MUTMUT_CHILDREN:-2}"
.venv/bin/mutmut results
