#!/usr/bin/env python3
"""Writes the label-error estimate fixtures: Tests/EvalCoreTests/Fixtures/label_errors_*.csv
(noisy evaluations with known flipped labels) and label_errors.expected.json, cleanlab's
estimate for each fixture, which LabelErrorEstimateTests compare with evaltop's (no Python
needed to run the tests), and label_issues_weak.expected.json, cleanlab's ranked label issues
of the weak-model fixture, which NoiseRatePruningTests compare with evaltop's first suspects.
Rerun only to regenerate (needs numpy, scikit-learn and cleanlab):
    python3 scripts/make_label_error_cases.py
    python3 scripts/make_label_error_cases.py --issues-only   # the ranked issues, from the committed fixture

Exclusive: cleanlab.count.num_label_issues(labels, pred_probs,
estimation_method="off_diagonal_calibrated"), the off-diagonal mass of the calibrated confident
joint. Multilabel: cleanlab.count.compute_confident_joint(..., multi_label=True, calibrate=True)
gives one calibrated 2 x 2 joint per concept; evaltop's estimate is the sum over concepts of
rint((1 - trace / sum) * n) (see LabelErrorEstimate.swift for why).
"""
import csv
import json
import os
import sys

import numpy as np
from cleanlab.count import compute_confident_joint, num_label_issues
from cleanlab.filter import find_label_issues
from sklearn.datasets import load_digits, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "Tests", "EvalCoreTests", "Fixtures")


def read_wide(path):
    with open(path) as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    concepts = [name for name in header if name not in ("input_id", "fold", "labels")]
    columns = [header.index(name) for name in concepts]
    labels = [[concepts.index(l) for l in row[header.index("labels")].split(";") if l] for row in rows[1:]]
    probs = np.array([[float(row[c]) for c in columns] for row in rows[1:]])
    return labels, probs


def exclusive_estimate(labels, probs):
    return int(num_label_issues(np.array([l[0] for l in labels]), probs, estimation_method="off_diagonal_calibrated"))


def multilabel_estimate(labels, probs):
    joints = compute_confident_joint(labels, probs, multi_label=True, calibrate=True)
    n = len(labels)
    return int(sum(np.rint((1 - np.trace(j) / j.sum()) * n) for j in joints))


def write_noisy(name, x, y, classes, rate, model, seed):
    rng = np.random.default_rng(seed)
    noisy = y.copy()
    flipped = rng.choice(len(y), size=int(round(rate * len(y))), replace=False)
    for i in flipped:
        noisy[i] = rng.choice([c for c in range(classes) if c != y[i]])
    probs = cross_val_predict(model, x, noisy, cv=5, method="predict_proba")
    names = [f"class_{c}" for c in range(classes)]
    path = os.path.join(FIXTURES, name)
    with open(path, "w") as out:
        out.write("input_id,labels," + ",".join(names) + "\n")
        for i, (label, row) in enumerate(zip(noisy, probs)):
            out.write(f"in{i:04d},{names[label]}," + ",".join(repr(float(p)) for p in row) + "\n")
    return name, len(flipped)


def write_weak_issues():
    """cleanlab's find_label_issues (prune_by_noise_rate) ranked by self-confidence on the weak
    fixture, as input indices: evaltop ranks a model that weak by the same quotas."""
    labels, probs = read_wide(os.path.join(FIXTURES, "label_errors_weak.csv"))
    ranked = find_label_issues(np.array([l[0] for l in labels]), probs, return_indices_ranked_by="self_confidence", n_jobs=1)
    with open(os.path.join(FIXTURES, "label_issues_weak.expected.json"), "w") as out:
        json.dump({"fixture": "label_errors_weak.csv", "ranked_issues": [int(i) for i in ranked]}, out)
        out.write("\n")
    print(f"label_issues_weak.expected.json: {len(ranked)} issues")


def main():
    if sys.argv[1:] == ["--issues-only"]:
        write_weak_issues()
        return
    x, y = load_digits(return_X_y=True)
    digits = write_noisy("label_errors_digits.csv", x, y, 10, 0.04,
                         make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, C=0.1)), 0)
    x, y = make_classification(n_samples=600, n_features=20, n_informative=6, n_redundant=2, n_classes=5,
                               n_clusters_per_class=2, class_sep=0.8, random_state=1)
    weak = write_noisy("label_errors_weak.csv", x, y, 5, 0.10, GaussianNB(), 1)
    cases = {}
    for name, flipped in (digits, weak):
        labels, probs = read_wide(os.path.join(FIXTURES, name))
        cases[name] = {"mode": "exclusive", "flipped": flipped, "estimate": exclusive_estimate(labels, probs)}
    for name in ("digits.csv", "breast_cancer.csv"):
        labels, probs = read_wide(os.path.join(FIXTURES, name))
        cases[name] = {"mode": "exclusive", "estimate": exclusive_estimate(labels, probs)}
    labels, probs = read_wide(os.path.join(FIXTURES, "digits_ml.csv"))
    cases["digits_ml.csv"] = {"mode": "multilabel", "estimate": multilabel_estimate(labels, probs)}
    with open(os.path.join(FIXTURES, "label_errors.expected.json"), "w") as out:
        json.dump(cases, out, indent=2, sort_keys=True)
        out.write("\n")
    print(json.dumps(cases, indent=2, sort_keys=True))
    write_weak_issues()


if __name__ == "__main__":
    main()
