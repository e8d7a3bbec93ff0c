#!/usr/bin/env python3
"""scikit-learn's side of `ganfilter latent train --models svc` on one group of a latent dataset: a stratified
10% test split, a 3-fold grid over C in 0.1, 1, 10 of StandardScaler + SVC(gamma='scale'), out-of-fold
decision values of the best candidate, a refit on the non-test rows and the test ROC AUC; single-threaded.

    OMP_NUM_THREADS=1 python3 Benchmarks/sklearn_svc.py DATA.csv.gz GROUP
    /usr/bin/time -v swift run -c release ganfilter latent train --data DATA.csv.gz --groups GROUP --models svc --jobs 1 -o m.json

Prints the seconds of the whole script (imports and reading included) and the AUCs.
"""
import sys
import time

START = time.perf_counter()
import csv  # noqa: E402
import gzip  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_predict, train_test_split  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.svm import SVC  # noqa: E402


def main():
    data, group = sys.argv[1], sys.argv[2]
    with (gzip.open(data, "rt") if data.endswith(".gz") else open(data)) as f:
        rows = [row for row in csv.DictReader(f) if row["group"] == group]
    zs = sorted((c for c in rows[0] if c.startswith("z") and c[1:].isdigit()), key=lambda c: int(c[1:]))
    X = np.array([[float(row[c]) for c in zs] for row in rows])
    target = "valid" if "valid" in rows[0] else "passed"
    y = np.array([row[target] == "1" for row in rows])
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.1, stratify=y, random_state=0)
    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    search = GridSearchCV(make_pipeline(StandardScaler(), SVC(gamma="scale")), {"svc__C": [0.1, 1, 10]}, scoring="roc_auc",
                          cv=folds, n_jobs=1)
    search.fit(X_train, y_train)
    cross_val_predict(search.best_estimator_, X_train, y_train, cv=folds, method="decision_function")
    test_auc = roc_auc_score(y_test, search.best_estimator_.decision_function(X_test))
    print(f"scikit-learn SVC, {len(X_train)} training rows: best C={search.best_params_['svc__C']}, "
          f"mean fold AUC {search.best_score_:.4f}, test AUC {test_auc:.4f}, {time.perf_counter() - START:.1f} s")


if __name__ == "__main__":
    main()
