#!/usr/bin/env python3
"""Samples the second generator (bench/generator2/generator.npz) and labels what it makes.

Run from the repository root after train_gan.py (a minute on two cores):

    pip install numpy scipy jax pillow
    python3 bench/generator2/sample_gan.py
    python3 bench/label_rules.py bench/generator2/masks --reference SHENZHEN_DIR

Writes, from seed 2, bench/generator2/masks/gen2_NNNN.png (1,000 masks: the 64x64 output resized to
256x256, bilinear, as 8-bit probability maps) and bench/generator2/masks/z.npy (their latent vectors, float32,
row i = gen2_i). label_rules.py then writes outline.csv and shape.csv, both rules calibrated on the Shenzhen
masks, which no filter of the bench uses.
"""
import os
import sys

import jax.numpy as jnp
import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "bench", "generator2")
sys.path.insert(0, HERE)
import train_gan  # noqa: E402


def main():
    params = {k: jnp.asarray(v) for k, v in np.load(os.path.join(HERE, "generator.npz")).items()}
    rng = np.random.default_rng(2)
    z = np.round(rng.standard_normal((1000, train_gan.LATENT)), 4).astype(np.float32)
    probs = (np.asarray(train_gan.generate(params, jnp.asarray(z)))[:, 0] + 1) / 2
    os.makedirs(os.path.join(HERE, "masks"), exist_ok=True)
    for i, prob in enumerate(probs):
        image = Image.fromarray(np.clip(prob * 255 + 0.5, 0, 255).astype(np.uint8), mode="L").resize((256, 256), Image.BILINEAR)
        image.save(os.path.join(HERE, "masks", f"gen2_{i:04d}.png"), optimize=True)
    np.save(os.path.join(HERE, "masks", "z.npy"), z)
    print(f"wrote 1000 masks to {os.path.join(HERE, 'masks')}")


if __name__ == "__main__":
    main()
