#!/usr/bin/env python3
"""Golden values for ganfilter's PrincipalComponents, computed with scikit-learn's PCA.

Regenerate from the repository root with:

    pip install numpy scikit-learn
    python3 Tests/Fixtures/make_pca_golden.py

It writes Tests/Fixtures/golden/pca.json: a seeded 300 x 8 data set with correlated columns of different
scales, and PCA(n_components=3, svd_solver="full")'s mean_, components_ (signed as svd_flip signs them: the
largest-magnitude entry of each component positive), explained_variance_ and the transform of the first 10 rows.
"""
import json
import os

import numpy as np
from sklearn.decomposition import PCA

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

rng = np.random.default_rng(7)
latent = rng.normal(size=(300, 3)) * np.array([5.0, 2.0, 0.7])
mixing = rng.normal(size=(3, 8))
data = latent @ mixing + rng.normal(scale=0.1, size=(300, 8)) + np.arange(8)
pca = PCA(n_components=3, svd_solver="full").fit(data)
components = pca.components_.copy()
for row in components:  # the sign convention, stated rather than left to the version
    if row[np.argmax(np.abs(row))] < 0:
        row *= -1
transformed = (data[:10] - pca.mean_) @ components.T
golden = {"data": data.tolist(), "mean": pca.mean_.tolist(), "components": components.tolist(),
          "explained_variance": pca.explained_variance_.tolist(), "transformed": transformed.tolist()}
with open(os.path.join(ROOT, "Tests", "Fixtures", "golden", "pca.json"), "w") as handle:
    json.dump(golden, handle)
print("wrote Tests/Fixtures/golden/pca.json")
