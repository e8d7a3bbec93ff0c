#!/usr/bin/env python3
"""Golden values for ganfilter's anatomy features, computed independently with SciPy, scikit-image and NumPy.

Regenerate from the repository root with:

    pip install numpy scipy scikit-image pillow
    python3 Tests/Fixtures/make_anatomy_golden.py

It writes 24 random masks to Tests/Fixtures/anatomy/random_NN.png (64x48, blobs with debris, holes, touching
corners and one-pixel lines, the cases where definitions differ) and Tests/Fixtures/golden/anatomy.json: for
those and for the first 40 real Montgomery masks in masks/lung/, each file's nine columns as the module README
defines them:

  foreground_share   |M| / (W H)
  components         8-connected components (scipy.ndimage.label, ones((3, 3)); checked against
                     skimage.measure.label(connectivity=2)) with area >= 0.01 |M|
  debris_share       share of |M| outside the two largest components (ties: raster order of first pixel)
  hole_share         |fill(M) - M| / |fill(M)|, fill = scipy.ndimage.binary_fill_holes (4-connected background)
  opposite_sides     1 when the column centroids of the two largest lie on opposite sides of (W - 1) / 2
  height_difference  |mean row of the left half - of the right half| / H (halves as the design's symmetry
                     features: columns 0..W//2-1 and W-W//2..W-1); 1 when a half is empty
  extent_ratio       min / max of the halves' row extents (last - first + 1); 0 when a half is empty
  solidity           (|C1| + |C2|) / (hull area C1 + hull area C2), hulls of the pixels' corner points by
                     scipy.spatial.ConvexHull (.volume)
  roughness          pixel edges of C1 and C2 facing background or the border / (hull perimeters, .area)
"""
import glob
import json
import os

import numpy as np
from PIL import Image
from scipy import ndimage
from scipy.spatial import ConvexHull
from skimage import measure

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures")


def hull(points):
    corners = np.concatenate([points + np.array(offset) for offset in ((0, 0), (1, 0), (0, 1), (1, 1))])
    h = ConvexHull(corners)
    return h.volume, h.area


def features(mask):
    H, W = mask.shape
    A = int(mask.sum())
    lab, n = ndimage.label(mask, structure=np.ones((3, 3), dtype=int))
    lab2 = measure.label(mask, connectivity=2)
    assert lab2.max() == n
    areas = np.bincount(lab.ravel(), minlength=n + 1)[1:]
    order = sorted(range(n), key=lambda i: (-areas[i], i))
    lungs = [order[i] + 1 for i in range(min(2, n))]
    lung_area = sum(int(areas[l - 1]) for l in lungs)
    filled = ndimage.binary_fill_holes(mask)
    holes = int(filled.sum()) - A
    axis = (W - 1) / 2
    centroids = [np.nonzero(lab == l)[1].mean() for l in lungs]
    opposite = 1.0 if len(centroids) == 2 and (centroids[0] - axis) * (centroids[1] - axis) < 0 else 0.0
    half = W // 2
    halves = [mask[:, :half], mask[:, W - half:]]
    stats = []
    for part in halves:
        rows = np.nonzero(part)[0]
        stats.append(None if len(rows) == 0 else (rows.mean(), rows.max() - rows.min() + 1))
    if stats[0] is None or stats[1] is None:
        height_difference, extent_ratio = 1.0, 0.0
    else:
        height_difference = abs(stats[0][0] - stats[1][0]) / H
        extent_ratio = min(stats[0][1], stats[1][1]) / max(stats[0][1], stats[1][1])
    hull_area = hull_perimeter = 0.0
    edges = 0
    padded = np.pad(lab, 1)
    for l in lungs:
        ys, xs = np.nonzero(lab == l)
        a, p = hull(np.column_stack([xs, ys]).astype(float))
        hull_area += a
        hull_perimeter += p
        for dy, dx in ((0, 1), (0, -1), (1, 0), (-1, 0)):
            edges += int((padded[ys + 1 + dy, xs + 1 + dx] == 0).sum())
    counted = int((areas >= 0.01 * A).sum())
    return [A / (W * H), float(counted), (A - lung_area) / A, holes / (A + holes), opposite,
            float(height_difference), float(extent_ratio), lung_area / hull_area, edges / hull_perimeter]


def random_mask(rng, index):
    H, W = 48, 64
    mask = np.zeros((H, W), dtype=bool)
    yy, xx = np.mgrid[0:H, 0:W]
    for _ in range(rng.integers(1, 4)):
        cy, cx = rng.uniform(5, H - 5), rng.uniform(5, W - 5)
        ry, rx = rng.uniform(3, 15), rng.uniform(3, 12)
        mask |= ((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= 1
    if index % 3 == 0:  # holes
        cy, cx = rng.integers(0, H), rng.integers(0, W)
        mask[max(0, cy - 2):cy + 2, max(0, cx - 2):cx + 2] = False
        mask[rng.integers(0, H), rng.integers(0, W)] = False
    if index % 4 == 1:  # debris, corner contacts
        for _ in range(rng.integers(2, 8)):
            y, x = rng.integers(0, H - 1), rng.integers(0, W - 1)
            mask[y, x] = True
            mask[y + 1, x + 1] = True
    if index % 5 == 2:  # a one-pixel line across
        mask[rng.integers(0, H), :] = True
    if index % 7 == 3:  # everything on one side
        mask[:, W // 2:] = False
    if not mask.any():
        mask[H // 2, W // 2] = True
    return mask


def main():
    rng = np.random.default_rng(12)
    cases = []
    os.makedirs(os.path.join(FIXTURES, "anatomy"), exist_ok=True)
    for index in range(24):
        mask = random_mask(rng, index)
        name = f"anatomy/random_{index:02d}.png"
        Image.fromarray((mask * 255).astype(np.uint8), mode="L").save(os.path.join(FIXTURES, name), optimize=True)
        cases.append({"file": "Tests/Fixtures/" + name, "values": features(mask)})
    for path in sorted(glob.glob(os.path.join(ROOT, "masks", "lung", "*.png")))[:40]:
        grey = np.asarray(Image.open(path).convert("L"))
        cases.append({"file": os.path.relpath(path, ROOT), "values": features(grey >= 128)})
    names = ["foreground_share", "components", "debris_share", "hole_share", "opposite_sides", "height_difference",
             "extent_ratio", "solidity", "roughness"]
    with open(os.path.join(FIXTURES, "golden", "anatomy.json"), "w") as f:
        json.dump({"names": names, "cases": cases}, f, indent=1)
    print("wrote", len(cases), "cases")


if __name__ == "__main__":
    main()
