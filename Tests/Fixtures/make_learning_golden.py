#!/usr/bin/env python3
"""Golden values for ganfilter's Learning module, computed with scikit-learn.

Regenerate from the repository root with:

    pip install numpy scikit-learn
    python3 Tests/Fixtures/make_learning_golden.py

It writes Tests/Fixtures/golden/learning.json:
  logistic: data sets and, per (C, penalty, class_weight), scikit-learn's coefficients and intercept
            fitted to a tight tolerance (lbfgs for L2; for L1 saga or liblinear, whichever meets the
            optimality conditions to 1e-6, the case skipped when neither does);
  ranking:  scores with ties, roc_curve(drop_intermediate=False), roc_auc_score, precision_recall_curve,
            average_precision_score;
  tree:     DecisionTreeClassifier predictions on training and new rows, for parameter sets whose tree is
            the same under every random_state (no tied splits), with the node count;
  scaler:   StandardScaler means and scales.
"""
import csv
import json
import os
import warnings

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "golden", "learning.json")


def mask_features():
    """The shipped masks' features (from the features golden) joined to masks/labels.csv."""
    labels = {r["file"]: r["label"] == "good" for r in csv.DictReader(open(os.path.join(ROOT, "masks", "labels.csv")))}
    X, y = [], []
    for r in csv.DictReader(open(os.path.join(ROOT, "Tests", "Fixtures", "golden", "features.csv"))):
        if r["dilation_radius"] == "5" and r["threshold"] == "128" and r["file"].startswith("masks/synthetic_"):
            X.append([float(r[k]) for k in ("iou", "cosine", "area_ratio", "iou_dilated", "cosine_dilated", "area_ratio_dilated")])
            y.append(labels[os.path.basename(r["file"])])
    return np.array(X), np.array(y)


def l1_optimality(X, y, C, weight, coef, intercept):
    """Largest entry of the minimum-norm subgradient of |w|_1 + C sum(s_i logloss_i), and its value at zero."""
    s = np.ones(len(y))
    if weight == "balanced":
        s = np.where(y, len(y) / (2 * y.sum()), len(y) / (2 * (~y).sum()))

    def measure(w, b):
        p = 1 / (1 + np.exp(-(X @ w + b)))
        r = C * s * (p - y)
        g, gb = X.T @ r, r.sum()
        viol = np.where(w != 0, np.abs(g + np.sign(w)), np.maximum(0, np.abs(g) - 1))
        return max(abs(gb), viol.max())

    return measure(coef, intercept), measure(np.zeros(X.shape[1]), 0.0)


def best_l1(X, y, C, weight):
    """scikit-learn's L1 fit closest to the optimum: saga, or liblinear with a large intercept scaling (so
    that its penalty on the intercept vanishes), whichever satisfies the optimality conditions better."""
    candidates = [
        LogisticRegression(C=C, solver="saga", l1_ratio=1.0, tol=1e-12, max_iter=200000, class_weight=weight),
        LogisticRegression(C=C, solver="liblinear", l1_ratio=1.0, tol=1e-12, max_iter=200000, class_weight=weight,
                           intercept_scaling=1e4),
    ]
    best, best_measure = None, np.inf
    for model in candidates:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.fit(X, y)
        measure, initial = l1_optimality(X, y, C, weight, model.coef_[0], model.intercept_[0])
        if measure < best_measure:
            best, best_measure = model, measure
    return best if best_measure <= 1e-6 * max(1, initial) else None


def logistic_cases(rng):
    sets = []
    X, y = mask_features()
    sets.append(("masks", X, y))
    n, d = 300, 5
    A = rng.normal(size=(d, d))
    X = rng.normal(size=(n, d)) @ A * rng.uniform(0.5, 3, d) + rng.normal(size=d)
    y = (X @ rng.normal(size=d) + rng.normal(scale=3, size=n) > 2)
    sets.append(("correlated", X, y))
    n, d = 400, 20
    X = rng.normal(size=(n, d))
    w = np.zeros(d); w[:4] = [1.5, -2, 0.7, 1]
    y = (X @ w + rng.logistic(size=n) > 1.5)
    sets.append(("sparse", X, y))

    cases = []
    for name, X, y in sets:
        fits = []
        for C in (0.001, 0.01, 1.0, 100.0):
            for penalty in ("l2", "l1"):
                for weight in (None, "balanced"):
                    if penalty == "l2":
                        model = LogisticRegression(C=C, solver="lbfgs", tol=1e-12, max_iter=100000, class_weight=weight)
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")
                            model.fit(X, y)
                    else:
                        model = best_l1(X, y, C, weight)
                        if model is None:
                            print(f"skipped {name} C={C} l1 {weight}: no scikit-learn solver reached the optimum")
                            continue
                    fits.append({"C": C, "penalty": penalty, "class_weight": weight or "none",
                                 "coefficients": model.coef_[0].tolist(), "intercept": float(model.intercept_[0])})
        cases.append({"name": name, "rows": X.tolist(), "labels": [bool(v) for v in y], "fits": fits})
    return cases


def ranking_cases(rng):
    cases = []
    for n, ties, share in ((50, False, 0.3), (200, True, 0.1), (17, True, 0.5), (1000, True, 0.04)):
        y = rng.random(n) < share
        y[0], y[1] = True, False
        scores = rng.normal(size=n) + 0.8 * y
        if ties:
            scores = np.round(scores, 1)
        fpr, tpr, thresholds = roc_curve(y, scores, drop_intermediate=False)
        precision, recall, pr_thresholds = precision_recall_curve(y, scores)
        cases.append({
            "labels": [bool(v) for v in y], "scores": scores.tolist(),
            "roc_thresholds": [None if np.isinf(t) else float(t) for t in thresholds],
            "fpr": fpr.tolist(), "tpr": tpr.tolist(),
            "auc": float(roc_auc_score(y, scores)),
            "pr_thresholds": pr_thresholds.tolist(), "precision": precision.tolist(), "recall": recall.tolist(),
            "average_precision": float(average_precision_score(y, scores)),
        })
    return cases


def tree_cases(rng):
    cases = []
    X, y = mask_features()
    # float32-exact values, so scikit-learn's float32 copy of X changes nothing.
    datasets = [("masks", X.astype(np.float32).astype(np.float64), y)]
    n = 400
    Xs = np.round(rng.normal(size=(n, 4)) * 64) / 64
    ys = (Xs[:, 0] + 0.5 * Xs[:, 1] ** 2 - Xs[:, 2] + rng.normal(scale=0.7, size=n)) > 0.3
    datasets.append(("synthetic", Xs, ys))
    for name, X, y in datasets:
        half = len(y) * 3 // 4
        Xtrain, ytrain, Xtest = X[:half], y[:half], X[half:]
        fits = []
        for criterion in ("gini", "entropy"):
            for depth in (1, 2, 3, 5, 8, None):
                for leaf in (1, 5, 20):
                    for split in (2, 10):
                        params = dict(criterion=criterion, max_depth=depth, min_samples_leaf=leaf, min_samples_split=split)
                        # Fit under several seeds and column orders: where two features split a node's samples
                        # identically (a tie), scikit-learn's choice depends on the order and so would ours.
                        trees, probs = [], []
                        for s in range(8):
                            order = np.random.default_rng(s).permutation(X.shape[1]) if s >= 4 else np.arange(X.shape[1])
                            tree = DecisionTreeClassifier(random_state=s, **params).fit(Xtrain[:, order], ytrain)
                            trees.append(tree)
                            probs.append(np.concatenate([tree.predict_proba(Xtrain[:, order])[:, 1],
                                                         tree.predict_proba(Xtest[:, order])[:, 1]]))
                        if any(not np.array_equal(probs[0], p) for p in probs[1:]):
                            continue
                        fits.append({**params, "max_depth": depth if depth is not None else -1,
                                     "node_count": int(trees[0].tree_.node_count), "probabilities": probs[0].tolist()})
        cases.append({"name": name, "train": Xtrain.tolist(), "labels": [bool(v) for v in ytrain],
                      "test": Xtest.tolist(), "fits": fits})
    return cases


def main():
    rng = np.random.default_rng(20261122)
    X, _ = mask_features()
    scaler = StandardScaler().fit(X)
    golden = {
        "logistic": logistic_cases(rng),
        "ranking": ranking_cases(rng),
        "tree": tree_cases(rng),
        "scaler": {"rows": X.tolist(), "means": scaler.mean_.tolist(), "scales": scaler.scale_.tolist()},
    }
    with open(OUT, "w") as handle:
        json.dump(golden, handle, separators=(",", ":"))
    print(f"{sum(len(c['fits']) for c in golden['logistic'])} logistic fits, {len(golden['ranking'])} rankings, "
          f"{sum(len(c['fits']) for c in golden['tree'])} trees -> {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
