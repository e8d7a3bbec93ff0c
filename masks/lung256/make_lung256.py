#!/usr/bin/env python3
"""masks/lung256/: the 138 Montgomery masks of masks/lung/ brought to 256x256, the size generated masks have.

Regenerate from the repository root with:

    pip install numpy pillow
    python3 masks/lung256/make_lung256.py

Each 512x512 mask is averaged over 2x2 blocks (rounded half up) and saved as an 8-bit grey PNG: a
probability map with anti-aliased edges, thresholded at 128 like every mask.
"""
import glob
import os

import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
for path in sorted(glob.glob(os.path.join(ROOT, "masks", "lung", "MCUCXR_*.png"))):
    grey = np.asarray(Image.open(path).convert("L"), dtype=np.uint32)
    small = (grey.reshape(256, 2, 256, 2).sum(axis=(1, 3)) + 2) // 4
    Image.fromarray(small.astype(np.uint8), mode="L").save(os.path.join(ROOT, "masks", "lung256", os.path.basename(path)),
                                                           optimize=True)
