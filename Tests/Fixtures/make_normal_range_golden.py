#!/usr/bin/env python3
"""Golden values for NormalRange (the expected range of n standard normal values, d2(n)), computed with SciPy,
and the anatomical gate's widening for a reference of n masks built on it.

Regenerate from the repository root with:

    pip install scipy
    python3 Tests/Fixtures/make_normal_range_golden.py

It writes Tests/Fixtures/golden/normal_range.json: for each count n, d2(n) = the integral over the real line of
1 - Phi(x)^n - (1 - Phi(x))^n (scipy.integrate.quad, adaptive, to 1e-13), and the widening on either side of a
range of n masks that reaches as far, in standard deviations, as a range of 100 masks widened by half of its width:
(1 + 2 * 0.5) * d2(100) / (2 * d2(n)) - 1/2, rounded up to the hundredth, and never below the half (the half from
100 masks on; none for one mask, which leaves no range). Quality-control tables (ASTM E2587) print d2 as 1.128, 1.693, 2.326, 3.078, 3.735 and 5.015 for 2,
3, 5, 10, 20 and 100 values; the values here agree with them to the third decimal.
"""
import json
import math
import os

from scipy import integrate, stats

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def d2(n):
    if n < 2:
        return 0.0
    integrand = lambda x: 1 - stats.norm.cdf(x) ** n - stats.norm.sf(x) ** n  # noqa: E731
    return integrate.quad(integrand, -math.inf, math.inf, epsabs=1e-13, epsrel=1e-13, limit=500)[0]


def widening(n, tolerance=0.5, full=100):
    if n < 2:
        return None  # one mask spans nothing: no range, and the gate passes every mask
    if n >= full:
        return tolerance
    scaled = (1 + 2 * tolerance) * d2(full) / (2 * d2(n)) - 0.5
    return max(tolerance, math.ceil(round(scaled * 100, 9)) / 100)


cases = [{"count": n, "expected_width": d2(n), "widening": widening(n)}
         for n in (1, 2, 3, 4, 5, 7, 10, 15, 20, 30, 50, 75, 99, 100, 138, 1000)]
for table, n in ((1.128, 2), (1.693, 3), (2.326, 5), (3.078, 10), (3.735, 20), (5.015, 100)):
    assert abs(d2(n) - table) < 5e-4, (n, d2(n), table)
path = os.path.join(ROOT, "Tests", "Fixtures", "golden", "normal_range.json")
with open(path, "w") as handle:
    json.dump({"cases": cases}, handle, indent=1)
    handle.write("\n")
print(f"wrote {len(cases)} cases to {path}")
