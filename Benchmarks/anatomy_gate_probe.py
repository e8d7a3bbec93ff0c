#!/usr/bin/env python3
"""How many real masks held out of a small reference the label-free filter's anatomical gate rejects, with each
range widened by half its width, and with the widening for few masks (`AnatomyGate.tolerance(_:count:)`).

    pip install numpy scipy pandas
    swift build -c release --product ganfilter
    python3 Benchmarks/anatomy_gate_probe.py --binary .build/release/ganfilter \
        [--other /path/to/shenzhen] [--draws 200]

The anatomy columns of the Montgomery masks (masks/lung256) are measured once by `ganfilter features --set
anatomy`; for each reference size n, n of them are drawn as the reference (200 draws), and the gate is the range
of each column over the reference, widened on either side by w times its width and by at least 0.001. It prints
the share of the other Montgomery masks, and of the masks of --other (another hospital's, such as the Shenzhen
masks, which are CC BY-NC-SA and not committed), that fall outside any range, for w = 0.5 and for the widening
for n masks: (1 + 2 * 0.5) * d2(100) / (2 * d2(n)) - 1/2, rounded up to the hundredth, at least 0.5, where d2(n)
is the expected range of n standard normal values (SciPy's integral here; `NormalRange` in the package).
On 2026-12-07 (Shenzhen as --other; held out, then other): 5 masks, 39.3% and 40.4% with the half, 6.6% and 8.6%
widened; 10 masks, 10.5% and 12.7%, 1.4% and 3.3%; 20 masks, 2.4% and 5.2%, 0.4% and 2.1%; 50 masks, 0.1% and
2.2%, 0.1% and 1.6%; from 100 the two are one (0.0% and 1.4%).
"""
import argparse
import math
import os
import subprocess
import tempfile

import numpy as np
import pandas as pd
from scipy import integrate, stats

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLUMNS = ["foreground_share", "components", "debris_share", "hole_share", "opposite_sides", "height_difference",
           "extent_ratio", "solidity", "roughness"]


def d2(n):
    integrand = lambda x: 1 - stats.norm.cdf(x) ** n - stats.norm.sf(x) ** n  # noqa: E731
    return integrate.quad(integrand, -math.inf, math.inf, limit=500)[0]


def widening(n, tolerance=0.5, full=100):
    if n >= full:
        return tolerance
    return max(tolerance, math.ceil(round(((1 + 2 * tolerance) * d2(full) / (2 * d2(n)) - 0.5) * 100, 9)) / 100)


def anatomy(binary, folder, scratch):
    output = os.path.join(scratch, os.path.basename(folder.rstrip("/")) + ".csv")
    subprocess.run([binary, "features", folder, "--set", "anatomy", "--output", output], check=True, capture_output=True)
    table = pd.read_csv(output)
    return table[table.status == "ok"][COLUMNS].to_numpy(float)


def failing(values, reference, tolerance):
    low, high = reference.min(axis=0), reference.max(axis=0)
    margin = np.maximum(tolerance * (high - low), 0.001)
    return float(np.mean(~((values >= low - margin) & (values <= high + margin)).all(axis=1))) if len(values) else math.nan


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "ganfilter"))
    parser.add_argument("--reference", default=os.path.join(ROOT, "masks", "lung256"))
    parser.add_argument("--other", help="a folder of real masks from elsewhere (Shenzhen)")
    parser.add_argument("--draws", type=int, default=200)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        real = anatomy(options.binary, options.reference, scratch)
        other = anatomy(options.binary, options.other, scratch) if options.other else np.empty((0, len(COLUMNS)))
    random = np.random.default_rng(0)
    print("masks  widening   held out: half / widened   other: half / widened")
    for n in (3, 5, 10, 20, 50, 100):
        widened, shares = widening(n), []
        for _ in range(options.draws):
            order = random.permutation(len(real))
            reference, held = real[order[:n]], real[order[n:]]
            shares.append([failing(held, reference, 0.5), failing(held, reference, widened),
                           failing(other, reference, 0.5), failing(other, reference, widened)])
        mean = np.mean(np.array(shares), axis=0)  # without --other its columns are NaN
        print(f"{n:5d}  {widened:8.2f}   {mean[0]:8.1%} / {mean[1]:7.1%}   {mean[2]:8.1%} / {mean[3]:7.1%}")


if __name__ == "__main__":
    main()
