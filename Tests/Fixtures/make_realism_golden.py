#!/usr/bin/env python3
"""Golden values for ganfilter's realism scores (translation-aligned Dice against reference masks), with NumPy.

Regenerate from the repository root (after make_anatomy_golden.py, whose masks it uses) with:

    pip install numpy pillow
    python3 Tests/Fixtures/make_realism_golden.py

The reference is Tests/Fixtures/anatomy/*.png (24 masks, 64x48, thresholded at 128). For two masks A and B,
B is shifted by (dx, dy) = floor(centroid(A) - centroid(B) + 0.5) (pixels moved out of the frame dropped) and
Dice = 2 |A & B'| / (|A| + |B'|). It writes Tests/Fixtures/golden/realism.json: each reference mask's best
Dice and the mean of its 5 best against the others (leave-one-out), and numpy.quantile of the best values at
q in 0, 0.05, 0.5, 1.
"""
import glob
import json
import math
import os

import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def shifted(mask, dx, dy):
    out = np.zeros_like(mask)
    h, w = mask.shape
    ys, xs = np.nonzero(mask)
    ys, xs = ys + dy, xs + dx
    keep = (ys >= 0) & (ys < h) & (xs >= 0) & (xs < w)
    out[ys[keep], xs[keep]] = True
    return out


def dice(a, b):
    ya, xa = np.nonzero(a)
    yb, xb = np.nonzero(b)
    dx = math.floor(xa.mean() - xb.mean() + 0.5)
    dy = math.floor(ya.mean() - yb.mean() + 0.5)
    moved = shifted(b, dx, dy)
    return 2 * int((a & moved).sum()) / (int(a.sum()) + int(moved.sum()))


def main():
    files = sorted(glob.glob(os.path.join(ROOT, "Tests", "Fixtures", "anatomy", "*.png")))
    masks = [np.asarray(Image.open(f).convert("L")) >= 128 for f in files]
    cases = []
    best = []
    for i, a in enumerate(masks):
        values = sorted((dice(a, b) for j, b in enumerate(masks) if j != i), reverse=True)
        best.append(values[0])
        cases.append({"file": os.path.relpath(files[i], ROOT), "best": values[0], "mean_of_best": float(np.mean(values[:5]))})
    quantiles = {str(q): float(np.quantile(best, q)) for q in (0, 0.05, 0.5, 1)}
    with open(os.path.join(ROOT, "Tests", "Fixtures", "golden", "realism.json"), "w") as f:
        json.dump({"cases": cases, "quantiles": quantiles}, f, indent=1)
    print("wrote", len(cases), "cases")


if __name__ == "__main__":
    main()
