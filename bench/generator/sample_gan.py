#!/usr/bin/env python3
"""Samples the trained generator (bench/generator/generator.npz) and labels what it makes.

Run from the repository root after train_gan.py (seconds to a few minutes on two cores):

    pip install numpy scipy jax pillow
    python3 bench/generator/sample_gan.py

Writes, all from seed 1:
  bench/generator/masks/gan_NNNN.png   1,000 masks: the 32x32 sigmoid output resized to 256x256 (bilinear),
                                       as 8-bit probability maps (threshold 128, as every mask)
  bench/generator/masks/labels.csv     file,label by the rule below
  bench/generator/masks/gross.csv      file,label: bad for the gross failures only (the second rule below)
  bench/generator/masks/z.npy          their latent vectors, float32, row i = gan_i
  docs/generator_grid.png              the first 32, framed green (good) or red (bad)
  bench/generator/latent.csv.gz        20,000 more records in ganfilter's latent dataset format:
                                       group (gan), passed (the rule), z0..z127 (4 decimals)

The rule (implausible lung fields), computed on the mask's outline, not on anything ganfilter measures:
a mask is implausible when its outline lies far from the outline of every real lung pair. For each real
Montgomery mask (masks/lung256), the generated mask is scaled about its centroid to the real mask's area and
moved onto its centroid; the distance is the symmetric Hausdorff distance between the two outlines (foreground
pixels with a background 4-neighbour, at 64x64). A mask whose nearest real outline is farther than the 95th
percentile of the real masks' own leave-one-out nearest distance is labelled bad; an empty mask is bad.
A radiologist reads lung fields by their outline (costophrenic angles, apices, the cardiac border), and
an outline that no real patient's outline comes within that distance of is not a plausible pair of lungs.
It differs from the filter's columns: they measure overlap (Dice, translation only), components, holes,
hulls and halves; the rule measures the worst boundary deviation after matching scale.

Gross failures (gross.csv): masks whose nearest real outline is farther than the largest leave-one-out distance
of any real mask, i.e. farther from every real lung pair than any real lung pair is from its nearest other;
an empty mask is one. These are the fused, missing, fragmented and shapeless ones.
"""
import glob
import gzip
import os

import numpy as np
from PIL import Image
from scipy import ndimage
from scipy.spatial import cKDTree

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HERE = os.path.join(ROOT, "bench", "generator")
LATENT = 128


def generate(params, z):
    # The generator of train_gan.py.
    import jax
    import jax.numpy as jnp
    def normalise(x, axes):
        mean = x.mean(axis=axes, keepdims=True)
        return (x - mean) / jnp.sqrt(x.var(axis=axes, keepdims=True) + 1e-5)
    x = jnp.maximum(normalise(jnp.asarray(z) @ params["dense"] + params["dense_b"], (0,)), 0).reshape(-1, 128, 4, 4)
    for i in range(3):
        x = jax.lax.conv_transpose(x, params[f"t{i}"], strides=(2, 2), padding="SAME", dimension_numbers=("NCHW", "OIHW", "NCHW"))
        x = x + params[f"tb{i}"][None, :, None, None]
        x = jnp.tanh(x) if i == 2 else jnp.maximum(normalise(x, (0, 2, 3)), 0)
    return np.asarray((x[:, 0] + 1) / 2)


def to256(prob):
    image = Image.fromarray(np.clip(prob * 255 + 0.5, 0, 255).astype(np.uint8), mode="L")
    return image.resize((256, 256), Image.BILINEAR)


def outline(mask):
    return np.argwhere(mask & ~ndimage.binary_erosion(mask, border_value=0)).astype(float)


def normalised(mask):
    """Outline points centred on the centroid and scaled to unit area (sqrt of the pixel count)."""
    points = np.argwhere(mask).astype(float)
    centre = points.mean(axis=0)
    return (outline(mask) - centre) / np.sqrt(mask.sum())


def hausdorff(a, b, tree_a=None, tree_b=None):
    tree_a = tree_a or cKDTree(a)
    tree_b = tree_b or cKDTree(b)
    return max(tree_b.query(a)[0].max(), tree_a.query(b)[0].max())


def at64(grey256):
    return np.asarray(Image.fromarray(grey256).resize((64, 64), Image.BILINEAR)) >= 128


def grid(rows):
    """docs/generator_grid.png: the first 32 masks, 8 a row, framed green (good) or red (bad) by the rule."""
    tile, frame = 96, 4
    sheet = Image.new("RGB", (8 * tile, 4 * tile), "white")
    for index, row in enumerate(rows):
        name, verdict = row.split(",")
        mask = Image.open(os.path.join(HERE, "masks", name)).convert("L").resize((tile - 2 * frame, tile - 2 * frame))
        cell = Image.new("RGB", (tile, tile), (40, 160, 70) if verdict == "good" else (200, 50, 40))
        cell.paste(Image.merge("RGB", (mask, mask, mask)), (frame, frame))
        sheet.paste(cell, ((index % 8) * tile, (index // 8) * tile))
    sheet.save(os.path.join(ROOT, "docs", "generator_grid.png"), optimize=True)


def main():
    params = dict(np.load(os.path.join(HERE, "generator.npz")))
    real = [at64(np.asarray(Image.open(p).convert("L"))) for p in sorted(glob.glob(os.path.join(ROOT, "masks", "lung256", "*.png")))]
    real_outlines = [normalised(m) for m in real]
    real_trees = [cKDTree(b) for b in real_outlines]
    scale = np.sqrt(np.mean([m.sum() for m in real]))  # back to pixels of a typical real mask at 64x64
    loo = [min(hausdorff(a, b, real_trees[i], real_trees[j]) for j, b in enumerate(real_outlines) if j != i)
           for i, a in enumerate(real_outlines)]
    limit = np.percentile(loo, 95)
    print(f"rule: nearest real outline within {limit * scale:.2f} px at 64x64 (95th percentile of real masks)")

    def nearest(mask):
        if mask.sum() < 4:
            return np.inf
        points = normalised(mask)
        tree = cKDTree(points)
        return min(hausdorff(points, b, tree, t) for b, t in zip(real_outlines, real_trees))

    def label(mask):
        return nearest(mask) <= limit

    rng = np.random.default_rng(1)
    os.makedirs(os.path.join(HERE, "masks"), exist_ok=True)
    # Latents are rounded to the 4 decimals the dataset keeps before they are generated from.
    z = np.round(rng.standard_normal((1000, LATENT)), 4).astype(np.float32)
    probs = generate(params, z)
    rows, gross = ["file,label"], ["file,label"]
    for i, prob in enumerate(probs):
        image = to256(prob)
        name = f"gan_{i:04d}.png"
        image.save(os.path.join(HERE, "masks", name), optimize=True)
        distance = nearest(at64(np.asarray(image)))
        rows.append(f"{name},{'good' if distance <= limit else 'bad'}")
        gross.append(f"{name},{'bad' if distance > max(loo) else 'good'}")
    with open(os.path.join(HERE, "masks", "labels.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    with open(os.path.join(HERE, "masks", "gross.csv"), "w") as f:
        f.write("\n".join(gross) + "\n")
    np.save(os.path.join(HERE, "masks", "z.npy"), z)
    good = sum(r.endswith(",good") for r in rows[1:])
    print(f"1000 masks: {good} good, {1000 - good} bad")
    grid(rows[1:33])

    latent = np.round(rng.standard_normal((20000, LATENT)), 4).astype(np.float32)
    with gzip.open(os.path.join(HERE, "latent.csv.gz"), "wt", compresslevel=9) as f:
        f.write("group,passed," + ",".join(f"z{k}" for k in range(LATENT)) + "\n")
        passed = 0
        for start in range(0, len(latent), 500):
            block = latent[start:start + 500]
            for vector, prob in zip(block, generate(params, block)):
                ok = label(at64(np.asarray(to256(prob))))
                passed += ok
                f.write("gan," + ("1" if ok else "0") + "," + ",".join(f"{v:.4f}" for v in vector) + "\n")
    print(f"20000 latent records: {passed} passed")


if __name__ == "__main__":
    main()
