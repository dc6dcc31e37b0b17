"""Time the "random scores" Monte Carlo of the Questions page: 1e6 examples of C = 10 classes.

usage: python benchmarks/bench_montecarlo.py [--repeat 7] [--samples 1000000] [--classes 10]

Machines are noisy: every figure is a median over repeats, and is also printed as a ratio to
a baseline measured in the same run: drawing the same number of standard normals in one call
(rng.standard_normal(samples * classes)), which no Monte Carlo of these scores can avoid.
The page keeps every result it has drawn (a setting seen before is instant) and, from
hinge.experiments_controls.PROGRESS_FROM scores on, shows the progress block by block.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from timing import median_seconds

from hinge import random_scores


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--samples", type=int, default=1_000_000)
    ap.add_argument("--classes", type=int, default=10)
    args = ap.parse_args()
    n, c = args.samples, args.classes
    rng = np.random.default_rng(0)
    kept = getattr(random_scores, "_cross_entropy_curve", None)  # the E[CE] curves kept (not before)

    def new_classes():  # a C not seen before: its E[CE] curve is drawn too
        if kept is not None:
            kept.cache_clear()
        return random_scores.random_scores_experiment(c, 1.0, n, seed=0)

    cases = {
        "baseline: draw the normals": lambda: rng.standard_normal(n * c),
        "hinge + cross-entropy losses": lambda: random_scores.random_losses(c, 1.0, n, seed=0),
        "whole experiment, a new C (+ histograms, E[CE] curve)": new_classes,
        "whole experiment, a new σ or Δ (E[CE] curve kept)": lambda: random_scores.random_scores_experiment(
            c, 1.0, n, seed=0
        ),
    }
    print(f"{n:,} random examples, C = {c}, median of {args.repeat}")
    floor = None
    for name, fn in cases.items():
        seconds = median_seconds(fn, args.repeat)
        floor = floor or seconds
        print(f"{name:>56} {seconds * 1e3:8.1f} ms  {seconds / floor:5.2f}x baseline")


if __name__ == "__main__":
    main()
