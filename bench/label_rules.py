#!/usr/bin/env python3
"""Two label rules for generated lung masks, calibrated on a reference of real masks that the filter does not use.

    python3 bench/label_rules.py MASKS_DIR --reference REFERENCE_DIR [--check REAL_DIR]

Writes MASKS_DIR/outline.csv and MASKS_DIR/shape.csv (file,label with good/bad) for every PNG of MASKS_DIR,
and prints each rule's good share; --check prints the share of the real masks of REAL_DIR each rule calls
good (they should nearly all be). The bench calibrates both rules on the Shenzhen masks (162, CC BY-NC-SA,
not committed; their labels are), while every filter it scores uses the Montgomery masks (masks/lung256), so
no rule shares its reference with a filter. Neither rule shares a formula with ganfilter's columns.

outline: the rule of bench/generator/sample_gan.py on another reference. At 64x64, each mask's outline
  (foreground pixels with a background 4-neighbour) is centred on its centroid and scaled to unit area; a
  mask is bad when the symmetric Hausdorff distance to its nearest reference outline exceeds the 95th
  percentile of the reference masks' own leave-one-out nearest distances. Empty masks are bad.

shape: a radiologist's shape criteria on the two lungs (the two largest 8-connected components, at 256x256,
  both needed, each at least 10% of the foreground, one on each side of the image centre): the height of the
  shorter lung over the taller; each lung's width over its height; the gap between the lungs (the median
  over rows both lungs cross of the distance between their inner edges) over the width of the pair; and the
  pair's width over its height. A mask is bad when any criterion lies more than three standard deviations
  from the reference masks' mean, or the lungs are not two.
"""
import argparse
import glob
import os

import numpy as np
from PIL import Image
from scipy import ndimage
from scipy.spatial import cKDTree


def read(path, size):
    image = Image.open(path).convert("L")
    if image.size != (size, size):
        image = image.resize((size, size), Image.BILINEAR)
    return np.asarray(image) >= 128


def normalised_outline(mask):
    points = np.argwhere(mask).astype(float)
    edge = np.argwhere(mask & ~ndimage.binary_erosion(mask, border_value=0)).astype(float)
    return (edge - points.mean(axis=0)) / np.sqrt(mask.sum())


def hausdorff(a, b, tree_a, tree_b):
    return max(tree_b.query(a)[0].max(), tree_a.query(b)[0].max())


class OutlineRule:
    def __init__(self, reference):
        self.outlines = [normalised_outline(m) for m in reference]
        self.trees = [cKDTree(o) for o in self.outlines]
        loo = [min(hausdorff(a, b, self.trees[i], self.trees[j]) for j, b in enumerate(self.outlines) if j != i)
               for i, a in enumerate(self.outlines)]
        self.limit = np.percentile(loo, 95)

    def good(self, mask):
        if mask.sum() < 4:
            return False
        points = normalised_outline(mask)
        tree = cKDTree(points)
        return min(hausdorff(points, b, tree, t) for b, t in zip(self.outlines, self.trees)) <= self.limit


def criteria(mask):
    """The four shape criteria, or None when the mask does not hold two lungs, one on each side."""
    labels, count = ndimage.label(mask, np.ones((3, 3)))
    if count < 2:
        return None
    areas = ndimage.sum(mask, labels, range(1, count + 1))
    first, second = np.argsort(-areas)[:2] + 1
    if min(areas[first - 1], areas[second - 1]) < 0.1 * mask.sum():
        return None
    lungs = []
    for label in (first, second):
        rows, cols = np.nonzero(labels == label)
        lungs.append((rows, cols))
    lungs.sort(key=lambda lung: lung[1].mean())
    (lr, lc), (rr, rc) = lungs
    centre = (mask.shape[1] - 1) / 2
    if not (lc.mean() < centre < rc.mean()):
        return None
    heights = [r.max() - r.min() + 1 for r in (lr, rr)]
    widths = [c.max() - c.min() + 1 for c in (lc, rc)]
    gaps = []
    for row in np.intersect1d(lr, rr):
        gaps.append(rc[rr == row].min() - lc[lr == row].max() - 1)
    if not gaps:
        return None
    pair_width = rc.max() - lc.min() + 1
    pair_height = max(lr.max(), rr.max()) - min(lr.min(), rr.min()) + 1
    return np.array([min(heights) / max(heights), widths[0] / heights[0], widths[1] / heights[1],
                     np.median(gaps) / pair_width, pair_width / pair_height])


class ShapeRule:
    def __init__(self, reference):
        values = np.array([c for c in (criteria(m) for m in reference) if c is not None])
        self.mean, self.sd = values.mean(axis=0), values.std(axis=0)

    def good(self, mask):
        values = criteria(mask)
        return values is not None and bool(np.all(np.abs(values - self.mean) <= 3 * self.sd))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("masks")
    parser.add_argument("--reference", required=True)
    parser.add_argument("--check")
    options = parser.parse_args()
    reference = sorted(glob.glob(os.path.join(options.reference, "*.png")))
    outline = OutlineRule([read(p, 64) for p in reference])
    shape = ShapeRule([read(p, 256) for p in reference])
    if options.check:
        real = sorted(glob.glob(os.path.join(options.check, "*.png")))
        print(f"real masks of {options.check}: outline good {np.mean([outline.good(read(p, 64)) for p in real]):.1%}, "
              f"shape good {np.mean([shape.good(read(p, 256)) for p in real]):.1%}")
    names = sorted(os.path.basename(p) for p in glob.glob(os.path.join(options.masks, "*.png")))
    for rule, size, out in ((outline, 64, "outline.csv"), (shape, 256, "shape.csv")):
        verdicts = [rule.good(read(os.path.join(options.masks, n), size)) for n in names]
        with open(os.path.join(options.masks, out), "w") as handle:
            handle.write("file,label\n" + "".join(f"{n},{'good' if v else 'bad'}\n" for n, v in zip(names, verdicts)))
        print(f"{out}: {sum(verdicts)} good of {len(names)} ({np.mean(verdicts):.1%})")


if __name__ == "__main__":
    main()
