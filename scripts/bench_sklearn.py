#!/usr/bin/env python3
"""The pandas + scikit-learn pipeline for the same report as `evaltop report --json`, timed.

    python3 scripts/bench_sklearn.py FILE.csv [THRESHOLD] [--compare OURS.json]

Prints the report JSON on stdout and the time spent reading (pandas.read_csv) and computing
(scikit-learn) on stderr. With --compare, checks that evaltop's JSON has the same numbers
(within 1e-6) and exits 1 when it does not.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_sklearn  # noqa: E402


def differences(ours, theirs, path=""):
    if isinstance(theirs, dict):
        for key, value in theirs.items():
            if not isinstance(ours, dict) or key not in ours:
                yield f"{path}.{key}: missing"
            else:
                yield from differences(ours[key], value, f"{path}.{key}")
    elif isinstance(theirs, list):
        if not isinstance(ours, list) or len(ours) != len(theirs):
            yield f"{path}: list length differs"
        else:
            for index, (a, b) in enumerate(zip(ours, theirs)):
                yield from differences(a, b, f"{path}[{index}]")
    elif isinstance(theirs, float) and isinstance(ours, (int, float)):
        if abs(ours - theirs) > 1e-6:
            yield f"{path}: {ours} != {theirs}"
    elif ours != theirs:
        yield f"{path}: {ours!r} != {theirs!r}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("threshold", nargs="?", type=float, default=0.5)
    parser.add_argument("--compare")
    args = parser.parse_args()

    start = time.perf_counter()
    concepts, scores, truth = check_sklearn.load(args.file)
    loaded = time.perf_counter()
    original_load = check_sklearn.load
    check_sklearn.load = lambda _path: (concepts, scores, truth)  # time the metrics alone
    report = check_sklearn.report(args.file, args.threshold)
    check_sklearn.load = original_load
    done = time.perf_counter()
    print(f"pandas.read_csv + labels: {loaded - start:.2f} s, scikit-learn metrics: {done - loaded:.2f} s",
          file=sys.stderr)
    json.dump(report, sys.stdout)
    print()
    if args.compare:
        with open(args.compare) as f:
            ours = json.load(f)
        problems = list(differences(ours, report))
        for problem in problems[:20]:
            print("differs:", problem, file=sys.stderr)
        print(f"compare with {args.compare}: {'OK' if not problems else f'{len(problems)} differences'}",
              file=sys.stderr)
        sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
