#!/usr/bin/env python3
"""Golden values for ganfilter's realism scores (translation-aligned Dice against reference masks), with NumPy.

Regenerate from the repository root (after make_anatomy_golden.py, whose masks it uses) with:

    pip install numpy scipy pillow
    python3 Tests/Fixtures/make_realism_golden.py

The reference is Tests/Fixtures/anatomy/*.png (24 masks, 64x48, thresholded at 128). For two masks A and B,
B is shifted by (dx, dy) = floor(centroid(A) - centroid(B) + 0.5) (pixels moved out of the frame dropped) and
Dice = 2 |A & B'| / (|A| + |B'|). It writes Tests/Fixtures/golden/realism.json: each reference mask's best
Dice and the mean of its 5 best against the others (leave-one-out), and numpy.quantile of the best values at
q in 0, 0.05, 0.5, 1.

And the realism score with local radii (realism_knn; Kynkäänniemi et al. 2019), computed directly with no pruning:
d(a, b) = max(1 - IoU(a, b'), 1 / (H * W)) with b' = b moved onto a as above and IoU = |a & b'| / |a | b'|;
NND_k(r) = the k-th smallest d(r, s) over the other references s (k = 3); the references whose NND_k exceeds
numpy.median of them are dropped; score(x) = max over the others r of NND_k(r) / d(x, r). A set of n masks takes
k = min(3, n - 1), so the leave-one-out radii take min(3, n - 2). It writes each
reference mask's leave-one-out score (the held-out mask left out of every NND_k and of the median), and the
scores of realism_knn_masks.npy (bool, N x 48 x 64, written here: each reference mask grown by one pixel or
moved, and the references themselves, which lie on the distance floor). And the same for references of only
the first 2, 3 and 4 masks (small_references; no leave-one-out under 3).

And realism_scaled_mean5: each mask moved into a 64x64 frame, centred on its centroid (mean row and column) and
scaled by s = sqrt(0.2 * 64^2 / n) for n foreground pixels; frame pixel (i, j) samples the source at rows
floor(cy + (i + q - 32) / s + 0.5) and columns floor(cx + (j + r - 32) / s + 0.5) for q, r in {1/4, 3/4}
(outside the source: background) and is foreground when at least 2 of the 4 samples are; the score is the mean
of the 5 largest Dice between the frames. It writes each reference frame's pixel count, the scores of
realism_knn_masks.npy, each reference mask's leave-one-out score, and the same on real masks at 256x256
(masks/lung256: the first 12 files the reference, the next 6 scored against it), where the frame shrinks them.

And realism_boundary, with SciPy's morphology: a frame's outline is frame & ~binary_erosion(frame, 3x3 square,
border_value=0); its band is the outline dilated twice by the 3x3 square; the boundary F1 of frames a and b is
2PR / (P + R) with P = |outline(a) & band(b)| / |outline(a)| and R = |band(a) & outline(b)| / |outline(b)|
(0 when P + R = 0); the score is the mean of the 5 largest. It writes the same cases as realism_scaled_mean5's.
"""
import glob
import json
import math
import os

import numpy as np
from PIL import Image
from scipy import ndimage

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


def iou_distance(a, b, floor):
    ya, xa = np.nonzero(a)
    yb, xb = np.nonzero(b)
    moved = shifted(b, math.floor(xa.mean() - xb.mean() + 0.5), math.floor(ya.mean() - yb.mean() + 0.5))
    return max(1 - int((a & moved).sum()) / int((a | moved).sum()), floor)


def knn_scores(masks, candidates, k=3):
    """realism_knn of each candidate against `masks`, and each mask's leave-one-out score (None under 3 masks).
    A set of n masks uses min(k, n - 1) neighbours: the leave-one-out radii, of n - 1 masks, min(k, n - 2)."""
    floor = 1 / masks[0].size
    count = len(masks)
    d = np.array([[iou_distance(a, b, floor) if i != j else np.inf for j, b in enumerate(masks)] for i, a in enumerate(masks)])

    def radii(excluded):
        used = min(k, count - (1 if excluded is None else 2))
        return {i: sorted(d[i, j] for j in range(count) if j not in (i, excluded))[used - 1] for i in range(count) if i != excluded}

    def score(x, radius, distances):
        median = np.median(list(radius.values()))
        return max(radius[r] / distances[r] for r in radius if radius[r] <= median)

    full = radii(None)
    scores = [score(x, full, {r: iou_distance(x, masks[r], floor) for r in full}) for x in candidates]
    if count < 3:
        return scores, None
    leave_one_out = [score(masks[h], radii(h), {r: d[h, r] for r in range(count) if r != h}) for h in range(count)]
    return scores, leave_one_out


def scaled_frame(mask, side=64, share=0.2):
    ys, xs = np.nonzero(mask)
    n = len(ys)
    cy, cx = int(ys.sum()) / n, int(xs.sum()) / n
    s = math.sqrt(share * side * side / n)
    offsets = (np.arange(side)[:, None] + np.array([0.25, 0.75])[None, :] - side // 2) / s
    rows = np.floor(cy + offsets + 0.5).astype(int)      # side x 2
    cols = np.floor(cx + offsets + 0.5).astype(int)
    h, w = mask.shape
    hits = np.zeros((side, side), dtype=int)
    for a in range(2):
        for b in range(2):
            r, c = rows[:, a][:, None], cols[:, b][None, :]
            inside = (r >= 0) & (r < h) & (c >= 0) & (c < w)
            hits += inside & mask[np.clip(r, 0, h - 1), np.clip(c, 0, w - 1)]
    return hits >= 2


def scaled_scores(masks, candidates):
    """realism_scaled_mean5 of each candidate against `masks`, each mask's leave-one-out score, and the frames' counts."""
    frames = [scaled_frame(m) for m in masks]

    def score(frame, exclude=None):
        values = sorted((2 * int((frame & f).sum()) / (int(frame.sum()) + int(f.sum()))
                         for j, f in enumerate(frames) if j != exclude), reverse=True)
        return float(np.mean(values[:5]))

    return ([score(scaled_frame(c)) for c in candidates], [score(f, i) for i, f in enumerate(frames)],
            [int(f.sum()) for f in frames])


def boundary_scores(masks, candidates, tolerance=2):
    """realism_boundary of each candidate against `masks`, and each mask's leave-one-out score."""
    square = np.ones((3, 3), bool)

    def outline(mask):
        frame = scaled_frame(mask)
        edge = frame & ~ndimage.binary_erosion(frame, square, border_value=0)
        return edge, ndimage.binary_dilation(edge, square, iterations=tolerance)

    def f1(a, b):
        precision = int((a[0] & b[1]).sum()) / int(a[0].sum())
        recall = int((a[1] & b[0]).sum()) / int(b[0].sum())
        return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0

    outlines = [outline(m) for m in masks]

    def score(edge, exclude=None):
        values = sorted((f1(edge, o) for j, o in enumerate(outlines) if j != exclude), reverse=True)
        return float(np.mean(values[:5]))

    return [score(outline(c)) for c in candidates], [score(o, i) for i, o in enumerate(outlines)]


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
    grown = [m | np.roll(m, 1, axis=1) | np.roll(m, 1, axis=0) for m in masks]
    moved = [np.roll(m, (2, -3), axis=(0, 1)) for m in masks]
    candidates = np.array(grown + moved + masks, dtype=bool)
    np.save(os.path.join(ROOT, "Tests", "Fixtures", "golden", "realism_knn_masks.npy"), candidates)
    knn, knn_leave_one_out = knn_scores(masks, list(candidates))
    # References of 2, 3 and 4 masks (the first of the sorted files): fewer neighbours than k.
    small = []
    for count in (2, 3, 4):
        scores, leave_one_out = knn_scores(masks[:count], list(candidates))
        small.append({"count": count, "knn": scores, "knn_leave_one_out": leave_one_out})
    scaled, scaled_leave_one_out, scaled_counts = scaled_scores(masks, list(candidates))
    lungs = sorted(glob.glob(os.path.join(ROOT, "masks", "lung256", "*.png")))[:18]
    lung_masks = [np.asarray(Image.open(f).convert("L")) >= 128 for f in lungs]
    lung_scaled, lung_leave_one_out, lung_counts = scaled_scores(lung_masks[:12], lung_masks[12:])
    boundary, boundary_leave_one_out = boundary_scores(masks, list(candidates))
    lung_boundary, lung_boundary_leave_one_out = boundary_scores(lung_masks[:12], lung_masks[12:])
    with open(os.path.join(ROOT, "Tests", "Fixtures", "golden", "realism.json"), "w") as f:
        json.dump({"cases": cases, "quantiles": quantiles, "knn": knn, "knn_leave_one_out": knn_leave_one_out,
                   "small_references": small, "scaled": scaled, "scaled_leave_one_out": scaled_leave_one_out,
                   "scaled_counts": scaled_counts, "boundary": boundary, "boundary_leave_one_out": boundary_leave_one_out,
                   "lung_scaled": {"reference": [os.path.basename(p) for p in lungs[:12]],
                                   "candidates": [os.path.basename(p) for p in lungs[12:]], "scores": lung_scaled,
                                   "leave_one_out": lung_leave_one_out, "counts": lung_counts,
                                   "boundary": lung_boundary, "boundary_leave_one_out": lung_boundary_leave_one_out}},
                  f, indent=1)
    print("wrote", len(cases), "cases")


if __name__ == "__main__":
    main()
