#!/usr/bin/env python3
"""A label rule that few masks pass, to check `label suggest` and few-label training where good masks are rare.

    python3 Benchmarks/rare_label_rule.py MASKS_DIR --reference REFERENCE_DIR --output OUT.csv [--share 0.08]
    python3 Benchmarks/few_labels_bench.py --masks MASKS_DIR --labels OUT.csv --splits 10

Writes OUT.csv (file,label with good/bad) for every PNG of MASKS_DIR: good are the `--share` of the masks whose
shape criteria (bench/label_rules.py: the lungs' height ratio, each lung's width over height, the gap between
them and the pair's proportions) lie nearest the reference's means, measured as the largest distance in the
reference's standard deviations; masks without two lungs are bad. A rule of the bench's shape rule's formula
with a share fixed in place of its three standard deviations: on the bench's generators it leaves 25 labels of
the first round with none to three good masks. The bench calibrates it on the Shenzhen masks (not committed).

Needs numpy, scipy and pillow.
"""
import argparse
import glob
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))
from label_rules import criteria, read  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("masks")
    parser.add_argument("--reference", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--share", type=float, default=0.08, help="the share of the masks that are good")
    args = parser.parse_args()
    reference = [c for c in (criteria(read(p, 256)) for p in sorted(glob.glob(os.path.join(args.reference, "*.png")))) if c is not None]
    names = sorted(os.path.basename(p) for p in glob.glob(os.path.join(args.masks, "*.png")))
    if len(reference) < 2 or not names:
        parser.error("no PNG files of two lungs in the reference, or none in the masks")
    mean, sd = np.mean(reference, axis=0), np.std(reference, axis=0)
    distance = np.array([np.inf if (c := criteria(read(os.path.join(args.masks, n), 256))) is None else float(np.max(np.abs(c - mean) / sd))
                         for n in names])
    good = distance <= np.quantile(distance, args.share)
    with open(args.output, "w") as handle:
        handle.write("file,label\n" + "".join(f"{n},{'good' if g else 'bad'}\n" for n, g in zip(names, good)))
    print(f"{args.output}: {good.sum()} good of {len(names)} ({good.mean():.1%})")


if __name__ == "__main__":
    main()
