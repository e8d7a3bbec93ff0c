#!/usr/bin/env python3
"""Golden values for ganfilter's KMeans, computed with scikit-learn's KMeans (Lloyd's algorithm).

Regenerate from the repository root with:

    pip install numpy scikit-learn
    python3 Tests/Fixtures/make_kmeans_golden.py

It writes Tests/Fixtures/golden/kmeans.json: a seeded 240 x 5 data set of four overlapping blobs of different
spreads, the initial centres (rows 0, 1, 2 and 3, so that Lloyd's algorithm has ground to cover), and
KMeans(n_clusters=4, init=those centres, n_init=1, algorithm="lloyd", tol=0)'s cluster_centers_ and labels_.
"""
import json
import os

import numpy as np
from sklearn.cluster import KMeans

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

rng = np.random.default_rng(11)
means = rng.normal(scale=3.0, size=(4, 5))
spreads = np.array([0.5, 1.0, 1.5, 2.0])
blob = rng.integers(0, 4, size=240)
data = means[blob] + rng.normal(size=(240, 5)) * spreads[blob, None]
initial = data[:4].copy()
fitted = KMeans(n_clusters=4, init=initial, n_init=1, algorithm="lloyd", tol=0, max_iter=300).fit(data)
golden = {"data": data.tolist(), "initial": initial.tolist(), "centres": fitted.cluster_centers_.tolist(),
          "labels": fitted.labels_.tolist()}
with open(os.path.join(ROOT, "Tests", "Fixtures", "golden", "kmeans.json"), "w") as handle:
    json.dump(golden, handle)
print("wrote Tests/Fixtures/golden/kmeans.json")
