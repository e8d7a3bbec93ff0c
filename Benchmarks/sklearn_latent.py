#!/usr/bin/env python3
"""scikit-learn's side of LatentBenchmark, on the same per-group CSV files:
  (a) the logistic grid per group on the same folds;
  (b) what `ganfilter latent train --models logreg` does per group: a stratified 10% test split, a 3-fold grid
      over C of StandardScaler + LogisticRegression, out-of-fold scores of the best candidate and its ROC curve
      (for the thresholds), a refit on the non-test rows, and test scores.

Run by `swift run -c release LatentBenchmark`, which passes
DATA_FOLDER REPETITIONS [GANFILTER_GRID_SECONDS GANFILTER_TRAIN_SECONDS].
"""
import glob
import statistics
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_curve
from sklearn.model_selection import GridSearchCV, PredefinedSplit, StratifiedKFold, cross_val_predict, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def whole_train(X, y):
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.1, stratify=y, random_state=0)
    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    search = GridSearchCV(make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
                          {"logisticregression__C": [0.01, 0.1, 1, 10]}, scoring="roc_auc", cv=folds, n_jobs=1)
    search.fit(X_train, y_train)
    out_of_fold = cross_val_predict(search.best_estimator_, X_train, y_train, cv=folds, method="predict_proba")[:, 1]
    roc_curve(y_train, out_of_fold, drop_intermediate=False)
    return search.best_estimator_.predict_proba(X_test)[:, 1]


def main():
    folder, repetitions = sys.argv[1], int(sys.argv[2])
    data = []
    for path in sorted(glob.glob(folder + "/group_*.csv")):
        table = np.loadtxt(path, delimiter=",", skiprows=1)
        data.append((table[:, :-2], table[:, -2].astype(bool), table[:, -1].astype(int)))
    times, aucs = [], []
    for _ in range(repetitions):
        start = time.perf_counter()
        aucs = []
        for X, y, folds in data:
            search = GridSearchCV(LogisticRegression(max_iter=1000), {"C": [0.01, 0.1, 1, 10]}, scoring="roc_auc",
                                  cv=PredefinedSplit(folds), n_jobs=1)
            search.fit(X, y)
            aucs.append(search.best_score_)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"scikit-learn logistic grid (lbfgs), same folds:       {median:7.2f} s   mean best AUC {np.mean(aucs):.4f}")
    train_times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        for X, y, _ in data:
            whole_train(X, y)
        train_times.append(time.perf_counter() - start)
    train_median = statistics.median(train_times)
    print(f"scikit-learn equivalent of latent train (6 groups):   {train_median:7.2f} s")
    if len(sys.argv) > 4:
        print(f"speed-up of ganfilter: grid {median / float(sys.argv[3]):.1f}x, whole train {train_median / float(sys.argv[4]):.1f}x")


if __name__ == "__main__":
    main()
