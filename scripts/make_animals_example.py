#!/usr/bin/env python3
"""Builds Examples/animals.csv: a small exclusive evaluation with slices to explore.

Six made-up animal concepts, 900 inputs, 5-fold out-of-sample scores from scikit-learn's
LogisticRegression on synthetic features (make_classification), plus:
- meta:camera (phone / dslr / scanner): "phone" inputs get extra feature noise, so the model
  is visibly worse on them (a slice gap, the "biased" verdict);
- meta:light (day / night);
- width and height: images 800x600 or 1024x768, but many "fox" images are small (320x240);
- husky and wolf share most of their features, so they are confused with each other;
- "otter" has only 40 inputs (few_inputs).
Deterministic (seed 7). Run: python3 scripts/make_animals_example.py > Examples/animals.csv
"""
import csv
import sys

import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

rng = np.random.default_rng(7)
names = ["cat", "dog", "husky", "wolf", "fox", "otter"]
weights = [0.2, 0.2, 0.19, 0.19, 0.175, 0.045]
X, y = make_classification(n_samples=900, n_features=12, n_informative=8, n_redundant=2, n_classes=6,
                           n_clusters_per_class=1, weights=weights, class_sep=2.0, random_state=7)
# husky and wolf: pull wolf's features halfway towards husky's so the two overlap.
husky_mean = X[y == 2].mean(axis=0)
X[y == 3] = 0.45 * X[y == 3] + 0.55 * (husky_mean + rng.normal(0, 0.6, size=X[y == 3].shape))
n = len(y)
camera = rng.choice(["phone", "dslr", "scanner"], size=n, p=[0.35, 0.45, 0.2])
X[camera == "phone"] += rng.normal(0, 3.4, size=X[camera == "phone"].shape)
light = rng.choice(["day", "night"], size=n, p=[0.7, 0.3])
width = np.where(rng.random(n) < 0.5, 800, 1024)
height = np.where(width == 800, 600, 768)
small = (y == 4) & (rng.random(n) < 0.4)
width[small], height[small] = 320, 240

folds = np.zeros(n, dtype=int)
scores = np.zeros((n, len(names)))
for k, (train, test) in enumerate(StratifiedKFold(n_splits=5, shuffle=True, random_state=7).split(X, y)):
    model = LogisticRegression(max_iter=2000).fit(X[train], y[train])
    scores[test] = model.predict_proba(X[test])
    folds[test] = k

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["input_id", "fold", "width", "height", "meta:camera", "meta:light", "labels"] + names)
for i in range(n):
    out.writerow([f"animal_{i:04d}", folds[i], width[i], height[i], camera[i], light[i], names[y[i]]]
                 + [f"{s:.6f}" for s in scores[i]])
