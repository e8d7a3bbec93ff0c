#!/usr/bin/env python3
"""scikit-learn's side of LatentBenchmark: the logistic grid per group on the same CSV files and folds.

Run by `swift run -c release LatentBenchmark`, which passes DATA_FOLDER REPETITIONS [GANFILTER_GRID_SECONDS].
"""
import glob
import statistics
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, PredefinedSplit


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
    if len(sys.argv) > 3:
        print(f"speed-up of ganfilter: {median / float(sys.argv[3]):.1f}x")


if __name__ == "__main__":
    main()
