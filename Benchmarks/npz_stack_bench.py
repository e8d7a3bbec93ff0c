#!/usr/bin/env python3
"""A deflated `.npz` stack of masks, measured whole by the tool beside NumPy only loading it, in the same run.

    swift build -c release --product ganfilter
    python3 Benchmarks/npz_stack_bench.py --binary .build/release/ganfilter [--baseline OLD/ganfilter] [--rounds 30]

The stack is 1,000 masks of 256x256 from the bench generators (bench/generator*/masks, in name order) saved by
`np.savez_compressed` into a temporary folder. Each round runs, in turn, `ganfilter features STACK.npz -o /dev/null
--jobs 2` (and the same with `--baseline`, an older build, to see what a change cost) and
`np.load(STACK.npz)['masks']` in a fresh Python, all as whole processes; it prints each one's median and
quartiles over the rounds of wall time, the median CPU time (user and system, from the child's resource usage,
steadier than wall time on a shared machine), and the ratios. Interleaving the variants keeps a busy moment from landing on one of
them. Run it twice to see the spread.
"""
import argparse
import glob
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "ganfilter"))
    parser.add_argument("--baseline", help="another ganfilter binary to time beside --binary")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="ganfilter-npz-bench-")
    try:
        files = sorted(glob.glob(os.path.join(ROOT, "bench", "generator*", "masks", "*.png")))[:1000]
        stack = os.path.join(folder, "stack.npz")
        np.savez_compressed(stack, masks=np.stack([np.asarray(Image.open(f).convert("L")) for f in files]))
        variants = {"ganfilter": [args.binary, "features", stack, "-o", "/dev/null", "--jobs", "2"]}
        if args.baseline:
            variants["baseline"] = [args.baseline, "features", stack, "-o", "/dev/null", "--jobs", "2"]
        variants["numpy load"] = [sys.executable, "-c", f"import numpy as np; np.load({stack!r})['masks']"]
        times = {name: [] for name in variants}
        cpu = {name: [] for name in variants}
        for _ in range(args.rounds):
            for name, command in variants.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                times[name].append(time.perf_counter() - start)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        print(f"{len(files)} masks of 256x256, {os.path.getsize(stack) / 1e6:.1f} MB deflated; {args.rounds} rounds")
        medians = {}
        for name, values in times.items():
            values.sort()
            medians[name] = statistics.median(values)
            print(f"{name:12s} median {medians[name] * 1000:7.1f} ms, quartiles {values[len(values) // 4] * 1000:.1f}-"
                  f"{values[3 * len(values) // 4] * 1000:.1f} ms; CPU {statistics.median(cpu[name]) * 1000:.1f} ms")
        if args.baseline:
            print(f"ganfilter / baseline: {medians['ganfilter'] / medians['baseline']:.3f} wall, "
                  f"{statistics.median(cpu['ganfilter']) / statistics.median(cpu['baseline']):.3f} CPU")
        print(f"numpy load / ganfilter: {medians['numpy load'] / medians['ganfilter']:.2f}")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
