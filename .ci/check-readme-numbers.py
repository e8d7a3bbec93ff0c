#!/usr/bin/env python3
"""The README's numbers from the main job are the numbers of a fresh run.

Each number the README quotes from the main job's outputs sits between `<!--readme:KEY-->` and `<!--/readme-->`;
this script computes every KEY from the files in `reports/` (written by `swift run -c release ganfilter
pipeline`), rounded as the report page rounds them, and compares.

    python3 .ci/check-readme-numbers.py            # exit 1, naming each number that differs
    python3 .ci/check-readme-numbers.py --write    # rewrite them in README.md from reports/
"""
import csv
import math
import re
import sys


def decimal(value, digits=2):
    """As the page's NumberFormat.decimal: rounded half away from zero."""
    scale = 10 ** digits
    rounded = math.floor(abs(value) * scale + 0.5) / scale
    return ("-" if value < 0 and rounded != 0 else "") + f"{rounded:.{digits}f}"


def rows(path):
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def interval(before, after, low, high):
    return f"{decimal(before)} to {decimal(after)} (95%: {decimal(low)}–{decimal(high)})"


def generator(index):
    row = rows("reports/generator/filters.csv")[index]
    return interval(*(float(row[key]) for key in ("bad_per_good_before", "bad_per_good_after", "bad_per_good_after_low",
                                                    "bad_per_good_after_high")))


def latent(strategy, words):
    test = [row for row in rows("reports/latent/thresholds.csv") if row["strategy"] == strategy and row["split"] == "test"]
    speedups = [float(row["speedup"]) for row in test]
    kept = [float(row["tpr"]) * 100 for row in test]
    return (f"{decimal(min(speedups))}×–{decimal(max(speedups))}× {words} "
            f"{decimal(min(kept), 0)}–{decimal(max(kept), 0)}%")


def masks():
    row = next(row for row in rows("reports/masks/thresholds.csv") if row["strategy"] == "youden" and row["split"] == "test")
    base = float(row["base_precision"])
    return interval((1 - base) / base, float(row["bad_per_good"]), float(row["bad_per_good_low"]), float(row["bad_per_good_high"]))


NUMBERS = {
    "generator-labelled": lambda: generator(0),
    "generator-label-free": lambda: generator(1),
    "latent-youden": lambda: latent("youden", "across the groups while keeping"),
    "latent-recall": lambda: latent("recall-weighted", "and keeps"),
    "masks-test": masks,
}


def main():
    text = open("README.md").read()
    pattern = re.compile(r"<!--readme:([\w-]+)-->(.*?)<!--/readme-->", re.S)
    found, wrong = set(), []

    def replace(match):
        key, shown = match.group(1), match.group(2)
        found.add(key)
        if key not in NUMBERS:
            wrong.append(f"{key}: no rule computes it")
            return match.group(0)
        value = NUMBERS[key]()
        if value != shown:
            wrong.append(f"{key}: the README says '{shown}', the run says '{value}'")
        return f"<!--readme:{key}-->{value}<!--/readme-->"

    rewritten = pattern.sub(replace, text)
    wrong += [f"{key}: computed but not in the README" for key in sorted(set(NUMBERS) - found)]
    if "--write" in sys.argv:
        open("README.md", "w").write(rewritten)
        print(f"check-readme-numbers: {len(found)} numbers written from reports/")
        return
    for line in wrong:
        print("check-readme-numbers:", line)
    if wrong:
        sys.exit(1)
    print(f"check-readme-numbers: the README's {len(found)} numbers are the run's")


if __name__ == "__main__":
    main()
