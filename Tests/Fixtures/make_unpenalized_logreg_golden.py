#!/usr/bin/env python3
"""Golden values for LogisticRegression with unpenalised coefficients (`unpenalized`, RealismPrior's model).

Regenerate from the repository root with:

    pip install numpy scipy scikit-learn
    python3 Tests/Fixtures/make_unpenalized_logreg_golden.py

It writes Tests/Fixtures/golden/unpenalized_logreg.json: two seeded data sets (120 x 5, solved by Newton's
method in Swift, and 150 x 20, solved by L-BFGS), each with C, the unpenalised columns, and the minimiser of
1/2 sum over the other columns of w_j^2 + C sum(log-loss), intercept unpenalised, found by SciPy's
trust-region Newton method with the exact gradient and Hessian to a gradient norm below 1e-11. As a cross-check
of the definition, scikit-learn's LogisticRegression fitted with the unpenalised columns scaled by 1e4 (so
that its penalty on them vanishes, and its solver struggles with the scale) agrees to 1e-3; the script
asserts it.
"""
import json
import os

import numpy as np
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def solve(X, y, C, free):
    n, d = X.shape
    penalised = np.ones(d)
    penalised[free] = 0
    A = np.hstack([X, np.ones((n, 1))])
    t = np.where(y, 1.0, -1.0)

    def f(x):
        z = A @ x
        return 0.5 * np.sum(penalised * x[:d] ** 2) + C * np.sum(np.logaddexp(0, -t * z))

    def g(x):
        z = A @ x
        r = C * (1 / (1 + np.exp(-z)) - y)
        return A.T @ r + np.append(penalised * x[:d], 0)

    def h(x):
        p = 1 / (1 + np.exp(-(A @ x)))
        return A.T @ (A * (C * p * (1 - p))[:, None]) + np.diag(np.append(penalised, 0))

    result = minimize(f, np.zeros(d + 1), jac=g, hess=h, method="trust-exact", options={"gtol": 1e-11})
    assert np.linalg.norm(g(result.x)) < 1e-8, np.linalg.norm(g(result.x))
    scaled = X.copy()
    scaled[:, free] *= 1e4
    check = LogisticRegression(C=C, tol=1e-12, max_iter=100000).fit(scaled, y)
    coef = check.coef_[0].copy()
    coef[free] *= 1e4
    assert np.allclose(coef, result.x[:d], atol=1e-3), (coef, result.x[:d])
    return result.x


cases = []
for seed, (n, d, C, free) in enumerate([(120, 5, 0.05, [2]), (150, 20, 0.1, [0, 7])]):
    rng = np.random.default_rng(seed + 11)
    X = rng.normal(size=(n, d)) * rng.uniform(0.5, 2, size=d)
    truth = rng.normal(size=d)
    y = rng.random(n) < 1 / (1 + np.exp(-(X @ truth + 0.3)))
    x = solve(X, y, C, free)
    cases.append({"data": X.tolist(), "labels": y.tolist(), "C": C, "unpenalized": free,
                  "coefficients": x[:d].tolist(), "intercept": float(x[d])})
with open(os.path.join(ROOT, "Tests", "Fixtures", "golden", "unpenalized_logreg.json"), "w") as handle:
    json.dump(cases, handle)
    handle.write("\n")
