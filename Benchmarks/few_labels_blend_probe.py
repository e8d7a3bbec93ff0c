#!/usr/bin/env python3
"""Would averaging the few-label model with the challenger rank better? A probe, not a feature of ganfilter.

    swift build -c release
    python3 Benchmarks/few_labels_blend_probe.py --masks bench/generator3/masks --rule shape [--splits 5] [--first-split 0]

On the test splits of `few_labels_bench.py` (same seeds, same 50 labels from two rounds of `label suggest`), trains
two filters on the 50 labels: `train` at its defaults (below 100 labels: the prior anchored on a realism score and
self-trained, or the challenger when the labels drop the prior) and the challenger alone (`--model forest` with
500 extremely randomised trees trying every feature a node). Prints each one's test ROC AUC and that of the mean
of their probabilities (and of their ranks), split by split and on the mean. Needs numpy and scipy.
"""
import argparse
import csv
import os
import shutil
import subprocess
import tempfile

import numpy as np
from scipy.stats import rankdata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHALLENGER = ["--model", "forest", "--param", "n_estimators=500", "--param", "max_features=all", "--param", "splitter=random"]


def auc(scores, good):
    scores, good = np.asarray(scores), np.asarray(good)
    pos, neg = scores[good], scores[~good]
    return float(np.mean([(p > neg).mean() + 0.5 * (p == neg).mean() for p in pos]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "ganfilter"))
    parser.add_argument("--masks", default=os.path.join(ROOT, "bench", "generator", "masks"))
    parser.add_argument("--rule", default="labels", help="the label file MASKS/RULE.csv")
    parser.add_argument("--labels", help="a label file elsewhere (file,label), in place of MASKS/RULE.csv")
    parser.add_argument("--reference", default=os.path.join(ROOT, "masks", "lung256"))
    parser.add_argument("--splits", type=int, default=5)
    parser.add_argument("--first-split", type=int, default=0)
    options = parser.parse_args()

    def run(*args, cwd, ok=(0, 1)):
        result = subprocess.run([options.binary, *args], cwd=cwd, capture_output=True, text=True)
        if result.returncode not in ok:
            raise SystemExit(f"ganfilter {' '.join(args)}: {result.stderr}")
        return result

    masks = os.path.abspath(options.masks)
    work = tempfile.mkdtemp(prefix="ganfilter-blend-probe-")
    try:
        run("features", masks, "--set", "all", "--reference", os.path.abspath(options.reference), "-o", "all.csv", cwd=work)
        with open(os.path.join(work, "all.csv"), newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            rows = [r for r in reader if r[1] == "ok"]
        truth = {r["file"]: r["label"] == "good" for r in csv.DictReader(open(options.labels or os.path.join(masks, f"{options.rule}.csv")))}
        label_of = lambda row: truth[os.path.basename(row[0])]

        def write(name, subset):
            with open(os.path.join(work, name), "w", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(header)
                writer.writerows(subset)
            shutil.copy(os.path.join(work, "all.csv.json"), os.path.join(work, name + ".json"))

        def labels(name, subset):
            with open(os.path.join(work, name), "w") as handle:
                handle.write("file,label\n" + "".join(f"{r[0]},{'good' if label_of(r) else 'bad'}\n" for r in subset))

        def probabilities(model, test):
            run("filter", "--features", "test.csv", "--model", model, "-o", "d.csv", cwd=work)
            decided = {r["file"]: float(r["probability"] or 0) for r in csv.DictReader(open(os.path.join(work, "d.csv")))}
            return np.array([decided[r[0]] for r in test])

        results = []
        for split in range(options.first_split, options.first_split + options.splits):
            rng = np.random.default_rng(split)
            good = np.array([label_of(r) for r in rows])
            test_index = np.concatenate([rng.choice(np.flatnonzero(good == g), size=round(0.2 * (good == g).sum()), replace=False) for g in (True, False)])
            in_test = np.zeros(len(rows), bool)
            in_test[test_index] = True
            pool = [r for r, t in zip(rows, in_test) if not t]
            test = [r for r, t in zip(rows, in_test) if t]
            write("pool.csv", pool)
            write("test.csv", test)
            by_file = {r[0]: r for r in pool}
            run("label", "suggest", "--features", "pool.csv", "--count", "25", "--seed", str(split), "-o", "s1.csv", cwd=work)
            chosen = [r["file"] for r in csv.DictReader(open(os.path.join(work, "s1.csv")))]
            labels("s1.labels.csv", [by_file[f] for f in chosen])
            run("label", "suggest", "--features", "pool.csv", "--labels", "s1.labels.csv", "--count", "25", "--seed", str(split),
                "-o", "s2.csv", cwd=work)
            chosen += [r["file"] for r in csv.DictReader(open(os.path.join(work, "s2.csv")))]
            labels("s50.labels.csv", [by_file[f] for f in chosen])
            for model in ("default.json", "challenger.json"):
                if os.path.exists(os.path.join(work, model)):
                    os.remove(os.path.join(work, model))
            run("train", "--features", "pool.csv", "--labels", "s50.labels.csv", "-o", "default.json", cwd=work, ok=(0, 1, 2))
            run("train", "--features", "pool.csv", "--labels", "s50.labels.csv", "-o", "challenger.json", *CHALLENGER, cwd=work, ok=(0, 1, 2))
            if not all(os.path.exists(os.path.join(work, m)) for m in ("default.json", "challenger.json")):
                print(f"split {split}: train refused the labels")
                continue
            good = np.array([label_of(r) for r in test])
            default, challenger = probabilities("default.json", test), probabilities("challenger.json", test)
            results.append((auc(default, good), auc(challenger, good), auc((default + challenger) / 2, good),
                            auc(rankdata(default) + rankdata(challenger), good)))
            print("split {}: default {:.3f}, challenger {:.3f}, mean of probabilities {:.3f}, of ranks {:.3f}".format(split, *results[-1]), flush=True)
        means = np.mean(results, axis=0)
        print("means: default {:.3f}, challenger {:.3f}, mean of probabilities {:.3f}, of ranks {:.3f}".format(*means))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
