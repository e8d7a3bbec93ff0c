#!/usr/bin/env python3
"""How many random labels do fifty labels from `ganfilter label suggest` stand for? A learning curve of `train`
on a rule's labels, beside the 50 suggested ones and the filter on 80% of all labels.

    swift build -c release
    python3 Benchmarks/label_count_curve.py [--masks bench/generator/masks] [--rule labels | --labels FILE]
                                            [--counts 50,100,200,400] [--splits 5] [--first-split 0]
                                            [--reference masks/lung256 | --without-realism] [--binary .build/release/ganfilter]

On each of `splits` stratified 20% test splits (the seeds and splits of `few_labels_bench.py`, whose `BenchWork`
this reuses): `train` on `count` labels drawn at random from the other 80% for each count (the draws of one split
nested: the first 50 of the 100, and so on), on 50 from `label suggest` (25, then 25 more with those labels), and
on all of them. Each model's test ROC AUC is that of `filter --features test.csv`'s probability column (0.5 when
`train` refuses the labels). Prints each split, the mean of each, and the number of random labels the 50 suggested
ones stand for: where their mean AUC falls on the random labels' curve, interpolated linearly in log(count)
("< 50" or "> N" outside it), and the same for the AUC of the 80% filter less 0.02, the few-labels issue's goal.
"""
import argparse
import math

import numpy as np

from few_labels_bench import add_bench_arguments, measured_bench


def labels_for(curve, target):
    """The count at which the curve `[(count, mean AUC)]`, rising or not, first reaches `target`, interpolated in
    log(count); a string outside the curve."""
    if target <= curve[0][1]:
        return f"<= {curve[0][0]}"
    for (n0, a0), (n1, a1) in zip(curve, curve[1:]):
        if a0 < target <= a1:
            t = (target - a0) / (a1 - a0)
            return f"{math.exp(math.log(n0) + t * (math.log(n1) - math.log(n0))):.0f}"
    return f"> {curve[-1][0]}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_bench_arguments(parser)
    parser.add_argument("--counts", default="50,100,200,400", help="the numbers of random labels, rising")
    parser.add_argument("--without-realism", action="store_true",
                        help="measure the masks without --reference, so that train sees no realism column")
    parser.add_argument("--jobs", default="2", help="train's --jobs")
    options = parser.parse_args()
    counts = sorted(int(c) for c in options.counts.split(","))
    with measured_bench(options, "ganfilter-label-count-", realism=not options.without_realism) as bench:
        def test_auc(label_file, test):
            return bench.test_auc(label_file, test, "--jobs", options.jobs)

        results = {name: [] for name in ["suggested 50", *(f"random {n}" for n in counts), "all 80%"]}
        for split in range(options.first_split, options.first_split + options.splits):
            pool, test, rng = bench.split(split)
            bench.labels("all.labels.csv", pool)
            results["all 80%"].append(test_auc("all.labels.csv", test))
            bench.suggested(pool, split)
            results["suggested 50"].append(test_auc("s50.labels.csv", test))
            order = rng.permutation(len(pool))
            for n in counts:
                bench.labels(f"r{n}.labels.csv", [pool[i] for i in order[:min(n, len(pool))]])
                results[f"random {n}"].append(test_auc(f"r{n}.labels.csv", test))
            print(f"split {split}: " + "; ".join(f"{name} {values[-1]:.3f}" for name, values in results.items()), flush=True)
        means = {name: float(np.mean(values)) for name, values in results.items()}
        print("test ROC AUC mean: " + "; ".join(f"{name} {value:.3f}" for name, value in means.items()))
        curve = [(n, means[f"random {n}"]) for n in counts]
        print(f"50 suggested labels rank as {labels_for(curve, means['suggested 50'])} random labels do; "
              f"the 80% filter less 0.02 ({means['all 80%'] - 0.02:.3f}) takes {labels_for(curve, means['all 80%'] - 0.02)} random labels")


if __name__ == "__main__":
    main()
