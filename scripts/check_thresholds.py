#!/usr/bin/env python3
"""An independent numpy implementation of evaltop's threshold strategies, and a cross-check.

    python3 scripts/check_thresholds.py expected FILE.csv STRATEGY...   # print numpy's answers
    python3 scripts/check_thresholds.py compare [--evaltop PATH] [--random N] [--seed S] FILE.csv...
    python3 scripts/check_thresholds.py fixture OUT.json FILE.csv STRATEGY...

The definitions (issue 5): for each concept the candidates are its distinct scores, an input is
positive iff score >= t, ties go to the highest threshold, and a concept with no positives or no
feasible candidate gets null.
  max-f1       highest 2TP / (2TP + FP + FN)
  youden       highest TPR - FPR (compared exactly as TP*N - FP*P)
  cost:R       lowest R*FP + FN
  precision:P  highest recall among the candidates with precision >= P
  recall:R     highest precision among the candidates with recall >= R

Counts come from np.searchsorted over each class's sorted scores (not from cumulative sums
as in evaltop). `compare` runs `evaltop thresholds FILE --strategy S --json` for every strategy on
each file, and on N random tie-heavy files, and fails on any difference beyond 1e-6.
Requires numpy (and pandas for reading); the Swift tests use committed fixtures instead.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    import pandas as pd
except ImportError:  # CI without the scientific stack: nothing to check.
    print("check_thresholds: numpy/pandas not installed; skipped")
    sys.exit(0)

METADATA = {"input_id", "id", "input", "labels", "label", "ground_truth", "url", "path", "width", "height", "fold"}
STRATEGIES = ["max-f1", "youden", "cost:1", "cost:5", "cost:0.25", "precision:0.9", "precision:1",
              "precision:0.5", "recall:0.8", "recall:1", "recall:0.95"]
TOLERANCE = 1e-6


def load(path):
    frame = pd.read_csv(path, dtype={"labels": str, "input_id": str}, keep_default_na=False, na_values={})
    concepts = [c for c in frame.columns if c not in METADATA and not c.startswith("meta:")]
    scores = frame[concepts].to_numpy(dtype=float)
    index = {name: i for i, name in enumerate(concepts)}
    truth = np.zeros(scores.shape, dtype=bool)
    for row, cell in enumerate(frame["labels"].astype(str)):
        for name in filter(None, cell.split(";")):
            truth[row, index[name]] = True
    return concepts, scores, truth


def choose(strategy, s, y):
    """(threshold, tp, fp, fn) or None, by the definitions above."""
    positives = np.sort(s[y])
    negatives = np.sort(s[~y])
    p, n = len(positives), len(negatives)
    if p == 0:
        return None
    candidates = np.unique(s)[::-1]  # descending
    tp = (p - np.searchsorted(positives, candidates, side="left")).astype(np.int64)
    fp = (n - np.searchsorted(negatives, candidates, side="left")).astype(np.int64)
    fn = p - tp
    name, _, argument = strategy.partition(":")
    feasible = np.ones(len(candidates), dtype=bool)
    if name == "max-f1":
        value = 2 * tp / (2 * tp + fp + fn)
    elif name == "youden":
        value = (tp * n - fp * p) if n > 0 else tp / p
    elif name == "cost":
        value = -(float(argument) * fp + fn)
    elif name == "precision":
        feasible = tp / (tp + fp) >= float(argument)
        value = tp / p
    elif name == "recall":
        feasible = tp / p >= float(argument)
        value = tp / (tp + fp)
    else:
        raise SystemExit(f"unknown strategy {strategy}")
    if not feasible.any():
        return None
    value = np.where(feasible, value, -np.inf)
    best = value.max()
    k = int(np.flatnonzero(value == best)[0])  # candidates descend: the first is the highest
    return float(candidates[k]), int(tp[k]), int(fp[k]), int(fn[k])


def expected(path, strategy):
    concepts, scores, truth = load(path)
    rows = []
    for j, concept in enumerate(concepts):
        chosen = choose(strategy, scores[:, j], truth[:, j])
        if chosen is None:
            rows.append({"concept": concept, "threshold": None, "precision": None, "recall": None, "f1": None,
                         "tp": None, "fp": None, "fn": None})
            continue
        t, tp, fp, fn = chosen
        rows.append({"concept": concept, "threshold": t, "precision": tp / (tp + fp) if tp + fp else 0.0,
                     "recall": tp / (tp + fn) if tp + fn else 0.0,
                     "f1": 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0, "tp": tp, "fp": fp, "fn": fn})
    return {"strategy": strategy, "thresholds": rows}


def differences(ours, theirs):
    problems = []
    if len(ours["thresholds"]) != len(theirs["thresholds"]):
        return ["different concept counts"]
    for a, b in zip(ours["thresholds"], theirs["thresholds"]):
        for key in ("threshold", "precision", "recall", "f1", "tp", "fp", "fn"):
            x, y = a[key], b[key]
            if (x is None) != (y is None) or (x is not None and abs(x - y) > TOLERANCE):
                problems.append(f"{a['concept']}.{key}: numpy {x} evaltop {y}")
    return problems


def random_file(rng, directory, index):
    """A tie-heavy wide CSV: scores on a coarse grid, some rare and some absent concepts."""
    inputs = int(rng.integers(5, 400))
    concepts = int(rng.integers(1, 6))
    grid = int(rng.choice([2, 5, 10, 100]))
    names = [f"c{j}" for j in range(concepts)]
    path = os.path.join(directory, f"random_{index}.csv")
    multilabel = rng.random() < 0.5
    with open(path, "w") as out:
        out.write("input_id,labels," + ",".join(names) + "\n")
        for i in range(inputs):
            if multilabel:
                rates = np.linspace(0.0, 0.6, concepts)  # c0 never labelled
                labels = [names[j] for j in range(concepts) if rng.random() < rates[j]]
            else:
                labels = [names[int(rng.integers(0, concepts))]]
            scores = rng.integers(0, grid + 1, size=concepts) / grid
            out.write(f"r{i}," + ";".join(labels) + "," + ",".join(repr(float(x)) for x in scores) + "\n")
    return path


def run_evaltop(binary, path, strategy):
    output = subprocess.run([binary, "thresholds", path, "--strategy", strategy, "--json"],
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output)


def compare(arguments):
    rng = np.random.default_rng(arguments.seed)
    checked = failed = 0
    with tempfile.TemporaryDirectory() as directory:
        files = list(arguments.files) + [random_file(rng, directory, i) for i in range(arguments.random)]
        for path in files:
            for strategy in STRATEGIES:
                problems = differences(expected(path, strategy), run_evaltop(arguments.evaltop, path, strategy))
                checked += 1
                if problems:
                    failed += 1
                    print(f"MISMATCH {path} {strategy}: " + "; ".join(problems[:5]))
    print(f"{checked} file×strategy comparisons, {failed} mismatches (tolerance {TOLERANCE})")
    return 1 if failed else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    show = commands.add_parser("expected")
    show.add_argument("file")
    show.add_argument("strategies", nargs="+")
    check = commands.add_parser("compare")
    check.add_argument("files", nargs="*")
    check.add_argument("--evaltop", default=".build/release/evaltop")
    check.add_argument("--random", type=int, default=200)
    check.add_argument("--seed", type=int, default=5)
    fixture = commands.add_parser("fixture")
    fixture.add_argument("output")
    fixture.add_argument("file")
    fixture.add_argument("strategies", nargs="+")
    arguments = parser.parse_args()
    if arguments.command == "expected":
        for strategy in arguments.strategies:
            print(json.dumps(expected(arguments.file, strategy)))
    elif arguments.command == "fixture":
        document = {"file": os.path.basename(arguments.file),
                    "results": [expected(arguments.file, s) for s in arguments.strategies]}
        with open(arguments.output, "w") as out:
            json.dump(document, out, indent=1)
            out.write("\n")
    else:
        sys.exit(compare(arguments))


if __name__ == "__main__":
    main()
