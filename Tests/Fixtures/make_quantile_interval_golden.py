#!/usr/bin/env python3
"""Golden ranks for QuantileInterval (a distribution-free confidence interval for a quantile), computed with SciPy.

Regenerate from the repository root with:

    pip install scipy
    python3 Tests/Fixtures/make_quantile_interval_golden.py

It writes Tests/Fixtures/golden/quantile_interval.json: for each count n, level p and confidence c, the 1-based
ranks r and k of the order statistics that bracket the population's p-quantile with probability at least c,
equal-tailed: r the largest rank with binom.cdf(r - 1, n, p) <= (1 - c) / 2 and k the smallest with
binom.cdf(k - 1, n, p) >= 1 - (1 - c) / 2 (None where no rank qualifies), and the coverage
binom.cdf(k - 1) - binom.cdf(r - 1) (with an open end, that end's term is 0 or 1). The counts run from a
handful to the sizes of real reference sets; the levels include the label-free filter's 0.05.
"""
import json
import os

from scipy.stats import binom

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

cases = []
for n in (1, 2, 5, 10, 20, 37, 40, 60, 100, 138, 162, 500, 1000, 5000):
    for p in (0.01, 0.05, 0.1, 0.25, 0.5, 0.9):
        for c in (0.9, 0.95, 0.99):
            tail = (1 - c) / 2
            cdf = binom.cdf(range(n), n, p)  # cdf[i] = P(B <= i)
            r = max((rank for rank in range(1, n + 1) if cdf[rank - 1] <= tail), default=None)
            k = min((rank for rank in range(1, n + 1) if cdf[rank - 1] >= 1 - tail), default=None)
            coverage = (cdf[k - 1] if k else 1.0) - (cdf[r - 1] if r else 0.0)
            assert coverage >= c - 1e-12, (n, p, c, r, k, coverage)
            # A rank this close to its tail's bound could fall either side in another library's arithmetic.
            near = [abs(cdf[rank - 1] - bound) < 1e-9 for rank, bound in ((r, tail), (k, 1 - tail)) if rank]
            if not any(near):
                cases.append({"count": n, "level": p, "confidence": c, "lower": r, "upper": k, "coverage": float(coverage)})

path = os.path.join(ROOT, "Tests", "Fixtures", "golden", "quantile_interval.json")
with open(path, "w") as handle:
    json.dump({"cases": cases}, handle, indent=1)
    handle.write("\n")
print(f"wrote {len(cases)} cases to {path}")
