#!/usr/bin/env python3
"""How well can a label-free score rank a rule calibrated on another reference? Each bench rule's own statistic,
calibrated on the filter's reference in place of the rule's, beside realism_boundary's ROC AUC.

    swift build -c release
    pip install numpy scipy scikit-learn pillow
    python3 Benchmarks/label_free_ceiling.py [--reference masks/lung256] [--binary .build/release/ganfilter]

The bench's rules (bench/label_rules.py) are calibrated on the Shenzhen masks, the label-free filter on the
Montgomery masks (`--reference`). A score that knows everything the filter's reference can teach about a rule
knows the rule's own statistic measured against that reference: for the outline rule, the Hausdorff distance of
a mask's normalised outline to its nearest reference outline; for the shape rule, the largest distance of its
shape criteria from the reference's mean in standard deviations (masks without two lungs last, at -1e9). What the
Shenzhen calibration adds (its own outlines, its own means) no Montgomery-calibrated score can see. So the ROC
AUC of that statistic against the rule's labels tells how much of a miss is the score's, and how much the
references' disagreement.

On 2026-12-04 (Montgomery reference): the outline rule's own statistic ranked the first two generators' outline
labels at 0.894 and 0.892, where realism_boundary reaches 0.898 and 0.895, and the third's at 0.976 (0.967):
there the score is at what the reference can teach. The shape rule's own statistic ranked the shape labels at
0.975, 0.973 and 0.970, where realism_boundary reaches 0.876, 0.789 and 0.716: lung proportions the boundary
of the scaled frames does not weigh (within 2 frame pixels a lung a fifth shorter still matches), and a score
that did would share the rule's formula.
"""
import argparse
import csv
import glob
import os
import subprocess
import sys
import tempfile

import numpy as np
from scipy.spatial import cKDTree
from sklearn.metrics import roc_auc_score

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from label_rules import OutlineRule, criteria, hausdorff, normalised_outline, read  # noqa: E402

RULES = {"generator": ("outline", "shape"), "generator2": ("outline", "shape"), "generator3": ("outline", "shape")}


def outline_statistic(rule, mask):
    """Minus the Hausdorff distance to the nearest reference outline (higher: more like the reference)."""
    if mask.sum() < 4:
        return -1e9
    points = normalised_outline(mask)
    tree = cKDTree(points)
    return -min(hausdorff(points, b, tree, t) for b, t in zip(rule.outlines, rule.trees))


def shape_statistic(mean, sd, mask):
    """Minus the largest distance of the shape criteria from the reference's mean, in standard deviations."""
    values = criteria(mask)
    return -1e9 if values is None else -float(np.max(np.abs(values - mean) / sd))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reference", default=os.path.join(ROOT, "masks", "lung256"))
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "ganfilter"))
    options = parser.parse_args()
    reference = sorted(glob.glob(os.path.join(options.reference, "*.png")))
    outline_rule = OutlineRule([read(p, 64) for p in reference])
    measured = np.array([c for c in (criteria(read(p, 256)) for p in reference) if c is not None])
    mean, sd = measured.mean(axis=0), measured.std(axis=0)
    print("generator, rule".ljust(22) + "rule's statistic on the reference".rjust(36) + "realism_boundary".rjust(18))
    with tempfile.TemporaryDirectory() as work:
        for generator, rules in RULES.items():
            folder = os.path.join(ROOT, "bench", generator, "masks")
            table = os.path.join(work, generator + ".csv")
            subprocess.run([options.binary, "features", folder, "--set", "symmetry", "--reference", options.reference,
                            "-o", table], check=True, capture_output=True)
            score = {os.path.basename(r["file"]): float(r["realism_boundary"])
                     for r in csv.DictReader(open(table)) if r["status"] == "ok"}
            names = sorted(score)
            masks64 = [read(os.path.join(folder, n), 64) for n in names]
            masks256 = [read(os.path.join(folder, n), 256) for n in names]
            statistics = {"outline": [outline_statistic(outline_rule, m) for m in masks64],
                          "shape": [shape_statistic(mean, sd, m) for m in masks256]}
            for rule in rules:
                truth = {r["file"]: r["label"] == "good" for r in csv.DictReader(open(os.path.join(folder, rule + ".csv")))}
                good = np.array([truth[n] for n in names])
                print(f"{generator}, {rule}".ljust(22) + f"{roc_auc_score(good, statistics[rule]):36.3f}"
                      + f"{roc_auc_score(good, [score[n] for n in names]):18.3f}")


if __name__ == "__main__":
    main()
