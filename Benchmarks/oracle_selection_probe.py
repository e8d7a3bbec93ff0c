#!/usr/bin/env python3
"""Could any choice of fifty labels close the gap to the 800-label filter? A probe, not a feature of ganfilter.

    swift build -c release
    python3 Benchmarks/oracle_selection_probe.py --masks bench/generator3/masks --rule shape [--splits 10] [--first-split 0]

On the test splits of `few_labels_bench.py` (same seeds), `train` at its defaults fits fifty labels of the pool
chosen with hindsight no user has: each pool mask's probability of good from a `train` model fitted on the other
half of the pool's labels (400, cross-fitted), so the choice knows where the rule's boundary lies. Printed beside
fifty from `label suggest` (two rounds of 25) and fifty random ones, test ROC AUC of each:
  * `boundary`: the 50 masks whose cross-fitted probability lies nearest that model's Youden threshold;
  * `boundary+spread`: 25 of those and 25 spread evenly over the ranks of the probability;
  * `spread`: 50 spread evenly over the ranks;
  * `balanced`: the 25 good and the 25 bad masks nearest the threshold (the rule's labels used in the choice).
It also prints how `realism_boundary` alone ranks the pool's labels, and the labels of the `boundary` and
`balanced` masks: Berkson's paradox, where a good model's near-ties are good masks that made up for a low realism
score and bad masks that had a high one.
If even these rank far below the 800-label filter, the fifty labels' gap is not the choice of masks but how much
fifty rows can teach. Needs numpy only.
"""
import argparse
import csv
import os
import re

import numpy as np

from few_labels_bench import add_bench_arguments, auc, measured_bench, run


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_bench_arguments(parser)
    options = parser.parse_args()
    with measured_bench(options, "ganfilter-oracle-") as bench:
        work = bench.work

        def test_auc(label_file, test):
            return bench.test_auc(label_file, test, "--jobs", "2")

        names = ["suggested", "random", "boundary", "boundary+spread", "spread", "balanced"]
        results = {name: [] for name in names}
        berkson = []
        for split in range(options.first_split, options.first_split + options.splits):
            pool, test, rng = bench.split(split)
            # Cross-fitted probabilities of good for every pool mask, and each half-model's Youden threshold.
            order = rng.permutation(len(pool))
            probability, threshold = np.zeros(len(pool)), np.zeros(len(pool))
            for half in (order[: len(pool) // 2], order[len(pool) // 2:]):
                other = np.setdiff1d(np.arange(len(pool)), half)
                bench.labels("half.labels.csv", [pool[i] for i in other])
                bench.train("half.labels.csv", "half.model.json", "--jobs", "2")
                bench.write("half.csv", [pool[i] for i in half])
                filtered = run(options.binary, "filter", "--features", "half.csv", "--model", "half.model.json", "-o", "hd.csv",
                               cwd=work)
                cut = float(re.search(r"\(threshold ([^)]+)\)", filtered.stderr).group(1))
                decided = {r["file"]: r for r in csv.DictReader(open(os.path.join(work, "hd.csv")))}
                for i in half:
                    probability[i] = float(decided[pool[i][0]]["probability"] or 0)
                    threshold[i] = cut
            margin = np.abs(probability - threshold)
            ranks = np.argsort(probability)
            good = np.array([bench.label_of(r) for r in pool])

            def spread(count, leave_out=()):
                left = [i for i in ranks if i not in set(leave_out)]
                return [left[int(k)] for k in np.linspace(0, len(left) - 1, count).round()]

            nearest = list(np.argsort(margin))
            choices = {
                "random": list(rng.choice(len(pool), size=50, replace=False)),
                "boundary": nearest[:50],
                "boundary+spread": nearest[:25] + spread(25, nearest[:25]),
                "spread": spread(50),
                "balanced": [i for i in nearest if good[i]][:25] + [i for i in nearest if not good[i]][:25],
            }
            # Berkson's paradox: how realism_boundary ranks the labels over the pool, and among the masks chosen at the
            # boundary.
            realism = np.array([float(r[bench.header.index("realism_boundary")]) for r in pool])
            berkson.append([auc(realism[chosen], good[chosen]) if 0 < good[chosen].sum() < len(chosen) else np.nan
                            for chosen in (np.arange(len(pool)), np.array(choices["boundary"]), np.array(choices["balanced"]))])
            bench.suggested(pool, split)
            results["suggested"].append(test_auc("s50.labels.csv", test))
            for name, chosen in choices.items():
                bench.labels(f"{name}.labels.csv", [pool[i] for i in chosen])
                results[name].append(test_auc(f"{name}.labels.csv", test))
            print(f"split {split}: " + "; ".join(f"{name} {results[name][-1]:.3f}" for name in names), flush=True)
        print("test ROC AUC means: " + "; ".join(f"{name} {np.mean(v):.3f}" for name, v in results.items()))
        pooled, boundary, balanced = np.nanmean(berkson, axis=0)
        print(f"realism_boundary's ROC AUC of the pool's labels (means): all {pooled:.3f}; the boundary's 50 {boundary:.3f}; "
              f"the balanced 50 {balanced:.3f}")


if __name__ == "__main__":
    main()
