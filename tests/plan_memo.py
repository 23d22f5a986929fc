"""One solve per distinct optimisation problem per test run, shared by every test that plans it.

The optimiser is deterministic: the same instance and settings give the same plan, objective and
bound on every run (``tests/test_optimiser_determinism.py`` proves it, without this memo). Many
tests are about what is done *with* a plan — the work list, the printed plan, the panels, the words —
and plan the bundled sample (about 2 s) again and again. ``memoised(solve)`` wraps the optimiser's
``solve_instance`` as ``make_plan`` calls it: the first call of a problem solves it for real and
keeps the outcome in the run's shared folder; a later call of the same problem, in this worker or
the other, gets that outcome. The key is a SHA-256 of every field of the instance and the solver
options, so any change of data, settings or locks is a new problem. An outcome the wall-clock safety
net decided is never kept (it is not reproducible).

Tests about the solve itself — its progress, its cancel, its time limit, its determinism — carry
``@pytest.mark.real_solve`` and always solve (tests/conftest.py). Tests calling
``core.optimiser.solve.solve_instance`` directly (the optimiser's own tests) are not affected.
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lighting_planner.core.progress import NO_PROGRESS

#: How many problems this worker solved for real, and how many it was given from the memo.
COUNTS = {"solved": 0, "reused": 0}


def problem_key(inst: Any, options: dict[str, Any]) -> str:
    """A digest of the instance's fields (not its lazily computed caches) and the solver options but
    the wall-clock limit (``make_plan`` passes what is left of it; it decides nothing but a timeout,
    and a timed-out outcome is never kept)."""
    fields = [(f.name, getattr(inst, f.name)) for f in dataclasses.fields(inst)]
    kept = sorted((k, v) for k, v in options.items() if k != "time_limit")
    blob = pickle.dumps((fields, kept), protocol=5)
    return hashlib.sha256(blob).hexdigest()


def memoised(solve: Callable[..., Any], folder: Path) -> Callable[..., Any]:
    """``solve(inst, progress=…, **options)`` with outcomes kept in ``folder`` (one file per problem)."""
    folder.mkdir(parents=True, exist_ok=True)

    def solve_once(inst, progress=NO_PROGRESS, **options):
        key = problem_key(inst, options)
        path = folder / f"{key}.pickle"
        with open(folder / f"{key}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # the other worker waits for this problem's first solve
            try:
                if path.exists():
                    COUNTS["reused"] += 1
                    return pickle.loads(path.read_bytes())
                out = solve(inst, progress=progress, **options)
                COUNTS["solved"] += 1
                if not out.timed_out:
                    tmp = path.with_suffix(".partial")
                    tmp.write_bytes(pickle.dumps(out, protocol=5))
                    tmp.replace(path)
                return out
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    return solve_once
