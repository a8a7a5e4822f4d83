#!/usr/bin/env python3
"""Write an evaltop evaluation summary (.evalsum, format version 2) with Apache Spark.

    spark-submit spark/evaltop_summary.py INPUT OUTPUT [--layout wide|long] [--grid exact|1e-6|1e-4] [--extremes K] [--sample N]
    python spark/evaltop_summary.py INPUT OUTPUT ...          # local mode, all cores

INPUT is Parquet, CSV/TSV or JSON Lines (by extension, or --input-format) at any path Spark reads
(HDFS, S3, a local folder of part files). The columns are evaltop's: wide layout `input_id`,
`labels` (a `;`/`|`-separated string or an array column), optional `url`, `width`, `height`, `fold`,
`meta:NAME`, and one score column per concept; long layout `input_id`, `concept`, `score`, `label`
(1/0, true/false, yes/no) plus the same metadata. JSON Lines is evaltop's (`scores` object).

The summary is the same as `evaltop summarize INPUT OUTPUT --grid G`, field for field (score sums
within 1e-9): see SummaryFormat.swift and README's "Evaluation summaries". Every aggregate is a
DataFrame aggregation; only the summary's own rows reach the driver (streamed in order with
toLocalIterator, one partition at a time).
"""
import argparse
import json
import os
import sys

FORMAT_NAME = "evaltop-summary"
FORMAT_VERSION = 2
MAXIMUM_DENSE_CONCEPTS = 100  # score sums (the mean-score matrix) and pair tables up to this many concepts
SMALL_IMAGE_SIDE = 512        # DiagnosisRules.smallImageSide
GRIDS = {"exact": None, "1e-6": 1e6, "1e-4": 1e4}


class SummaryInputError(Exception):
    """A table evaltop cannot summarise, in words (the job exits with status 1)."""


def value_order(values):
    """The order a summary lists fold and attribute values in (SummaryAttribute.order): whole
    numbers ascending when every value is one, else by code point."""
    def as_int(text):
        try:
            return int(text.strip())
        except ValueError:
            return None
    numbers = [as_int(v) for v in values]
    if all(n is not None for n in numbers):
        return [v for _, _, v in sorted(zip(numbers, range(len(values)), values))]
    return sorted(values)


def read_table(spark, path, input_format, csv_multiline=False):
    fmt = input_format or detect_format(path)
    if fmt == "parquet":
        return spark.read.parquet(path), fmt
    if fmt in ("csv", "tsv"):
        sep = "\t" if fmt == "tsv" else ","
        # Every column as text: scores are cast (and checked) below, ids and labels stay as written.
        # multiLine (line breaks inside quoted fields) makes a file one task, so it is opt-in.
        return (spark.read.option("header", True).option("sep", sep).option("multiLine", csv_multiline)
                .option("escape", '"').option("inferSchema", False).csv(path)), fmt
    if fmt == "jsonl":
        return spark.read.json(path), fmt
    raise SummaryInputError(f"{path}: unknown input format {fmt!r}; give --input-format parquet|csv|tsv|jsonl")


def detect_format(path):
    lower = path.rstrip("/").lower()
    for suffix, fmt in ((".parquet", "parquet"), (".tsv", "tsv"), (".csv", "csv"), (".jsonl", "jsonl"),
                        (".json", "jsonl"), (".ndjson", "jsonl")):
        if lower.endswith(suffix):
            return fmt
    if os.path.isdir(path) and any(name.endswith(".parquet") for name in os.listdir(path)):
        return "parquet"
    return "csv"


def first_column(columns, names):
    lowered = {c.lower(): c for c in columns}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None


def canonical_inputs(spark, df, path, fmt, layout):
    """One row per input: id, labels (concept indices), scores (array in concept order), fold,
    meta values, width, height; and the concepts. Fails with a message naming what is missing."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    columns = df.columns
    id_column = first_column(columns, ["input_id", "id", "input"])
    if id_column is None:
        raise SummaryInputError(f"{path}: no input_id column (also id or input); the columns are {', '.join(columns)}")
    fold_column = first_column(columns, ["fold"])
    url_column = first_column(columns, ["url", "path"])
    text_column = first_column(columns, ["text"])
    width_column = first_column(columns, ["width"])
    height_column = first_column(columns, ["height"])
    meta_columns = [c for c in columns if c.lower().startswith("meta:")]
    meta_names = [c[len("meta:"):] for c in meta_columns]

    if fmt == "jsonl":
        if "scores" not in columns:
            raise SummaryInputError(f"{path}: JSON Lines input needs a \"scores\" object on every line")
        # Spark sorts a JSON object's fields by name; evaltop takes the concept order from the
        # first line's "scores", so read that one line as text.
        first = spark.read.text(path).limit(1).collect()
        concepts = list(json.loads(first[0][0])["scores"].keys())
        meta_names = []
        if "meta" in columns:
            first_meta = json.loads(first[0][0]).get("meta") or {}
            meta_names = list(first_meta.keys())
        labels_column = first_column(columns, ["labels", "label"])
        scores = F.array(*[F.col("scores").getField(c).cast("double") for c in concepts])
        meta_values = [F.col("meta").getField(m).cast("string") for m in meta_names]
        labels_text = F.col(labels_column) if labels_column else F.array().cast("array<string>")
        labels_is_array = True
    elif layout == "long":
        needed = {"concept": first_column(columns, ["concept"]), "score": first_column(columns, ["score"]),
                  "label": first_column(columns, ["label"])}
        missing = [k for k, v in needed.items() if v is None]
        if missing:
            raise SummaryInputError(f"{path}: the long layout needs columns input_id, concept, score, label; "
                                    f"missing {', '.join(missing)} (the columns are {', '.join(columns)})")
        rows = df.select(
            F.col(id_column).cast("string").alias("id"), F.col(needed["concept"]).cast("string").alias("concept"),
            F.col(needed["score"]).cast("double").alias("score"),
            F.lower(F.trim(F.col(needed["label"]).cast("string"))).alias("label_text"),
            F.monotonically_increasing_id().alias("position"),
            *[F.col(c).cast("string").alias(f"_m{i}") for i, c in enumerate(meta_columns)],
            *([F.col(fold_column).cast("string").alias("_fold")] if fold_column else []),
            *([F.col(url_column).cast("string").alias("_url")] if url_column else []),
            *([F.col(text_column).cast("string").alias("_text")] if text_column else []),
            *([F.col(width_column).cast("int").alias("_width")] if width_column else []),
            *([F.col(height_column).cast("int").alias("_height")] if height_column else []))
        bad_label = rows.filter(~F.col("label_text").isin("1", "0", "true", "false", "yes", "no")).limit(1).collect()
        if bad_label:
            raise SummaryInputError(f"{path}: input {bad_label[0]['id']!r}, concept {bad_label[0]['concept']!r}: "
                                    "label must be 1/0, true/false or yes/no")
        # Concepts in order of first appearance (the file's order within and across partitions).
        concept_rows = rows.groupBy("concept").agg(F.min("position").alias("first")).orderBy("first").collect()
        concepts = [r["concept"] for r in concept_rows]
        index = F.create_map(*[x for i, c in enumerate(concepts) for x in (F.lit(c), F.lit(i))])
        rows = rows.withColumn("c", index[F.col("concept")]).withColumn(
            "positive", F.col("label_text").isin("1", "true", "yes"))
        grouped = rows.groupBy("id").agg(
            F.count("*").alias("rows"), F.countDistinct("c").alias("distinct"),
            F.sort_array(F.collect_list(F.struct("c", "score"))).alias("cs"),
            F.array_sort(F.collect_list(F.when(F.col("positive"), F.col("c")))).alias("labels"),
            *[F.first(f"_m{i}", ignorenulls=True).alias(f"_m{i}") for i in range(len(meta_columns))],
            *([F.first("_fold", ignorenulls=True).alias("fold")] if fold_column else []),
            *([F.first("_url", ignorenulls=True).alias("url")] if url_column else []),
            *([F.first("_text", ignorenulls=True).alias("text")] if text_column else []),
            *([F.first("_width", ignorenulls=True).alias("width")] if width_column else []),
            *([F.first("_height", ignorenulls=True).alias("height")] if height_column else []))
        ragged = grouped.filter((F.col("rows") != len(concepts)) | (F.col("distinct") != len(concepts))).limit(1).collect()
        if ragged:
            raise SummaryInputError(f"{path}: input {ragged[0]['id']!r} has {ragged[0]['rows']} rows; "
                                    f"every input needs exactly one row per concept ({len(concepts)})")
        out = grouped.select(
            "id", "labels", F.transform("cs", lambda x: x["score"]).alias("scores"),
            (F.col("fold") if fold_column else F.lit(None).cast("string")).alias("fold"),
            (F.col("url") if url_column else F.lit(None).cast("string")).alias("url"),
            (F.col("text") if text_column else F.lit(None).cast("string")).alias("text"),
            (F.col("width") if width_column else F.lit(-1)).alias("width"),
            (F.col("height") if height_column else F.lit(-1)).alias("height"),
            *[F.col(f"_m{i}").alias(f"m{i}") for i in range(len(meta_columns))])
        return out, concepts, meta_names, len(meta_columns)
    else:
        labels_column = first_column(columns, ["labels", "label", "ground_truth"])
        if labels_column is None:
            raise SummaryInputError(f"{path}: no labels column (also label or ground_truth); the columns are {', '.join(columns)}")
        reserved = {id_column, labels_column, fold_column, width_column, height_column,
                    first_column(columns, ["url"]), first_column(columns, ["path"]), first_column(columns, ["text"])}
        concepts = [c for c in columns if c not in reserved and c not in meta_columns]
        if not concepts:
            raise SummaryInputError(f"{path}: no concept columns: every column other than input_id, labels and the metadata is a concept")
        scores = F.array(*[F.col(f"`{c}`").cast("double") for c in concepts])
        meta_values = [F.col(f"`{c}`").cast("string") for c in meta_columns]
        labels_text = F.col(f"`{labels_column}`")
        labels_is_array = isinstance(df.schema[labels_column].dataType, T.ArrayType)

    # Labels: a `;`/`|`-separated string, or an array column; names → concept indices.
    if labels_is_array:
        names = F.transform(labels_text.cast("array<string>"), lambda x: F.regexp_replace(x, r"^[ \t]+|[ \t]+$", ""))
    else:
        names = F.split(F.coalesce(labels_text.cast("string"), F.lit("")), r"[;|]")
        names = F.transform(names, lambda x: F.regexp_replace(x, r"^[ \t]+|[ \t]+$", ""))
    names = F.filter(names, lambda x: x != "")
    index = F.create_map(*[x for i, c in enumerate(concepts) for x in (F.lit(c), F.lit(i))])
    out = df.select(
        F.col(id_column).cast("string").alias("id"),
        names.alias("label_names"),
        scores.alias("scores"),
        (F.col(f"`{fold_column}`").cast("string") if fold_column else F.lit(None).cast("string")).alias("fold"),
        (F.col(f"`{url_column}`").cast("string") if url_column else F.lit(None).cast("string")).alias("url"),
        (F.col(f"`{text_column}`").cast("string") if text_column else F.lit(None).cast("string")).alias("text"),
        (F.col(f"`{width_column}`").cast("int") if width_column else F.lit(-1)).alias("width"),
        (F.col(f"`{height_column}`").cast("int") if height_column else F.lit(-1)).alias("height"),
        *[v.alias(f"m{i}") for i, v in enumerate(meta_values)])
    out = out.withColumn("labels", F.array_sort(F.array_distinct(F.transform("label_names", lambda x: index[x]))))
    unknown = out.filter(F.exists("labels", lambda x: x.isNull())).limit(1).collect()
    if unknown:
        bad = [n for n in unknown[0]["label_names"] if n not in concepts]
        raise SummaryInputError(f"{path}: input {unknown[0]['id']!r}: unknown label {bad[0]!r} in labels "
                                f"(the concepts are {', '.join(concepts[:12])}{', …' if len(concepts) > 12 else ''})")
    return out.drop("label_names"), concepts, meta_names, len(meta_values)


DEFAULT_EXTREMES = 100  # SummaryRowOptions.defaults
DEFAULT_SAMPLE = 0  # SummaryRowOptions.defaults: no sample unless asked for


def summarize(spark, path, output, layout="wide", grid="exact", mode="auto", input_format=None, csv_multiline=False,
              extremes=DEFAULT_EXTREMES, sample=DEFAULT_SAMPLE):
    """Computes the summary of `path` and writes it to `output` (a local file)."""
    from pyspark.sql import functions as F

    scale = GRIDS[grid]
    df, fmt = read_table(spark, path, input_format, csv_multiline)
    inputs, concepts, meta_names, meta_count = canonical_inputs(spark, df, path, fmt, layout)
    c = len(concepts)
    # As the loaders: values trimmed of spaces and tabs, an empty one is no value.
    def category(column):
        trimmed = F.regexp_replace(F.col(column), r"^[ \t]+|[ \t]+$", "")
        return F.when(trimmed == "", None).otherwise(trimmed)
    inputs = inputs.withColumn("fold", category("fold"))
    for i in range(meta_count):
        inputs = inputs.withColumn(f"m{i}", category(f"m{i}"))
    inputs = inputs.withColumn("width", F.coalesce("width", F.lit(-1))).withColumn("height", F.coalesce("height", F.lit(-1)))
    inputs = inputs.persist()

    # One pass of checks and model-level counts.
    bad_score = F.exists("scores", lambda s: s.isNull() | F.isnan(s) | (s < 0) | (s > 1))
    checks = inputs.agg(
        F.count("*").alias("inputs"),
        F.sum(F.when(bad_score, 1).otherwise(0)).alias("bad_scores"),
        F.sum(F.when(F.size("labels") != 1, 1).otherwise(0)).alias("not_one_label"),
        F.sum(F.when(F.col("fold").isNotNull(), 1).otherwise(0)).alias("with_fold"),
        F.countDistinct("id").alias("distinct_ids")).collect()[0]
    if checks["bad_scores"]:
        row = inputs.filter(bad_score).limit(1).collect()[0]
        raise SummaryInputError(f"{path}: input {row['id']!r}: every score must be a number from 0 to 1 "
                                f"(scores {row['scores'][:8]})")
    if checks["distinct_ids"] != checks["inputs"]:
        raise SummaryInputError(f"{path}: {checks['inputs'] - checks['distinct_ids']} duplicate input ids; each input_id must be unique")
    n_inputs = checks["inputs"]
    if mode == "auto":
        mode = "exclusive" if checks["not_one_label"] == 0 else "multilabel"
    has_fold = fold_column_present(df)

    # Score tables: one GROUPING SETS aggregation over (input, concept) cells: the whole
    # evaluation, the fold and each meta attribute, keyed by (concept, cell).
    def cell_of(score):
        if scale is None:
            return score + F.lit(0.0)
        return F.floor(score * F.lit(scale) + F.lit(0.5)).cast("double") / F.lit(scale) + F.lit(0.0)
    cell = cell_of(F.col("s"))
    cells = inputs.select(
        "labels", "fold", *[f"m{i}" for i in range(meta_count)],
        F.posexplode("scores").alias("c", "s"))
    cells = cells.select(
        "fold", *[f"m{i}" for i in range(meta_count)], "c", cell.alias("s"),
        F.array_contains("labels", F.col("c")).cast("long").alias("pos"))
    cells.createOrReplaceTempView("evaltop_cells")
    group_columns = (["fold"] if has_fold else []) + [f"m{i}" for i in range(meta_count)]
    sets = ["(c, s)"] + [f"({g}, c, s)" for g in group_columns]
    select_groups = ", ".join(group_columns + ["c", "s"])
    grouping_flags = "".join(f", grouping({g}) AS g{i}" for i, g in enumerate(group_columns))
    tables = spark.sql(f"""
        SELECT {select_groups}{grouping_flags}, SUM(pos) AS p, SUM(1 - pos) AS n
        FROM evaltop_cells GROUP BY GROUPING SETS ({', '.join(sets)})""")
    # grouping(g) is 0 in the rows of the set that keeps g: at most one group column per set.
    kind = F.lit("score")
    group_value = F.lit(None).cast("string")
    attribute = F.lit(None).cast("int")
    for i, name in enumerate(group_columns):
        kept = F.col(f"g{i}") == 0
        kind = F.when(kept, F.lit("fold" if name == "fold" else "slice")).otherwise(kind)
        group_value = F.when(kept, F.col(name)).otherwise(group_value)
        attribute = F.when(kept, F.lit(i - (1 if has_fold else 0))).otherwise(attribute)
    tables = tables.select(kind.alias("t"), attribute.alias("a"), group_value.alias("value"), "c", "s", "p", "n")
    # Rows of inputs without the group's value are aggregated under NULL: not a value, dropped.
    tables = tables.filter((F.col("t") == "score") | F.col("value").isNotNull()).persist()

    # Values and sizes of the fold and each attribute (small: one row per value).
    def attribute_header(column, name):
        rows = inputs.filter(F.col(column).isNotNull()).groupBy(column).count().collect()
        sizes = {r[column]: r["count"] for r in rows}
        values = value_order(list(sizes))
        return {"name": name, "values": values, "sizes": [sizes[v] for v in values]}
    fold = attribute_header("fold", "fold") if has_fold else None
    attributes = [attribute_header(f"m{i}", meta_names[i]) for i in range(meta_count)]

    # Per concept: pairs tied in a cell (the AUC error bound), over the whole-evaluation table.
    bound = 0.0
    if scale is not None:
        for r in (tables.filter(F.col("t") == "score").groupBy("c")
                  .agg(F.sum(F.col("p").cast("double") * F.col("n").cast("double")).alias("tied"),
                       F.sum("p").alias("P"), F.sum("n").alias("N")).collect()):
            pairs = float(r["P"]) * float(r["N"])
            if pairs > 0:
                bound = max(bound, float(r["tied"]) / pairs / 2)

    # Per labelled input and label: argmax (ties to the first concept), sizes, score sums.
    top = F.greatest(*[F.struct(F.col("scores")[i].alias("s"), F.lit(-i).alias("neg")) for i in range(c)]) \
        if c > 1 else F.struct(F.col("scores")[0].alias("s"), F.lit(0).alias("neg"))
    per_input = inputs.select(
        "labels", "scores", "width", "height", (-top["neg"]).alias("top"),
        ((F.col("width") >= 0) | (F.col("height") >= 0)).alias("has_size"),
        (((F.col("width") >= 0) & (F.col("width") < SMALL_IMAGE_SIDE))
         | ((F.col("height") >= 0) & (F.col("height") < SMALL_IMAGE_SIDE))).alias("is_small"))
    top1_correct = None
    if mode == "exclusive":
        top1_correct = per_input.agg(F.sum(F.when(F.array_contains("labels", F.col("top")), 1).otherwise(0))).collect()[0][0] or 0
    per_label = per_input.select("*", F.explode("labels").alias("label"))
    size_rows = per_label.groupBy("label").agg(
        F.sum(F.col("has_size").cast("long")).alias("with_size"), F.sum(F.col("is_small").cast("long")).alias("small"),
        F.sum((F.size("labels") > 1).cast("long")).alias("multi")).collect()
    with_size, small, multi = [0] * c, [0] * c, [0] * c
    for r in size_rows:
        with_size[r["label"]], small[r["label"]], multi[r["label"]] = r["with_size"], r["small"], r["multi"]

    header = {
        "format": FORMAT_NAME, "version": FORMAT_VERSION, "source": path, "inputs": n_inputs, "mode": mode,
        "grid": grid, "auc_error_bound": bound,
        "concepts": [{"id": name, "name": name} for name in concepts],
        "fold": fold, "attributes": attributes, "top1_correct": top1_correct,
        "labelled_with_size": with_size, "labelled_small": small, "multi_labelled": multi,
        "extremes": extremes, "sample": sample,
    }
    drill_rows = drill_down_rows(inputs, c, cell_of, extremes, sample)
    fold_codes = {v: k for k, v in enumerate(fold["values"])} if fold else {}
    value_codes = [{v: k for k, v in enumerate(a["values"])} for a in attributes]

    lines = 0
    with open(output, "w", encoding="utf-8", newline="\n") as out:
        def line(obj):
            nonlocal lines
            lines += 1
            out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n")
        line(header)
        # The tables in the file's order, streamed to the driver a partition at a time.
        ordered = tables.withColumn("kind_rank", F.when(F.col("t") == "score", 0).when(F.col("t") == "fold", 1).otherwise(2))
        for kind_name, rank in (("score", 0), ("fold", 1), ("slice", 2)):
            part = ordered.filter(F.col("kind_rank") == rank)
            if kind_name == "score":
                for r in part.orderBy("c", F.col("s").desc()).toLocalIterator():
                    line({"t": "score", "c": r["c"], "s": r["s"], "p": r["p"], "n": r["n"]})
            elif kind_name == "fold" and fold:
                # Codes are the summary's value order, so sort on the code (a small map).
                code = F.create_map(*[x for v, k in fold_codes.items() for x in (F.lit(v), F.lit(k))])
                for r in part.withColumn("v", code[F.col("value")]).orderBy("v", "c", F.col("s").desc()).toLocalIterator():
                    line({"t": "fold", "v": r["v"], "c": r["c"], "s": r["s"], "p": r["p"], "n": r["n"]})
            elif kind_name == "slice":
                for a in range(meta_count):
                    code = F.create_map(*[x for v, k in value_codes[a].items() for x in (F.lit(v), F.lit(k))])
                    rows = part.filter(F.col("a") == a).withColumn("v", code[F.col("value")])
                    for r in rows.orderBy("v", "c", F.col("s").desc()).toLocalIterator():
                        line({"t": "slice", "a": a, "v": r["v"], "c": r["c"], "s": r["s"], "p": r["p"], "n": r["n"]})
        if mode == "exclusive":
            for r in per_label.groupBy("label", "top").count().orderBy("label", "top").toLocalIterator():
                line({"t": "confusion", "r": r["label"], "c": r["top"], "n": r["count"]})
        else:
            pairs = per_label.select("label", F.explode("labels").alias("other"))
            for r in pairs.groupBy("label", "other").count().orderBy("label", "other").toLocalIterator():
                line({"t": "cooccurrence", "r": r["label"], "c": r["other"], "n": r["count"]})
        if c <= MAXIMUM_DENSE_CONCEPTS:
            sums = per_label.groupBy("label").agg(*[F.sum(F.col("scores")[i]).alias(f"sum{i}") for i in range(c)])
            for r in sums.orderBy("label").toLocalIterator():
                for i in range(c):
                    line({"t": "score_sum", "r": r["label"], "c": i, "sum": float(r[f"sum{i}"])})
            # Pair tables (version 2): concept c's score cells over the inputs labelled r (r ≠ c),
            # p of them also labelled c: the counts-at-threshold matrix at any threshold. One
            # aggregation of (label, concept, cell), at most C² × cells rows, never the inputs.
            labelled_cells = inputs.select("labels", F.posexplode(F.transform("scores", cell_of)).alias("c", "s"))
            pairs = (labelled_cells
                     .select(F.explode("labels").alias("r"), "c", "s",
                             F.array_contains("labels", F.col("c")).cast("long").alias("pos"))
                     .filter(F.col("r") != F.col("c"))
                     .groupBy("r", "c", "s").agg(F.sum("pos").alias("p"), F.sum(1 - F.col("pos")).alias("n")))
            for r in pairs.orderBy("r", "c", F.col("s").desc()).toLocalIterator():
                line({"t": "pair", "r": r["r"], "c": r["c"], "s": r["s"], "p": r["p"], "n": r["n"]})
        if drill_rows is not None:
            for r in drill_rows.toLocalIterator():
                line(row_line(r, c, meta_count))
        line({"t": "end", "lines": lines + 1})
    tables.unpersist()
    inputs.unpersist()
    return header


def drill_down_rows(inputs, c, cell_of, extremes, sample):
    """The summary's rows (SummaryRows.swift), by id: per concept the `extremes` lowest-scored
    positives and highest-scored negatives and positives, ties by id (Spark compares strings by
    their UTF-8 bytes, as Swift's SummaryRowOrder), and the `sample` inputs with the smallest
    SHA-256 of the id. row_number over windows partitioned by (concept, side): Spark keeps a
    top-K per task before the shuffle (WindowGroupLimit), so each task shuffles at most 3·K·C
    rows. Only the summary's own rows reach the driver."""
    from pyspark.sql import functions as F
    from pyspark.sql import Window

    if extremes <= 0 and sample <= 0:
        return None
    inputs = inputs.withColumn("cells", F.transform("scores", cell_of))
    held = None
    if extremes > 0:
        exploded = inputs.select("id", "labels", F.posexplode("cells").alias("c", "s")).select(
            "id", "c", "s", F.array_contains("labels", F.col("c")).alias("pos"))
        side = Window.partitionBy("c", "pos")
        ranked = exploded.select(
            "id", "c", "pos",
            F.row_number().over(side.orderBy(F.col("s").asc(), F.col("id").asc())).alias("low"),
            F.row_number().over(side.orderBy(F.col("s").desc(), F.col("id").asc())).alias("high"))
        listed = ranked.filter((F.col("pos") & (F.col("low") <= extremes)) | (F.col("high") <= extremes))
        held = listed.groupBy("id").agg(F.array_sort(F.collect_set("c")).alias("listed"))
        held = held.withColumn("in_sample", F.lit(False))
    if sample > 0:
        sampled = (inputs.select("id", F.sha2(F.col("id"), 256).alias("h")).orderBy("h", "id").limit(sample)
                   .select("id", F.lit(True).alias("in_sample"), F.array().cast("array<int>").alias("listed")))
        if held is None:
            held = sampled
        else:
            held = (held.unionByName(sampled).groupBy("id")
                    .agg(F.array_sort(F.array_distinct(F.flatten(F.collect_list("listed")))).alias("listed"),
                         F.max("in_sample").alias("in_sample")))
    # The held ids are the summary's size (≤ 3·K·C + N): broadcast them to the inputs.
    return inputs.join(F.broadcast(held), "id").orderBy("id")


def row_line(r, c, meta_count):
    """A row's line, as SummaryWriter writes it."""
    labels = list(r["labels"])
    cells = list(r["cells"])
    if c <= MAXIMUM_DENSE_CONCEPTS:
        scores = cells
    else:
        kept = sorted(set(r["listed"]) | set(labels))
        scores = [[k, cells[k]] for k in kept]

    def text(value):
        return value if value else None
    return {"t": "row", "id": r["id"], "labels": labels, "scores": scores, "sample": bool(r["in_sample"]),
            "url": text(r["url"]), "text": text(r["text"]),
            "width": r["width"] if r["width"] is not None and r["width"] >= 0 else None,
            "height": r["height"] if r["height"] is not None and r["height"] >= 0 else None,
            "fold": r["fold"], "meta": [r[f"m{i}"] for i in range(meta_count)]}


def fold_column_present(df):
    return first_column(df.columns, ["fold"]) is not None


def spark_session(app="evaltop-summary"):
    from pyspark.sql import SparkSession
    builder = SparkSession.builder.appName(app)
    if not os.environ.get("SPARK_MASTER") and "spark.master" not in os.environ.get("PYSPARK_SUBMIT_ARGS", ""):
        builder = builder.master(os.environ.get("EVALTOP_SPARK_MASTER", "local[*]"))
    if os.environ.get("EVALTOP_DRIVER_MEMORY"):  # local mode: the driver is the executor
        builder = builder.config("spark.driver.memory", os.environ["EVALTOP_DRIVER_MEMORY"])
    return (builder.config("spark.sql.shuffle.partitions", os.environ.get("EVALTOP_SHUFFLE_PARTITIONS", "8"))
            .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").config("spark.sql.ansi.enabled", "false").getOrCreate())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--layout", choices=["wide", "long"], default="wide")
    parser.add_argument("--grid", choices=list(GRIDS), default="exact")
    parser.add_argument("--mode", choices=["auto", "exclusive", "multilabel"], default="auto")
    parser.add_argument("--extremes", type=int, default=DEFAULT_EXTREMES,
                        help="per concept, the K lowest-scored positives and highest-scored negatives and positives (0: none)")
    parser.add_argument("--sample", type=int, default=DEFAULT_SAMPLE,
                        help="a uniform sample of N inputs: the smallest SHA-256 of the id (0: none)")
    parser.add_argument("--input-format", choices=["parquet", "csv", "tsv", "jsonl"])
    parser.add_argument("--csv-multiline", action="store_true",
                        help="CSV fields hold line breaks inside quotes (each file is then read by one task)")
    args = parser.parse_args(argv)
    spark = spark_session()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        summarize(spark, args.input, args.output, layout=args.layout, grid=args.grid, mode=args.mode,
                  input_format=args.input_format, csv_multiline=args.csv_multiline,
                  extremes=max(0, args.extremes), sample=max(0, args.sample))
    except SummaryInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
