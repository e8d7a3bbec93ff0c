#!/usr/bin/env python3
"""A probe, not a feature: would a boundary score on the scaled frames rank generated masks better than
realism_scaled_mean5's Dice? It prints the ROC AUC of each candidate label-free score on every label rule of
the bench's two generators.

    pip install numpy scipy scikit-learn pillow
    python3 Benchmarks/boundary_realism_probe.py [--reference masks/lung256] [--tolerances 1,2,3,4]

Each mask is moved into its 64x64 scaled frame (Tests/Fixtures/make_realism_golden.py's `scaled_frame`, the
definition of realism_scaled_mean5). Candidates, each the mean of the 5 best values against the reference's frames:
  * dice: the Dice of the frames (realism_scaled_mean5 itself);
  * bfR: the boundary F1 score (Csurka et al., BMVC 2013): a frame's boundary is its foreground pixels with a
    background 8-neighbour; precision is the share of the mask's boundary within R pixels (chessboard) of the
    reference's, recall the converse, and the score their harmonic mean.
On 2026-12-03 (Montgomery reference) bf2 ranked every rule better than dice (0.949 / 0.969 / 0.898 / 0.876 /
0.895 / 0.789 against 0.918 / 0.965 / 0.871 / 0.873 / 0.860 / 0.773), but the gain moves with R (bf1 gains
little, bf4 loses on five rules). On 2026-12-04 the third generator, added after, ranked better at R = 2 on both
its rules (0.967 / 0.716 against 0.921 / 0.710), and bf2 became realism_boundary, the label-free filter's score
(README, "A real generator": why a tolerance of 2).
"""
import argparse
import csv
import glob
import os
import sys

import numpy as np
from PIL import Image
from scipy import ndimage
from sklearn.metrics import roc_auc_score

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "Fixtures"))
from make_realism_golden import scaled_frame  # noqa: E402

RULES = [("generator", "labels"), ("generator", "gross"), ("generator", "outline"), ("generator", "shape"),
         ("generator2", "outline"), ("generator2", "shape"), ("generator3", "outline"), ("generator3", "shape")]
SQUARE = np.ones((3, 3), bool)


def frames(paths):
    masks = [np.asarray(Image.open(p).convert("L")) >= 128 for p in paths]
    return np.array([scaled_frame(m) if m.any() else np.zeros((64, 64), bool) for m in masks])


def flat(frames):
    return frames.reshape(len(frames), -1).astype(np.float32)


def boundary(frames):
    return np.array([f & ~ndimage.binary_erosion(f, SQUARE, border_value=0) for f in frames])


def grown(frames, radius):
    return np.array([ndimage.binary_dilation(f, SQUARE, iterations=radius) for f in frames])


def dice(a, b):
    a, b = flat(a), flat(b)
    return 2 * (a @ b.T) / np.maximum(a.sum(1)[:, None] + b.sum(1)[None, :], 1)


def boundary_f1(a, b, radius):
    ba, bb = boundary(a), boundary(b)
    precision = flat(ba) @ flat(grown(bb, radius)).T / np.maximum(flat(ba).sum(1)[:, None], 1)
    recall = flat(grown(ba, radius)) @ flat(bb).T / np.maximum(flat(bb).sum(1)[None, :], 1)
    return 2 * precision * recall / np.maximum(precision + recall, 1e-12)


def mean5(matrix):
    return np.sort(matrix, axis=1)[:, -5:].mean(axis=1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", default=os.path.join(ROOT, "masks", "lung256"))
    parser.add_argument("--tolerances", default="1,2,3,4")
    options = parser.parse_args()
    reference = frames(sorted(glob.glob(os.path.join(options.reference, "*.png"))))
    radii = [int(r) for r in options.tolerances.split(",")]
    names = ["dice"] + [f"bf{r}" for r in radii]
    print("generator, rule".ljust(24) + "".join(n.rjust(8) for n in names))
    for generator in ("generator", "generator2", "generator3"):
        paths = sorted(glob.glob(os.path.join(ROOT, "bench", generator, "masks", "*.png")))
        generated = frames(paths)
        scores = [mean5(dice(generated, reference))] + [mean5(boundary_f1(generated, reference, r)) for r in radii]
        for rule in (r for g, r in RULES if g == generator):
            truth = {row["file"]: row["label"] == "good"
                     for row in csv.DictReader(open(os.path.join(ROOT, "bench", generator, "masks", f"{rule}.csv")))}
            good = np.array([truth[os.path.basename(p)] for p in paths])
            print(f"{generator}, {rule}".ljust(24) + "".join(f"{roc_auc_score(good, s):8.3f}" for s in scores))


if __name__ == "__main__":
    main()
