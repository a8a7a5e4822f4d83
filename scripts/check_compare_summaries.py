#!/usr/bin/env python3
"""Cross-check `evaltop compare --json` on two *summaries* (issue 13) against independent
implementations:

- DeLong's unpaired test: R's pROC (`roc.test(roc_b, roc_a, method="delong", paired=FALSE)`, the
  reference definition) when Rscript and pROC are installed, and always the O(m*n) definition
  (placements from every positive-negative pair, ties 1/2) written here with numpy, with the
  p-value from scipy's Student t;
- Holm: statsmodels `multipletests(p, method="holm")`; AUC, AP and F1: scikit-learn.

Each pair is two evaluations of *different* inputs (sizes differ), written in any of evaltop's
formats, with ties (coarse score grids), full-precision scores, Unicode names, concepts in only
one file, and both modes; both are summarized with `evaltop summarize` (some on the 1e-4 grid,
where the reference rounds the scores the same way), then compared. A file compared with a
summary must give the same answer as the two summaries.

Usage: scripts/check_compare_summaries.py PATH/TO/evaltop [PAIRS]
Prints "N passed, N failed" and exits 1 on any failure."""
import csv, io, json, math, os, random, shutil, subprocess, sys, tempfile

import numpy as np
from scipy.stats import t as student_t
from sklearn.metrics import average_precision_score, roc_auc_score
from statsmodels.stats.multitest import multipletests

BIN = sys.argv[1]
PAIRS = int(sys.argv[2]) if len(sys.argv) > 2 else 24
OUT = tempfile.mkdtemp(prefix="evaltop-summary-compare-check-")
TOL = 1e-6
POOL = ["dog", "cat", "狗", "🐱 cat", "a,b", "naïve", "x y", "Ünïcødé", "ELK", "bird", "ねこ"]


def unpaired_delong(y, s):
    """theta and S = S_X/m + S_Y/n of pROC's delong.unpaired.test, from the definition."""
    pos, neg = s[y == 1], s[y == 0]
    m, n = len(pos), len(neg)
    if m < 2 or n < 2:
        return None
    psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    x, z = psi.mean(axis=1), psi.mean(axis=0)
    theta = psi.mean()
    sx = ((x - theta) ** 2).sum() / (m - 1)
    sy = ((z - theta) ** 2).sum() / (n - 1)
    return theta, sx / m + sy / n, m + n


def reference_test(ya, sa, yb, sb):
    a, b = unpaired_delong(ya, sa), unpaired_delong(yb, sb)
    if a is None or b is None:
        return None
    (theta_a, var_a, n_a), (theta_b, var_b, n_b) = a, b
    total = var_a + var_b
    if total == 0:
        return dict(statistic=None, df=None, p_value=None)
    d = (theta_b - theta_a) / math.sqrt(total)
    df = total ** 2 / (var_a ** 2 / (n_a - 1) + var_b ** 2 / (n_b - 1))
    return dict(statistic=d, df=df, p_value=float(2 * student_t.sf(abs(d), df)))


R_SCRIPT = r"""
suppressMessages(library(pROC))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = c("character", "character", "integer", "character"))
d$s <- as.numeric(d$s)
out <- file(args[2], "w")
for (key in unique(d$case)) {
  a <- d[d$case == key & d$side == "A", ]; b <- d[d$case == key & d$side == "B", ]
  if (sum(a$y == 1) < 2 || sum(a$y == 0) < 2 || sum(b$y == 1) < 2 || sum(b$y == 0) < 2) next
  ra <- roc(a$y, a$s, levels = c(0, 1), direction = "<", quiet = TRUE)
  rb <- roc(b$y, b$s, levels = c(0, 1), direction = "<", quiet = TRUE)
  t <- suppressWarnings(roc.test(rb, ra, method = "delong", paired = FALSE))
  writeLines(paste(key, sprintf("%.17g", t$statistic), sprintf("%.17g", t$parameter), sprintf("%.17g", t$p.value), sep = "\t"), out)
}
close(out)
"""


def run_proc(cases):
    if not shutil.which("Rscript") or subprocess.run(["Rscript", "-e", "library(pROC)"], capture_output=True).returncode != 0:
        return None
    data = os.path.join(OUT, "cases.csv")
    with open(data, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case", "side", "y", "s"])
        for key, (ya, sa, yb, sb) in cases.items():
            for side, ys, ss in (("A", ya, sa), ("B", yb, sb)):
                for yi, si in zip(ys, ss):
                    w.writerow([key, side, int(yi), float(si).hex()])  # hexadecimal: R parses it exactly
    script = os.path.join(OUT, "unpaired.R")
    open(script, "w").write(R_SCRIPT)
    result = os.path.join(OUT, "proc.tsv")
    r = subprocess.run(["Rscript", script, data, result], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("pROC failed: " + r.stderr[-2000:])
    answers = {}
    for line in open(result):
        key, *values = line.rstrip("\n").split("\t")
        answers[key] = [None if v in ("NA", "NaN", "Inf", "-Inf") else float(v) for v in values]
    return answers


def make_side(rng, names, n, mode, style):
    k = len(names)
    labels, scores = [], []
    for _ in range(n):
        if mode == "exclusive":
            truth = [rng.randrange(k)]
        else:
            truth = [c for c in range(k) if rng.random() < 0.3]
        raw = [rng.random() + (rng.uniform(0.2, 1.2) if c in truth else 0) for c in range(k)]
        if mode == "exclusive":
            total = sum(math.exp(3 * v) for v in raw)
            row = [math.exp(3 * v) / total for v in raw]
        else:
            row = [min(1.0, v / 2.2) for v in raw]
        if style == "coarse":
            row = [round(v, 1) for v in row]
        elif style == "two":
            row = [round(v, 2) for v in row]
        labels.append([names[c] for c in truth])
        scores.append(row)
    return labels, scores


def write_wide(path, names, ids, labels, scores):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["input_id", "labels"] + names)
    for i in range(len(ids)):
        w.writerow([ids[i], ";".join(labels[i])] + [repr(v) for v in scores[i]])
    open(path, "w", encoding="utf-8").write(buf.getvalue())


def write_jsonl(path, names, ids, labels, scores):
    with open(path, "w", encoding="utf-8") as f:
        for i in range(len(ids)):
            f.write(json.dumps({"input_id": ids[i], "labels": labels[i],
                                "scores": dict(zip(names, scores[i]))}, ensure_ascii=False) + "\n")


def cell(v, grid):
    # SummaryGrid.cell: floor(s * m + 1/2) / m, +0.0.
    return v if grid == "exact" else math.floor(v * 1e4 + 0.5) / 1e4 + 0.0


def close(ours, want, where, errors):
    if want is None or ours is None:
        if not (want is None and ours is None):
            errors.append(f"{where}: evaltop {ours} vs reference {want}")
    elif isinstance(want, float) or isinstance(ours, float):
        scale = max(1.0, abs(want)) if where.endswith(("statistic", "df")) else 1.0
        if abs(ours - want) > TOL * scale:
            errors.append(f"{where}: evaltop {ours!r} vs reference {want!r}")
    elif ours != want:
        errors.append(f"{where}: evaltop {ours!r} vs reference {want!r}")


def main():
    passed = failed = 0
    jobs, cases = [], {}
    for seed in range(PAIRS):
        rng = random.Random(seed)
        mode = "exclusive" if seed % 2 == 0 else "multilabel"
        grid = "1e-4" if seed % 5 == 4 else "exact"
        style = ["full", "coarse", "two"][seed % 3]
        names = rng.sample(POOL, rng.randint(3, 6))
        names_b = names[:]
        if seed % 3 == 1:
            names_b = names[1:] + ["only-B ✓"]  # one concept only in A, one only in B
        n_a, n_b = rng.randint(40, 400), rng.randint(40, 400)
        labels_a, scores_a = make_side(rng, names, n_a, mode, style)
        labels_b, scores_b = make_side(rng, names_b, n_b, mode, style)
        threshold = rng.choice([0.5, 0.3, 0.25, 0.7])
        paths = []
        for side, ns, ls, ss in (("A", names, labels_a, scores_a), ("B", names_b, labels_b, scores_b)):
            ids = [f"{side}{seed}_{i}" for i in range(len(ls))]
            path = os.path.join(OUT, f"{seed}-{side}" + (".jsonl" if seed % 4 == 3 else ".csv"))
            (write_jsonl if path.endswith(".jsonl") else write_wide)(path, ns, ids, ls, ss)
            paths.append(path)
        summaries = []
        for path in paths:
            out = path + ".evalsum"
            r = subprocess.run([BIN, "summarize", path, out, "--grid", grid, "--mode", mode], capture_output=True, text=True)
            if r.returncode != 0:
                sys.exit(f"summarize {path}: {r.stderr}")
            summaries.append(out)
        r = subprocess.run([BIN, "compare", "--json", "--threshold", str(threshold)] + summaries, capture_output=True, text=True)
        if r.returncode != 0:
            failed += 1
            print("FAIL", seed, r.stderr.strip()[:400])
            continue
        ours = json.loads(r.stdout)
        # A file against a summary: the file is summarized on the summary's grid first, so the
        # answer must be the same.
        mixed = subprocess.run([BIN, "compare", "--json", "--threshold", str(threshold), "--mode", mode, paths[0], summaries[1]],
                               capture_output=True, text=True)
        shared = [c for c in names if c in names_b]
        per = []
        for c in shared:
            ia, ib = names.index(c), names_b.index(c)
            ya = np.array([1 if c in l else 0 for l in labels_a])
            yb = np.array([1 if c in l else 0 for l in labels_b])
            sa = np.array([cell(s[ia], grid) for s in scores_a])
            sb = np.array([cell(s[ib], grid) for s in scores_b])
            cases[f"{seed}/{c}"] = (ya, sa, yb, sb)
            def metrics(y, s):
                if y.min() == y.max():
                    return None, None, None
                pred = s >= threshold
                tp = int((pred & (y == 1)).sum()); fp = int((pred & (y == 0)).sum()); fn = int((~pred & (y == 1)).sum())
                f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn > 0 else None
                return float(roc_auc_score(y, s)), float(average_precision_score(y, s)), f1
            auc_a, ap_a, f1_a = metrics(ya, sa)
            auc_b, ap_b, f1_b = metrics(yb, sb)
            row = dict(concept=c, auc_a=auc_a, auc_b=auc_b, ap_a=ap_a, ap_b=ap_b, f1_a=f1_a, f1_b=f1_b,
                       delta_auc=None if auc_a is None or auc_b is None else auc_b - auc_a,
                       positives_a=int(ya.sum()), negatives_a=int(len(ya) - ya.sum()),
                       positives_b=int(yb.sum()), negatives_b=int(len(yb) - yb.sum()))
            test = reference_test(ya, sa, yb, sb)
            row.update(test if test else dict(statistic=None, df=None, p_value=None))
            per.append(row)
        ps = [x["p_value"] for x in per]
        family = [i for i, p in enumerate(ps) if p is not None]
        holm = multipletests([ps[i] for i in family], method="holm")[1] if family else []
        for x in per:
            x["p_holm"] = None
        for i, h in zip(family, holm):
            per[i]["p_holm"] = float(h)
        jobs.append((seed, ours, per, mixed, shared, names, names_b, mode))
    proc = run_proc(cases)
    if proc is None:
        print("note: Rscript with pROC not found; the unpaired test checked against its definition only")
    proc_checked = 0
    for seed, ours, per, mixed, shared, names, names_b, mode in jobs:
        errors = []
        close(ours.get("test"), "delong_unpaired", "test", errors)
        close(ours.get("concepts"), len(shared), "concepts", errors)
        close(ours.get("concepts_only_in_a"), [c for c in names if c not in names_b], "concepts_only_in_a", errors)
        close(ours.get("concepts_only_in_b"), [c for c in names_b if c not in names], "concepts_only_in_b", errors)
        close(ours.get("mode"), mode, "mode", errors)
        by_name = {x["concept"]: x for x in ours.get("per_concept", [])}
        for x in per:
            got = by_name.get(x["concept"], {})
            for key, want in x.items():
                close(got.get(key), want, f"{x['concept']}.{key}", errors)
            key = f"{seed}/{x['concept']}"
            if proc is not None and key in proc:
                d, df, p = proc[key]
                for name, want in (("statistic", d), ("df", df), ("p_value", p)):
                    close(got.get(name), want, f"{x['concept']}.{name} (pROC)", errors)
                proc_checked += 1
        better = sum(1 for x in per if x["p_holm"] is not None and x["p_holm"] < 0.05 and x["delta_auc"] and x["delta_auc"] > 0)
        worse = sum(1 for x in per if x["p_holm"] is not None and x["p_holm"] < 0.05 and x["delta_auc"] and x["delta_auc"] < 0)
        close(ours["summary"].get("significantly_better"), better, "significantly_better", errors)
        close(ours["summary"].get("significantly_worse"), worse, "significantly_worse", errors)
        if mixed.returncode != 0:
            errors.append(f"file vs summary failed: {mixed.stderr.strip()[:300]}")
        else:
            m = json.loads(mixed.stdout)
            if m["per_concept"] != ours["per_concept"] or m["summary"] != ours["summary"]:
                errors.append("file vs summary differs from summary vs summary")
        if errors:
            failed += 1
            print(f"FAIL pair {seed}:", *errors[:8], sep="\n  ")
        else:
            passed += 1
    # Bad input: a truncated summary names its file and exits 1.
    truncated = os.path.join(OUT, "truncated.evalsum")
    lines = open(os.path.join(OUT, "0-A.csv.evalsum")).read().splitlines(True)
    open(truncated, "w").write("".join(lines[: max(1, len(lines) // 2)]))
    r = subprocess.run([BIN, "compare", truncated, os.path.join(OUT, "0-B.csv.evalsum")], capture_output=True, text=True)
    if r.returncode == 1 and "truncated.evalsum" in r.stderr:
        passed += 1
    else:
        failed += 1
        print("FAIL truncated summary:", r.returncode, r.stderr[:300])
    print(f"check_compare_summaries: {passed} passed, {failed} failed ({proc_checked} concepts also checked against pROC)")
    sys.exit(1 if failed else 0)


main()
