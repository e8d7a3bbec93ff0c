#!/usr/bin/env python3
"""Golden values for ganfilter's nearest-pixel resize of binary masks (`NearestResize`), with Pillow and NumPy.

Regenerate from the repository root with:

    pip install numpy scikit-image
    python3 Tests/Fixtures/make_resize_golden.py

Pixel (x, y) of a W x H result is pixel (floor((2x + 1) w / 2W), floor((2y + 1) h / 2H)) of the w x h source: the
source pixel under the centre of the result's. For each pair of sizes below, a random mask (NumPy seed 0, a
fifth foreground, plus a filled disc so the shape is not noise alone) is resized by scikit-image's
skimage.transform.resize(mask, (H, W), order=0, anti_aliasing=False) and by that formula in NumPy; the two must
agree, and the result is written. (Pillow's Image.NEAREST computes (x + 0.5) w / W in floating point, and so
differs where that is a whole number: result column 6 of 70 -> 65 reads source column 6, not 7.)
It writes Tests/Fixtures/golden/resize.json: for each case the sizes, the source rows and the result rows as
strings of '0' and '1'.
"""
import json
import os

import numpy as np
from skimage.transform import resize

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# (source width, height) -> (result width, height): up and down by whole and fractional factors, width and height
# apart, across a 64-bit word, and to and from a single pixel.
CASES = [((8, 6), (16, 12)), ((16, 12), (8, 6)), ((10, 7), (23, 5)), ((70, 3), (65, 9)), ((65, 40), (130, 17)),
         ((1, 1), (5, 3)), ((9, 9), (1, 1)), ((128, 96), (200, 150)), ((200, 150), (64, 64)), ((33, 129), (129, 33))]


def numpy_resize(mask, width, height):
    h, w = mask.shape
    rows = (2 * np.arange(height) + 1) * h // (2 * height)
    columns = (2 * np.arange(width) + 1) * w // (2 * width)
    return mask[np.ix_(rows, columns)]


def main():
    rng = np.random.default_rng(0)
    cases = []
    for (w, h), (width, height) in CASES:
        mask = rng.random((h, w)) < 0.2
        ys, xs = np.mgrid[0:h, 0:w]
        mask |= (xs - w / 2) ** 2 + (ys - h / 2) ** 2 <= (min(w, h) / 3) ** 2
        skimage = resize(mask.astype(float), (height, width), order=0, anti_aliasing=False) >= 0.5
        mine = numpy_resize(mask, width, height)
        assert (skimage == mine).all(), (w, h, width, height)
        rows = lambda m: ["".join("1" if v else "0" for v in row) for row in m]
        cases.append({"width": w, "height": h, "result_width": width, "result_height": height,
                      "source": rows(mask), "result": rows(mine)})
    with open(os.path.join(ROOT, "Tests/Fixtures/golden/resize.json"), "w") as out:
        json.dump({"cases": cases}, out, indent=0)
        out.write("\n")


if __name__ == "__main__":
    main()
