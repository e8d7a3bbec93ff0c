#!/usr/bin/env python3
"""Masks as arrays, timed against their peers in the same run (the wheel's speed goals):

  (1) `ganfilter features STACK.npy --jobs 1` against `ganfilter features FOLDER --jobs 1` on the same masks as
      PNG files, whole processes, per mask: a stack must be at least as fast as PNG files;
  (2) `ganfilter.features(masks)` against `np.save(masks)` plus the command line on the saved file, the same
      work a user would do by hand: the API must cost at most 1.2x that.

    bash python/build-wheel.sh && pip install dist/ganfilter-*.whl     # or GANFILTER_EXECUTABLE=.build/release/ganfilter
    python3 Benchmarks/mask_stack_bench.py [--count 10000] [--repetitions 5]

The masks are `count` synthetic 256 x 256 uint8 lung-like pairs of ellipses (seed 0), written once as a stack and
as PNG files (zlib level 6) into a temporary folder. Each variant runs `repetitions` times, the variants in turn
within each round, and the medians are printed with each ratio. Run it twice to see the spread.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

sys.path.append(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "python"))
import ganfilter  # noqa: E402  (the installed wheel when there is one, else python/ with GANFILTER_EXECUTABLE)
from ganfilter._png import write_png  # noqa: E402


def synthetic_masks(count, seed=0):
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:256, 0:256]
    masks = np.zeros((count, 256, 256), dtype=np.uint8)
    for i in range(count):
        for centre in (80 + rng.normal(0, 6), 176 + rng.normal(0, 6)):
            ry, rx = rng.uniform(70, 100), rng.uniform(35, 50)
            inside = ((x - centre) / rx) ** 2 + ((y - 128 + rng.normal(0, 8)) / ry) ** 2 < 1
            masks[i][inside] = 255
    return masks


def seconds(body):
    start = time.perf_counter()
    body()
    return time.perf_counter() - start


def cli(*args):
    subprocess.run([ganfilter.executable(), *args], check=True, capture_output=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--repetitions", type=int, default=5)
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="ganfilter-stack-bench-")
    try:
        masks = synthetic_masks(options.count)
        os.mkdir(os.path.join(folder, "png"))
        for i, mask in enumerate(masks):
            write_png(os.path.join(folder, "png", f"m_{i:05d}.png"), mask)
        stack = os.path.join(folder, "masks.npy")
        np.save(stack, masks)
        out = os.path.join(folder, "out.csv")

        def by_hand():
            np.save(os.path.join(folder, "by_hand.npy"), masks)
            cli("features", os.path.join(folder, "by_hand.npy"), "-o", out)

        variants = {
            "features FOLDER of PNGs --jobs 1": lambda: cli("features", os.path.join(folder, "png"), "-o", out, "--jobs", "1"),
            "features STACK.npy --jobs 1": lambda: cli("features", stack, "-o", out, "--jobs", "1"),
            "np.save + features (all jobs)": by_hand,
            "ganfilter.features(masks) (all jobs)": lambda: ganfilter.features(masks),
        }
        times = {name: [] for name in variants}
        for _ in range(options.repetitions):
            for name, body in variants.items():
                times[name].append(seconds(body))
        medians = {name: statistics.median(values) for name, values in times.items()}
        print(f"{options.count} masks of 256 x 256, median of {options.repetitions} whole runs each "
              f"(binary {ganfilter.executable()}, {os.cpu_count()} CPUs)")
        for name, value in medians.items():
            spread = f"{min(times[name]):.2f}-{max(times[name]):.2f} s"
            print(f"  {name:40s} {value:7.2f} s  {1e6 * value / options.count:7.1f} us/mask  (range {spread})")
        png, npy = medians["features FOLDER of PNGs --jobs 1"], medians["features STACK.npy --jobs 1"]
        api, hand = medians["ganfilter.features(masks) (all jobs)"], medians["np.save + features (all jobs)"]
        print(f"stack per mask vs PNG per mask, 1 job: {png / npy:.2f}x as fast (goal >= 1.0x)")
        print(f"ganfilter.features / (np.save + CLI): {api / hand:.2f}x the time (goal <= 1.2x)")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
