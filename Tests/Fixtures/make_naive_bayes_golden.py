#!/usr/bin/env python3
"""Golden values for ganfilter's Gaussian naive Bayes, computed with scikit-learn's GaussianNB.

Regenerate from the repository root with:

    pip install numpy scikit-learn
    python3 Tests/Fixtures/make_naive_bayes_golden.py

It writes Tests/Fixtures/golden/naive_bayes.json: training rows (columns on very different scales, one
nearly constant so that var_smoothing matters), their labels, test rows, and GaussianNB(var_smoothing=s)
fitted on the training rows for s in 1e-9 and 1e-2: class_prior_, theta_, var_ and predict_proba[:, 1] of
the test rows.
"""
import json
import os

import numpy as np
from sklearn.naive_bayes import GaussianNB

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "golden", "naive_bayes.json")

rng = np.random.default_rng(21)
n = 300
y = rng.random(n) < 0.3
X = np.column_stack([
    rng.normal(size=n) + 1.5 * y,
    rng.normal(size=n) * 100 - 40 * y,
    rng.exponential(size=n) * (1 + y),
    1 + 1e-7 * rng.normal(size=n),
])
train, test = slice(0, 240), slice(240, n)
fits = []
for smoothing in (1e-9, 1e-2):
    model = GaussianNB(var_smoothing=smoothing).fit(X[train], y[train])
    fits.append({
        "var_smoothing": smoothing,
        "class_prior": model.class_prior_.tolist(),
        "theta": model.theta_.tolist(),
        "var": model.var_.tolist(),
        "probabilities": model.predict_proba(X[test])[:, 1].tolist(),
    })
with open(OUT, "w") as f:
    json.dump({"train": X[train].tolist(), "labels": y[train].tolist(), "test": X[test].tolist(), "fits": fits}, f)
print("wrote", OUT)
