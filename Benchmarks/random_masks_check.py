#!/usr/bin/env python3
"""ganfilter's columns on random masks against independent computations (SciPy, scikit-image, NumPy).

    pip install numpy scipy scikit-image pillow opencv-python-headless pypng
    swift build -c release --product ganfilter
    python3 Benchmarks/random_masks_check.py --binary .build/release/ganfilter --seeds 1 2 3

The golden tests compare with values committed once; this draws new masks each seed, of sizes that cross the
64-bit words the masks are packed in (1 to 257 pixels a side), with blobs, noise, lines and one-sided masks,
and checks every column of `features --set all` against the definitions the fixtures' scripts implement
(Tests/Fixtures/make_golden.py for the symmetry features, make_anatomy_golden.py for the anatomy columns). Then,
against 25 real masks drawn from masks/lung256, 40 candidates (the bench generators' masks, some moved, some
a reference mask itself, some with specks) are checked on the five realism columns (make_realism_golden.py).
It prints every disagreement above 1e-9 and ends with their count; exit status 1 when there is one.
"""
import argparse
import csv
import glob
import io
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "Fixtures"))
import make_anatomy_golden as anatomy  # noqa: E402
import make_golden as symmetry  # noqa: E402
import make_realism_golden as realism  # noqa: E402

SIZES = [1, 2, 3, 7, 31, 63, 64, 65, 127, 128, 129, 200, 257]
ANATOMY = ["foreground_share", "components", "debris_share", "hole_share", "opposite_sides", "height_difference",
           "extent_ratio", "solidity", "roughness"]
SYMMETRY = ["iou", "cosine", "area_ratio", "iou_dilated", "cosine_dilated", "area_ratio_dilated"]


def save(mask, path):
    Image.fromarray((mask * 255).astype(np.uint8), mode="L").save(path)


def load(path):
    return np.asarray(Image.open(path).convert("L")) >= 128


def random_mask(rng, index):
    height, width = int(rng.choice(SIZES)), int(rng.choice(SIZES))
    mask = np.zeros((height, width), bool)
    yy, xx = np.mgrid[0:height, 0:width]
    for _ in range(rng.integers(1, 6)):
        cy, cx = rng.uniform(0, height), rng.uniform(0, width)
        ry, rx = rng.uniform(0.5, height / 2 + 1), rng.uniform(0.5, width / 2 + 1)
        mask |= ((yy - cy) / ry) ** 2 + ((xx - cx) / rx) ** 2 <= 1
    mask ^= rng.random((height, width)) < rng.uniform(0, 0.3) * rng.random()
    if index % 5 == 0:
        mask[:, width // 2:] = False
    if index % 9 == 0:
        mask[rng.integers(0, height), :] = True
    return mask


def table(binary, arguments):
    run = subprocess.run([binary, "features", *arguments, "--output", "-"], capture_output=True, text=True)
    return {row["file"]: row for row in csv.DictReader(io.StringIO(run.stdout))}


def check_shapes(binary, seed, folder):
    rng = np.random.default_rng(seed)
    masks = {}
    for index in range(150):
        path = os.path.join(folder, f"r{index:03d}.png")
        masks[path] = random_mask(rng, index)
        save(masks[path], path)
    rows = table(binary, [folder, "--set", "all"])
    problems = 0
    for path, mask in masks.items():
        row = rows[path]
        if row["status"] != "ok":
            if row["status"] != "empty":
                print(f"seed {seed}: {path} {mask.shape}: {row['status']} {row['error']}")
                problems += 1
            continue
        expected = symmetry.features_scipy(mask.astype(np.uint8) * 255, 128, 5) + anatomy.features(mask)
        for name, value in zip(SYMMETRY + ANATOMY, expected):
            if abs(float(row[name]) - value) > 1e-9:
                print(f"seed {seed}: {path} {mask.shape}: {name} {row[name]} != {value}")
                problems += 1
    return problems, len(masks)


def check_realism(binary, seed, folder):
    rng = np.random.default_rng(seed)
    reference, candidates = os.path.join(folder, "reference"), os.path.join(folder, "candidates")
    os.makedirs(reference)
    os.makedirs(candidates)
    refs = [load(p) for p in rng.choice(sorted(glob.glob(os.path.join(ROOT, "masks", "lung256", "*.png"))), 25, replace=False)]
    for index, mask in enumerate(refs):
        save(mask, os.path.join(reference, f"ref{index:02d}.png"))
    generated = sorted(glob.glob(os.path.join(ROOT, "bench", "generator*", "masks", "*.png")))
    masks = {}
    for index in range(40):
        mask = load(rng.choice(generated))
        if index % 4 == 1:
            mask = np.roll(mask, (rng.integers(-30, 30), rng.integers(-30, 30)), (0, 1))
        if index % 4 == 2:
            mask = refs[rng.integers(0, len(refs))].copy()
        if index % 7 == 3:
            mask = mask.copy()
            mask[rng.integers(0, 256, 50), rng.integers(0, 256, 50)] = True
        if mask.any():
            path = os.path.join(candidates, f"c{index:02d}.png")
            masks[path] = mask
            save(mask, path)
    rows = table(binary, [candidates, "--reference", reference])
    paths = sorted(masks)
    knn, _ = realism.knn_scores(refs, [masks[p] for p in paths])
    scaled = realism.scaled_scores(refs, [masks[p] for p in paths])[0]
    boundary, _ = realism.boundary_scores(refs, [masks[p] for p in paths])
    problems = 0
    for path, k, s, b in zip(paths, knn, scaled, boundary):
        dices = sorted((realism.dice(masks[path], r) for r in refs), reverse=True)
        expected = {"realism_dice": dices[0], "realism_dice_mean5": float(np.mean(dices[:5])), "realism_knn": k,
                    "realism_scaled_mean5": s, "realism_boundary": b}
        for name, value in expected.items():
            if abs(float(rows[path][name]) - value) > 1e-9:
                print(f"seed {seed}: {path}: {name} {rows[path][name]} != {value}")
                problems += 1
    return problems, len(masks)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "ganfilter"))
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = parser.parse_args()
    problems = 0
    for seed in args.seeds:
        folder = tempfile.mkdtemp(prefix="ganfilter-check-")
        try:
            shape_problems, shapes = check_shapes(args.binary, seed, folder)
            realism_problems, candidates = check_realism(args.binary, seed, folder)
        finally:
            shutil.rmtree(folder)
        print(f"seed {seed}: {shapes} random masks, {shape_problems} disagreements in 15 columns; "
              f"{candidates} candidates against 25 references, {realism_problems} in 5 realism columns")
        problems += shape_problems + realism_problems
    print(f"{problems} disagreements")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
