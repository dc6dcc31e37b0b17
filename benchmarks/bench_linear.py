"""Time 1,000 full-batch training steps of hinge.linear on 300 points and 5 classes, for every loss.

usage: python benchmarks/bench_linear.py [--repeat 7] [--steps 1000]

Machines are noisy: every figure is a median over repeats, and is also printed as a ratio to
a baseline measured in the same run: the same number of bare (300, 3) @ (3, 5) matrix products,
the one product a step cannot avoid.
"""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from timing import median_seconds

from hinge import registry
from hinge.linear import model, presets


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--steps", type=int, default=1000)
    args = ap.parse_args()
    points, labels = presets.blob_points(300, 5, spread=0.3, seed=0)
    weights, bias = presets.initial_parameters(5, seed=1)
    inputs = np.column_stack([points, np.ones(len(points))])
    params = np.column_stack([weights, bias])

    def bare_matmuls():
        for _ in range(args.steps):
            inputs @ params.T

    floor = median_seconds(bare_matmuls, args.repeat)
    print(f"{args.steps} steps, 300 points, 5 classes, median of {args.repeat}")
    print(f"{'baseline: bare matmuls':>32} {floor * 1e3:8.2f} ms")
    for loss in model.LOSSES:
        name = registry.get(loss).name
        seconds = median_seconds(
            lambda loss=loss: model.train(
                points, labels, weights, bias, steps=args.steps, loss=loss, reg=0.01, step_size=0.1
            ),
            args.repeat,
        )
        print(f"{name:>32} {seconds * 1e3:8.2f} ms  {seconds / floor:6.1f}x baseline")


if __name__ == "__main__":
    main()
