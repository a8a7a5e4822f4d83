#!/usr/bin/env python3
"""Writes Tests/EvalCoreTests/Fixtures/sklearn_ties.json: small random single-concept cases,
heavy with ties, and scikit-learn's answers for them (roc_auc_score, average_precision_score,
roc_curve(drop_intermediate=False), precision_recall_curve, counts at some thresholds).
The tests read the JSON, so they need no Python. Rerun only to regenerate:
    python3 scripts/make_sklearn_cases.py
"""
import json
import os
import warnings

import numpy as np
from sklearn.metrics import (average_precision_score, precision_recall_curve,
                             roc_auc_score, roc_curve)

warnings.filterwarnings("ignore")
rng = np.random.default_rng(20240602)


def finite_or_none(values):
    return [None if np.isnan(v) else float(v) for v in values]


def case(scores, labels):
    scores = np.asarray(scores, dtype=float)
    labels = np.asarray(labels, dtype=int)
    has_pos, has_neg = labels.any(), (1 - labels).any()
    fpr, tpr, _ = roc_curve(labels, scores, drop_intermediate=False) if len(scores) else ([], [], [])
    precision, recall, _ = precision_recall_curve(labels, scores) if len(scores) else ([], [], [])
    thresholds = [0.0, 0.3, 0.5, 0.75, 1.0, float(np.median(scores)), 1e-12]
    counts = []
    for t in thresholds:
        predicted = scores >= t
        counts.append({"threshold": t,
                       "tp": int((predicted & (labels == 1)).sum()), "fp": int((predicted & (labels == 0)).sum())})
    return {
        "scores": scores.tolist(), "labels": labels.tolist(),
        "auc": float(roc_auc_score(labels, scores)) if has_pos and has_neg else None,
        "average_precision": float(average_precision_score(labels, scores)) if has_pos else None,
        "roc_fpr": finite_or_none(fpr), "roc_tpr": finite_or_none(tpr),
        "pr_precision": [float(v) for v in precision], "pr_recall": [float(v) for v in recall],
        "counts": counts,
    }


cases = []
for size in [1, 2, 3, 5, 8, 13, 21, 40, 60, 100]:
    for grid in [2, 3, 5, 11, 101]:
        scores = rng.integers(0, grid, size) / (grid - 1)
        labels = (rng.random(size) < np.clip(0.2 + 0.6 * scores, 0, 1)).astype(int)
        cases.append(case(scores, labels))
# Degenerate shapes: all-equal scores, no positives, no negatives, exactly 0.5 everywhere.
cases.append(case([0.5] * 6, [1, 0, 1, 0, 0, 1]))
cases.append(case([0.2, 0.4, 0.4, 0.9], [0, 0, 0, 0]))
cases.append(case([0.2, 0.4, 0.4, 0.9], [1, 1, 1, 1]))
cases.append(case([0.5, 0.5, 0.49999999999999994, 0.5000000000000001], [1, 0, 0, 1]))

out = os.path.join(os.path.dirname(__file__), "..", "Tests", "EvalCoreTests", "Fixtures", "sklearn_ties.json")
with open(out, "w") as f:
    json.dump({"generator": "scripts/make_sklearn_cases.py", "cases": cases}, f, separators=(",", ":"))
print(f"{len(cases)} cases -> {os.path.normpath(out)}")
