"""Time the hinge losses against the floor: one read of the same array (`scores.sum()`).

usage: python benchmarks/bench_losses.py [--repeat 7]

Machines are noisy: every figure is a median over repeats, and each loss is printed as a
ratio to the floor measured in the same run, on the same array. A naive numpy version,
np.maximum(0, s - s[y] + 1), is timed too, for comparison, and, where PyTorch is installed
(it is not a dependency), ``torch.nn.functional.cross_entropy`` on the same array (CPU, its
default threads), the column "torch_ce" beside "cross_ent".
"""

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from timing import median_seconds

import hinge

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # the column is left out
    torch = None


def naive_loss(s, y):
    rows = np.arange(len(y))
    t = np.maximum(0, s - s[rows, y][:, None] + 1)
    t[rows, y] = 0
    return t.sum(axis=1).mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    rng = np.random.default_rng(0)
    header = ("svm_loss", "loss+grad", "svm_grad", "cross_ent") + (("torch_ce",) if torch else ())
    print(f"{'shape':>14} {'floor':>10} " + " ".join(f"{h:>9}" for h in header) + f" {'naive':>7}")
    if torch:
        print(f"(torch {torch.__version__}, {torch.get_num_threads()} threads)")
    for n, c in [(1_000_000, 10), (100_000, 1000), (3, 3)]:
        s = rng.normal(size=(n, c))
        y = rng.integers(0, c, n)
        number = 2000 if n == 3 else 1
        t = {
            "floor": median_seconds(s.sum, args.repeat, number),
            "loss": median_seconds(lambda s=s, y=y: hinge.svm_loss(s, y), args.repeat, number),
            "both": median_seconds(lambda s=s, y=y: hinge.svm_loss_and_grad(s, y), args.repeat, number),
            "grad": median_seconds(lambda s=s, y=y: hinge.svm_grad(s, y), args.repeat, number),
            "ce": median_seconds(lambda s=s, y=y: hinge.cross_entropy(s, y), args.repeat, number),
            "naive": median_seconds(lambda s=s, y=y: naive_loss(s, y), args.repeat, number),
        }
        keys = ["loss", "both", "grad", "ce"]
        if torch:  # the same memory, no copy
            ts, ty = torch.from_numpy(s), torch.from_numpy(y)
            t["torch"] = median_seconds(lambda ts=ts, ty=ty: F.cross_entropy(ts, ty), args.repeat, number)
            keys.append("torch")
        floor = t["floor"]
        unit, scale = ("us", 1e6) if n == 3 else ("ms", 1e3)
        print(
            f"{f'({n}, {c})':>14} {t['floor'] * scale:>7.1f} {unit} "
            + " ".join(f"{t[k] / floor:>8.1f}x" for k in keys)
            + f" {t['naive'] / floor:>6.1f}x"
        )
        if n == 3:
            print(
                f"{'':>14} absolute, (3, 3): svm_loss {t['loss'] * 1e6:.1f} us, "
                f"loss+grad {t['both'] * 1e6:.1f} us, cross_entropy {t['ce'] * 1e6:.1f} us"
                + (f", torch {t['torch'] * 1e6:.1f} us" if torch else "")
                + " (medians)"
            )


if __name__ == "__main__":
    main()
