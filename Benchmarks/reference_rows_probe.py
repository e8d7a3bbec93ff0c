#!/usr/bin/env python3
"""Would the real masks of the reference, as labelled good rows, or another learner teach more from fifty labels? A
probe, not a feature of ganfilter.

    swift build -c release
    python3 Benchmarks/reference_rows_probe.py --masks bench/generator3/masks --rule shape [--splits 10] [--first-split 0]

On the test splits of `few_labels_bench.py` (same seeds, same 50 labels from two rounds of `label suggest`), prints
the test ROC AUC of `train` at its defaults beside scikit-learn models fitted on the same 50 labels:
  * `trees`: 500 extremely randomised trees trying every feature a node (the challenger of `train`);
  * `trees+ref W`: the same with every reference mask (the PNGs of the `--reference` folder) added as a good
    row, its features measured against the other reference masks (leave-one-out, as `filter --reference`
    calibrates), the reference rows weighing W times the good labels in all;
  * `svc`, `logreg`, `gp`: an RBF support vector machine, an L2 logistic regression (C = 0.1) and a Gaussian
    process classifier, on features standardised over the pool;
  * `default+X`: the mean of `train`'s probabilities and X's (of ranks for the three without probabilities).
Every real mask is plausible under any sensible rule (`bench/label_rules.py --check` says so of the bench's), so
the reference is a set of good examples that costs no label. Needs numpy, scipy and scikit-learn.
"""
import argparse
import csv
import os
import shutil

import numpy as np
from scipy.stats import rankdata
from sklearn.ensemble import ExtraTreesClassifier
from sklearn.gaussian_process import GaussianProcessClassifier
from sklearn.gaussian_process.kernels import RBF, ConstantKernel
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from few_labels_bench import add_bench_arguments, auc, measured_bench, print_means, print_split, run


def reference_rows(binary, reference, work):
    """The features of each reference mask, measured against the other reference masks."""
    files = sorted(f for f in os.listdir(reference) if f.endswith(".png"))
    rows, header = [], None
    for held_out in files:
        others = os.path.join(work, "others")
        shutil.rmtree(others, ignore_errors=True)
        os.mkdir(others)
        for f in files:
            if f != held_out:
                os.symlink(os.path.join(reference, f), os.path.join(others, f))
        run(binary, "features", os.path.join(reference, held_out), "--set", "all", "--reference", others, "-o", "held-out.csv", cwd=work)
        with open(os.path.join(work, "held-out.csv"), newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            rows += [r for r in reader if r[1] == "ok"]
    return header, rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_bench_arguments(parser)
    options = parser.parse_args()

    reference = os.path.abspath(options.reference)
    with measured_bench(options, "ganfilter-reference-rows-") as bench:
        work = bench.work
        columns = [c for c in bench.header if c not in ("file", "status", "error")]
        reference_header, held_out = reference_rows(options.binary, reference, work)

        def matrix(rows, header):
            index = [header.index(c) for c in columns]
            return np.array([[float(r[i]) for i in index] for r in rows])

        real = matrix(held_out, reference_header)
        results = []
        for split in range(options.first_split, options.first_split + options.splits):
            pool, test, _ = bench.split(split)
            bench.suggested(pool, split)
            by_file = {r[0]: r for r in pool}
            labelled = list(csv.DictReader(open(os.path.join(work, "s50.labels.csv"))))
            x, y = matrix([by_file[r["file"]] for r in labelled], bench.header), np.array([r["label"] == "good" for r in labelled])
            x_test, y_test = matrix(test, bench.header), np.array([bench.label_of(r) for r in test])
            if bench.train("s50.labels.csv", "default.json") is not None or y.all() or not y.any():
                print(f"split {split}: train refused the labels")
                continue
            default = bench.probabilities("default.json", test)

            scores = {}
            scores["trees"] = ExtraTreesClassifier(500, max_features=None, random_state=split).fit(x, y).predict_proba(x_test)[:, 1]
            for weight in (0.5, 1.0, 2.0):
                sample_weight = np.concatenate([np.ones(len(y)), np.full(len(real), weight * y.sum() / len(real))])
                trees = ExtraTreesClassifier(500, max_features=None, random_state=split)
                trees.fit(np.vstack([x, real]), np.concatenate([y, np.ones(len(real), bool)]), sample_weight=sample_weight)
                scores[f"trees+ref {weight}"] = trees.predict_proba(x_test)[:, 1]
            scaler = StandardScaler().fit(matrix(pool, bench.header))
            z, z_test = scaler.transform(x), scaler.transform(x_test)
            scores["svc"] = rankdata(SVC(gamma="scale").fit(z, y).decision_function(z_test)) / len(test)
            scores["logreg"] = rankdata(LogisticRegression(C=0.1, max_iter=2000).fit(z, y).decision_function(z_test)) / len(test)
            scores["gp"] = GaussianProcessClassifier(ConstantKernel() * RBF(3.0), random_state=0).fit(z, y).predict_proba(z_test)[:, 1]
            row = {"default": auc(default, y_test)}
            for name, score in scores.items():
                row[name] = auc(score, y_test)
                mate = rankdata(default) / len(test) if name in ("svc", "logreg") else default
                row[f"default+{name}"] = auc(mate + score, y_test)
            results.append(row)
            print_split(split, row)
        print_means(options, results)


if __name__ == "__main__":
    main()
