#!/usr/bin/env python3
"""Cross-check `evaltop report --json` against scikit-learn on small copies of issue 11's shapes:

  * full-precision scores (17 significant digits, `%.17g`, some below 1e-4 in exponent form), nearly
    every score distinct, plus scores one ulp either side of the threshold and exactly on it
    (distinct scores must never merge; a score equal to the threshold is predicted positive);
  * many exclusive concepts (300) with 8-decimal scores;
  * 4-decimal scores (the 10M shape, small).

    python3 scripts/check_shapes.py PATH/TO/evaltop [SEED]

scikit-learn reads the same numbers Python wrote (`%.17g` round-trips exactly), not pandas' parse.
Prints one line per shape and exits 1 when any number differs by more than 1e-6. Runs in seconds.
"""
import math
import os
import subprocess
import sys
import tempfile

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_sklearn  # noqa: E402
import check_sklearn  # noqa: E402


def softmax_scores(rng, inputs, concepts):
    truth = rng.integers(0, concepts, inputs)
    logits = rng.normal(size=(inputs, concepts))
    logits[np.arange(inputs), truth] += 2.5 + 3.0 * truth / max(1, concepts - 1)
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    return truth, p / p.sum(axis=1, keepdims=True)


def write(path, concepts, truth, scores, cell):
    with open(path, "w") as f:
        f.write("input_id,labels," + ",".join(concepts) + "\n")
        for i in range(len(truth)):
            f.write(f"in{i},{concepts[truth[i]]}," + ",".join(cell(v) for v in scores[i]) + "\n")


def check(binary, name, concepts, truth, scores, cell, threshold=0.5):
    folder = tempfile.mkdtemp(prefix="evaltop-shapes-")
    path = os.path.join(folder, name + ".csv")
    write(path, concepts, truth, scores, cell)
    # What the file says, parsed back by Python's correctly rounded float().
    written = np.array([[float(cell(v)) for v in row] for row in scores])
    labels = np.zeros(written.shape, dtype=bool)
    labels[np.arange(len(truth)), truth] = True
    check_sklearn.load = lambda _path: (concepts, written, labels)
    theirs = check_sklearn.report(path, threshold)
    ours = subprocess.run([binary, "report", "--json", "--threshold", repr(threshold), path],
                          check=True, capture_output=True, text=True).stdout
    import json
    problems = list(bench_sklearn.differences(json.loads(ours), theirs))
    distinct = min(len(np.unique(written[:, c])) for c in range(written.shape[1]))
    print(f"{name}: {len(truth)} inputs × {len(concepts)} concepts, at least {distinct} distinct scores per concept: "
          + ("OK" if not problems else f"{len(problems)} differences"))
    for problem in problems[:10]:
        print("  differs:", problem)
    return not problems


def main():
    binary = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    rng = np.random.default_rng(seed)
    ok = True

    # Full precision, with neighbours of the threshold: 0.5 itself, one ulp below and above.
    truth, scores = softmax_scores(rng, 3000, 20)
    scores[:, 3] = rng.random(3000) ** 6  # many below 1e-4, written with an exponent
    for row, value in enumerate([0.5, math.nextafter(0.5, 0), math.nextafter(0.5, 1)] * 20):
        scores[row, 0] = value
    concepts = [f"c{j:02d}" for j in range(20)]
    ok &= check(binary, "full_precision", concepts, truth, scores, lambda v: "%.17g" % v)
    # The same file at a threshold that is one of its scores, written in 17 digits.
    ok &= check(binary, "full_precision_threshold_on_a_score", concepts, truth, scores, lambda v: "%.17g" % v,
                threshold=float("%.17g" % scores[100, 1]))

    truth, scores = softmax_scores(rng, 2000, 300)
    ok &= check(binary, "many_concepts_8_decimals", [f"c{j:03d}" for j in range(300)], truth, scores,
                lambda v: "%.8f" % v)

    truth, scores = softmax_scores(rng, 20000, 20)
    ok &= check(binary, "four_decimals", [f"c{j:02d}" for j in range(20)], truth, scores, lambda v: "%.4f" % v)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
