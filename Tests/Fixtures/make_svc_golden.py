#!/usr/bin/env python3
"""Golden values for ganfilter's RBF support vector classifier, from scikit-learn's SVC (libsvm).

    pip install numpy scikit-learn
    python3 Tests/Fixtures/make_svc_golden.py

Writes Tests/Fixtures/golden/svc.json: a data set of 3,000 rows (12 columns, a non-linear signal with label
noise), its first 2,400 rows for training and the rest for testing, and for C in 0.1, 1, 10 the test decision
function of Pipeline(StandardScaler(), SVC(C=C, gamma='scale')), its test ROC AUC and the number of support
vectors. The Swift tests compare the AUC (within 0.01: libsvm and this solver stop at different points), the decision values (libsvm stops at
a KKT tolerance of 1e-3, so they agree to about that) and the support vector count (within 1%).
"""
import json
import os

import numpy as np
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "golden", "svc.json")


def main():
    rng = np.random.default_rng(7)
    n, d = 3000, 12
    X = rng.normal(size=(n, d)) * np.linspace(0.5, 3, d)
    signal = X[:, 0] * X[:, 1] / 2 + np.sin(X[:, 2]) + 0.3 * X[:, 3] + rng.normal(scale=0.8, size=n)
    y = signal > np.quantile(signal, 0.7)
    train, test = slice(0, 2400), slice(2400, n)
    fits = []
    for C in (0.1, 1.0, 10.0):
        model = make_pipeline(StandardScaler(), SVC(C=C, gamma="scale")).fit(X[train], y[train])
        decision = model.decision_function(X[test])
        fits.append({"C": C, "decision": decision.tolist(), "auc": roc_auc_score(y[test], decision),
                     "support": int(model[-1].n_support_.sum())})
    with open(OUT, "w") as f:
        json.dump({"train": X[train].tolist(), "labels": y[train].tolist(), "test": X[test].tolist(),
                   "test_labels": y[test].tolist(), "fits": fits}, f)
    print("wrote", OUT, [(f["C"], round(f["auc"], 4), f["support"]) for f in fits])


if __name__ == "__main__":
    main()
