"""Timing helper shared by the benchmark scripts (run them as ``python benchmarks/NAME.py``)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def median_time(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Run ``fn`` ``repeat`` times; the median wall time in seconds and the last result."""
    times: list[float] = []
    result = None
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result  # type: ignore[return-value]


def print_median_table(times: dict[str, dict[str, list[float]]], steps: list[str] | tuple[str, ...],
                       with_base: bool) -> None:
    """Per step, the median of each tree's rounds (``times[tree][step]``), and the baseline/this ratio
    when a baseline tree ran (trees "this tree" and "baseline"); then the machine's load."""
    import os
    med = {name: {s: statistics.median(v) for s, v in by_step.items()} for name, by_step in times.items()}
    print(f"{'step (wall; cpu = process time)':32} " + " ".join(f"{n:>10}" for n in times)
          + ("   baseline/this" if with_base else ""))
    for s in steps:
        ratio = f"   {med['baseline'][s] / med['this tree'][s]:.2f}x" if with_base else ""
        print(f"{s:32} " + " ".join(f"{med[n][s]:10.3f}" for n in times) + ratio)
    print(f"load after: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
