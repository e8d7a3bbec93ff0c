#!/usr/bin/env python3
"""The scikit-learn script a user would write for what `ganfilter latent train` does, as the performance
issue pins it: one process (imports included) that reads the CSV with pandas, then per group holds out a
stratified 10% test split, runs 3-fold stratified CV of the model's grid, takes the best mean fold AUC, picks
Youden's threshold on its out-of-fold scores, refits, and scores the test split.

    OMP_NUM_THREADS=1 python3 Benchmarks/sklearn_latent_train.py DATA.csv [--models logreg] [--groups G,...] [--n-jobs 1]
        [--fit-only]

--fit-only leaves out the out-of-fold scores and Youden's threshold: the grid search with its refit and the test
scores, which is what comparing training speed asks for (ganfilter takes the out-of-fold scores from its
cross-validation; scikit-learn's cross_val_predict fits every fold again).

Models, with ganfilter's default grids:
  logreg  StandardScaler + LogisticRegression(C, max_iter=1000), C in 0.01, 0.1, 1, 10 (lbfgs, default tolerance)
  mlp     StandardScaler + MLPClassifier(early_stopping=True), hidden layers (128,), (128, 128), (128,) * 4
  forest  RandomForestClassifier(n_estimators=100) on the raw inputs
  svc     StandardScaler + SVC(gamma="scale"), C in 0.1, 1, 10 (the decision function is the score)

Prints the mean test ROC AUC over the groups and the seconds of the whole process (from the first import).
"""
import sys
import time

START = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.ensemble import RandomForestClassifier  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import roc_auc_score, roc_curve  # noqa: E402
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_predict, train_test_split  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.svm import SVC  # noqa: E402

GRIDS = {
    "logreg": (lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
               {"logisticregression__C": [0.01, 0.1, 1, 10]}, "predict_proba"),
    "mlp": (lambda: make_pipeline(StandardScaler(), MLPClassifier(early_stopping=True, random_state=0)),
            {"mlpclassifier__hidden_layer_sizes": [(128,), (128, 128), (128,) * 4]}, "predict_proba"),
    "forest": (lambda: RandomForestClassifier(n_estimators=100, random_state=0, n_jobs=1), {}, "predict_proba"),
    "svc": (lambda: make_pipeline(StandardScaler(), SVC(gamma="scale")), {"svc__C": [0.1, 1, 10]}, "decision_function"),
}


def option(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def score(model, X, method):
    values = getattr(model, method)(X)
    return values[:, 1] if values.ndim == 2 else values


def train(X, y, model, n_jobs, fit_only):
    make, grid, method = GRIDS[model]
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.1, stratify=y, random_state=0)
    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    search = GridSearchCV(make(), grid, scoring="roc_auc", cv=folds, n_jobs=n_jobs)
    search.fit(X_train, y_train)
    test_auc = roc_auc_score(y_test, score(search.best_estimator_, X_test, method))
    if fit_only:
        return test_auc, search.best_score_, None
    out_of_fold = cross_val_predict(search.best_estimator_, X_train, y_train, cv=folds, method=method, n_jobs=n_jobs)
    out_of_fold = out_of_fold[:, 1] if out_of_fold.ndim == 2 else out_of_fold
    fpr, tpr, thresholds = roc_curve(y_train, out_of_fold)
    youden = thresholds[np.argmax(tpr - fpr)]
    return test_auc, search.best_score_, youden


def main():
    path = sys.argv[1]
    model = option("--models", "logreg")
    n_jobs = int(option("--n-jobs", "1"))
    groups = option("--groups", None)
    data = pd.read_csv(path)
    target = "valid" if "valid" in data.columns else "passed"
    z = [c for c in data.columns if c.startswith("z") and c[1:].isdigit()]
    test_aucs, cv_aucs = [], []
    for group, rows in data.groupby("group", sort=False):
        if groups and group not in groups.split(","):
            continue
        test_auc, cv_auc, _ = train(rows[z].to_numpy(), rows[target].to_numpy().astype(bool), model, n_jobs, "--fit-only" in sys.argv)
        test_aucs.append(test_auc)
        cv_aucs.append(cv_auc)
    print(f"{model}: mean test AUC {np.mean(test_aucs):.4f}, mean CV AUC {np.mean(cv_aucs):.4f} over {len(test_aucs)} groups, "
          f"{time.perf_counter() - START:.2f} s")


if __name__ == "__main__":
    main()
