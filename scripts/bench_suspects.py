#!/usr/bin/env python3
"""Compare `evaltop suspects` with cleanlab on evaluations with known injected label errors.

For each case: take a data set, flip a known fraction of labels to another class, get
out-of-sample probabilities with scikit-learn's cross_val_predict (5 folds), write them as a
wide CSV, then rank likely label errors with
  - evaltop suspects (both rankings), and
  - cleanlab.filter.find_label_issues(..., return_indices_ranked_by="self_confidence").
Prints precision@K where K = the number of injected errors: the share of the first K ranked
inputs that really were flipped (a list shorter than K counts its missing places as misses),
and evaltop's estimated label errors beside cleanlab's num_label_issues(...,
estimation_method="off_diagonal_calibrated") (they must be equal on every seed).

Usage: scripts/bench_suspects.py PATH/TO/evaltop [--seeds N] [--seed-offset S] [--keep DIR] [--cache DIR]
(seeds S .. S+N-1; a second range, e.g. --seed-offset 5, checks that a ranking is not fitted to
the first). --cache keeps each case's labels and out-of-sample probabilities (seeded, so the same
on every run) in DIR and reads them from there next time: the models are most of the run's time.
Needs numpy, scikit-learn and cleanlab; exits 0 with a message when they are missing.
"""
import argparse
import os
import subprocess
import sys
import tempfile

try:
    import numpy as np
    from sklearn.datasets import load_digits, make_classification
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict
    from sklearn.naive_bayes import GaussianNB
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from cleanlab.count import num_label_issues
    from cleanlab.filter import find_label_issues
except ImportError as missing:  # CI without the scientific stack
    print(f"skipped: {missing}")
    sys.exit(0)


def inject_uniform_noise(labels, classes, rate, rng):
    """Flip `rate` of the labels to a different class chosen uniformly."""
    noisy = labels.copy()
    flipped = rng.choice(len(labels), size=int(round(rate * len(labels))), replace=False)
    for i in flipped:
        noisy[i] = rng.choice([c for c in range(classes) if c != labels[i]])
    return noisy, set(flipped.tolist())


def inject_pair_noise(labels, classes, rate, rng):
    """Class-conditional noise: flip `rate` of the labels to the 'next' class (c -> c+1),
    the systematic kind of confusion annotators make."""
    noisy = labels.copy()
    flipped = rng.choice(len(labels), size=int(round(rate * len(labels))), replace=False)
    for i in flipped:
        noisy[i] = (labels[i] + 1) % classes
    return noisy, set(flipped.tolist())


def digits_logistic(seed, noise):
    x, y = load_digits(return_X_y=True)
    rng = np.random.default_rng(seed)
    noisy, flipped = noise(y, 10, 0.08, rng)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000, C=0.1))
    probs = cross_val_predict(model, x, noisy, cv=5, method="predict_proba")
    return noisy, probs, flipped


def weak_synthetic(seed, noise):
    x, y = make_classification(n_samples=4000, n_features=20, n_informative=6, n_redundant=2,
                               n_classes=5, n_clusters_per_class=2, class_sep=0.8, random_state=seed)
    rng = np.random.default_rng(seed)
    noisy, flipped = noise(y, 5, 0.10, rng)
    probs = cross_val_predict(GaussianNB(), x, noisy, cv=5, method="predict_proba")
    return noisy, probs, flipped


def digits_naive_bayes(seed, noise):
    """A weak model on a real data set: GaussianNB on digits (accuracy about 0.75)."""
    x, y = load_digits(return_X_y=True)
    rng = np.random.default_rng(seed)
    noisy, flipped = noise(y, 10, 0.08, rng)
    probs = cross_val_predict(GaussianNB(), x, noisy, cv=5, method="predict_proba")
    return noisy, probs, flipped


def very_weak_synthetic(seed, noise):
    """A very weak model (accuracy about 0.4 on 4 classes): both rankings are low here."""
    x, y = make_classification(n_samples=3000, n_features=20, n_informative=4, n_redundant=2,
                               n_classes=4, n_clusters_per_class=2, class_sep=0.4, random_state=seed)
    rng = np.random.default_rng(seed)
    noisy, flipped = noise(y, 4, 0.10, rng)
    probs = cross_val_predict(LogisticRegression(max_iter=1000), x, noisy, cv=5, method="predict_proba")
    return noisy, probs, flipped


def write_wide_csv(path, labels, probs):
    classes = probs.shape[1]
    names = [f"class_{c}" for c in range(classes)]
    with open(path, "w") as out:
        out.write("input_id,labels," + ",".join(names) + "\n")
        for i, (label, row) in enumerate(zip(labels, probs)):
            out.write(f"in{i:06d},{names[label]}," + ",".join(repr(float(p)) for p in row) + "\n")


def evaltop_ranking(binary, path, ranking):
    result = subprocess.run([binary, "suspects", path, "--ranking", ranking],
                            check=True, capture_output=True, text=True)
    return [int(line[2:]) for line in result.stdout.split()]


def evaltop_estimate(binary, path):
    import json
    result = subprocess.run([binary, "suspects", path, "--json", "--limit", "0"],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout)["estimated_label_errors"]


def precision_at_k(ranked, truth):
    k = len(truth)
    return len(set(ranked[:k]) & truth) / k


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("evaltop", help="path to the built evaltop binary")
    parser.add_argument("--seeds", type=int, default=5, help="repetitions per case (default 5)")
    parser.add_argument("--seed-offset", type=int, default=0, help="first seed (default 0)")
    parser.add_argument("--keep", help="keep the generated CSVs in this folder")
    parser.add_argument("--cache", help="keep (and reuse) each case's probabilities in this folder")
    args = parser.parse_args()
    folder = args.keep or tempfile.mkdtemp(prefix="bench-suspects-")
    os.makedirs(folder, exist_ok=True)

    # (title, model, noise, counts for the pass/fail criterion). Every case counts: evaltop's
    # default ranking must be at least as precise as cleanlab's on each, weak models included.
    cases = [
        ("digits, LogisticRegression, 8% uniform noise", digits_logistic, inject_uniform_noise, True),
        ("synthetic 5-class, GaussianNB (weak), 10% uniform noise", weak_synthetic, inject_uniform_noise, True),
        ("digits, LogisticRegression, 8% pair noise", digits_logistic, inject_pair_noise, True),
        ("synthetic 5-class, GaussianNB (weak), 10% pair noise", weak_synthetic, inject_pair_noise, True),
        ("digits, GaussianNB (weak), 8% uniform noise", digits_naive_bayes, inject_uniform_noise, True),
        ("digits, GaussianNB (weak), 8% pair noise", digits_naive_bayes, inject_pair_noise, True),
        ("synthetic 4-class, very weak, 10% uniform noise", very_weak_synthetic, inject_uniform_noise, True),
        ("synthetic 4-class, very weak, 10% pair noise", very_weak_synthetic, inject_pair_noise, True),
    ]
    seeds = range(args.seed_offset, args.seed_offset + args.seeds)
    print(f"precision@K, K = injected errors; mean over seeds {seeds.start}..{seeds.stop - 1}")
    header = (f"{'case':62} {'acc':>5} {'K':>4} {'cleanlab':>9} {'ours sc':>8} {'ours nm':>8} {'#ours':>6} {'#cl':>5}"
              f" {'est':>5} {'cl est':>6}")
    print(header)
    failures = 0
    for title, make, noise, criterion in cases:
        rows = []
        for seed in seeds:
            cached = args.cache and os.path.join(args.cache, f"{make.__name__}-{noise.__name__}-{seed}.npz")
            if cached and os.path.exists(cached):
                saved = np.load(cached)
                labels, probs, flipped = saved["labels"], saved["probs"], set(saved["flipped"].tolist())
            else:
                labels, probs, flipped = make(seed, noise)
                if cached:
                    os.makedirs(args.cache, exist_ok=True)
                    np.savez(cached, labels=labels, probs=probs, flipped=np.array(sorted(flipped)))
            path = os.path.join(folder, f"{make.__name__}-{noise.__name__}-{seed}.csv")
            write_wide_csv(path, labels, probs)
            cleanlab_ranked = find_label_issues(labels, probs, return_indices_ranked_by="self_confidence").tolist()
            ours_sc = evaltop_ranking(args.evaltop, path, "self_confidence")
            ours_nm = evaltop_ranking(args.evaltop, path, "normalized_margin")
            accuracy = float(np.mean(probs.argmax(axis=1) == labels))
            rows.append((accuracy, len(flipped), precision_at_k(cleanlab_ranked, flipped),
                         precision_at_k(ours_sc, flipped), precision_at_k(ours_nm, flipped),
                         len(ours_sc), len(cleanlab_ranked), evaltop_estimate(args.evaltop, path),
                         num_label_issues(labels, probs, estimation_method="off_diagonal_calibrated")))
        mean = np.mean(np.array(rows), axis=0)
        print(f"{title:62} {mean[0]:5.3f} {mean[1]:4.0f} {mean[2]:9.4f} {mean[3]:8.4f} {mean[4]:8.4f} {mean[5]:6.0f} {mean[6]:5.0f}"
              f" {mean[7]:5.1f} {mean[8]:6.1f}")
        # Per seed, how many more injected errors evaltop's first K hold than cleanlab's: a mean
        # below cleanlab's by one or two inputs is within what the seeds scatter.
        # The weak-model ranking (NoiseRatePruning) applies when the estimate is at least half of
        # evaltop's candidates.
        weak = sum(1 for row in rows if row[5] > 0 and 2 * row[7] >= row[5])
        print("  inputs found beyond cleanlab's, per seed: "
              + " ".join(f"{round((row[3] - row[2]) * row[1]):+d}" for row in rows)
              + f"   (cleanlab's quotas first on {weak} of {len(rows)} seeds)")
        if any(row[7] != row[8] for row in rows):
            print("  the estimate differs from cleanlab's num_label_issues on some seed")
            failures += 1
        if criterion and mean[3] + 1e-12 < mean[2]:
            failures += 1
    if not args.keep:
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)
    print("ours (default ranking) >= cleanlab on every criterion case" if failures == 0
          else f"ours below cleanlab on {failures} criterion case(s)")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
