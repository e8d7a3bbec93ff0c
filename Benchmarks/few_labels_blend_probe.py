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

import numpy as np
from scipy.stats import rankdata

from few_labels_bench import add_bench_arguments, auc, measured_bench

CHALLENGER = ["--model", "forest", "--param", "n_estimators=500", "--param", "max_features=all", "--param", "splitter=random"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_bench_arguments(parser)
    options = parser.parse_args()

    with measured_bench(options, "ganfilter-blend-probe-") as bench:
        results = []
        for split in range(options.first_split, options.first_split + options.splits):
            pool, test, _ = bench.split(split)
            bench.suggested(pool, split)
            refusals = [bench.train("s50.labels.csv", "default.json"), bench.train("s50.labels.csv", "challenger.json", *CHALLENGER)]
            if any(r is not None for r in refusals):
                print(f"split {split}: train refused the labels")
                continue
            good = np.array([bench.label_of(r) for r in test])
            default, challenger = bench.probabilities("default.json", test), bench.probabilities("challenger.json", test)
            results.append((auc(default, good), auc(challenger, good), auc((default + challenger) / 2, good),
                            auc(rankdata(default) + rankdata(challenger), good)))
            print("split {}: default {:.3f}, challenger {:.3f}, mean of probabilities {:.3f}, of ranks {:.3f}".format(split, *results[-1]), flush=True)
        means = np.mean(results, axis=0)
        print("means: default {:.3f}, challenger {:.3f}, mean of probabilities {:.3f}, of ranks {:.3f}".format(*means))


if __name__ == "__main__":
    main()
