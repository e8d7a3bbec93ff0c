#!/usr/bin/env python3
"""Three more label rules, written after the few-label challenger's features were chosen, to check that choice.

    python3 Benchmarks/unseen_label_rules.py MASKS_DIR --reference REFERENCE_DIR --output OUT_DIR
    python3 Benchmarks/few_labels_bench.py --masks MASKS_DIR --labels OUT_DIR/wide.csv --splits 10

Writes OUT_DIR/ragged.csv, OUT_DIR/wide.csv and OUT_DIR/combo.csv (file,label with good/bad) for every PNG of
MASKS_DIR (read at 256x256, nearest neighbour) and prints each rule's good share. `stress_label_rules.py` holds
rules close to single feature columns, on which the challenger's features were chosen; these were made only
to test that choice (docs/few-labels.md, "The challenger's features"), and none of them is a ganfilter column. The bench
calibrates them on the Shenzhen masks (not committed).

ragged: the foreground's perimeter over its convex hull's (scikit-image's `perimeter`) above the reference's
        97.5th percentile.
wide:   the foreground's bounding box, width over height, outside the reference's 2.5th-97.5th percentiles.
combo:  the foreground share outside the reference's 5th-95th percentiles, or the eccentricity of the largest
        8-connected component (scikit-image's `regionprops`) outside its 2.5th-97.5th.

Needs numpy, scikit-image and pillow.
"""
import argparse
import glob
import os

import numpy as np
from PIL import Image
from skimage import measure, morphology


def read(path):
    image = Image.open(path).convert("L")
    if image.size != (256, 256):
        image = image.resize((256, 256), Image.NEAREST)
    return np.asarray(image) >= 128


def statistics(mask):
    """The rules' statistics, or None for a mask of fewer than 10 pixels (bad by every rule)."""
    if mask.sum() < 10:
        return None
    largest = max(measure.regionprops(measure.label(mask, connectivity=2)), key=lambda region: region.area)
    rows, cols = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]
    return {"ragged": measure.perimeter(mask) / max(measure.perimeter(morphology.convex_hull_image(mask)), 1),
            "wide": (cols[-1] - cols[0] + 1) / (rows[-1] - rows[0] + 1),
            "area": mask.mean(), "eccentricity": largest.eccentricity}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("masks")
    parser.add_argument("--reference", required=True)
    parser.add_argument("--output", required=True)
    options = parser.parse_args()
    reference = [s for s in (statistics(read(p)) for p in sorted(glob.glob(os.path.join(options.reference, "*.png")))) if s]
    percentile = lambda key, q: np.percentile([r[key] for r in reference], q)
    within = lambda key, low, high, value: percentile(key, low) <= value <= percentile(key, high)
    rules = {
        "ragged": lambda s: s["ragged"] <= percentile("ragged", 97.5),
        "wide": lambda s: within("wide", 2.5, 97.5, s["wide"]),
        "combo": lambda s: within("area", 5, 95, s["area"]) and within("eccentricity", 2.5, 97.5, s["eccentricity"]),
    }
    files = sorted(glob.glob(os.path.join(options.masks, "*.png")))
    values = [statistics(read(f)) for f in files]
    os.makedirs(options.output, exist_ok=True)
    for name, good in rules.items():
        labels = ["good" if v is not None and good(v) else "bad" for v in values]
        with open(os.path.join(options.output, f"{name}.csv"), "w") as handle:
            handle.write("file,label\n" + "".join(f"{os.path.basename(f)},{l}\n" for f, l in zip(files, labels)))
        print(f"{name}: {labels.count('good') / max(len(labels), 1):.1%} good")


if __name__ == "__main__":
    main()
