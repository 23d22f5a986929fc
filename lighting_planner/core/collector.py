"""Python's cyclic garbage collector paused for a bulk read (one rule for every reader).

A reader that makes hundreds of thousands of objects and no reference cycles (a street layer's
rows, a project's segments) pays more for the collections its allocations set off than for the
read: each full pass rescans the growing heap (a third of an open of 200,000 segments).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Automatic collection off while the block runs, on the main thread only and only when it is on.

    Afterwards it is switched back on, and the objects made meanwhile go to the oldest generation
    unscanned (freeze, then unfreeze): they live as long as what was read, and a young-generation pass
    over them would find nothing. On any other thread (the desktop app's tasks) nothing is touched:
    the app collects on its GUI thread only (``gui/main_thread_gc.py``), and a task thread must never
    switch automatic collection on. Garbage cycles made meanwhile are found by the next collection."""
    if threading.current_thread() is not threading.main_thread() or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.enable()
