#!/usr/bin/env python3
"""Do fifty labelled masks teach more as masks than as rows of features? A probe, not a feature of ganfilter.

    swift build -c release
    python3 Benchmarks/mask_space_probe.py --masks bench/generator2/masks --rule outline [--splits 10] [--first-split 0]

On the test splits of `few_labels_bench.py` (same seeds, the same 50 labels from two rounds of `label suggest`),
each mask is moved into its 64x64 scaled frame and compared with others by the boundary F1 at a tolerance of 2
(`boundary_realism_probe.py`, the definition of realism_boundary). Prints the test ROC AUC of `train` at its
defaults (`default`) beside scores of the test masks made from the labelled masks themselves:
  * `realism`: the mean of the 5 best boundary F1 against the reference, the label-free score, no label used;
  * `nn_gap`, `nn3_gap`: the best (mean of the 3 best) boundary F1 with a mask labelled good, less that with one
    labelled bad: nearest labelled masks in mask space;
  * `ref+good`: realism against the reference and the masks labelled good together, so that the labels extend the
    reference toward what the rule calls good; `ref+good-bad` less the best boundary F1 with a mask labelled bad;
  * `d+X`, `d+.5X`: `default`'s ranks plus X's (X's at half weight).
A rule on the nearest outline of another reference moves little between masks whose outlines are close (the
Hausdorff distance is a metric), so labelled masks might vouch for their neighbours. Needs numpy, scipy,
scikit-learn and pillow.
"""
import argparse
import csv
import glob
import os

import numpy as np
from scipy.stats import rankdata

from boundary_realism_probe import boundary_f1, frames, mean5
from few_labels_bench import add_bench_arguments, auc, measured_bench, print_means, print_split


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_bench_arguments(parser)
    options = parser.parse_args()
    reference = frames(sorted(glob.glob(os.path.join(options.reference, "*.png"))))
    with measured_bench(options, "ganfilter-mask-space-") as bench:
        files = [r[0] for r in bench.rows]
        index = {f: i for i, f in enumerate(files)}
        generated = frames(files)
        pair = boundary_f1(generated, generated, 2)
        np.fill_diagonal(pair, -1.0)
        real = boundary_f1(generated, reference, 2)
        results = []
        for split in range(options.first_split, options.first_split + options.splits):
            pool, test, _ = bench.split(split)
            bench.suggested(pool, split)
            labelled = list(csv.DictReader(open(os.path.join(bench.work, "s50.labels.csv"))))
            asked = np.array([index[r["file"]] for r in labelled])
            good = np.array([r["label"] == "good" for r in labelled])
            tested = np.array([index[r[0]] for r in test])
            truth = np.array([bench.label_of(r) for r in test])
            if bench.train("s50.labels.csv", "default.json") is not None:
                print(f"split {split}: train refused the labels")
                continue
            default = bench.probabilities("default.json", test)
            with_good, with_bad = pair[np.ix_(tested, asked[good])], pair[np.ix_(tested, asked[~good])]
            extended = mean5(np.hstack([real[tested], with_good]))
            scores = {"realism": mean5(real[tested]),
                      "nn_gap": with_good.max(1) - with_bad.max(1),
                      "nn3_gap": np.sort(with_good, 1)[:, -3:].mean(1) - np.sort(with_bad, 1)[:, -3:].mean(1),
                      "ref+good": extended,
                      "ref+good-bad": extended - with_bad.max(1)}
            row = {"default": auc(default, truth)}
            for name, score in scores.items():
                row[name] = auc(score, truth)
                row[f"d+{name}"] = auc(rankdata(default) + rankdata(score), truth)
                row[f"d+.5{name}"] = auc(rankdata(default) + 0.5 * rankdata(score), truth)
            results.append(row)
            print_split(split, row)
        print_means(options, results)


if __name__ == "__main__":
    main()
