#!/usr/bin/env python3
"""The scikit-learn script a user would write for what `ganfilter latent train --models logreg` does, as the
issue pins it: one process (imports included) that reads the CSV with pandas, then per group holds out a
stratified 10% test split, runs 3-fold stratified CV of StandardScaler + LogisticRegression(C, max_iter=1000)
(lbfgs, default tolerance) for C in {0.01, 0.1, 1, 10}, takes the best mean fold AUC, picks Youden's threshold
on its out-of-fold scores, refits, and scores the test split.

    OMP_NUM_THREADS=1 python3 Benchmarks/sklearn_latent_train.py DATA.csv [--n-jobs 1]

Prints the mean test ROC AUC over the groups and the seconds of the whole process (from the first import).
"""
import sys
import time

START = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import roc_auc_score, roc_curve  # noqa: E402
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_predict, train_test_split  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402


def train(X, y, n_jobs):
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.1, stratify=y, random_state=0)
    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    search = GridSearchCV(make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
                          {"logisticregression__C": [0.01, 0.1, 1, 10]}, scoring="roc_auc", cv=folds, n_jobs=n_jobs)
    search.fit(X_train, y_train)
    out_of_fold = cross_val_predict(search.best_estimator_, X_train, y_train, cv=folds, method="predict_proba", n_jobs=n_jobs)[:, 1]
    fpr, tpr, thresholds = roc_curve(y_train, out_of_fold)
    youden = thresholds[np.argmax(tpr - fpr)]
    test_scores = search.best_estimator_.predict_proba(X_test)[:, 1]
    return roc_auc_score(y_test, test_scores), youden


def main():
    path = sys.argv[1]
    n_jobs = int(sys.argv[sys.argv.index("--n-jobs") + 1]) if "--n-jobs" in sys.argv else 1
    data = pd.read_csv(path)
    z = [c for c in data.columns if c.startswith("z") and c[1:].isdigit()]
    aucs = []
    for group, rows in data.groupby("group", sort=False):
        auc, _ = train(rows[z].to_numpy(), rows["valid"].to_numpy().astype(bool), n_jobs)
        aucs.append(auc)
    print(f"mean test AUC {np.mean(aucs):.4f} over {len(aucs)} groups, {time.perf_counter() - START:.2f} s")


if __name__ == "__main__":
    main()
