#!/usr/bin/env python3
"""Fifty labels chosen by `ganfilter label suggest` against fifty random ones and against 80% of all labels,
and the label-free filter at its default.

    swift build -c release
    python3 Benchmarks/few_labels_bench.py [--masks bench/generator/masks] [--rule labels | --labels FILE] [--splits 5] [--first-split 0]
                                           [--reference masks/lung256] [--without-realism] [--binary .build/release/ganfilter]

On a generator's masks (default the shipped first generator's 1,000; bench/generator2/masks is the second,
bench/generator3/masks the third, a shape model added after the design was settled) and
one of its label rules (`--rule NAME` reads MASKS/NAME.csv: labels, gross, outline, shape), with every feature set
and realism against `--reference` (`--without-realism`: no realism column in the tables `label suggest` and `train`
read, as for a user who measured without `--reference`):
  * the label-free filter at its default (`filter MASKS --reference`): the ROC AUC of its score, the share it
    accepts and bad:good among them;
  * for each of `splits` stratified 20% test splits (seeded): (a) `train` on all the other labels (80%); (b) 25
    masks from `label suggest`, then 25 more with those labels, then `train` on the 50; (c) `train` on 50 drawn
    at random (same seed). Each model's test ROC AUC comes from `filter --features test.csv` (the probability
    column; 0.5 when `train` refuses the labels, fifty of one class say), and bad:good among the test masks it
    accepts at its default strategy. Prints each split, the means
    (medians over the splits), and each goal of the few-labels issue met or missed.
"""
import argparse
import contextlib
import csv
import os
import shutil
import subprocess
import tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(binary, *args, cwd, may_refuse=False):
    result = subprocess.run([binary, *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode not in ((0, 1, 2) if may_refuse else (0, 1)):
        raise SystemExit(f"ganfilter {' '.join(args)}: {result.stderr}")
    return result


def auc(scores, good):
    scores, good = np.asarray(scores), np.asarray(good)
    pos, neg = scores[good], scores[~good]
    return float(np.mean([(p > neg).mean() + 0.5 * (p == neg).mean() for p in pos]))


class BenchWork:
    """A generator's masks measured in a work folder, with a rule's labels: the tables, label files and label
    suggestions of each test split, as the bench and its probes make them."""

    def __init__(self, binary, masks, labels_path, work, realism):
        self.binary, self.work = binary, work
        run(binary, "features", masks, "--set", "all", *realism, "-o", "all.csv", cwd=work)
        with open(os.path.join(work, "all.csv"), newline="") as handle:
            reader = csv.reader(handle)
            self.header = next(reader)
            self.rows = [r for r in reader if r[1] == "ok"]
        self.truth = {r["file"]: r["label"] == "good" for r in csv.DictReader(open(labels_path))}

    def label_of(self, row):
        """Whether the rule calls the mask of `row` good (joined by file name)."""
        return self.truth[os.path.basename(row[0])]

    def write(self, name, subset):
        """A features table of `subset`'s rows, with the table's settings."""
        with open(os.path.join(self.work, name), "w", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(self.header)
            writer.writerows(subset)
        shutil.copy(os.path.join(self.work, "all.csv.json"), os.path.join(self.work, name + ".json"))

    def labels(self, name, subset):
        """The rule's labels of `subset`'s rows."""
        with open(os.path.join(self.work, name), "w") as handle:
            handle.write("file,label\n" + "".join(f"{r[0]},{'good' if self.label_of(r) else 'bad'}\n" for r in subset))

    def split(self, seed):
        """A stratified 20% test split drawn by `seed`: (pool, test, the generator that drew it, for later draws), the
        first two written as pool.csv and test.csv."""
        rng = np.random.default_rng(seed)
        good = np.array([self.label_of(r) for r in self.rows])
        test_index = np.concatenate([rng.choice(np.flatnonzero(good == g), size=round(0.2 * (good == g).sum()), replace=False) for g in (True, False)])
        in_test = np.zeros(len(self.rows), bool)
        in_test[test_index] = True
        pool = [r for r, t in zip(self.rows, in_test) if not t]
        test = [r for r, t in zip(self.rows, in_test) if t]
        self.write("pool.csv", pool)
        self.write("test.csv", test)
        return pool, test, rng

    def train(self, label_file, model, *options):
        """`train` on pool.csv with `label_file`'s labels into `model`; the last line of its refusal when it refused
        them (fifty labels of one class, say), else None. A model left by an earlier split is removed first, so
        that a refusal never leaves it in place."""
        if os.path.exists(os.path.join(self.work, model)):
            os.remove(os.path.join(self.work, model))
        trained = run(self.binary, "train", "--features", "pool.csv", "--labels", label_file, "-o", model, *options,
                      cwd=self.work, may_refuse=True)
        if os.path.exists(os.path.join(self.work, model)):
            return None
        return (trained.stderr.strip().splitlines() or ["no message"])[-1]

    def decisions(self, model, test):
        """`model`'s decision row (`filter --features`'s decisions.csv) for each of `test`'s rows (test.csv),
        joined by file."""
        run(self.binary, "filter", "--features", "test.csv", "--model", model, "-o", "d.csv", cwd=self.work)
        decided = {r["file"]: r for r in csv.DictReader(open(os.path.join(self.work, "d.csv")))}
        return [decided[r[0]] for r in test]

    def test_auc(self, label_file, test, *options):
        """The test ROC AUC of `train` on `label_file`'s labels (with `options`); 0.5 when it refuses them, as the
        bench counts a split with no filter."""
        model = label_file + ".model.json"
        if self.train(label_file, model, *options) is not None:
            return 0.5
        return auc(self.probabilities(model, test), [self.label_of(r) for r in test])

    def probabilities(self, model, test):
        """`model`'s probability of good for each of `test`'s rows (test.csv), joined by file."""
        return np.array([float(d["probability"] or 0) for d in self.decisions(model, test)])

    def suggested(self, pool, seed, name="s50.labels.csv"):
        """25 masks of `pool` from `label suggest`, then 25 more with their labels: all 50 labelled in `name`."""
        run(self.binary, "label", "suggest", "--features", "pool.csv", "--count", "25", "--seed", str(seed), "-o", "s1.csv", cwd=self.work)
        chosen = [r["file"] for r in csv.DictReader(open(os.path.join(self.work, "s1.csv")))]
        by_file = {r[0]: r for r in pool}
        self.labels("s1.labels.csv", [by_file[f] for f in chosen])
        run(self.binary, "label", "suggest", "--features", "pool.csv", "--labels", "s1.labels.csv", "--count", "25", "--seed", str(seed),
            "-o", "s2.csv", cwd=self.work)
        chosen += [r["file"] for r in csv.DictReader(open(os.path.join(self.work, "s2.csv")))]
        self.labels(name, [by_file[f] for f in chosen])


@contextlib.contextmanager
def measured_bench(options, prefix, realism=True):
    """The masks of the bench's options (`add_bench_arguments`) measured in a fresh work folder named `prefix`...,
    against `--reference` unless `realism` is false: yields the `BenchWork`, and removes the folder after."""
    masks = os.path.abspath(options.masks)
    work = tempfile.mkdtemp(prefix=prefix)
    try:
        yield BenchWork(options.binary, masks, options.labels or os.path.join(masks, f"{options.rule}.csv"), work,
                        ["--reference", os.path.abspath(options.reference)] if realism else [])
    finally:
        shutil.rmtree(work, ignore_errors=True)


def print_split(split, row):
    """Prints a probe's test ROC AUC of each of its scores on `split` (`row`: name -> value)."""
    print(f"split {split}: " + ", ".join(f"{k} {v:.3f}" for k, v in row.items()), flush=True)


def print_means(options, results):
    """Prints the mean over the splits of each score of a probe's `results` (one `print_split` row a split), with the
    masks and rule of the bench's `options`."""
    print(f"{os.path.relpath(options.masks)}, rule {options.labels or options.rule}, means over {len(results)} splits: "
          + ", ".join(f"{k} {np.mean([r[k] for r in results]):.3f}" for k in results[0]))


def add_bench_arguments(parser):
    """The options of every script that runs on the bench's splits: the binary, the masks and their label rule,
    the reference, and which test splits."""
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "ganfilter"))
    parser.add_argument("--masks", default=os.path.join(ROOT, "bench", "generator", "masks"))
    parser.add_argument("--rule", default="labels", help="the label file MASKS/RULE.csv")
    parser.add_argument("--labels", help="a label file elsewhere (file,label), in place of MASKS/RULE.csv")
    parser.add_argument("--reference", default=os.path.join(ROOT, "masks", "lung256"))
    parser.add_argument("--splits", type=int, default=5)
    parser.add_argument("--first-split", type=int, default=0, help="the seed of the first split (the others follow it)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_bench_arguments(parser)
    parser.add_argument("--without-realism", action="store_true",
                        help="measure the masks without --reference, so that label suggest and train see no realism column")
    options = parser.parse_args()
    masks, reference = os.path.abspath(options.masks), os.path.abspath(options.reference)
    with measured_bench(options, "ganfilter-few-labels-", realism=not options.without_realism) as bench:
        work = bench.work
        truth, label_of, labels = bench.truth, bench.label_of, bench.labels

        run(options.binary, "filter", masks, "--reference", reference, "-o", "label-free.csv", cwd=work)
        free = [r for r in csv.DictReader(open(os.path.join(work, "label-free.csv"))) if r["decision"] != "error"]
        good = [truth[os.path.basename(r["file"])] for r in free]
        kept = [g for r, g in zip(free, good) if r["decision"] == "accept"]
        free_auc = auc([float(r["probability"] or -1) for r in free], good)
        free_ratio = (len(kept) - sum(kept)) / max(sum(kept), 1)
        print(f"{os.path.relpath(masks, ROOT)}, rule {options.labels or options.rule}: {sum(good)} good of {len(good)}")
        print(f"label-free at its default: ROC AUC {free_auc:.3f} (>= 0.92: {'met' if free_auc >= 0.92 else 'missed'}); "
              f"accepts {len(kept) / len(free):.1%} at bad:good {free_ratio:.2f} "
              f"(<= 1.2 with >= 15% passing: {'met' if free_ratio <= 1.2 and len(kept) >= 0.15 * len(free) else 'missed'}); "
              f"keeps {sum(kept) / max(sum(good), 1):.0%} of the good")

        def evaluate(label_file, test):
            model = label_file + ".model.json"
            refusal = bench.train(label_file, model, "--jobs", "2")
            if refusal is not None:
                # Refused (fifty labels of one class, say): no filter, so no ranking (ROC AUC 0.5, which the means
                # and medians count: left out, they would count only the lucky draws) and nothing accepted.
                print(f"  train refused {label_file}: {refusal}")
                return 0.5, float("nan"), 0
            decisions = bench.decisions(model, test)
            probability = [float(d["probability"] or 0) for d in decisions]
            good = [label_of(r) for r in test]
            accepted = [g for d, g in zip(decisions, good) if d["decision"] == "accept"]
            bad_good = (len(accepted) - sum(accepted)) / max(sum(accepted), 1)
            return auc(probability, good), bad_good, sum(accepted)

        results = {"all 80%": [], "suggested 50": [], "random 50": []}
        for split in range(options.first_split, options.first_split + options.splits):
            pool, test, rng = bench.split(split)
            labels("all.labels.csv", pool)
            results["all 80%"].append(evaluate("all.labels.csv", test))
            bench.suggested(pool, split)
            results["suggested 50"].append(evaluate("s50.labels.csv", test))
            random50 = [pool[i] for i in rng.choice(len(pool), size=50, replace=False)]
            labels("r50.labels.csv", random50)
            results["random 50"].append(evaluate("r50.labels.csv", test))
            print(f"split {split}: " + "; ".join(f"{name} AUC {v[-1][0]:.3f} bad:good {v[-1][1]:.2f} ({v[-1][2]} good accepted)"
                                                  for name, v in results.items()))
        for name, values in results.items():
            aucs = [v[0] for v in values]
            print(f"{name:13s} test ROC AUC mean {np.nanmean(aucs):.3f} median {np.nanmedian(aucs):.3f}; "
                  f"bad:good mean {np.nanmean([v[1] for v in values]):.2f}; good test masks accepted {sum(v[2] for v in values)}")
        full, chosen, drawn = (results[k] for k in ("all 80%", "suggested 50", "random 50"))
        gap = np.nanmean([v[0] for v in full]) - np.nanmean([v[0] for v in chosen])
        ratio = np.nanmean([v[1] for v in chosen]) / np.nanmean([v[1] for v in full])
        kept = sum(v[2] for v in chosen) / max(sum(v[2] for v in full), 1)
        print(f"goals: AUC gap {gap:.3f} (<= 0.02: {'met' if gap <= 0.02 else 'missed'}); "
              f"bad:good {ratio:.2f}x the 80%-label filter's (<= 1.1: {'met' if ratio <= 1.1 else 'missed'}); "
              f"good kept {kept:.0%} of its (>= 80%: {'met' if kept >= 0.8 else 'missed'}); "
              f"median AUC over random 50 {np.nanmedian([v[0] for v in chosen]) - np.nanmedian([v[0] for v in drawn]):+.3f} "
              f"({'met' if np.nanmedian([v[0] for v in chosen]) > np.nanmedian([v[0] for v in drawn]) else 'missed'})")


if __name__ == "__main__":
    main()
