#!/usr/bin/env python3
"""Stacks of masks written by NumPy itself, for ganfilter's mask-stack reader (MaskStack) and the features of
masks given as arrays.

    pip install numpy
    python3 Tests/Fixtures/make_mask_stack_fixtures.py

Writes Tests/Fixtures/stacks/: 7 grey masks of 23 x 37 pixels (N x H x W; two noisy blobs, the lungs, on grey
values 0-255, mask 5 empty), seed 7, as

- grey.npy (uint8, C order) and grey_fortran.npy (uint8, Fortran order);
- bool.npy (grey >= 128) and bool_fortran.npy;
- prob_be.npy (grey / 255 as >f4, C order) and prob_f8_fortran.npy (<f8, Fortran order): cut at 0.5, these
  are the same masks as grey at threshold 128;
- masks.npz (np.savez_compressed: members masks = grey, other = bool) and stored.npz (np.savez: the grey
  stack as its only member);
- labels01.npy ((grey >= 128) as uint8 0/1, C order), channel_first_fortran.npy (grey as N x 1 x H x W, Fortran
  order) and channel_last.npy (the 0/1 masks as N x H x W x 1): a 0/1 mask reads its 1s at any grey threshold,
  and a channel of one is dropped;
- integers other than uint8, read as grey levels 0-255: int32.npy (grey as <i4), uint16_fortran.npy (grey as >u2,
  Fortran order), labels_int64.npy (the 0/1 masks as <i8, as PyTorch's `.long()` gives them), and
  outside_int16.npy (grey as <i2 with -1 in mask 2 at row 4, column 9, and 300 in mask 4 at row 1, column 2:
  those two masks are unreadable); prob_f2.npy (prob as <f2, whose cut at 0.5 gives the same masks);
- nan.npy (prob as <f4 with a NaN in mask 2); outside_f4.npy (prob as <f4 with mask 0 stretched to -0.1..1.1,
  still read, mask 1 as grey levels 0-255, mask 3 as a tanh output -1..1 and an infinity in mask 4 at row 1,
  column 2: those three are unreadable), and refused files: flat.npy (one 2-D mask), complex.npy (<c8);
- expected.json: per mask, at grey thresholds 128 and 200, the foreground count and the sum of y * W + x over
  its foreground pixels (a checksum that catches a swapped axis or a shifted mask).
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stacks")
N, H, W = 7, 23, 37


def masks():
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:H, 0:W]
    grey = np.zeros((N, H, W), dtype=np.float64)
    for i in range(N):
        if i == 5:
            continue
        for centre in (W * 0.3 + rng.normal(0, 1.5), W * 0.7 + rng.normal(0, 1.5)):
            ry, rx = rng.uniform(6, 10), rng.uniform(4, 7)
            inside = ((x - centre) / rx) ** 2 + ((y - H / 2 + rng.normal(0, 1)) / ry) ** 2
            grey = np.maximum(grey, np.where(inside < 1.3, 255 * (1.3 - inside) / 1.3 + rng.normal(0, 20, (H, W)), 0)[None] * (np.arange(N) == i)[:, None, None])
    return np.clip(np.rint(grey), 0, 255).astype(np.uint8)


def checksum(mask):
    ys, xs = np.nonzero(mask)
    return {"count": int(mask.sum()), "positions": int((ys * W + xs).sum())}


def main():
    os.makedirs(OUT, exist_ok=True)
    grey = masks()
    save = lambda name, array: np.save(os.path.join(OUT, name), array, allow_pickle=False)
    save("grey.npy", grey)
    save("grey_fortran.npy", np.asfortranarray(grey))
    save("bool.npy", grey >= 128)
    save("bool_fortran.npy", np.asfortranarray(grey >= 128))
    probability = grey.astype(np.float64) / 255
    save("prob_be.npy", probability.astype(">f4"))
    save("prob_f8_fortran.npy", np.asfortranarray(probability.astype("<f8")))
    np.savez_compressed(os.path.join(OUT, "masks.npz"), masks=grey, other=grey >= 128)
    np.savez(os.path.join(OUT, "stored.npz"), grey)
    labels = (grey >= 128).astype(np.uint8)
    save("labels01.npy", labels)
    save("channel_first_fortran.npy", np.asfortranarray(grey[:, None]))
    save("channel_last.npy", labels[..., None])
    with_nan = probability.astype("<f4")
    with_nan[2, 4, 9] = np.nan
    save("nan.npy", with_nan)
    save("flat.npy", grey[0])
    save("int32.npy", grey.astype("<i4"))
    save("uint16_fortran.npy", np.asfortranarray(grey.astype(">u2")))
    save("labels_int64.npy", labels.astype("<i8"))
    outside = grey.astype("<i2")
    outside[2, 4, 9] = -1
    outside[4, 1, 2] = 300
    save("outside_int16.npy", outside)
    half = probability.astype("<f2")
    assert ((half >= 0.5) == (grey >= 128)).all()
    save("prob_f2.npy", half)
    save("complex.npy", grey.astype("<c8"))
    outside_f4 = probability.astype("<f4")
    outside_f4[0] = probability[0] * 1.2 - 0.1  # a cubic resize's overshoot: still probabilities, the same masks
    outside_f4[1] = grey[1]                     # grey levels as floats
    outside_f4[3] = probability[3] * 2 - 1      # a tanh output
    outside_f4[4, 1, 2] = np.inf
    assert ((outside_f4[0] >= 0.5) == (grey[0] >= 128)).all()
    save("outside_f4.npy", outside_f4)
    expected = {str(t): [checksum(grey[i] >= t) for i in range(N)] for t in (128, 200)}
    with open(os.path.join(OUT, "expected.json"), "w") as handle:
        json.dump({"count": N, "height": H, "width": W, "masks": expected}, handle, indent=1)
        handle.write("\n")


if __name__ == "__main__":
    main()
