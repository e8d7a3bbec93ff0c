#!/usr/bin/env python3
"""Golden values for ganfilter's Swift tests, computed independently of ganfilter.

Regenerate from the repository root with:

    pip install numpy scipy opencv-python-headless pillow pypng
    python3 Tests/Fixtures/make_golden.py

It writes, under Tests/Fixtures/:
  png/            small PNGs of every colour type and bit depth, interlaced or not (written by pypng),
                  with tRNS and gAMA chunks in some, plus random binary masks of odd sizes;
  png/expected_grey.jsonl
                  the 8-bit grey image the design's rules give for each PNG (computed with NumPy from the
                  samples written, and checked against Pillow's convert('L') where Pillow follows the same rule);
  golden/features.csv
                  the six symmetry features for the shipped masks (masks/, masks/lung/) and the fixtures,
                  at several thresholds and dilation radii: decoded with Pillow, dilated with
                  scipy.ndimage.binary_dilation, and checked against OpenCV (cv2.imread + cv2.dilate)
                  on the grey files.
The Swift tests read these files and need no Python.
"""
import csv
import glob
import json
import os
import random

import cv2
import numpy as np
import png  # pypng
from PIL import Image
from scipy import ndimage

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures")
PNG_DIR = os.path.join(FIXTURES, "png")
GOLDEN_DIR = os.path.join(FIXTURES, "golden")
NAMES = ["iou", "cosine", "area_ratio", "iou_dilated", "cosine_dilated", "area_ratio_dilated"]


def luma(r, g, b):
    """Pillow's convert('L') on 8-bit RGB."""
    r, g, b = (np.asarray(c, dtype=np.int64) for c in (r, g, b))
    return ((19595 * r + 38470 * g + 7471 * b + 32768) >> 16).astype(np.uint8)


def to_8bit(samples, bitdepth):
    """docs/design.md: 16-bit keeps the high byte; 1/2/4-bit grey scales to 0..255 (bit replication)."""
    samples = np.asarray(samples, dtype=np.int64)
    if bitdepth == 16:
        return samples >> 8
    if bitdepth < 8:
        return samples * 255 // (2 ** bitdepth - 1)
    return samples


def write_kind(name, kind, bitdepth, width, height, interlace, rng, trns=False, gamma=None):
    """Writes one PNG of `kind` with random samples and returns its expected grey image."""
    top = 2 ** bitdepth - 1
    palette = None
    if kind == "palette":
        count = 2 ** bitdepth
        palette = [tuple(int(v) for v in rng.integers(0, 256, 3)) for _ in range(count)]
        if trns:
            palette = [p + (int(rng.integers(0, 256)),) for p in palette]
        idx = rng.integers(0, count, (height, width))
        writer = png.Writer(width, height, palette=palette, bitdepth=bitdepth, interlace=interlace, gamma=gamma)
        rows = idx
        pal = np.array([p[:3] for p in palette])
        grey = luma(pal[idx, 0], pal[idx, 1], pal[idx, 2])
    else:
        channels = {"grey": 1, "grey_alpha": 2, "rgb": 3, "rgba": 4}[kind]
        samples = rng.integers(0, top + 1, (height, width, channels))
        if rng.random() < 0.5:  # also exercise the extremes of the range
            samples[0, 0, :] = top
        writer = png.Writer(
            width, height,
            greyscale=kind in ("grey", "grey_alpha"),
            alpha=kind in ("grey_alpha", "rgba"),
            bitdepth=bitdepth, interlace=interlace, gamma=gamma,
            transparent=(int(samples[0, 0, 0]) if kind == "grey" else tuple(int(v) for v in samples[0, 0, :3]))
            if trns else None,
        )
        rows = samples.reshape(height, width * channels)
        eight = to_8bit(samples, bitdepth)
        grey = eight[:, :, 0].astype(np.uint8) if channels <= 2 else luma(eight[:, :, 0], eight[:, :, 1], eight[:, :, 2])
    path = os.path.join(PNG_DIR, name)
    with open(path, "wb") as handle:
        writer.write(handle, rows.tolist())
    # Pillow reads 16-bit grey as I;16 and clips it when converting to L, so it is not a check there.
    if not (kind in ("grey", "grey_alpha") and bitdepth == 16):
        pillow = np.array(Image.open(path).convert("L"))
        assert np.array_equal(pillow, grey), f"{name}: expectation disagrees with Pillow"
    return grey


def read_grey(path):
    return np.array(Image.open(path).convert("L"))


def halves(mask):
    h = mask.shape[1] // 2
    left = mask[:, :h]
    right = mask[:, mask.shape[1] - h:][:, ::-1]
    return left, right


def measures(left, right):
    l, r = int(left.sum()), int(right.sum())
    inter = int(np.logical_and(left, right).sum())
    union = int(np.logical_or(left, right).sum())
    if l == 0 or r == 0:
        return [0.0, 0.0, 0.25]
    return [inter / union, inter / np.sqrt(float(l) * float(r)), (l / (l + r) - 0.5) ** 2]


def features_scipy(grey, threshold, radius):
    mask = grey >= threshold
    left, right = halves(mask)
    if not left.any() and not right.any():
        return None
    structure = np.ones((2 * radius + 1, 2 * radius + 1), dtype=bool)
    if radius > 0 and left.size > 0:
        dl = ndimage.binary_dilation(left, structure=structure, border_value=0)
        dr = ndimage.binary_dilation(right, structure=structure, border_value=0)
    else:
        dl, dr = left, right
    return measures(left, right) + measures(dl, dr)


def features_opencv(path, threshold, radius):
    grey = cv2.imread(path, cv2.IMREAD_GRAYSCALE)
    mask = (grey >= threshold).astype(np.uint8)
    left, right = halves(mask)
    if not left.any() and not right.any():
        return None
    left, right = np.ascontiguousarray(left), np.ascontiguousarray(right)
    if radius > 0:
        kernel = np.ones((2 * radius + 1, 2 * radius + 1), np.uint8)
        dl, dr = cv2.dilate(left, kernel), cv2.dilate(right, kernel)
    else:
        dl, dr = left, right
    return measures(left.astype(bool), right.astype(bool)) + measures(dl.astype(bool), dr.astype(bool))


def random_mask(rng, width, height):
    """Random blobs plus noise, so that halves overlap partly and dilation matters."""
    grey = np.zeros((height, width), dtype=np.uint8)
    for _ in range(int(rng.integers(0, 6))):
        cx, cy = rng.uniform(0, width), rng.uniform(0, height)
        rx, ry = rng.uniform(0.5, width / 3 + 1), rng.uniform(0.5, height / 3 + 1)
        yy, xx = np.mgrid[0:height, 0:width]
        grey[((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2 <= 1] = 255
    noise = rng.random((height, width)) < rng.uniform(0, 0.05)
    grey[noise] = rng.integers(0, 256, noise.sum())
    return grey


def main():
    os.makedirs(PNG_DIR, exist_ok=True)
    os.makedirs(GOLDEN_DIR, exist_ok=True)
    for old in glob.glob(os.path.join(PNG_DIR, "*.png")):
        os.remove(old)
    rng = np.random.default_rng(20261122)

    expected = []
    kinds = [("grey", d) for d in (1, 2, 4, 8, 16)] + [("palette", d) for d in (1, 2, 4, 8)] + \
            [(k, d) for k in ("rgb", "rgba", "grey_alpha") for d in (8, 16)]
    sizes = [(1, 1), (1, 9), (13, 7), (64, 3), (65, 5), (130, 4)]
    for kind, depth in kinds:
        for interlace in (False, True):
            for width, height in sizes:
                trns = kind in ("palette", "grey", "rgb") and rng.random() < 0.5
                gamma = 0.45455 if rng.random() < 0.3 else None
                name = f"{kind}{depth}_{'adam7' if interlace else 'plain'}_{width}x{height}.png"
                grey = write_kind(name, kind, depth, width, height, interlace, rng, trns=trns, gamma=gamma)
                expected.append({"file": name, "width": width, "height": height,
                                 "grey": [int(v) for v in grey.reshape(-1)]})

    for index in range(60):
        width = int(rng.integers(1, 150))
        height = int(rng.integers(1, 60))
        grey = random_mask(rng, width, height)
        name = f"random_mask_{index:02d}_{width}x{height}.png"
        png.Writer(width, height, greyscale=True, bitdepth=8).write(open(os.path.join(PNG_DIR, name), "wb"),
                                                                    grey.tolist())
        expected.append({"file": name, "width": width, "height": height, "grey": [int(v) for v in grey.reshape(-1)]})

    with open(os.path.join(PNG_DIR, "expected_grey.jsonl"), "w") as handle:
        for item in expected:
            handle.write(json.dumps(item, separators=(",", ":")) + "\n")

    jobs = []  # (path relative to ROOT, threshold, radius)
    shipped = sorted(glob.glob(os.path.join(ROOT, "masks", "*.png"))) + \
        sorted(glob.glob(os.path.join(ROOT, "masks", "lung", "*.png")))
    for path in shipped:
        jobs.append((path, 128, 5))
    for path in shipped[:20] + shipped[-10:]:
        for threshold, radius in ((128, 0), (128, 1), (64, 3), (200, 12), (1, 2), (255, 7)):
            jobs.append((path, threshold, radius))
    fixtures = sorted(glob.glob(os.path.join(PNG_DIR, "*.png")))
    pyrandom = random.Random(7)
    for path in fixtures:
        jobs.append((path, 128, 5))
        jobs.append((path, pyrandom.choice((1, 64, 128, 200, 255)), pyrandom.randint(0, 9)))

    # Fixtures use the grey written above (Pillow clips 16-bit grey instead of keeping the high byte).
    fixture_grey = {os.path.join(PNG_DIR, item["file"]): np.array(item["grey"], dtype=np.uint8).reshape(
        item["height"], item["width"]) for item in expected}

    with open(os.path.join(GOLDEN_DIR, "features.csv"), "w", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(["file", "threshold", "dilation_radius", "status"] + NAMES)
        for path, threshold, radius in jobs:
            grey = fixture_grey[path] if path in fixture_grey else read_grey(path)
            values = features_scipy(grey, threshold, radius)
            # OpenCV turns colour into grey by its own rounding and reads 16-bit differently, so the
            # cross-check covers the grey 1/2/4/8-bit files (all the shipped masks among them).
            name = os.path.basename(path)
            if not any(name.startswith(k) for k in ("grey16", "grey_alpha", "palette", "rgb")):
                check = features_opencv(path, threshold, radius)
                assert (values is None) == (check is None), path
                if values is not None:
                    assert np.allclose(values, check, rtol=0, atol=1e-15), (path, values, check)
            relative = os.path.relpath(path, ROOT)
            if values is None:
                out.writerow([relative, threshold, radius, "empty"] + [""] * 6)
            else:
                out.writerow([relative, threshold, radius, "ok"] + [repr(float(v)) for v in values])
    print(f"{len(expected)} PNG fixtures, {len(jobs)} golden feature rows")


if __name__ == "__main__":
    main()
