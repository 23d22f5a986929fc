"""``lighting-planner`` run in the test process, as ``main(argv)``: what the user types, without
starting a fresh interpreter (Python, numpy, Qt and the optimiser take about 1.5 s of CPU to import).

Tests of the real entry point, of a fresh process's determinism or of process-wide state (umask,
a missing font directory) start a subprocess instead. A test that prints a report needs pytest-qt's
``qapp`` first: the report would otherwise make a QGuiApplication, and a later widget test could not
make its QApplication.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from lighting_planner.cli import main


@dataclass
class CliResult:
    """What a subprocess run would give: the exit code and the two streams."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(*args, cwd=None) -> CliResult:
    """``lighting-planner ARGS…`` in this process; an argparse exit is an exit code, as in a shell."""
    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    try:
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        os.chdir(old)
    return CliResult(code, out.getvalue(), err.getvalue())


def run_cli_process(*args, cwd=None, env=None, timeout=300) -> CliResult:
    """``python -m lighting_planner ARGS…`` in a fresh interpreter, exactly as typed in a shell."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    r = subprocess.run([sys.executable, "-m", "lighting_planner", *map(str, args)], cwd=cwd or root, env=env,
                       capture_output=True, text=True, timeout=timeout)
    return CliResult(r.returncode, r.stdout, r.stderr)
