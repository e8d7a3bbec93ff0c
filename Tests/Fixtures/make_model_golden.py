#!/usr/bin/env python3
"""Golden values for ganfilter's kNN, random forest and MLP, computed with scikit-learn.

Regenerate from the repository root with:

    pip install numpy scikit-learn
    python3 Tests/Fixtures/make_model_golden.py

It writes Tests/Fixtures/golden/models.json:
  knn:        a small data set and Pipeline(StandardScaler, KNeighborsClassifier(k, metric, weights)).predict_proba
              on new rows, for k in 1, 3, 10, 30, metric euclidean and cosine, weights uniform and distance
              (continuous data, so no distance ties: uniform probabilities must match exactly, distance-weighted
              ones to rounding);
  ensembles:  a data set with a linear signal and a non-linear one, split into training and test rows, and the
              test ROC AUC of RandomForestClassifier() and of Pipeline(StandardScaler, MLPClassifier((128,)*L,
              early_stopping=True)) under random_state 0..4 (their random streams are not ganfilter's, so the
              Swift tests compare against the spread over seeds, not single values); the forest also with
              max_features=None (every feature a node) and 0.5, and ExtraTreesClassifier() with max_features "sqrt"
              and None;
  fewRows:    50 training rows of 21 features whose label is one feature within limits (|x0| < 0.8), and the
              test ROC AUC of RandomForestClassifier(500 trees) with max_features "sqrt" and None, and of
              ExtraTreesClassifier(500 trees, max_features=None), under random_state 0..4: on so few rows a node that
              tries every feature finds the one that decides.
"""
import json
import os
import warnings

import numpy as np
from sklearn.ensemble import ExtraTreesClassifier, RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "golden", "models.json")


def knn_case(rng):
    X = rng.normal(size=(240, 6)) * np.array([1, 2, 0.5, 3, 1, 10])
    y = (X[:, 0] + 0.5 * X[:, 1] + rng.normal(size=240) > 0.3)
    train, test = slice(0, 180), slice(180, 240)
    fits = []
    for metric in ("euclidean", "cosine"):
        for weights in ("uniform", "distance"):
            for k in (1, 3, 10, 30):
                model = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=k, metric=metric, weights=weights))
                model.fit(X[train], y[train])
                fits.append({"k": k, "metric": metric, "weights": weights,
                             "probabilities": model.predict_proba(X[test])[:, 1].tolist()})
    return {"train": X[train].tolist(), "labels": y[train].tolist(), "test": X[test].tolist(), "fits": fits}


def ensemble_case(rng):
    n, d = 1500, 10
    X = rng.uniform(-1, 1, size=(n, d))
    signal = 1.2 * X[:, 0] - 0.8 * X[:, 1] + 1.5 * (X[:, 2] * X[:, 3] > 0) + rng.logistic(size=n) * 0.8
    y = signal > np.quantile(signal, 0.8)
    train, test = slice(0, 1000), slice(1000, n)
    aucs = {"forest": [], "forest_all": [], "forest_half": [], "extra": [], "extra_all": [], "mlp1": [], "mlp2": []}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for seed in range(5):
            forest = RandomForestClassifier(random_state=seed).fit(X[train], y[train])
            aucs["forest"].append(roc_auc_score(y[test], forest.predict_proba(X[test])[:, 1]))
            for name, features in (("forest_all", None), ("forest_half", 0.5)):
                forest = RandomForestClassifier(max_features=features, random_state=seed).fit(X[train], y[train])
                aucs[name].append(roc_auc_score(y[test], forest.predict_proba(X[test])[:, 1]))
            for name, features in (("extra", "sqrt"), ("extra_all", None)):
                extra = ExtraTreesClassifier(max_features=features, random_state=seed).fit(X[train], y[train])
                aucs[name].append(roc_auc_score(y[test], extra.predict_proba(X[test])[:, 1]))
            for layers in (1, 2):
                mlp = make_pipeline(StandardScaler(), MLPClassifier(hidden_layer_sizes=(128,) * layers, early_stopping=True,
                                                                    random_state=seed)).fit(X[train], y[train])
                aucs[f"mlp{layers}"].append(roc_auc_score(y[test], mlp.predict_proba(X[test])[:, 1]))
    return {"train": X[train].tolist(), "labels": y[train].tolist(), "test": X[test].tolist(),
            "testLabels": y[test].tolist(), "auc": aucs}


def few_rows_case(rng):
    X = rng.normal(size=(550, 21))
    y = np.abs(X[:, 0]) < 0.8
    train, test = slice(0, 50), slice(50, 550)
    aucs = {"sqrt": [], "all": [], "extra_all": []}
    for seed in range(5):
        for name, features in (("sqrt", "sqrt"), ("all", None)):
            forest = RandomForestClassifier(500, max_features=features, random_state=seed).fit(X[train], y[train])
            aucs[name].append(roc_auc_score(y[test], forest.predict_proba(X[test])[:, 1]))
        extra = ExtraTreesClassifier(500, max_features=None, random_state=seed).fit(X[train], y[train])
        aucs["extra_all"].append(roc_auc_score(y[test], extra.predict_proba(X[test])[:, 1]))
    return {"train": X[train].tolist(), "labels": y[train].tolist(), "test": X[test].tolist(),
            "testLabels": y[test].tolist(), "auc": aucs}


def main():
    rng = np.random.default_rng(20261122)
    golden = {"knn": knn_case(rng), "ensembles": ensemble_case(rng), "fewRows": few_rows_case(rng)}
    with open(OUT, "w") as f:
        json.dump(golden, f)
    for case in ("ensembles", "fewRows"):
        print("wrote", OUT, case, {k: [round(min(v), 4), round(max(v), 4)] for k, v in golden[case]["auc"].items()})


if __name__ == "__main__":
    main()
