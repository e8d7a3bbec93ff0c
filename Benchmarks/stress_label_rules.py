#!/usr/bin/env python3
"""Three label rules the label-free score does not see, to stress `label suggest` and few-label training.

    python3 Benchmarks/stress_label_rules.py MASKS_DIR --reference REFERENCE_DIR --output OUT_DIR
    python3 Benchmarks/few_labels_bench.py --masks MASKS_DIR --labels OUT_DIR/place.csv --splits 10

Writes OUT_DIR/area.csv, OUT_DIR/place.csv and OUT_DIR/convex.csv (file,label with good/bad) for every PNG of
MASKS_DIR and prints each rule's good share. The bench's own rules (bench/label_rules.py) judge outline and
shape, which the realism columns rank well; these judge what they rank badly, so that a suggestion or a prior
tuned to the realism score shows its bias. Unlike bench/label_rules.py, they are close to single feature
columns (foreground share, components, solidity): a test for the few-label loop, not for the score. The bench
calibrates them on the Shenzhen masks (resized to 256x256 with nearest neighbours; not committed).

area:   the foreground share outside the reference's 2.5th-97.5th percentiles (two-sided: no straight boundary
        in the features separates it).
place:  the vertical position of the foreground's centroid (over the image height) more than 2.5 standard
        deviations from the reference's mean, or other than two 8-connected components above 0.5% of the
        foreground.
convex: the solidity of the lungs (pixels over convex-hull pixels, summed over the components above 1% of the
        foreground) below the reference's 5th percentile.

Needs numpy, scipy, scikit-image and pillow.
"""
import argparse
import glob
import os

import numpy as np
from PIL import Image
from scipy import ndimage
from skimage.morphology import convex_hull_image


def read(path, size=None):
    image = Image.open(path).convert("L")
    if size and image.size != (size, size):
        image = image.resize((size, size), Image.NEAREST)
    return np.asarray(image) >= 128


def components(mask):
    labels, count = ndimage.label(mask, structure=np.ones((3, 3)))
    sizes = ndimage.sum(mask, labels, range(1, count + 1)) if count else np.array([])
    return labels, sizes


def lungs(mask):
    _, sizes = components(mask)
    return int((sizes > 0.005 * mask.sum()).sum())


def height(mask):
    rows = np.nonzero(mask)[0]
    return rows.mean() / mask.shape[0] if len(rows) else 0.0


def solidity(mask):
    labels, sizes = components(mask)
    area = hull = 0
    for index, size in enumerate(sizes, start=1):
        if size < 0.01 * mask.sum():
            continue
        part = labels == index
        area += part.sum()
        hull += convex_hull_image(part).sum()
    return area / hull if hull else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("masks")
    parser.add_argument("--reference", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    files = sorted(glob.glob(os.path.join(args.masks, "*.png")))
    reference = [read(f) for f in sorted(glob.glob(os.path.join(args.reference, "*.png")))]
    if not files or not reference:
        parser.error("no PNG files in the masks or the reference")
    size = reference[0].shape[0]
    masks = [read(f, size) for f in files]
    share = np.array([m.mean() for m in reference])
    place = np.array([height(m) for m in reference])
    solid = np.array([solidity(m) for m in reference])
    low, high = np.percentile(share, [2.5, 97.5])
    rules = {
        "area": [not (low <= m.mean() <= high) for m in masks],
        "place": [abs(height(m) - place.mean()) > 2.5 * place.std() or lungs(m) != 2 for m in masks],
        "convex": [solidity(m) < np.percentile(solid, 5) for m in masks],
    }
    os.makedirs(args.output, exist_ok=True)
    for name, bad in rules.items():
        with open(os.path.join(args.output, f"{name}.csv"), "w") as handle:
            handle.write("file,label\n" + "".join(f"{os.path.basename(f)},{'bad' if b else 'good'}\n" for f, b in zip(files, bad)))
        print(f"{name}: {1 - np.mean(bad):.1%} good")


if __name__ == "__main__":
    main()
