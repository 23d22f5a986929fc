"""Reading an OpenStreetMap file in a child process, so a crash of the reader cannot take the app down.

pyosmium (libosmium, C++) can crash on crafted or damaged files — e.g. a segfault in
``TagList.get`` on a mutated PBF block, which plain pyosmium iteration shows too. The
streaming pass (:func:`.osm_read.read_pass`, in a module that imports only what it needs)
therefore runs in a child process; what it collects comes back pickled. Progress
messages come back over the same pipe; cancelling terminates the child. A child that dies
from a signal becomes an :class:`InputError` ("this file crashes the OpenStreetMap
reader"); any exception in it becomes an :class:`InputError` naming the file.

The child is forked from multiprocessing's *fork server*: a clean single-threaded process started
once (per process of the app or the command line), which imports the reader (:mod:`.osm_read`:
pyosmium, numpy, shapely) once; each read is a fork of it — a new process, so a crash still takes
only the child — started in milliseconds instead of the ~0.25 s a fresh interpreter takes to start
and import the reader. Forking the app itself would not be safe (it runs threads); the fork server
never does. Where there is no fork server (Windows), a fresh interpreter per read (``spawn``).
"""

from __future__ import annotations

import multiprocessing
import signal
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..errors import Cancelled, InputError
from ..messages import N_, Msg

#: How often the parent looks at the cancel flag while the child reads (seconds).
POLL_S = 0.1
#: Message templates (named placeholders) for the translation catalogue.
MESSAGES = {
    "crashed": N_("this file crashes the OpenStreetMap reader ({signal}); it is damaged or made to "
               "crash readers — download or export it again"),
    "died": N_("the OpenStreetMap reader stopped unexpectedly (exit code {code}); the file may be damaged"),
    "failed": N_("not a readable OpenStreetMap file ({reason})"),
}


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(-code).name
    except ValueError:
        return Msg("signal {number}", number=str(-code))


def _child(conn: Connection, path: str, fmt: str) -> None:
    """Child process body: read, sending progress and finally the result."""
    from ..progress import Progress
    from .osm_read import _FileProgress, read_pass

    def send_progress(frac: float, msg: str) -> None:
        conn.send(("progress", frac, msg))

    try:
        # never cancelled here: cancel is the parent's business (it terminates us)
        prog = _FileProgress(Path(path), Progress(send_progress))
        data = read_pass(Path(path), fmt, prog)
        conn.send(("ok", data))
    except InputError as exc:
        conn.send(("input_error", exc.problem.where, exc.problem.message))
    except Exception as exc:  # everything the reader raises goes back as a message
        reason = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
        conn.send(("error", reason, traceback.format_exc(limit=5)))
    finally:
        conn.close()


def _context() -> Any:
    """The fork server (the reader imported in it once), else ``spawn``."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__, "lighting_planner.core.io.osm_read"])  # used when the server starts
    return ctx


def read_in_child(path: Path, fmt: str, prog: Any) -> Any:
    """Run :func:`.osm_read.read_pass` in a child process; ``prog`` is the parent's ``_FileProgress``.

    Returns the child's ``_Read``; raises :class:`InputError` or :class:`Cancelled`.
    """
    ctx = _context()
    parent_end, child_end = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child_end, str(path), fmt), daemon=True)
    proc.start()
    child_end.close()
    name = str(path)
    try:
        while True:
            prog.check()  # raises Cancelled; the finally below stops the child
            if parent_end.poll(POLL_S):
                try:
                    msg = parent_end.recv()
                except EOFError:
                    break  # the child died without a word
                kind = msg[0]
                if kind == "progress":
                    prog.step(min(0.6, max(0.0, float(msg[1]))), msg[2] if isinstance(msg[2], Msg) else str(msg[2]))
                elif kind == "ok":
                    return msg[1]
                elif kind == "input_error":
                    raise InputError(name, msg[1], msg[2])
                else:
                    raise InputError(name, "", Msg(MESSAGES["failed"], reason=msg[1]))
            elif not proc.is_alive() and not parent_end.poll(0):
                break
        proc.join(5)
        code = proc.exitcode
        if code is not None and code < 0:
            raise InputError(name, "", Msg(MESSAGES["crashed"], signal=_signal_name(code)))
        raise InputError(name, "", Msg(MESSAGES["died"], code=str(code)))
    except Cancelled:
        raise
    finally:
        if proc.is_alive():
            proc.terminate()
            proc.join(2)
            if proc.is_alive():
                proc.kill()
                proc.join()
        parent_end.close()
