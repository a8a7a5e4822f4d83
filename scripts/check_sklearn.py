#!/usr/bin/env python3
"""scikit-learn's answer for an evaluation, in the format of `evaltop report --json`.

    python3 scripts/check_sklearn.py FILE.csv [THRESHOLD] [--mode auto|exclusive|multilabel]

Reads a wide CSV (input_id, labels, optional url/path/width/height/fold/meta:* columns, then one
score column per concept) with pandas and computes every number with scikit-learn:
roc_auc_score, average_precision_score, counts at score >= threshold, precision/recall/F1 with
zero_division=0, macro means, top-1 accuracy and the confusion matrix (argmax, ties to the first
column) in exclusive mode. For cross-checking evaltop; nothing in the tests requires Python.
"""
import argparse
import json
import sys
import warnings

import numpy as np
import pandas as pd
from sklearn.metrics import (average_precision_score, confusion_matrix, f1_score,
                             precision_score, recall_score, roc_auc_score)

METADATA = {"input_id", "id", "input", "labels", "label", "ground_truth", "url", "path", "width", "height", "fold"}


def load(path):
    frame = pd.read_csv(path, sep="\t" if path.endswith(".tsv") else ",", dtype={"labels": str, "input_id": str},
                        keep_default_na=False, na_values={})
    concepts = [c for c in frame.columns if c not in METADATA and not c.startswith("meta:")]
    label_column = next(c for c in ("labels", "label", "ground_truth") if c in frame.columns)
    scores = frame[concepts].to_numpy(dtype=float)
    index = {name: i for i, name in enumerate(concepts)}
    truth = np.zeros(scores.shape, dtype=bool)
    for row, cell in enumerate(frame[label_column].astype(str)):
        for name in filter(None, cell.replace("|", ";").split(";")):
            truth[row, index[name]] = True
    return concepts, scores, truth


def report(path, threshold=0.5, mode="auto"):
    warnings.filterwarnings("ignore")
    concepts, scores, truth = load(path)
    if mode == "auto":
        mode = "exclusive" if (truth.sum(axis=1) == 1).all() else "multilabel"
    predicted = scores >= threshold
    per_concept, aucs, aps = [], [], []
    for j, name in enumerate(concepts):
        y, s, p = truth[:, j], scores[:, j], predicted[:, j]
        positives = int(y.sum())
        negatives = len(y) - positives
        auc = float(roc_auc_score(y, s)) if positives and negatives else None
        ap = float(average_precision_score(y, s)) if positives else None
        aucs += [auc] if auc is not None else []
        aps += [ap] if ap is not None else []
        per_concept.append({
            "concept": name, "positives": positives, "negatives": negatives, "auc": auc, "average_precision": ap,
            "tp": int((p & y).sum()), "fp": int((p & ~y).sum()), "fn": int((~p & y).sum()), "tn": int((~p & ~y).sum()),
            "precision": float(precision_score(y, p, zero_division=0)),
            "recall": float(recall_score(y, p, zero_division=0)),
            "f1": float(f1_score(y, p, zero_division=0)),
        })
    summary = {
        "macro_auc": float(np.mean(aucs)) if aucs else None,
        "macro_average_precision": float(np.mean(aps)) if aps else None,
        "macro_precision": float(np.mean([c["precision"] for c in per_concept])),
        "macro_recall": float(np.mean([c["recall"] for c in per_concept])),
        "macro_f1": float(np.mean([c["f1"] for c in per_concept])),
        "top1_accuracy": None,
    }
    confusion = None
    if mode == "exclusive":
        argmax = scores.argmax(axis=1)  # ties go to the first column, like evaltop
        true_index = truth.argmax(axis=1)
        summary["top1_accuracy"] = float(truth[np.arange(len(argmax)), argmax].mean())
        matrix = confusion_matrix(true_index, argmax, labels=list(range(len(concepts))))
        confusion = {"labels": concepts, "matrix": matrix.tolist()}
    return {"inputs": int(scores.shape[0]), "concepts": len(concepts), "mode": mode, "threshold": threshold,
            "summary": summary, "per_concept": per_concept, "confusion": confusion}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("threshold", nargs="?", type=float, default=0.5)
    parser.add_argument("--mode", default="auto", choices=["auto", "exclusive", "multilabel"])
    args = parser.parse_args()
    json.dump(report(args.file, args.threshold, args.mode), sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
