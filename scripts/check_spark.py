#!/usr/bin/env python3
"""The Spark summary against `evaltop summarize` and `evaltop report` (issue 13).

    python3 scripts/check_spark.py BINARY [--rows N]

For each case (the bundled examples, a grid, the long layout, JSON Lines, a Parquet file with an
array `labels` column, and a generated Parquet file of N rows, 1,000,000 by default) it writes
the summary with spark/evaltop_summary.py in local mode and with `evaltop summarize` from the same
data as CSV, compares them field for field (scripts/compare_summaries.py), and compares
`evaltop report --json` on each summary with `evaltop report --json` on the original file (every
section the summary carries: inputs, concepts, mode, threshold, summary, per_concept, confusion,
fold_auc, and the diagnosis's confused_with advice, which in multilabel mode comes from the pair
tables, or without them from the counts held at --count-thresholds (at report's 0.5 and at a
thresholds file's set, `report --thresholds FILE`); the grid cases against the report of the rounded file), `evaltop suspects --json` on the
Spark summary with that on the file (the estimate, the candidates and the first S suspects, field
for field; a case with full-precision scores, repeated rows and an input exactly at a class's
cut-off), and the counts-at-threshold
matrix from each summary's pair tables with one computed here from the wide CSV at several
thresholds (one equal to a score), and, without pair tables, the matrices held at
--count-thresholds (global and per-concept sets) with the same computation. `--only TEXT` runs the
cases whose name contains TEXT. Then the bad inputs: a table
without the needed columns fails with a clear message and exit status 1 (through the command line).
Prints "N passed, N failed" and exits 1 on any failure.
"""
import argparse
import csv
import json
import math
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "spark"))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import evaltop_summary  # noqa: E402
from compare_summaries import compare  # noqa: E402

REPORT_KEYS = ["inputs", "concepts", "mode", "threshold", "summary", "per_concept", "confusion", "fold_auc"]
passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")


def report(binary, path, *extra):
    result = subprocess.run([binary, "report", "--json", path, "--no-image-sizes", *extra],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"evaltop report {path}: {result.stderr.strip()}")
    document = json.loads(result.stdout)
    picked = {key: document.get(key) for key in REPORT_KEYS}
    picked["confused_with"] = confusions(document)
    return picked


def suspects_json(binary, path, limit):
    result = subprocess.run([binary, "suspects", "--json", "--limit", str(limit), path], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"evaltop suspects {path}: {result.stderr.strip()}")
    return json.loads(result.stdout)


def borderline(workdir, inputs=3000, seed=5):
    """Full-precision scores (17 digits), repeated rows (equal ranking keys, ordered by the file's
    order), and two inputs scoring exactly the highest class's cut-off and one ulp below it (its
    mean self-score − 1e-6, the mean from the correctly rounded sum: math.fsum, as ExactSum): one
    is a suspect, the other not, only if Spark sums the scores as evaltop does."""
    rng = random.Random(seed)
    c = 4
    rows = []
    for i in range(inputs):
        label = rng.randrange(c)
        raw = [rng.random() for _ in range(c)]
        raw[label] += rng.random() * 2
        total = sum(raw)
        rows.append((f"i{i}", label, [x / total for x in raw]))
    rows += [(f"dup{k}", rows[k * 7][1], rows[k * 7][2]) for k in range(200)]
    cutoffs = []
    for k in range(c):
        own = [r[2][k] for r in rows if r[1] == k]
        cutoffs.append(math.fsum(own) / len(own) - 1e-6)
    high = max(range(c), key=lambda k: cutoffs[k])
    low = min(range(c), key=lambda k: cutoffs[k])
    for ident, score in (("at-cutoff", cutoffs[high]), ("below-cutoff", math.nextafter(cutoffs[high], 0))):
        scores = [0.0] * c
        scores[high] = score
        scores[low] = (cutoffs[low] + cutoffs[high]) / 2
        rows.append((ident, low, scores))
    path = os.path.join(workdir, "borderline.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("input_id,labels," + ",".join(f"c{k}" for k in range(c)) + "\n")
        for ident, label, scores in rows:
            f.write(f"{ident},c{label}," + ",".join(repr(x) for x in scores) + "\n")
    return path


def confusions(document):
    """Per concept, the diagnosis's confused_with advice and its evidence (what the counts at
    the threshold feed in multilabel mode; suspect_labels needs the inputs and is left out)."""
    out = []
    for concept in (document.get("diagnosis") or {}).get("concepts", []):
        codes = [code for code in concept["advice"] if code.startswith("confused_with")]
        out.append({"concept": concept["concept"], "advice": codes,
                    "evidence": {code: concept["evidence"].get(code) for code in codes}})
    return out


def pair_counts(path, threshold):
    """The counts-at-threshold matrix from a summary's lines: {(r, c): count} (the diagonal
    from the concept's own table's positives, the rest from the pair tables); None without pairs."""
    cells, version = {}, None
    with open(path, encoding="utf-8") as f:
        for text in f:
            line = json.loads(text)
            if version is None:
                version = line["version"]
                concepts = len(line["concepts"])
                continue
            if line.get("t") == "score" and line["s"] >= threshold and line["p"]:
                cells[(line["c"], line["c"])] = cells.get((line["c"], line["c"]), 0) + line["p"]
            elif line.get("t") == "pair" and line["s"] >= threshold:
                cells[(line["r"], line["c"])] = cells.get((line["r"], line["c"]), 0) + line["p"] + line["n"]
    return cells if version >= 2 and concepts <= evaltop_summary.MAXIMUM_DENSE_CONCEPTS else None


def wide_labels_and_scores(csv_path, scale=None):
    """A wide CSV's label indicators and scores (rounded to the grid), as numpy matrices."""
    import numpy as np
    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    reserved = {"input_id", "id", "input", "labels", "label", "ground_truth", "url", "path", "text", "width", "height", "fold"}
    concept_columns = [i for i, h in enumerate(header) if h.lower() not in reserved and not h.lower().startswith("meta:")]
    names = [header[i] for i in concept_columns]
    labels_column = next(i for i, h in enumerate(header) if h.lower() in ("labels", "label", "ground_truth"))
    scores = np.array([[float(row[i]) for i in concept_columns] for row in rows[1:]])
    if scale is not None:
        scores = np.floor(scores * scale + 0.5) / scale
    labelled = np.zeros(scores.shape, dtype=np.int64)
    for k, row in enumerate(rows[1:]):
        for name in row[labels_column].replace("|", ";").split(";"):
            if name.strip():
                labelled[k, names.index(name.strip())] = 1
    return labelled, scores


def reference_counts(labelled, scores, threshold):
    """The counts-at-threshold matrix computed here: cell (r, c) counts the inputs labelled r
    whose score for c is >= the threshold."""
    import numpy as np
    matrix = labelled.T @ (scores >= threshold).astype(np.int64)
    return {(r, c): int(matrix[r, c]) for r in range(matrix.shape[0]) for c in range(matrix.shape[1]) if matrix[r, c]}


def close(a, b, where="", out=None):
    """Reports equal, numbers within 1e-9."""
    out = [] if out is None else out
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            out.append(f"{where}: keys differ")
        for key in set(a) & set(b):
            close(a[key], b[key], f"{where}.{key}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{where}: lengths differ")
        for i, (x, y) in enumerate(zip(a, b)):
            close(x, y, f"{where}[{i}]", out)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if abs(a - b) > 1e-9:
            out.append(f"{where}: {a} != {b}")
    elif a != b:
        out.append(f"{where}: {a!r} != {b!r}")
    return out


ONLY = None  # --only: the cases whose name contains it


def at_counts(path):
    """The counts-at-threshold matrices a summary holds at its --count-thresholds sets (version 4):
    the header's sets and, per set, {(r, c): (n, p)} (p: of them labelled c too, version 5)."""
    with open(path, encoding="utf-8") as f:
        header = json.loads(f.readline())
        matrices = [dict() for _ in header.get("count_thresholds", [])]
        for text in f:
            if text.startswith('{"t":"at"'):
                cell = json.loads(text)
                matrices[cell["k"]][(cell["r"], cell["c"])] = (cell["n"], cell.get("p"))
    return header.get("count_thresholds", []), matrices


def reference_counts_at(labelled, scores, held):
    """The counts-at-threshold matrix at a set's per-concept thresholds, computed here: {(r, c): (n, p)},
    n the inputs labelled r scoring >= c's threshold on c, p of them labelled c too."""
    import numpy as np
    cutoffs = np.array([dict(held["concepts"]).get(k, held["global"]) for k in range(scores.shape[1])])
    above = (scores >= cutoffs).astype(np.int64)
    matrix = labelled.T @ above
    both = labelled.T @ (labelled * above)
    return {(r, c): (int(matrix[r, c]), int(both[r, c]))
            for r in range(matrix.shape[0]) for c in range(matrix.shape[1]) if matrix[r, c]}


def run_case(spark, binary, name, spark_input, csv_input, workdir, layout="wide", grid="exact", reference=None,
             extremes=evaltop_summary.DEFAULT_EXTREMES, sample=evaltop_summary.DEFAULT_SAMPLE, wide_csv=True, pairs="auto",
             count_thresholds=(), suspects=evaltop_summary.DEFAULT_SUSPECTS):
    """Spark and evaltop summaries of the same data (rows included: `extremes`, `sample`, `suspects`), then the
    reports. `count_thresholds`: --count-thresholds values given to both."""
    if ONLY and ONLY not in name:
        return
    ours = os.path.join(workdir, name + ".swift.evalsum")
    theirs = os.path.join(workdir, name + ".spark.evalsum")
    specs = [spec for text in count_thresholds for spec in evaltop_summary.threshold_specs(text)]
    evaltop_summary.summarize(spark, spark_input, theirs, layout=layout, grid=grid, extremes=extremes, sample=sample,
                              pair_lines=evaltop_summary.pair_limit(pairs), count_thresholds=specs, suspects=suspects)
    result = subprocess.run([binary, "summarize", csv_input, ours, "--grid", grid, "--extremes", str(extremes), "--suspects", str(suspects),
                             "--sample", str(sample), "--pairs", pairs, *[x for text in count_thresholds for x in ("--count-thresholds", text)]],
                            capture_output=True, text=True)
    if result.returncode != 0:
        check(f"{name}: evaltop summarize", False, result.stderr.strip())
        return
    diffs = compare(ours, theirs)
    check(f"{name}: Spark summary == evaltop summarize ({grid})", not diffs, "; ".join(diffs))
    # The suspects it holds are the file's first S, field for field (`evaltop suspects --json`).
    suspects_file = suspects_json(binary, reference or csv_input, suspects)
    suspects_spark = suspects_json(binary, theirs, suspects)
    check(f"{name}: suspects --json of the Spark summary == of the file ({suspects_file['count']} candidates)",
          suspects_file == suspects_spark,
          next((f"#{i}: {a} != {b}" for i, (a, b) in enumerate(zip(suspects_file["suspects"], suspects_spark["suspects"])) if a != b),
               f"{ {k: v for k, v in suspects_file.items() if k != 'suspects'} } != { {k: v for k, v in suspects_spark.items() if k != 'suspects'} }"))
    original = report(binary, reference or csv_input)
    # Without pair tables (beyond 100 concepts, --pairs off or past it) multilabel confusions are
    # judged only at a --count-thresholds set (version 5): report's 0.5 or a thresholds file.
    no_pairs = original["concepts"] > evaltop_summary.MAXIMUM_DENSE_CONCEPTS or pairs != "auto"
    unjudged = original["mode"] == "multilabel" and no_pairs and ("global", 0.5) not in specs
    for label, path in (("Spark", theirs), ("evaltop", ours)):
        summarized = report(binary, path)
        if unjudged:
            check(f"{name}: the {label} summary judges no multilabel confusions (no pairs)",
                  all(not c["advice"] for c in summarized["confused_with"]), str(summarized["confused_with"][:2]))
            summarized["confused_with"] = original["confused_with"]
        diffs = close(original, summarized)
        check(f"{name}: report of the {label} summary == report of the file", not diffs, "; ".join(diffs[:5]))
    # At a thresholds file's per-concept set, the report (multilabel confused_with included) is the file's.
    for spec in specs:
        if spec[0] != "file":
            continue
        original_at = report(binary, reference or csv_input, "--thresholds", spec[1])
        advice = sum(len(c["advice"]) for c in original_at["confused_with"])
        for label, path in (("Spark", theirs), ("evaltop", ours)):
            diffs = close(original_at, report(binary, path, "--thresholds", spec[1]))
            check(f"{name}: report at {os.path.basename(spec[1])} of the {label} summary == the file's ({advice} confused_with)",
                  not diffs, "; ".join(diffs[:5]))
    if count_thresholds:
        sets, matrices = at_counts(theirs)
        check(f"{name}: the Spark summary holds the counts at {len(specs)} asked sets", len(sets) == len(specs), str(sets))
        labelled, scores = wide_labels_and_scores(csv_input, evaltop_summary.GRIDS[grid])
        for held, counts in zip(sets, matrices):
            expected = reference_counts_at(labelled, scores, held)
            labelled_too = sum(1 for (r, c), (n, p) in expected.items() if r != c and p)
            check(f"{name}: counts at {held['name']} from the Spark summary == the file's ({len(expected)} cells, "
                  f"{labelled_too} off the diagonal partly labelled the column's concept too)",
                  counts == expected and len(expected) > 0, f"{len(set(counts.items()) ^ set(expected.items()))} cells differ")
    if wide_csv:
        labelled, scores = wide_labels_and_scores(csv_input, evaltop_summary.GRIDS[grid])
        # scores[0, 0] occurs in the data, so that ">=" is checked at equality.
        for threshold in (0.0, 0.2, 0.5, float(scores[0, 0]), 0.95):
            counts = pair_counts(theirs, threshold)
            if counts is None:
                with open(theirs, encoding="utf-8") as f:
                    pair_lines = sum(1 for text in f if text.startswith('{"t":"pair"'))
                check(f"{name}: no pair lines beyond {evaltop_summary.MAXIMUM_DENSE_CONCEPTS} concepts", pair_lines == 0,
                      f"{pair_lines} pair lines")
                break
            expected = reference_counts(labelled, scores, threshold)
            check(f"{name}: counts at {threshold:g} from the Spark summary's pairs == the file's", counts == expected,
                  f"{len(set(counts.items()) ^ set(expected.items()))} cells differ")


def split_copy(source, folder, first_share):
    """`source` (a CSV) as a folder of two CSV files with its header each, a.csv holding the first
    `first_share` of the rows and b.csv the rest."""
    os.makedirs(folder, exist_ok=True)
    with open(source, encoding="utf-8") as f:
        header, *rows = f.readlines()
    cut = int(len(rows) * first_share)
    for name, part in (("a.csv", rows[:cut]), ("b.csv", rows[cut:])):
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.writelines([header] + part)
    return folder


def rounded_copy(source, target, scale):
    """The wide CSV with every score rounded to the grid as the summary rounds it."""
    with open(source, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    reserved = {"input_id", "id", "input", "labels", "label", "ground_truth", "url", "path", "text", "width", "height", "fold"}
    concept_columns = [i for i, h in enumerate(header) if h.lower() not in reserved and not h.lower().startswith("meta:")]
    with open(target, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        for row in rows[1:]:
            for i in concept_columns:
                row[i] = repr(math.floor(float(row[i]) * scale + 0.5) / scale + 0.0)
            writer.writerow(row)


def long_copy(source, target, by_concept=False):
    """The wide CSV in the long layout (input_id, concept, score, label, fold); `by_concept`: every
    input's row for the first concept, then for the second… (not grouped by input: `summarize`
    sorts it through temporary files)."""
    with open(source, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    reserved = {"input_id", "labels", "fold"}
    concepts = [k for k in rows[0] if k not in reserved]
    with open(target, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["input_id", "concept", "score", "label", "fold"])
        lines = []
        for row in rows:
            labels = {x.strip() for x in row["labels"].replace("|", ";").split(";") if x.strip()}
            for position, concept in enumerate(concepts):
                lines.append((position if by_concept else 0, [row["input_id"], concept, row[concept], "1" if concept in labels else "0", row["fold"]]))
        # A stable sort: by concept, the inputs in file order.
        writer.writerows(line for _, line in sorted(lines, key=lambda line: line[0]))


def jsonl_copy(source, target):
    with open(source, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    reserved = {"input_id", "labels", "fold"}
    concepts = [k for k in rows[0] if k not in reserved]
    with open(target, "w", encoding="utf-8") as f:
        for row in rows:
            labels = [x.strip() for x in row["labels"].replace("|", ";").split(";") if x.strip()]
            f.write(json.dumps({"input_id": row["input_id"], "fold": row["fold"], "labels": labels,
                                "scores": {c: float(row[c]) for c in concepts}}) + "\n")


def generated(rows, workdir, seed=13):
    """A wide evaluation of `rows` inputs × 4 concepts (4-decimal scores, folds, a meta attribute,
    sizes) as CSV for evaltop and as Parquet (labels as an array column) for Spark."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    rng = np.random.default_rng(seed)
    concepts = ["cat", "dog", "狗", "fox"]
    truth = rng.integers(0, len(concepts), rows)
    logits = rng.normal(0, 1, (rows, len(concepts)))
    logits[np.arange(rows), truth] += 1.5
    scores = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    scores = np.round(scores, 4)
    fold = rng.integers(0, 5, rows)
    camera = np.array(["a", "b", "c"])[rng.integers(0, 3, rows)]
    width = rng.integers(200, 900, rows)
    ids = [f"g{i}" for i in range(rows)]
    table = {"input_id": ids, "labels": [[concepts[t]] for t in truth], "fold": [str(f) for f in fold],
             "meta:camera": camera.tolist(), "width": width.tolist(), "height": width.tolist()}
    for i, c in enumerate(concepts):
        table[c] = scores[:, i]
    parquet = os.path.join(workdir, f"generated_{rows}.parquet")
    pq.write_table(pa.table(table), parquet)
    path_csv = os.path.join(workdir, f"generated_{rows}.csv")
    with open(path_csv, "w", encoding="utf-8") as f:
        f.write("input_id,labels,fold,meta:camera,width,height," + ",".join(concepts) + "\n")
        lines = []
        for i in range(rows):
            lines.append(f"{ids[i]},{concepts[truth[i]]},{fold[i]},{camera[i]},{width[i]},{width[i]},"
                         + ",".join(repr(float(s)) for s in scores[i]) + "\n")
            if len(lines) >= 100_000:
                f.writelines(lines)
                lines = []
        f.writelines(lines)
    return parquet, path_csv


def tied(workdir, concepts=3, inputs=60):
    """Scores on five levels (ties everywhere), ids whose UTF-8 byte order differs from other
    orders ("é" precomposed and "e" + U+0301, upper case), url, text, fold and a meta value that
    some inputs lack: the rows' tie-break and fields. With 101 concepts the rows keep sparse scores."""
    levels = ["0.1", "0.5", "0.5", "0.9", "0.25"]
    names = [f"k{i}" for i in range(concepts)]
    path = os.path.join(workdir, f"tied_{concepts}.csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["input_id", "labels", "url", "text", "fold", "meta:site", *names])
        for i in range(inputs):
            ident = ["z", "a", "\u00e9", "e\u0301", "Z"][i % 5] + str(i)
            labels = ";".join(names[j] for j in sorted({(i * 7) % concepts, (i * 3) % concepts} if i % 4 == 0 else {(i * 7) % concepts}))
            scores = [levels[(i * (3 + j) + j) % len(levels)] for j in range(concepts)]
            out.writerow([ident, labels, f"u{i}.png", "" if i % 3 else f"text {i}", i % 4, "" if i % 3 == 0 else f"s{i % 2}", *scores])
    return path


def bad_inputs(binary, workdir):
    """A table without the needed columns: a clear message and exit status 1, from the CLI."""
    path = os.path.join(workdir, "no_labels.csv")
    with open(path, "w") as f:
        f.write("input_id,cat,dog\na,0.1,0.9\n")
    result = subprocess.run([sys.executable, os.path.join(ROOT, "spark", "evaltop_summary.py"), path,
                             os.path.join(workdir, "no_labels.evalsum")], capture_output=True, text=True)
    check("Spark job: a table without labels exits 1", result.returncode == 1, f"status {result.returncode}")
    check("Spark job: the message names the file and the missing column",
          f"error: {path}: no labels column" in result.stderr, result.stderr.strip()[-300:])


def threshold_options(binary, workdir):
    """--count-thresholds read alike by evaltop and the Spark job (no Spark needed): plain
    decimals with spaces or tabs around them are thresholds (−0 is 0, named as the shortest
    decimal that reads back), and hex floats, digit separators, non-ASCII digits, NaN and values
    outside [0, 1] are refused by both, so the header's sets are the same or both fail (an empty
    value is the argument parser's usage error, status 64; the option as --count-thresholds=TEXT,
    so that "-0" is its value, not an option)."""
    data = os.path.join(workdir, "option.csv")
    with open(data, "w", encoding="utf-8") as f:
        f.write("input_id,labels,cat,dog\na,cat,0.25,0.5\nb,dog;cat,0.75,1\n")
    deploy = os.path.join(workdir, "option deploy.json")
    with open(deploy, "w", encoding="utf-8") as f:
        json.dump({"dog": 0.3}, f)
    for text in ["0.5", " 0.25\t,+.5,1e-1", "-0", "1", "0.10000000000000001", "5E-1,0", deploy, f"0.5,{deploy}",
                 "0x1p-1", "0.2_5", "\u0661", "nan", "1e400", "1.5", "", "0.5,"]:
        out = os.path.join(workdir, "option.evalsum")
        result = subprocess.run([binary, "summarize", data, out, "--pairs", "off", "--extremes", "0", "--suspects", "0",
                                 f"--count-thresholds={text}"], capture_output=True, text=True)
        ours = None
        if result.returncode == 0:
            with open(out, encoding="utf-8") as f:
                ours = json.loads(f.readline())["count_thresholds"]
        try:
            sets = [evaltop_summary.threshold_set(spec, ["cat", "dog"]) for spec in evaltop_summary.threshold_specs(text)]
            theirs = [{"name": s["name"], "global": s["global"], "concepts": [[k, s["concepts"][k]] for k in sorted(s["concepts"])]}
                      for s in sets]
        except evaltop_summary.SummaryInputError:
            theirs = None
        check(f"--count-thresholds {text!r}: the same sets from evaltop and the Spark job ({'refused' if ours is None else len(ours)})",
              ours == theirs and (ours is None) == (result.returncode != 0), f"{ours} != {theirs} (status {result.returncode})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows of the generated Parquet file")
    parser.add_argument("--only", help="run only the cases whose name contains this")
    args = parser.parse_args()
    global ONLY
    ONLY = args.only
    binary = os.path.abspath(args.binary)
    os.environ.setdefault("EVALTOP_SHUFFLE_PARTITIONS", "4")
    spark = evaltop_summary.spark_session("evaltop-check")
    spark.sparkContext.setLogLevel("ERROR")
    examples = os.path.join(ROOT, "Examples")
    with tempfile.TemporaryDirectory(prefix="evaltop-spark-") as workdir:
        for name in ("digits", "digits_ml", "animals", "breast_cancer"):
            path = os.path.join(examples, name + ".csv")
            run_case(spark, binary, name, path, path, workdir)
        # A model too weak for the noise weights: cleanlab's confident issues first (NoiseRatePruning),
        # all 337 suspects held, so that the boundary between the issues and the others is compared too.
        weak = os.path.join(ROOT, "Tests", "EvalCoreTests", "Fixtures", "label_errors_weak.csv")
        run_case(spark, binary, "weak model (label_errors_weak)", weak, weak, workdir, suspects=400)
        digits = os.path.join(examples, "digits.csv")
        rounded = os.path.join(workdir, "digits_1e-4.csv")
        rounded_copy(digits, rounded, 1e4)
        run_case(spark, binary, "digits grid 1e-4", digits, digits, workdir, grid="1e-4", reference=rounded)
        animals_long = os.path.join(workdir, "digits_ml_long.csv")
        long_copy(os.path.join(examples, "digits_ml.csv"), animals_long)
        run_case(spark, binary, "digits_ml long layout", animals_long, animals_long, workdir, layout="long", wide_csv=False)
        by_concept = os.path.join(workdir, "digits_ml_long_by_concept.csv")
        long_copy(os.path.join(examples, "digits_ml.csv"), by_concept, by_concept=True)
        run_case(spark, binary, "digits_ml long layout ordered by concept", by_concept, by_concept, workdir, layout="long", wide_csv=False)
        digits_jsonl = os.path.join(workdir, "digits.jsonl")
        jsonl_copy(digits, digits_jsonl)
        run_case(spark, binary, "digits JSON Lines", digits_jsonl, digits_jsonl, workdir, wide_csv=False)
        # Pair tables past --pairs: both leave them out alike (pair_tables false, no pair lines).
        run_case(spark, binary, "digits_ml --pairs 1000 (over the limit)", os.path.join(examples, "digits_ml.csv"),
                 os.path.join(examples, "digits_ml.csv"), workdir, wide_csv=False, pairs="1000")
        # Without pair tables, the counts at the asked thresholds: global ones (0.5 is a score of the
        # data: ">=" at equality) and a per-concept thresholds file, with --pairs off and over 100 concepts.
        digits_ml_deploy = os.path.join(workdir, "digits_ml_deploy.json")
        with open(digits_ml_deploy, "w", encoding="utf-8") as f:
            json.dump({"even": 0.3, "prime": 0.75, "odd": None}, f)
        run_case(spark, binary, "digits_ml --pairs off --count-thresholds", os.path.join(examples, "digits_ml.csv"),
                 os.path.join(examples, "digits_ml.csv"), workdir, pairs="off", wide_csv=False,
                 count_thresholds=("0.5,0.2", digits_ml_deploy))
        tied_many = tied(workdir, 101)
        tied_deploy = os.path.join(workdir, "tied_deploy.json")
        with open(tied_deploy, "w", encoding="utf-8") as f:
            json.dump({"k0": 0.25, "k3": 0.9, "k5": None, "k100": 0.1}, f)
        run_case(spark, binary, "ties, 101 concepts --count-thresholds", tied_many, tied_many, workdir, extremes=3,
                 count_thresholds=("0.5", tied_deploy))
        edge = borderline(workdir)
        run_case(spark, binary, "full precision, ties, an input at a class's cut-off", edge, edge, workdir)
        # A folder of two files is their concatenation in name order: the smaller first, so that
        # Spark's partitions (largest file first) hold them the other way round; tied suspects span both.
        folder = split_copy(edge, os.path.join(workdir, "borderline_parts"), first_share=0.3)
        run_case(spark, binary, "a folder of two files, ties across them", folder, edge, workdir)
        held = suspects_json(binary, edge, 10_000)
        ids = {s["input_id"] for s in held["suspects"]}
        check("borderline: the input at the cut-off is a suspect, the one an ulp below is not",
              "at-cutoff" in ids and "below-cutoff" not in ids, f"{'at-cutoff' in ids} {'below-cutoff' in ids}")
        for concepts in (3, 101):
            path = tied(workdir, concepts)
            run_case(spark, binary, f"ties, {concepts} concepts, rows", path, path, workdir, extremes=3, sample=5)
        parquet, path_csv = generated(args.rows, workdir)
        run_case(spark, binary, f"generated {args.rows:,} rows Parquet", parquet, path_csv, workdir)
        spark.stop()
        bad_inputs(binary, workdir)
        threshold_options(binary, workdir)
    print(f"check_spark: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
