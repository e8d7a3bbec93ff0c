#!/usr/bin/env python3
"""A second generator, built and trained unlike the first: the bench's check that nothing is tuned to one GAN.

Run from the repository root (CPU, about fifteen minutes on two cores; CI never retrains):

    pip install numpy jax pillow
    python3 bench/generator2/train_gan.py

Where bench/generator/train_gan.py makes 32x32 maps with transposed convolutions from z ~ N(0, I_128) and
trains 3,000 steps, this one makes 64x64 maps from z ~ N(0, I_64) by nearest-neighbour upsampling and 3x3
convolutions (four stages, 4 -> 64, channels 64-48-32-16), with a discriminator of four strided 3x3
convolutions, for STEPS = 3,000 steps. Its failures are others than the first's: blotchy outlines, lungs
fused at the apex, broken into pieces or bent. (Stopped at 1,200 steps it made almost nothing the outline rule
accepts: 1.5%.) The data are the same 138 Montgomery masks (masks/lung256)
brought to 64x64 by 4x4 area averaging, with shifts of up to 4 pixels. The loss, the optimiser and the
discriminator's instance noise are the first generator's (its make_train_step). Writes
bench/generator2/generator.npz.
"""
import glob
import importlib.util
import os
import sys

import jax
import jax.numpy as jnp
import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The first generator's script (adam_init, adam_step, normalise), loaded under its own name.
_spec = importlib.util.spec_from_file_location("first_generator", os.path.join(ROOT, "bench", "generator", "train_gan.py"))
first = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(first)

OUT = os.path.join(ROOT, "bench", "generator2", "generator.npz")
LATENT = 64
SIZE = 64
STEPS = int(os.environ.get("STEPS", "3000"))
G_CHANNELS = [64, 48, 32, 16]
D_CHANNELS = [1, 16, 32, 48, 64]


def load_masks():
    masks = []
    for path in sorted(glob.glob(os.path.join(ROOT, "masks", "lung256", "*.png"))):
        grey = np.asarray(Image.open(path).convert("L"), dtype=np.float32) / 255
        masks.append(grey.reshape(SIZE, 4, SIZE, 4).mean(axis=(1, 3)))
    return np.stack(masks)[:, None] * 2 - 1


def init_params(key):
    keys = jax.random.split(key, 16)
    normal = lambda k, shape: 0.02 * jax.random.normal(k, shape)
    g = {"dense": normal(keys[0], (LATENT, 4 * 4 * G_CHANNELS[0])), "dense_b": jnp.zeros(4 * 4 * G_CHANNELS[0])}
    for i in range(4):
        out = G_CHANNELS[i + 1] if i < 3 else 1
        g[f"u{i}"] = normal(keys[1 + i], (out, G_CHANNELS[i], 3, 3))
        g[f"ub{i}"] = jnp.zeros(out)
    d = {}
    for i in range(4):
        d[f"c{i}"] = normal(keys[6 + i], (D_CHANNELS[i + 1], D_CHANNELS[i], 3, 3))
        d[f"cb{i}"] = jnp.zeros(D_CHANNELS[i + 1])
    d["out"] = normal(keys[12], (D_CHANNELS[-1] * 4 * 4, 1))
    d["out_b"] = jnp.zeros(1)
    return g, d


def conv(x, w, stride):
    return jax.lax.conv_general_dilated(x, w, window_strides=(stride, stride), padding="SAME",
                                        dimension_numbers=("NCHW", "OIHW", "NCHW"))


def generate(g, z):
    x = jnp.maximum(first.normalise(z @ g["dense"] + g["dense_b"], (0,)), 0).reshape(-1, G_CHANNELS[0], 4, 4)
    for i in range(4):
        x = jnp.repeat(jnp.repeat(x, 2, axis=2), 2, axis=3)
        x = conv(x, g[f"u{i}"], 1) + g[f"ub{i}"][None, :, None, None]
        x = jnp.tanh(x) if i == 3 else jnp.maximum(first.normalise(x, (0, 2, 3)), 0)
    return x


def discriminate(d, x):
    for i in range(4):
        x = conv(x, d[f"c{i}"], 2) + d[f"cb{i}"][None, :, None, None]
        x = jnp.where(x > 0, x, 0.2 * x)
    return x.reshape(x.shape[0], -1) @ d["out"] + d["out_b"]


train_step = first.make_train_step(generate, discriminate, LATENT)


def main():
    first.STEPS = STEPS
    first.train(load_masks(), init_params, train_step, generate, LATENT, seed=1, shift=4, out=OUT)


if __name__ == "__main__":
    sys.exit(main())
