#!/usr/bin/env python3
"""scikit-learn's side of LearningBenchmark: the same grid searches on the same CSV files and folds, one thread.

Run by `swift run -c release LearningBenchmark`, which passes: DATA_FOLDER REPETITIONS [GANFILTER_LOGISTIC_S
GANFILTER_TREE_S] (the last two to print the ratios).
"""
import statistics
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, PredefinedSplit
from sklearn.tree import DecisionTreeClassifier


def load(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    return data[:, :-2], data[:, -2].astype(bool), data[:, -1].astype(int)


def search(estimator, grid, X, y, folds, repetitions):
    times, best = [], None
    for _ in range(repetitions):
        search = GridSearchCV(estimator, grid, scoring="roc_auc", n_jobs=1, cv=PredefinedSplit(folds))
        start = time.perf_counter()
        search.fit(X, y)
        times.append(time.perf_counter() - start)
        best = search.best_score_
    return statistics.median(times), best


def main():
    folder, repetitions = sys.argv[1], int(sys.argv[2])
    X, y, folds = load(folder + "/logistic.csv")
    logistic = search(LogisticRegression(max_iter=1000), {"C": [0.01, 0.1, 1, 10]}, X, y, folds, repetitions)
    X, y, folds = load(folder + "/tree.csv")
    tree = search(DecisionTreeClassifier(random_state=0),
                  {"criterion": ["gini", "entropy"], "max_depth": list(range(1, 11)), "min_samples_leaf": [1, 5, 10, 20]},
                  X, y, folds, repetitions)
    print(f"scikit-learn logistic (lbfgs), same grid:     {logistic[0]:7.3f} s   best mean AUC {logistic[1]:.4f}")
    print(f"scikit-learn tree grid, same grid:            {tree[0]:7.3f} s   best mean AUC {tree[1]:.4f}")
    if len(sys.argv) > 4:
        print(f"speed-up of ganfilter: logistic {logistic[0] / float(sys.argv[3]):.1f}x, tree {tree[0] / float(sys.argv[4]):.1f}x")


if __name__ == "__main__":
    main()
