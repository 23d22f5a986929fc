"""A HiGHS instance that prints nothing and follows one path (one thread, a fixed seed).

HiGHS writes a banner to stdout on first use, which would spoil ``--json`` output."""

from __future__ import annotations

import ctypes
import os
import sys

import highspy

_banner_done = False


def _flush_c_stdout() -> None:
    try:
        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError):  # not on every platform; then the banner may show
        pass


def new_highs() -> highspy.Highs:
    """``highspy.Highs()`` with console output off and the first-use banner swallowed."""
    global _banner_done
    if _banner_done:
        h = highspy.Highs()
    else:
        sys.stdout.flush()
        try:
            saved = os.dup(1)
        except OSError:
            saved = -1
        if saved < 0:
            h = highspy.Highs()
        else:
            devnull = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(devnull, 1)
                h = highspy.Highs()
                _flush_c_stdout()
            finally:
                os.dup2(saved, 1)
                os.close(saved)
                os.close(devnull)
        _banner_done = True
    h.setOptionValue("output_flag", False)
    # the solver's path must not depend on the machine or its load
    h.setOptionValue("threads", 1)
    h.setOptionValue("random_seed", 0)
    return h
