#!/usr/bin/env python3
"""Cross-check `evaltop compare --json` on random pairs of evaluations against independent
implementations:

- DeLong's paired test: R's pROC (`roc.test(roc_b, roc_a, method="delong", paired=TRUE)`, the
  reference definition) when Rscript and pROC are installed, and always the O(m*n) definition
  of DeLong, DeLong & Clarke-Pearson (1988) written here with numpy;
- Holm: statsmodels `multipletests(p, method="holm")`; McNemar: statsmodels
  `mcnemar(table, exact=True)`; AUC, AP and F1: scikit-learn.

The pairs have ties (coarse score grids), full-precision scores, Unicode names, inputs and
concepts in only one file, label mismatches, shuffled input order, a concept identical in both
files, perfect separation, concepts with one or no negatives, and every format for each side.

Usage: scripts/check_compare.py PATH/TO/evaltop [PAIRS]   (needs numpy, scikit-learn, statsmodels)
Prints "N passed, N failed" and exits 1 on any failure."""
import csv, io, json, math, os, random, shutil, subprocess, sys, tempfile

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests

BIN = sys.argv[1]
PAIRS = int(sys.argv[2]) if len(sys.argv) > 2 else 40
OUT = tempfile.mkdtemp(prefix="evaltop-compare-check-")
TOL = 1e-6
POOL = ["dog", "cat", "狗", "🐱 cat", "a,b", "q\"uote", "naïve", "x y", "Ünïcødé", "ELK", "bird", "ねこ"]


# ---------------------------------------------------------------- the reference numbers

def delong_definition(y, sa, sb):
    """DeLong's paired test from its O(m*n) definition: placements of every positive among the
    negatives and of every negative among the positives (ties 1/2), their covariance matrices
    (divided by m-1 and n-1), var(AUC_B - AUC_A). Returns (delta, z, p, lo, hi) as the issue defines
    them for zero variance and nulls with fewer than two positives or negatives."""
    pos, neg = y == 1, y == 0
    m, n = int(pos.sum()), int(neg.sum())
    if m == 0 or n == 0:
        return None
    def placements(s):
        x, z = s[pos], s[neg]
        psi = (x[:, None] > z[None, :]) + 0.5 * (x[:, None] == z[None, :])
        return psi.mean(axis=1), psi.mean(axis=0), psi.mean()
    v10a, v01a, auc_a = placements(sa)
    v10b, v01b, auc_b = placements(sb)
    delta = auc_b - auc_a
    if m < 2 or n < 2:
        return dict(delta=delta, z=None, p=None, lo=None, hi=None)
    s10 = np.cov(np.vstack([v10a, v10b]))
    s01 = np.cov(np.vstack([v01a, v01b]))
    var = (s10[0, 0] + s10[1, 1] - 2 * s10[0, 1]) / m + (s01[0, 0] + s01[1, 1] - 2 * s01[0, 1]) / n
    if var <= 1e-300:
        if delta == 0:
            return dict(delta=0.0, z=0.0, p=1.0, lo=0.0, hi=0.0)
        return dict(delta=delta, z=None, p=0.0, lo=delta, hi=delta)
    sd = math.sqrt(var)
    z = delta / sd
    return dict(delta=delta, z=z, p=math.erfc(abs(z) / math.sqrt(2)), lo=delta - 1.959963984540054 * sd,
                hi=delta + 1.959963984540054 * sd)


R_SCRIPT = r"""
suppressMessages(library(pROC))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], colClasses = c("character", "integer", "character", "character"))
d$a <- as.numeric(d$a); d$b <- as.numeric(d$b)
out <- file(args[2], "w")
for (key in unique(d$case)) {
  x <- d[d$case == key, ]
  # pROC cannot estimate the variance with one positive or one negative (it stops on NA).
  if (sum(x$y == 1) < 2 || sum(x$y == 0) < 2) next
  ra <- roc(x$y, x$a, levels = c(0, 1), direction = "<", quiet = TRUE)
  rb <- roc(x$y, x$b, levels = c(0, 1), direction = "<", quiet = TRUE)
  t <- suppressWarnings(roc.test(rb, ra, method = "delong", paired = TRUE))
  writeLines(paste(key, sprintf("%.17g", as.numeric(ra$auc)), sprintf("%.17g", as.numeric(rb$auc)),
                   sprintf("%.17g", t$statistic), sprintf("%.17g", t$p.value),
                   sprintf("%.17g", t$conf.int[1]), sprintf("%.17g", t$conf.int[2]), sep = "\t"), out)
}
close(out)
"""


def run_proc(cases):
    """{case key: (auc_a, auc_b, z, p, lo, hi)} from R's pROC, or None without Rscript/pROC."""
    if not shutil.which("Rscript"):
        return None
    if subprocess.run(["Rscript", "-e", "library(pROC)"], capture_output=True).returncode != 0:
        return None
    data = os.path.join(OUT, "cases.csv")
    with open(data, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["case", "y", "a", "b"])
        for key, (y, sa, sb) in cases.items():
            for yi, a, b in zip(y, sa, sb):
                # Hexadecimal floats: R parses them exactly.
                w.writerow([key, int(yi), float(a).hex(), float(b).hex()])
    script = os.path.join(OUT, "delong.R")
    open(script, "w").write(R_SCRIPT)
    result = os.path.join(OUT, "proc.tsv")
    r = subprocess.run(["Rscript", script, data, result], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("pROC failed: " + r.stderr[-2000:])
    answers = {}
    for line in open(result):
        key, *values = line.rstrip("\n").split("\t")
        answers[key] = [None if v in ("NA", "NaN") else float(v) for v in values]
    return answers


def reference(pair):
    """Every number of the contract, from the pair's own description (not from the files)."""
    a, b = pair["a"], pair["b"]
    by_key = (lambda c: c["id"]) if a["format"] == "clarifai" and b["format"] == "clarifai" else (lambda c: c["name"])
    keys_b = [by_key(c) for c in b["concepts"]]
    shared = [(i, keys_b.index(by_key(c))) for i, c in enumerate(a["concepts"]) if by_key(c) in keys_b]
    row_b = {id_: r for r, id_ in enumerate(b["ids"])}
    rows = [(r, row_b[id_]) for r, id_ in enumerate(a["ids"]) if id_ in row_b]
    names_a = [c["name"] for c in a["concepts"]]
    names_b = [c["name"] for c in b["concepts"]]
    shared_a = [names_a[i] for i, _ in shared]
    shared_b = [names_b[j] for _, j in shared]
    mismatches = sum(1 for ra, rb in rows
                     if sorted(shared_a.index(l) for l in a["labels"][ra] if l in shared_a)
                     != sorted(shared_b.index(l) for l in b["labels"][rb] if l in shared_b))
    Y = np.array([[1 if names_a[i] in a["labels"][ra] else 0 for i, _ in shared] for ra, _ in rows])
    SA = np.array([[a["scores"][ra][i] for i, _ in shared] for ra, _ in rows])
    SB = np.array([[b["scores"][rb][j] for _, j in shared] for _, rb in rows])
    t = pair["threshold"]
    per = []
    for c, (i, _) in enumerate(shared):
        y, sa, sb = Y[:, c], SA[:, c], SB[:, c]
        p = int(y.sum())
        defined = 0 < p < len(y)
        ra_, rb_ = (sa >= t) == (y == 1), (sb >= t) == (y == 1)
        def f1(s):
            pred = s >= t
            tp = int((pred & (y == 1)).sum()); fp = int((pred & (y == 0)).sum()); fn = p - tp
            return 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0
        test = delong_definition(y, sa, sb)
        per.append(dict(
            concept=names_a[i], auc_a=roc_auc_score(y, sa) if defined else None,
            auc_b=roc_auc_score(y, sb) if defined else None,
            delta_auc=test["delta"] if test else None, z=test["z"] if test else None,
            p_value=test["p"] if test else None, ci_low=test["lo"] if test else None, ci_high=test["hi"] if test else None,
            ap_a=average_precision_score(y, sa) if p > 0 else None, ap_b=average_precision_score(y, sb) if p > 0 else None,
            f1_a=f1(sa), f1_b=f1(sb), fixed=int((~ra_ & rb_).sum()), broken=int((ra_ & ~rb_).sum()),
            _cols=(y, sa, sb)))
    ps = [x["p_value"] for x in per if x["p_value"] is not None]
    holm = list(multipletests(ps, method="holm")[1]) if ps else []
    for x in per:
        x["p_holm"] = float(holm.pop(0)) if x["p_value"] is not None else None
    aucs_a = [x["auc_a"] for x in per if x["auc_a"] is not None]
    aucs_b = [x["auc_b"] for x in per if x["auc_b"] is not None]
    summary = dict(macro_auc_a=float(np.mean(aucs_a)) if aucs_a else None,
                   macro_auc_b=float(np.mean(aucs_b)) if aucs_b else None,
                   top1_accuracy_a=None, top1_accuracy_b=None, mcnemar=None)
    if pair["mode"] == "exclusive":
        right_a = np.array([Y[k, np.argmax(SA[k])] == 1 for k in range(len(rows))])
        right_b = np.array([Y[k, np.argmax(SB[k])] == 1 for k in range(len(rows))])
        b_, c_ = int((right_a & ~right_b).sum()), int((~right_a & right_b).sum())
        table = [[int((right_a & right_b).sum()), b_], [c_, int((~right_a & ~right_b).sum())]]
        summary.update(top1_accuracy_a=float(right_a.mean()), top1_accuracy_b=float(right_b.mean()),
                       mcnemar=dict(b=b_, c=c_, p_value=float(mcnemar(table, exact=True).pvalue)))
    return dict(threshold=t, matched_inputs=len(rows), only_in_a=len(a["ids"]) - len(rows),
                only_in_b=len(b["ids"]) - len(rows), label_mismatches=mismatches, concepts=len(shared),
                summary=summary, per_concept=per)


# ---------------------------------------------------------------- random pairs

def fmt(v, style):
    return {0: repr(v), 1: f"{v:.4f}", 2: f"{v:.3e}", 3: f"{v:.17g}"}[style]


def make_pair(seed):
    rnd = random.Random(seed)
    exclusive = rnd.random() < 0.5
    names = rnd.sample(POOL, rnd.randint(2, 6))
    concepts = [dict(id=f"id-{POOL.index(nm)}", name=nm) for nm in names]
    extra_a = [dict(id="id-only-a", name="only in A")] if rnd.random() < 0.3 else []
    extra_b = [dict(id="id-only-b", name="only in B")] if rnd.random() < 0.3 else []
    n = rnd.randint(4, 80)
    ids = [f"in{k}" if rnd.random() < 0.9 else f"ïd{k}" for k in range(n)]
    grid = rnd.choice([None, 4, 10, 100])
    style = 3 if grid is None else rnd.randint(0, 3)
    def score():
        v = rnd.randint(0, grid) / grid if grid else rnd.random()
        return float(fmt(v, style))
    labels = []
    for k in range(n):
        if exclusive:
            labels.append([rnd.choice(names)])
        else:
            labels.append([nm for nm in names if rnd.random() < 0.35])
    special = rnd.choice(["none", "identical", "separation", "no-negatives", "one-positive"])
    sa, sb = [], []
    for k in range(n):
        ra, rb = [], []
        for c, nm in enumerate(names):
            boost = 0.3 if nm in labels[k] else 0.0
            va = min(1.0, max(0.0, score() * 0.7 + boost))
            vb = min(1.0, max(0.0, va + (score() - 0.5) * 0.5 + (0.1 if nm in labels[k] else 0)))
            va, vb = float(fmt(round(va * grid) / grid if grid else va, style)), float(fmt(round(vb * grid) / grid if grid else vb, style))
            if c == 0 and special == "identical":
                vb = va
            if c == 0 and special == "separation":
                vb = 0.9 if nm in labels[k] else 0.1
            ra.append(va); rb.append(vb)
        sa.append(ra); sb.append(rb)
    if special in ("no-negatives", "one-positive") and not exclusive:
        for k in range(n):
            has = names[0] in labels[k]
            want = True if special == "no-negatives" else (k == 0)
            if has != want:
                labels[k] = [nm for nm in names if nm in labels[k] and nm != names[0]] + ([names[0]] if want else [])
                labels[k].sort(key=names.index)
    # B: some inputs only in A or B, some relabelled, maybe shuffled.
    keep_a = [k for k in range(n) if rnd.random() > 0.05] or [0]
    keep_b = [k for k in range(n) if rnd.random() > 0.05] or [keep_a[0]]
    if not set(keep_a) & set(keep_b):
        keep_b.append(keep_a[0])
    labels_b = [list(l) for l in labels]
    if rnd.random() < 0.4:
        for k in rnd.sample(range(n), max(1, n // 10)):
            labels_b[k] = [rnd.choice(names)] if exclusive else [nm for nm in names if rnd.random() < 0.35]
    order_b = list(keep_b)
    if rnd.random() < 0.5:
        rnd.shuffle(order_b)
    def side(keep, lab, sc, extra):
        cs = concepts + extra
        rows = [(ids[k], lab[k] + ([extra[0]["name"]] if extra and not exclusive and rnd.random() < 0.3 else []),
                 sc[k] + [float(fmt(rnd.random(), 3)) for _ in extra]) for k in keep]
        return dict(concepts=cs, ids=[r[0] for r in rows], labels=[r[1] for r in rows], scores=[r[2] for r in rows])
    a = side(keep_a, labels, sa, extra_a)
    b = side(order_b, labels_b, sb, extra_b)
    formats = ["wide", "long", "jsonl", "clarifai"]
    a["format"], b["format"] = rnd.choice(formats), rnd.choice(formats)
    a["style"] = b["style"] = style
    return dict(a=a, b=b, mode="exclusive" if exclusive else "multilabel", threshold=rnd.choice([0.5, 0.3, 0.25, 0.7]))


def write(side, path, style):
    cs, ids, labels, scores = side["concepts"], side["ids"], side["labels"], side["scores"]
    names = [c["name"] for c in cs]
    f = side["format"]
    if f == "wide":
        buf = io.StringIO(); w = csv.writer(buf, lineterminator="\n")
        w.writerow(["input_id", "labels"] + names)
        for k in range(len(ids)):
            w.writerow([ids[k], ";".join(labels[k])] + [fmt(v, style) for v in scores[k]])
        text = buf.getvalue()
    elif f == "long":
        buf = io.StringIO(); w = csv.writer(buf, lineterminator="\n")
        w.writerow(["input_id", "concept", "score", "label"])
        for k in range(len(ids)):
            for c, nm in enumerate(names):
                w.writerow([ids[k], nm, fmt(scores[k][c], style), "1" if nm in labels[k] else "0"])
        text = buf.getvalue()
    elif f == "jsonl":
        text = "".join(json.dumps({"input_id": ids[k], "labels": labels[k],
                                   "scores": {nm: scores[k][c] for c, nm in enumerate(names)}}, ensure_ascii=False) + "\n"
                       for k in range(len(ids)))
    else:
        test_set = [{"input": {"id": ids[k]},
                     "predicted_concepts": [{"id": c["id"], "name": c["name"], "value": scores[k][i]}
                                            for i, c in enumerate(cs) if scores[k][i] != 0],
                     "ground_truth_concepts": [{"id": c["id"], "name": c["name"], "value": 1}
                                               for c in cs if c["name"] in labels[k]]} for k in range(len(ids))]
        text = json.dumps({"eval_metrics": {"test_set": test_set}}, ensure_ascii=False)
    path += {"wide": ".csv", "long": ".long.csv", "jsonl": ".jsonl", "clarifai": ".clarifai.json"}[f]
    open(path, "w", encoding="utf-8").write(text)
    return path


# ---------------------------------------------------------------- comparing

def close(ours, want, where, errors):
    if want is None or ours is None:
        if not (want is None and ours is None):
            errors.append(f"{where}: evaltop {ours} vs reference {want}")
    elif isinstance(want, dict):
        for k, v in want.items():
            if not k.startswith("_"):
                close(ours.get(k) if isinstance(ours, dict) else None, v, f"{where}.{k}", errors)
    elif isinstance(want, float) or isinstance(ours, float):
        if abs(ours - want) > TOL * max(1.0, abs(want) if "z" in where.split(".")[-1] else 1.0):
            errors.append(f"{where}: evaltop {ours!r} vs reference {want!r}")
    elif ours != want:
        errors.append(f"{where}: evaltop {ours!r} vs reference {want!r}")


def main():
    passed = failed = 0
    jobs = []
    cases = {}
    for seed in range(PAIRS):
        pair = make_pair(seed)
        # Files whose auto-detected modes differ must be refused without --mode.
        modes_can_differ = pair["mode"] == "multilabel"
        path_a = write(pair["a"], os.path.join(OUT, f"{seed}-A"), pair["a"]["style"])
        path_b = write(pair["b"], os.path.join(OUT, f"{seed}-B"), pair["b"]["style"])
        args = [BIN, "compare", "--json", "--threshold", str(pair["threshold"]), path_a, path_b]
        if modes_can_differ:
            args[2:2] = ["--mode", "multilabel"]
        r = subprocess.run(args, capture_output=True, text=True)
        if r.returncode != 0:
            failed += 1
            print("FAIL", seed, path_a, path_b, r.stderr.strip()[:400])
            continue
        want = reference(pair)
        for x in want["per_concept"]:
            cases[f"{seed}/{x['concept']}"] = x["_cols"]
        jobs.append((seed, path_a, path_b, json.loads(r.stdout), want))
    proc = run_proc(cases)
    if proc is None:
        print("note: Rscript with pROC not found; DeLong checked against the O(m*n) definition only")
    proc_checked = 0
    for seed, path_a, path_b, ours, want in jobs:
        errors = []
        for key in ("threshold", "matched_inputs", "only_in_a", "only_in_b", "label_mismatches", "concepts"):
            close(ours.get(key), want[key], key, errors)
        close(ours.get("summary"), want["summary"], "summary", errors)
        by_name = {x["concept"]: x for x in ours.get("per_concept", [])}
        if len(by_name) != len(want["per_concept"]):
            errors.append(f"per_concept: {len(by_name)} concepts vs {len(want['per_concept'])}")
        for x in want["per_concept"]:
            got = by_name.get(x["concept"])
            close(got, x, f"concept {x['concept']}", errors)
            if proc is not None and got is not None and f"{seed}/{x['concept']}" in proc:
                auc_a, auc_b, z, p, lo, hi = proc[f"{seed}/{x['concept']}"]
                r_ref = dict(auc_a=auc_a, auc_b=auc_b)
                if x["p_value"] is not None:
                    # pROC: z is ±Inf and p 0 when the variance is 0 and the AUCs differ; the contract writes null for z.
                    r_ref.update(p_value=p, ci_low=lo, ci_high=hi, z=z if z is not None and math.isfinite(z) else None)
                close(got, r_ref, f"concept {x['concept']} (pROC)", errors)
                proc_checked += 1
        if errors:
            failed += 1
            print("MISMATCH", seed, path_a, path_b, errors[:5])
        else:
            passed += 1
    # Bad pairs: different modes without --mode, nothing shared.
    bad = [
        ("modes", "input_id,labels,x,y\na,x,0.1,0.9\nb,y,0.8,0.2\n", "input_id,labels,x,y\na,x;y,0.1,0.9\nb,y,0.8,0.2\n", "--mode"),
        ("inputs", "input_id,labels,x,y\na,x,0.1,0.9\n", "input_id,labels,x,y\nb,x,0.1,0.9\n", "no input in common"),
        ("concepts", "input_id,labels,x,y\na,x,0.1,0.9\n", "input_id,labels,u,v\na,u,0.1,0.9\n", "no concept in common"),
    ]
    for name, text_a, text_b, expected in bad:
        pa, pb = os.path.join(OUT, f"bad-{name}-A.csv"), os.path.join(OUT, f"bad-{name}-B.csv")
        open(pa, "w").write(text_a); open(pb, "w").write(text_b)
        r = subprocess.run([BIN, "compare", pa, pb], capture_output=True, text=True)
        if r.returncode == 1 and expected in r.stderr and not r.stdout:
            passed += 1
        else:
            failed += 1
            print("BAD-INPUT", name, r.returncode, r.stderr.strip()[:300])
    print(f"check_compare: {passed} passed, {failed} failed"
          + (f" ({proc_checked} concepts also checked against pROC)" if proc is not None else " (without pROC)"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
