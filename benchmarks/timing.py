"""The one timing helper every benchmark uses: a median over repeats, after a warm-up call."""

import statistics
import time


def median_seconds(fn, repeat, number=1):
    """Median over `repeat` runs of the time of one call of `fn` (averaged over `number` calls)."""
    fn()  # warm up: imports, page faults, caches
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - t0) / number)
    return statistics.median(times)
