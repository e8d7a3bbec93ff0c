#!/usr/bin/env python3
"""Golden values for RealismPrior.Evidence, computed with NumPy, scikit-learn and SciPy.

Regenerate from the repository root with:

    pip install numpy scipy scikit-learn
    python3 Tests/Fixtures/make_prior_evidence_golden.py

It writes Tests/Fixtures/golden/prior_evidence.json: seeded cases of a few dozen labelled masks' scores and
labels, the way 25 to 100 labels of `label suggest` look (from a score that ranks them well to one that ranks them
backwards), with the scores of the table's unlabelled masks. Some cases label masks near the middle of the
score's range more often than elsewhere, as `label suggest` does; some have ties.

For each: the table's scores (labelled and unlabelled) are cut at numpy.quantile(table, [0.2, 0.4, 0.6, 0.8]);
a labelled mask's stratum is numpy.searchsorted(cuts, score) (a mask on a cut belongs below it) and its weight
its stratum's share of the table over its share of the labels. `auc` is sklearn.metrics.roc_auc_score with those
weights; `z` is (auc - 0.5) / sqrt((n1 + n0 + 1) / (12 n1 n0)), n1 and n0 each class's Kish effective size
(sum w)^2 / sum w^2. Without unlabelled masks every weight is 1, and then `z` is also checked here against
scipy.stats.mannwhitneyu(good, bad, alternative="greater", method="asymptotic", use_continuity=False).
"""
import json
import os

import numpy as np
from scipy.stats import mannwhitneyu, norm
from sklearn.metrics import roc_auc_score

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

rng = np.random.default_rng(23)
cases = []
for rows, good_share, separation, pool, near_middle, tied in [
        (25, 0.3, 2.0, 0, False, False), (50, 0.5, 0.6, 0, False, False), (50, 0.12, 0.1, 400, False, False),
        (80, 0.7, -0.8, 300, True, False), (40, 0.5, 0.35, 500, True, True), (50, 0.5, 1.2, 950, True, False)]:
    # The table: scores of good and bad masks; the labelled ones drawn from it, near the middle more often.
    total = rows + pool
    good_all = rng.random(total) < good_share
    score_all = rng.normal(size=total) + separation * good_all
    if tied:
        score_all = np.round(score_all * 2) / 2
    chance = np.exp(-score_all ** 2) if near_middle else np.ones(total)
    labelled = rng.choice(total, size=rows, replace=False, p=chance / chance.sum())
    unlabelled = np.setdiff1d(np.arange(total), labelled)
    good, score = good_all[labelled], score_all[labelled]
    if good.all() or not good.any():
        good[:2] = [True, False]
    table = np.concatenate([score, score_all[unlabelled]])
    cuts = np.quantile(table, [0.2, 0.4, 0.6, 0.8])
    stratum = np.searchsorted(cuts, score)
    table_share = np.bincount(np.searchsorted(cuts, table), minlength=5) / len(table)
    label_share = np.bincount(stratum, minlength=5) / len(score)
    weight = (table_share / np.where(label_share > 0, label_share, 1))[stratum]
    auc = roc_auc_score(good, score, sample_weight=weight)
    effective = [weight[mask].sum() ** 2 / (weight[mask] ** 2).sum() for mask in (good, ~good)]
    z = (auc - 0.5) / np.sqrt((effective[0] + effective[1] + 1) / (12 * effective[0] * effective[1]))
    if pool == 0 and not tied:
        test = mannwhitneyu(score[good], score[~good], alternative="greater", method="asymptotic", use_continuity=False)
        assert np.allclose(weight, 1) and abs(norm.isf(test.pvalue) - z) < 1e-9
    cases.append({"score": score.tolist(), "good": good.tolist(), "unlabelled": score_all[unlabelled].tolist(),
                  "auc": float(auc), "z": float(z)})
with open(os.path.join(ROOT, "Tests", "Fixtures", "golden", "prior_evidence.json"), "w") as handle:
    json.dump({"cases": cases}, handle, indent=1)
    handle.write("\n")
