#!/usr/bin/env python3
"""A generation run of the bench's generator, labelled by sample_gan.py's rule, as a latent dataset: what
`ganfilter latent verify` checks a prefilter's promise against.

    pip install numpy scipy jax pillow
    python3 bench/generator/fresh_run.py --draw 10000 --seed 2 --output run.csv.gz          # unscreened
    python3 bench/generator/fresh_run.py --vectors kept.npy --output screened.csv.gz        # e.g. latent sample's

Vectors are generated in batches of 500, as sample_gan.py generated the training records (the generator
normalises with batch statistics, so a batch's make-up moves its images a little). Writes group (gan), passed
(the rule), z0..z127 (4 decimals); --draw rounds the drawn standard normals to 4 decimals first, as
sample_gan.py did, so the z that was generated is the z that is written.
"""
import argparse
import glob
import gzip
import os
import sys

import numpy as np
from PIL import Image
from scipy.spatial import cKDTree

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import sample_gan as sg  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--vectors", help="float32/float64 .npy of shape (n, 128)")
    source.add_argument("--draw", type=int, help="draw this many standard normal vectors")
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    if args.vectors:
        z = np.load(args.vectors).astype(np.float64)
    else:
        z = np.round(np.random.default_rng(args.seed).standard_normal((args.draw, sg.LATENT)), 4)
    params = dict(np.load(os.path.join(sg.HERE, "generator.npz")))
    real = [sg.at64(np.asarray(Image.open(p).convert("L"))) for p in sorted(glob.glob(os.path.join(sg.ROOT, "masks", "lung256", "*.png")))]
    outlines = [sg.normalised(m) for m in real]
    trees = [cKDTree(b) for b in outlines]
    loo = [min(sg.hausdorff(a, b, trees[i], trees[j]) for j, b in enumerate(outlines) if j != i) for i, a in enumerate(outlines)]
    limit = np.percentile(loo, 95)

    def passed(mask):
        if mask.sum() < 4:
            return False
        points = sg.normalised(mask)
        tree = cKDTree(points)
        return min(sg.hausdorff(points, b, tree, t) for b, t in zip(outlines, trees)) <= limit

    good = 0
    with gzip.open(args.output, "wt", compresslevel=6) as f:
        f.write("group,passed," + ",".join(f"z{k}" for k in range(sg.LATENT)) + "\n")
        for start in range(0, len(z), 500):
            block = z[start:start + 500]
            for vector, prob in zip(block, sg.generate(params, block.astype(np.float32))):
                ok = passed(sg.at64(np.asarray(sg.to256(prob))))
                good += ok
                f.write("gan," + ("1" if ok else "0") + "," + ",".join(f"{v:.4f}" for v in vector) + "\n")
    print(f"{len(z)} vectors: {good} passed ({good / max(len(z), 1):.4f})")


if __name__ == "__main__":
    main()
