"""A large reference set of lung masks for the scaling benchmark: real masks, each drawn again and again with a
small random affine change (shift, anisotropic scale, rotation), so that 300 real masks make 10,000 plausible
ones. The same seed makes the same files.

    python3 Benchmarks/make_reference_set.py --source masks/lung256 --source SHENZHEN256 --count 10000 --output /tmp/ref10k
    swift run -c release MaskFeaturesBenchmark --folder GEN2000 --reference REF300 --large-reference /tmp/ref10k

Needs numpy, scipy and pillow. Writes `ref_NNNNN.png` (0/255, 8-bit grey) into --output, which must not exist.
"""
import argparse
import glob
import os

import numpy as np
from PIL import Image
from scipy import ndimage


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", action="append", required=True, help="a folder of real masks (PNG); repeatable")
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--output", required=True)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    files = sorted(f for folder in args.source for f in glob.glob(os.path.join(folder, "*.png")))
    if not files:
        parser.error("no PNG files in the sources")
    masks = [np.asarray(Image.open(f).convert("L")) >= 128 for f in files]
    shape = masks[0].shape
    if any(m.shape != shape for m in masks):
        parser.error("the source masks differ in size")
    os.makedirs(args.output)
    random = np.random.default_rng(args.seed)
    centre = (np.array(shape) - 1) / 2
    for index in range(args.count):
        mask = masks[index % len(masks)]
        if index >= len(masks):
            angle = np.deg2rad(random.uniform(-6, 6))
            scale = random.uniform(0.9, 1.1, size=2)
            rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
            matrix = rotation @ np.diag(1 / scale)  # output coordinates -> input coordinates
            offset = centre - matrix @ centre + random.uniform(-8, 8, size=2)
            mask = ndimage.affine_transform(mask.astype(np.float32), matrix, offset=offset, order=1) >= 0.5
        if not mask.any():
            mask = masks[index % len(masks)]
        Image.fromarray(mask.astype(np.uint8) * 255).save(os.path.join(args.output, f"ref_{index:05d}.png"))


if __name__ == "__main__":
    main()
