#!/usr/bin/env python3
"""Small .npy files written by NumPy itself, for ganfilter's .npy reader tests.

    pip install numpy
    python3 Tests/Fixtures/make_numpy_fixtures.py

Writes Tests/Fixtures/npy/: the same 5 x 3 array (values i * 3 + j + 0.25, row i, column j) as float32 and
float64 in format versions 1.0, 2.0 and 3.0, and files the reader must refuse: Fortran order, int32,
big-endian, 1-D, and a header that promises more rows than the file holds. Also .npz archives: stored
(np.savez), deflated (np.savez_compressed), with two arrays, ZIP64 (forced), and a truncated one.
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
    save("one_dimensional.npy", base[:, 0].copy())
    save("empty.npy", np.zeros((0, 3), dtype="<f4"))
    np.savez(os.path.join(OUT, "stored.npz"), base.astype("<f4"))
    np.savez_compressed(os.path.join(OUT, "deflated.npz"), z=base)
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
    with open(os.path.join(OUT, "f8_v1.npy"), "rb") as handle:
        data = handle.read()
    with open(os.path.join(OUT, "lying_header.npy"), "wb") as handle:
        handle.write(data[:-8])  # one value short of what the header promises


if __name__ == "__main__":
    main()
