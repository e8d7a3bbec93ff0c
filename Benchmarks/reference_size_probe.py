#!/usr/bin/env python3
"""How does the label-free filter's default cut depend on how many real masks the reference holds?

    swift build -c release
    pip install numpy
    python3 Benchmarks/reference_size_probe.py [--reference masks/lung256] [--sizes 20 40 60 80 100] [--draws 3]

For each size, `--draws` random subsets of the reference (seeds 0, 1, ...) serve as `filter --reference` at its
default (the 0.05-quantile of the subset's own leave-one-out realism_boundary), on the masks of the bench's first
two generators. Prints, per size, the range over the draws of: the threshold; the share of each generator's masks
accepted; bad:good among the accepted under each rule the generator ships (bench/generator/masks/labels.csv is
the outline rule calibrated on all the Montgomery masks, so it shares masks with every subset; the others are
calibrated on the Shenzhen masks). The whole reference is the last row.

On 2026-12-05 (Montgomery reference, 138 masks): at 20 masks the threshold was 0.885-0.925 and 30-43% of the first
generator passed (bad:good 1.52-2.23 on its Montgomery outline rule); at 40, 0.946-0.961 and 25-32% (1.10-1.60);
at 80 and 100, 0.971-0.982 and 17-29% (0.67-1.28); with all 138, 0.981, 23.5% (0.91). `filter` says so below
`ReferenceFilter.fewReferenceMasks` (100). On 2026-12-07, with the anatomical gate's ranges widened for fewer than
100 masks (`--sizes 10 20 40 60 80 100`): at 10 masks 32-49% passed (2.24-3.28; 12-38% and 1.90-2.83 before), at
20 32-45% (1.67-2.36), at 40 25-33% (1.12-1.62); from 60 on as before.
"""
import argparse
import csv
import glob
import os
import re
import shutil
import subprocess
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RULES = {"generator": ["labels", "outline", "shape", "gross"], "generator2": ["outline", "shape"]}


def labels(path):
    return {os.path.basename(r["file"]): r["label"] == "good" for r in csv.DictReader(open(path))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "ganfilter"))
    parser.add_argument("--reference", default=os.path.join(ROOT, "masks", "lung256"))
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 40, 60, 80, 100])
    parser.add_argument("--draws", type=int, default=3)
    options = parser.parse_args()

    reference = sorted(glob.glob(os.path.join(options.reference, "*.png")))
    rules = {g: {r: labels(os.path.join(ROOT, "bench", g, "masks", f"{r}.csv")) for r in rs} for g, rs in RULES.items()}
    work = tempfile.mkdtemp(prefix="ganfilter-reference-size-")
    try:
        for size in options.sizes + [len(reference)]:
            rows = []
            for draw in range(options.draws if size < len(reference) else 1):
                subset = os.path.join(work, f"reference-{size}-{draw}")
                os.makedirs(subset)
                for path in np.random.default_rng(draw).choice(reference, size, replace=False):
                    shutil.copy(path, subset)
                row = {}
                for generator, generator_rules in rules.items():
                    decisions = os.path.join(work, "decisions.csv")
                    completed = subprocess.run([options.binary, "filter", os.path.join(ROOT, "bench", generator, "masks"),
                                                "--reference", subset, "-o", decisions], capture_output=True, text=True, check=True)
                    row["threshold"] = float(re.search(r"0\.05-quantile ([0-9.]+)", completed.stderr).group(1))
                    accepted = {os.path.basename(r["file"]): r["decision"] == "accept" for r in csv.DictReader(open(decisions))}
                    row[f"{generator} accepted"] = np.mean(list(accepted.values()))
                    for rule, good in generator_rules.items():
                        kept = [good[name] for name, accept in accepted.items() if accept and name in good]
                        row[f"{generator} {rule} bad:good"] = (len(kept) - sum(kept)) / max(1, sum(kept))
                rows.append(row)
                shutil.rmtree(subset)
            print(f"{size} masks: " + "; ".join(
                f"{key} {min(r[key] for r in rows):.3f}-{max(r[key] for r in rows):.3f}" for key in rows[0]), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
