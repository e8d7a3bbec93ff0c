#!/usr/bin/env python3
"""A third generator, of another kind than the two GANs: a linear shape model of the real masks, sampled wide.

Run from the repository root (seconds; CI never remakes it):

    pip install numpy pillow
    python3 bench/generator3/sample_shape_model.py
    python3 bench/label_rules.py bench/generator3/masks --reference SHENZHEN_DIR

The 138 Montgomery masks (masks/lung256), brought to 64x64 (bilinear, as grey levels), are the rows of a
principal component analysis (NumPy's SVD of the centred rows). A mask is the mean plus the first 24
components, each weighted by a normal draw of 1.6 times that component's standard deviation (seed 7),
clipped to [0, 1], resized to 256x256 (bilinear) and cut at one half. Its failures are a linear model's: blends
of two lungs' outlines, ghost lobes, lungs too wide, too short or merged, with none of a GAN's texture.
It was added after every design choice of the few-label loop was made, as a check that none is tuned to the
two GANs: nothing was changed after its numbers came in.

Writes bench/generator3/masks/shape_NNNN.png (1,000 masks, 0 or 255). label_rules.py then writes
outline.csv and shape.csv, both rules calibrated on the Shenzhen masks, which no filter of the bench uses.
"""
import glob
import os

import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "bench", "generator3", "masks")
COMPONENTS = 24
WIDTH = 1.6


def main():
    paths = sorted(glob.glob(os.path.join(ROOT, "masks", "lung256", "*.png")))
    rows = np.array([np.asarray(Image.open(p).convert("L").resize((64, 64), Image.BILINEAR), float).ravel() / 255
                     for p in paths])
    mean = rows.mean(axis=0)
    _, singular, components = np.linalg.svd(rows - mean, full_matrices=False)
    sd = singular[:COMPONENTS] / np.sqrt(len(rows) - 1)
    weights = np.random.default_rng(7).standard_normal((1000, COMPONENTS)) * sd * WIDTH
    maps = np.clip(mean + weights @ components[:COMPONENTS], 0, 1)
    os.makedirs(OUT, exist_ok=True)
    for i, values in enumerate(maps):
        grey = Image.fromarray((values.reshape(64, 64) * 255 + 0.5).astype(np.uint8), mode="L").resize((256, 256), Image.BILINEAR)
        mask = (np.asarray(grey) >= 128).astype(np.uint8) * 255
        Image.fromarray(mask, mode="L").save(os.path.join(OUT, f"shape_{i:04d}.png"), optimize=True)
    print(f"wrote {len(maps)} masks to {OUT}")


if __name__ == "__main__":
    main()
