#!/usr/bin/env python3
"""Golden values for ganfilter's latent prefilter on the committed sample latent/sample_6000.csv.gz, computed
with scikit-learn.

Regenerate from the repository root with:

    pip install numpy scikit-learn
    python3 Tests/Fixtures/make_latent_golden.py

It writes Tests/Fixtures/golden/latent.json: per group, with the fixed folds "position of the record within its
group, mod 3" (so that no random stream has to be shared), the mean fold ROC AUC on `valid` of
  logreg:     Pipeline(StandardScaler, LogisticRegression(C)) for C in 0.01, 0.1, 1, 10 (L2, lbfgs to 1e-10);
  knn:        Pipeline(StandardScaler, KNeighborsClassifier(k)) for k in 1, 3, 10, 30;
  truncation: the score -|z| (no fitting);
and the valid share per group.
"""
import json
import os

import csv
import gzip

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "golden", "latent.json")


def mean_fold_auc(make, X, y, folds):
    aucs = []
    for fold in range(3):
        train, test = folds != fold, folds == fold
        if make is None:
            scores = -np.linalg.norm(X[test], axis=1)
        else:
            scores = make().fit(X[train], y[train]).predict_proba(X[test])[:, 1]
        aucs.append(roc_auc_score(y[test], scores))
    return float(np.mean(aucs))


def main():
    with gzip.open(os.path.join(ROOT, "latent", "sample_6000.csv.gz"), "rt") as f:
        records = list(csv.DictReader(f))
    z_columns = [c for c in records[0] if c.startswith("z")]
    by_group = {}
    for record in records:
        by_group.setdefault(record["group"], []).append(record)
    groups = {}
    for group, rows in by_group.items():
        X = np.array([[float(r[c]) for c in z_columns] for r in rows])
        y = np.array([r["valid"] == "1" for r in rows])
        folds = np.arange(len(rows)) % 3
        groups[group] = {
            "valid_share": float(y.mean()),
            "logreg": {str(C): mean_fold_auc(lambda: make_pipeline(StandardScaler(), LogisticRegression(C=C, tol=1e-10, max_iter=10000)),
                                             X, y, folds) for C in (0.01, 0.1, 1, 10)},
            "knn": {str(k): mean_fold_auc(lambda: make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=k)), X, y, folds)
                    for k in (1, 3, 10, 30)},
            "truncation": mean_fold_auc(None, X, y, folds),
        }
    with open(OUT, "w") as f:
        json.dump(groups, f, indent=1)
    print("wrote", OUT, {g: round(v["logreg"]["1"], 4) for g, v in groups.items()})


if __name__ == "__main__":
    main()
