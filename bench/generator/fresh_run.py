#!/usr/bin/env python3
"""A generation run of the bench's generator, labelled by sample_gan.py's rule: the "generate" step of the latent
loop (train, sample, generate, assemble, verify), standing in for your generator and your quality check.

    pip install numpy scipy jax pillow
    python3 bench/generator/fresh_run.py --vectors z.npy --inference-mode --outcomes outcomes.csv
    python3 bench/generator/fresh_run.py --draw 10000 --seed 2 --save-vectors z.npy --outcomes outcomes.csv

--outcomes writes `index,passed` (row i of the vectors is image i), for `ganfilter latent assemble --vectors
z.npy --outcomes outcomes.csv`; --output writes the latent dataset directly (group gan, passed, z0..z127 with 4
decimals); --save-vectors writes the drawn vectors (float32 .npy).

Vectors are generated in batches of 500, as sample_gan.py generated the training records: the generator
normalises with the statistics of its batch, so a batch of screened vectors, all alike, is normalised away
from what the prefilter learned. --inference-mode instead normalises with fixed statistics measured once on
10,000 unscreened draws (how a trained generator is sampled), so each image depends on its own vector only.
Writes group (gan), passed (the rule), z0..z127 (4 decimals); --draw rounds the drawn standard normals to 4
decimals first, as sample_gan.py did, so the z that was generated is the z that is written.
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


def layers(params, z, statistics=None):
    """The generator of train_gan.py (sample_gan.generate), normalising with `statistics` (one (mean, var) per
    normalisation) when given, else with the batch's own; returns the images and the statistics used."""
    import jax
    import jax.numpy as jnp
    used = []

    def normalise(x, axes):
        if statistics is None:
            mean, var = x.mean(axis=axes, keepdims=True), x.var(axis=axes, keepdims=True)
        else:
            mean, var = statistics[len(used)]
        used.append((mean, var))
        return (x - mean) / jnp.sqrt(var + 1e-5)

    x = jnp.maximum(normalise(jnp.asarray(z) @ params["dense"] + params["dense_b"], (0,)), 0).reshape(-1, 128, 4, 4)
    for i in range(3):
        x = jax.lax.conv_transpose(x, params[f"t{i}"], strides=(2, 2), padding="SAME", dimension_numbers=("NCHW", "OIHW", "NCHW"))
        x = x + params[f"tb{i}"][None, :, None, None]
        x = jnp.tanh(x) if i == 2 else jnp.maximum(normalise(x, (0, 2, 3)), 0)
    return np.asarray((x[:, 0] + 1) / 2), used


def measured_statistics(params, z):
    return layers(params, z)[1]


def generate_fixed(params, z, statistics):
    return layers(params, np.asarray(z, dtype=np.float32), statistics)[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--vectors", help="float32/float64 .npy of shape (n, 128)")
    source.add_argument("--draw", type=int, help="draw this many standard normal vectors")
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--output", help="latent dataset CSV (.csv or .csv.gz)")
    parser.add_argument("--outcomes", help="index,passed CSV for ganfilter latent assemble")
    parser.add_argument("--save-vectors", help="the drawn vectors as float32 .npy")
    parser.add_argument("--inference-mode", action="store_true", help="normalise with fixed statistics of 10,000 unscreened draws")
    args = parser.parse_args()
    if not (args.output or args.outcomes):
        parser.error("give --output or --outcomes")
    if args.vectors:
        z = np.load(args.vectors).astype(np.float64)
    else:
        z = np.round(np.random.default_rng(args.seed).standard_normal((args.draw, sg.LATENT)), 4)
        if args.save_vectors:
            np.save(args.save_vectors, z.astype(np.float32))
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

    statistics = None
    if args.inference_mode:
        reference = np.round(np.random.default_rng(99).standard_normal((10000, sg.LATENT)), 4).astype(np.float32)
        statistics = measured_statistics(params, reference)
    outcomes = []
    for start in range(0, len(z), 500):
        block = z[start:start + 500]
        images = sg.generate(params, block.astype(np.float32)) if statistics is None else generate_fixed(params, block, statistics)
        outcomes += [passed(sg.at64(np.asarray(sg.to256(prob)))) for prob in images]
    good = sum(outcomes)
    if args.output:
        with (gzip.open(args.output, "wt", compresslevel=6) if args.output.endswith(".gz") else open(args.output, "w")) as f:
            f.write("group,passed," + ",".join(f"z{k}" for k in range(sg.LATENT)) + "\n")
            for vector, ok in zip(z, outcomes):
                f.write("gan," + ("1" if ok else "0") + "," + ",".join(f"{v:.4f}" for v in vector) + "\n")
    if args.outcomes:
        with open(args.outcomes, "w") as f:
            f.write("index,passed\n" + "".join(f"{i},{1 if ok else 0}\n" for i, ok in enumerate(outcomes)))
    print(f"{len(z)} vectors: {good} passed ({good / max(len(z), 1):.4f})")


if __name__ == "__main__":
    main()
