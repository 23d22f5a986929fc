"""The bundled sample's printed plan, made once per test run and read by every test that needs it.

``lighting-planner report`` on the sample plans it with the optimiser (about 4 s) before painting
(about 1.5 s); printing it in ru, kk, en and ru again (that one in a fresh interpreter) takes 15 s.
pytest-xdist runs the suite in two worker processes, and a session fixture is built once per worker;
``built_once`` makes the first worker to ask build it into the run's shared temporary folder while
the other waits on a file lock and then reads what was written. Nothing outlives the run: the folder
is the run's own (pytest's ``pytest-N``), so a changed source is always printed again.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable
from pathlib import Path


def run_folder(tmp_path_factory) -> Path:
    """A folder every worker of this run sees (the run's ``pytest-N``); this worker's own when not under xdist."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_folder(tmp_path_factory) -> Path:
    """The run's folder for what is built once and read by every worker (``run_folder``'s ``shared``)."""
    shared = run_folder(tmp_path_factory) / "shared"
    shared.mkdir(exist_ok=True)
    return shared


def built_once(tmp_path_factory, name: str, build: Callable[[Path], dict]) -> tuple[Path, dict]:
    """``build(folder)`` once per run: it writes its files into ``folder`` and returns what else the
    tests read (JSON). Later callers, in this worker or another, get the same folder and value. A
    build that raised leaves nothing behind, so the next caller builds again (and fails the same way)."""
    shared = shared_folder(tmp_path_factory)
    folder, done = shared / name, shared / f"{name}.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed (also if this worker dies)
        try:
            if not done.exists():
                folder.mkdir(exist_ok=True)
                value = build(folder)
                tmp = done.with_suffix(".partial")
                tmp.write_text(json.dumps(value), encoding="utf-8")
                tmp.replace(done)  # only a complete build is ever read
            return folder, json.loads(done.read_text(encoding="utf-8"))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
