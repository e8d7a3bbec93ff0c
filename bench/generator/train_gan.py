#!/usr/bin/env python3
"""A small DCGAN trained on the 138 Montgomery lung masks: the real generator ganfilter is checked on.

Run from the repository root (CPU, a few minutes on two cores; CI never retrains):

    pip install numpy jax pillow
    python3 bench/generator/train_gan.py

It reads masks/lung/MCUCXR_*.png, brings each to 32x32 by area averaging (a probability map in [0, 1]),
and trains a DCGAN with the non-saturating loss, one-sided label smoothing (0.9) and Adam (lr 2e-4, beta1
0.5), batch 64, seed 0, for STEPS steps, with random shifts of up to 2 pixels. The generator maps
z ~ N(0, I_128) through a dense layer to 4x4x128 and three transposed convolutions (stride 2, 4x4 kernels,
ReLU) to a 32x32 sigmoid map; the discriminator mirrors it with strided convolutions and leaky ReLU. It
writes bench/generator/generator.npz (the generator's weights). Training is kept short on purpose: the
generator must make both plausible masks and failures.
"""
import glob
import os
import sys

import jax
import jax.numpy as jnp
import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "bench", "generator", "generator.npz")
LATENT = 128
STEPS = int(os.environ.get("STEPS", "3000"))


def load_masks():
    paths = sorted(glob.glob(os.path.join(ROOT, "masks", "lung", "MCUCXR_*.png")))
    masks = []
    for path in paths:
        grey = np.asarray(Image.open(path).convert("L"), dtype=np.float32) / 255
        h, w = grey.shape
        masks.append(grey.reshape(32, h // 32, 32, w // 32).mean(axis=(1, 3)))
    data = np.stack(masks)[:, None] * 2 - 1  # N x 1 x 32 x 32, probabilities mapped to [-1, 1]
    return data


def init_params(key):
    keys = jax.random.split(key, 16)
    def normal(k, shape, scale=0.02):
        return scale * jax.random.normal(k, shape)
    g = {"dense": normal(keys[0], (LATENT, 4 * 4 * 128)), "dense_b": jnp.zeros(4 * 4 * 128)}
    channels = [128, 64, 32, 1]
    for i in range(3):
        g[f"t{i}"] = normal(keys[1 + i], (channels[i + 1], channels[i], 4, 4))  # OIHW for the transposed conv
        g[f"tb{i}"] = jnp.zeros(channels[i + 1])
    d = {}
    dch = [1, 32, 64, 128]
    for i in range(3):
        d[f"c{i}"] = normal(keys[6 + i], (dch[i + 1], dch[i], 4, 4))
        d[f"cb{i}"] = jnp.zeros(dch[i + 1])
    d["out"] = normal(keys[12], (128 * 4 * 4, 1))
    d["out_b"] = jnp.zeros(1)
    return g, d


def normalise(x, axes):
    # Batch normalisation without learned scale (DCGAN's generator needs it to train at all).
    mean = x.mean(axis=axes, keepdims=True)
    return (x - mean) / jnp.sqrt(x.var(axis=axes, keepdims=True) + 1e-5)


def generate(g, z):
    x = jnp.maximum(normalise(z @ g["dense"] + g["dense_b"], (0,)), 0).reshape(-1, 128, 4, 4)
    for i in range(3):
        x = jax.lax.conv_transpose(x, g[f"t{i}"], strides=(2, 2), padding="SAME", dimension_numbers=("NCHW", "OIHW", "NCHW"))
        x = x + g[f"tb{i}"][None, :, None, None]
        x = jnp.tanh(x) if i == 2 else jnp.maximum(normalise(x, (0, 2, 3)), 0)
    return x  # in [-1, 1]: the probability map is (x + 1) / 2


def discriminate(d, x):
    for i in range(3):
        x = jax.lax.conv_general_dilated(x, d[f"c{i}"], window_strides=(2, 2), padding="SAME",
                                         dimension_numbers=("NCHW", "OIHW", "NCHW"))
        x = x + d[f"cb{i}"][None, :, None, None]
        x = jnp.where(x > 0, x, 0.2 * x)
    return x.reshape(x.shape[0], -1) @ d["out"] + d["out_b"]


def adam_init(params):
    return jax.tree_util.tree_map(jnp.zeros_like, params), jax.tree_util.tree_map(jnp.zeros_like, params)


def adam_step(params, grads, state, t, lr, b1=0.5, b2=0.999):
    m, v = state
    m = jax.tree_util.tree_map(lambda m, g: b1 * m + (1 - b1) * g, m, grads)
    v = jax.tree_util.tree_map(lambda v, g: b2 * v + (1 - b2) * g * g, v, grads)
    params = jax.tree_util.tree_map(lambda p, m, v: p - lr * (m / (1 - b1 ** t)) / (jnp.sqrt(v / (1 - b2 ** t)) + 1e-8),
                                    params, m, v)
    return params, (m, v)


def make_train_step(generate, discriminate, latent):
    """One jitted step of both networks for a generator and a discriminator (the second generator's too)."""
    def d_loss(d, g, real, z, key):
        # Instance noise on both what is real and what is generated keeps the discriminator from winning outright.
        real = real + 0.1 * jax.random.normal(key, real.shape)
        fake = generate(g, z)
        fake = fake + 0.1 * jax.random.normal(jax.random.fold_in(key, 1), fake.shape)
        real_logits = discriminate(d, real)
        # One-sided label smoothing: real targets 0.9, so the discriminator cannot win outright.
        real_loss = 0.9 * jax.nn.softplus(-real_logits) + 0.1 * jax.nn.softplus(real_logits)
        return jnp.mean(real_loss) + jnp.mean(jax.nn.softplus(discriminate(d, fake)))

    def g_loss(g, d, z):
        return jnp.mean(jax.nn.softplus(-discriminate(d, generate(g, z))))

    @jax.jit
    def train_step(g, d, gs, ds, t, real, key):
        k1, k2 = jax.random.split(key)
        z = jax.random.normal(k1, (real.shape[0], latent))
        dl, dgrad = jax.value_and_grad(d_loss)(d, g, real, z, jax.random.fold_in(key, 7))
        d, ds = adam_step(d, dgrad, ds, t, 1e-4)
        z = jax.random.normal(k2, (real.shape[0], latent))
        gl, ggrad = jax.value_and_grad(g_loss)(g, d, z)
        g, gs = adam_step(g, ggrad, gs, t, 2e-4)
        return g, d, gs, ds, dl, gl

    return train_step


train_step = make_train_step(generate, discriminate, LATENT)


def train(data, init_params, train_step, generate, latent, seed, shift, out):
    """Trains STEPS steps on batches of 64 of `data`, each moved by up to `shift` pixels, and writes the
    generator's weights to `out` (the second generator's loop too)."""
    rng = np.random.default_rng(0)
    key = jax.random.PRNGKey(seed)
    g, d = init_params(key)
    gs, ds = adam_init(g), adam_init(d)
    for step in range(1, STEPS + 1):
        batch = data[rng.integers(0, len(data), 64)]
        shifts = rng.integers(-shift, shift + 1, size=2)
        batch = np.roll(batch, tuple(shifts), axis=(2, 3))
        key, sub = jax.random.split(key)
        g, d, gs, ds, dl, gl = train_step(g, d, gs, ds, step, jnp.asarray(batch), sub)
        if step % 100 == 0:
            sample = generate(g, jax.random.normal(jax.random.PRNGKey(99), (64, latent)))
            print(f"step {step}: d {float(dl):.3f} g {float(gl):.3f} foreground {float((sample > 0).mean()):.3f}", flush=True)
    np.savez_compressed(out, **{k: np.asarray(v) for k, v in g.items()})
    print("wrote", out)


def main():
    train(load_masks(), init_params, train_step, generate, LATENT, seed=0, shift=2, out=OUT)


if __name__ == "__main__":
    sys.exit(main())
