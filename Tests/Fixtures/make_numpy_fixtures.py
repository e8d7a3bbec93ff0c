#!/usr/bin/env python3
"""Small .npy files written by NumPy itself, for ganfilter's .npy reader tests.

    pip install numpy
    python3 Tests/Fixtures/make_numpy_fixtures.py

Writes Tests/Fixtures/npy/: the same 5 x 3 array (values i * 3 + j + 0.25, row i, column j) as float32 and
float64 in format versions 1.0, 2.0 and 3.0, and in the layouts NumPy reads too: Fortran order (fortran.npy,
float64; fortran_f4.npy), big-endian (big_endian.npy, >f8; big_endian_f4.npy), both (fortran_big_endian.npy,
>f4 in Fortran order), with axes of one (dcgan.npy, <f4 shaped 5 x 3 x 1 x 1 as PyTorch's DCGAN draws latents;
axis_of_one_fortran.npy, >f8 shaped 5 x 1 x 3 in Fortran order); and files the reader must refuse: int32, 1-D,
three_dimensional (5 x 3 x 2), and a header that promises more rows than the file holds. Also .npz archives: stored
(np.savez), deflated (np.savez_compressed; deflated_large.npz, 4,096 x 8), with two arrays, ZIP64 (forced), and a truncated one. And a latent
dataset archive, dataset.npz (np.savez_compressed): z (6 x 3 float32, row 4 holding a NaN), group ('<U6'),
valid (bool), passed (int8 0/1), kept (float64 0/1), the five scores (float64, consistent with valid) and
quality (0.5s: not a target); dataset_no_group.npz, the same without group; and dataset_fortran.npz, the same
values as pandas' `df[cols].to_numpy()` and a big-endian writer leave them: z in Fortran order as >f8, passed as
>i4, group as >U6; dataset_dcgan.npz, the same with z shaped 6 x 3 x 1 x 1 (a DCGAN's latents). And latent_c.npz / latent_fortran_be.npz (600 records to train on: z, group, passed, valid = passed and the five
scores consistent with it; the second
in Fortran order with big-endian types) with z_c.npy / z_fortran_be.npy (200 vectors to screen), for the latent
commands run on both layouts.
"""
import io
import zipfile
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "npy")


def save(name, array, version=None):
    with open(os.path.join(OUT, name), "wb") as handle:
        np.lib.format.write_array(handle, array, version=version, allow_pickle=False)


def main():
    os.makedirs(OUT, exist_ok=True)
    base = np.arange(15, dtype=np.float64).reshape(5, 3) + 0.25
    for version in ((1, 0), (2, 0), (3, 0)):
        save(f"f4_v{version[0]}.npy", base.astype("<f4"), version)
        save(f"f8_v{version[0]}.npy", base.astype("<f8"), version)
    save("fortran.npy", np.asfortranarray(base))
    save("int32.npy", base.astype("<i4"))
    save("big_endian.npy", base.astype(">f8"))
    save("fortran_f4.npy", np.asfortranarray(base.astype("<f4")))
    save("big_endian_f4.npy", base.astype(">f4"))
    save("fortran_big_endian.npy", np.asfortranarray(base.astype(">f4")))
    save("one_dimensional.npy", base[:, 0].copy())
    save("dcgan.npy", base.astype("<f4")[:, :, None, None])
    save("axis_of_one_fortran.npy", np.asfortranarray(base.astype(">f8")[:, None, :]))
    save("three_dimensional.npy", np.stack([base, base], axis=2))
    save("empty.npy", np.zeros((0, 3), dtype="<f4"))
    np.savez(os.path.join(OUT, "stored.npz"), base.astype("<f4"))
    np.savez_compressed(os.path.join(OUT, "deflated.npz"), z=base)
    # 4,096 x 8 float64 (256 KB inflated, a few KB deflated): more than a small file-size limit lets it inflate.
    np.savez_compressed(os.path.join(OUT, "deflated_large.npz"), z=np.tile(np.linspace(-1, 1, 8), (4096, 1)))
    np.savez(os.path.join(OUT, "two_arrays.npz"), a=base, b=base * 2)
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, base)
    with zipfile.ZipFile(os.path.join(OUT, "zip64.npz"), "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("arr_0.npy", "w", force_zip64=True) as member:
            member.write(buffer.getvalue())
    with open(os.path.join(OUT, "deflated.npz"), "rb") as handle:
        compressed = handle.read()
    with open(os.path.join(OUT, "truncated.npz"), "wb") as handle:
        handle.write(compressed[: len(compressed) // 2])
    z = np.array([[0.5, -1.25, 2], [1, 1, 1], [-0.75, 0.125, 3], [2, -2, 0.5], [np.nan, 0, 0], [0.25, 0.25, -0.25]], dtype="<f4")
    valid = np.array([True, False, True, False, False, True])
    scores = {name: np.where(valid, 0.5 + i, -0.5 - i).astype("<f8")
              for i, name in enumerate(["score_shape", "score_abnormal", "score_maxheat", "score_symmetry", "score_left2right"])}
    columns = dict(z=z, valid=valid, passed=np.array([1, 0, 0, 1, 1, 0], dtype="i1"),
                   kept=np.array([0, 0, 1, 1, 0, 1], dtype="<f8"), quality=np.full(6, 0.5), **scores)
    np.savez_compressed(os.path.join(OUT, "dataset.npz"), group=np.array(["gan_a", "gan_b", "gan_a", "gan_a", "gan_b", "gan_b"]),
                        **columns)
    np.savez(os.path.join(OUT, "dataset_no_group.npz"), **columns)
    swapped = dict(columns, z=np.asfortranarray(z.astype(">f8")), passed=columns["passed"].astype(">i4"))
    np.savez(os.path.join(OUT, "dataset_fortran.npz"), group=np.array(["gan_a", "gan_b", "gan_a", "gan_a", "gan_b", "gan_b"], dtype=">U6"),
             **swapped)
    np.savez(os.path.join(OUT, "dataset_dcgan.npz"), group=np.array(["gan_a", "gan_b", "gan_a", "gan_a", "gan_b", "gan_b"]),
             **dict(columns, z=z[:, :, None, None]))
    # A latent dataset large enough to train on (600 records, d = 4, group "g", passed from a noisy rule on z),
    # as little-endian C order and as Fortran order with big-endian types; and vectors to screen and assemble, both ways.
    rng = np.random.default_rng(11)
    latents = rng.normal(size=(600, 4))
    passed = (latents[:, 0] - 0.5 * latents[:, 1] + rng.normal(0, 0.7, 600) > 0.3).astype("i1")
    groups = np.array(["g"] * 600)
    valid = passed.astype(bool)
    noise = rng.uniform(0, 1, size=(600, 5))
    study = {name: np.where(valid, 0.5 + i + noise[:, i], -0.5 - i - noise[:, i])
             for i, name in enumerate(["score_shape", "score_abnormal", "score_maxheat", "score_symmetry", "score_left2right"])}
    np.savez(os.path.join(OUT, "latent_c.npz"), z=latents.astype("<f8"), group=groups, passed=passed, valid=valid, **study)
    np.savez(os.path.join(OUT, "latent_fortran_be.npz"), z=np.asfortranarray(latents.astype(">f8")), group=groups.astype(">U1"),
             passed=passed.astype(">i2"), valid=valid, **{name: values.astype(">f8") for name, values in study.items()})
    vectors = rng.normal(size=(200, 4)).astype("<f4")
    save("z_c.npy", vectors)
    save("z_fortran_be.npy", np.asfortranarray(vectors.astype(">f4")))
    with open(os.path.join(OUT, "f8_v1.npy"), "rb") as handle:
        data = handle.read()
    with open(os.path.join(OUT, "lying_header.npy"), "wb") as handle:
        handle.write(data[:-8])  # one value short of what the header promises


if __name__ == "__main__":
    main()
