#!/usr/bin/env python3
"""Screen latent vectors in-process with NumPy alone, from a ganfilter prefilter model file (logistic regression
or MLP): the function `keep` is the README's snippet, to paste into a PyTorch or JAX sampling loop.

    python3 examples/screen_numpy.py prefilter.json GROUP z.npy [--strategy NAME] [--indices kept.txt]

The kept set equals `ganfilter latent screen`'s on the same vectors, except vectors within about 1e-6 of the
threshold (float32 input is scored in float32 arithmetic there).
"""
import argparse
import json

import numpy as np


def keep(z, model, group, strategy=None):
    """Which rows of z (n x d) the group's prefilter keeps, at the threshold of `strategy` (default: the model's)."""
    entry = next(g for g in model["groups"] if g["group"] == group)
    name = strategy or entry["strategy"]
    threshold = next(t["threshold"] for t in entry["thresholds"] if t["strategy"] == name)
    c = entry["classifier"]
    x = np.asarray(z, dtype=np.float64)
    if model["add_norm"]:
        x = np.hstack([x, (x * x).sum(axis=1, keepdims=True)])
    x = (x - np.asarray(c["means"])) / np.asarray(c["scales"])
    if c["kind"] == "logreg":
        p = 1 / (1 + np.exp(-(x @ np.asarray(c["coefficients"]) + c["intercept"])))
    elif c["kind"] == "mlp":
        h = x.astype(np.float32)
        for i, layer in enumerate(c["layers"]):
            w = np.asarray(layer["weights"], np.float32).reshape(layer["input_count"], layer["output_count"])
            h = h @ w + np.asarray(layer["biases"], np.float32)
            h = np.maximum(h, 0) if i < len(c["layers"]) - 1 else 1 / (1 + np.exp(-h))
        p = h[:, 0]
    else:
        raise ValueError(f"a {c['kind']} model: use ganfilter latent screen")
    return np.isfinite(x).all(axis=1) & (p >= threshold)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("group")
    parser.add_argument("vectors")
    parser.add_argument("--strategy")
    parser.add_argument("--indices", help="write the kept rows' 0-based indices here, one per line")
    args = parser.parse_args()
    with open(args.model) as f:
        model = json.load(f)
    kept = keep(np.load(args.vectors), model, args.group, args.strategy)
    print(f"kept {int(kept.sum())} of {len(kept)} vectors")
    if args.indices:
        np.savetxt(args.indices, np.flatnonzero(kept), fmt="%d")


if __name__ == "__main__":
    main()
