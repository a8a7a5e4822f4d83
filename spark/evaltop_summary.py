#!/usr/bin/env python3
"""Write an evaltop evaluation summary (.evalsum, format version 5) with Apache Spark.

    spark-submit spark/evaltop_summary.py INPUT OUTPUT [--layout wide|long] [--grid exact|1e-6|1e-4] [--extremes K] [--sample N] [--suspects S] [--pairs auto|off|N] [--count-thresholds T,…|FILE]
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
import math
import os
import re
import sys

FORMAT_NAME = "evaltop-summary"
FORMAT_VERSION = 5
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


def file_order_position():
    """Each row's place in the input as a sortable struct (file path, row): the files of a folder
    in the order of their names, each file's rows in its order. `monotonically_increasing_id`
    alone follows Spark's partitions, which hold the files largest first, not in name order;
    within a file it grows with the row (a file's splits keep their order)."""
    from pyspark.sql import functions as F
    return F.struct(F.input_file_name().alias("file"), F.monotonically_increasing_id().alias("row"))


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
            file_order_position().alias("position"),
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
            F.min("position").alias("position"),
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
            "id", "position", "labels", F.transform("cs", lambda x: x["score"]).alias("scores"),
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
        # The input's place in the input (file order): the suspects' tie-break.
        file_order_position().alias("position"),
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
DEFAULT_SUSPECTS = 100  # SummaryRowOptions.defaults
PAIRS_AUTOMATIC = 5_000_000  # SummaryPairLimit.automatic: the most pair lines with --pairs auto


def pair_limit(text):
    """--pairs auto|off|N (SummaryPairLimit.parse)."""
    if text == "auto":
        return PAIRS_AUTOMATIC
    if text == "off":
        return 0
    value = int(text)
    if value < 0:
        raise ValueError(text)
    return value


DEFAULT_GLOBAL_THRESHOLD = 0.5  # SummaryThresholdSpec.defaultGlobal: where a thresholds file leaves a concept
COUNTS_AT_CELL_LIMIT = 5_000_000  # SummaryCountsAtCounting.cellLimit


# A threshold of --count-thresholds: a plain decimal (ScoreParser.number's grammar), so that hex,
# digit separators ("0.2_5", which float() reads) and non-ASCII digits are paths, as in evaltop.
PLAIN_DECIMAL = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?")


def threshold_specs(text):
    """One --count-thresholds value (SummaryThresholdSpec.parse): comma-separated global thresholds
    in [0, 1] and thresholds-file paths (a value naming an existing file is one path), spaces and
    tabs around an item ignored. A spec is ("global", value) or ("file", path, document)."""
    items = [text] if os.path.exists(text) else text.split(",")
    specs = []
    for item in items:
        item = item.strip(" \t")
        value = float(item) + 0.0 if PLAIN_DECIMAL.fullmatch(item) else None  # + 0.0: -0 is 0
        if value is not None and math.isfinite(value):
            if not 0 <= value <= 1:
                raise SummaryInputError(f"--count-thresholds: the threshold {item} is outside [0, 1]")
            specs.append(("global", value))
            continue
        if not item:
            raise SummaryInputError("--count-thresholds: an empty item (give thresholds like 0.3,0.5 or a thresholds file)")
        try:
            with open(item, encoding="utf-8-sig") as handle:
                document = json.load(handle)
        except OSError as error:
            raise SummaryInputError(f"{item}: cannot read the thresholds file ({error.strerror})")
        except ValueError as error:
            raise SummaryInputError(f"{item}: not a thresholds file ({error})")
        specs.append(("file", item, document))
    return specs


def threshold_set(spec, concepts):
    """The set (name, global, {concept: threshold}) of a spec for these concepts (names are ids in
    the tables Spark reads), as ThresholdsFile.parse resolves a file: the plain form
    {"dog": 0.62, "cat": null} or the detailed {"thresholds": [{"concept", "threshold"}]}."""
    if spec[0] == "global":
        return {"name": repr(spec[1]), "global": spec[1], "concepts": {}}
    path, document = spec[1], spec[2]
    if not isinstance(document, dict):
        raise SummaryInputError(f"{path}: a thresholds file is a JSON object such as {{\"dog\": 0.62}}")
    if isinstance(document.get("thresholds"), list):
        entries = [(row.get("concept"), row.get("threshold")) for row in document["thresholds"]]
    else:
        entries = list(document.items())
    index = {name: i for i, name in reversed(list(enumerate(concepts)))}
    overrides = {}
    for key, value in entries:
        if key not in index:
            raise SummaryInputError(f"{path}: unknown concept {key!r} (the evaluation has: {', '.join(concepts[:10])}{', …' if len(concepts) > 10 else ''})")
        if index[key] in overrides:
            raise SummaryInputError(f"{path}: concept {key!r} is given twice")
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise SummaryInputError(f"{path}: the threshold of {key!r} must be a number between 0 and 1 or null")
        overrides[index[key]] = float(value)
    return {"name": path, "global": DEFAULT_GLOBAL_THRESHOLD, "concepts": overrides}


def counts_at(inputs, c, cell_of, sets):
    """The counts-at-threshold matrix at each set (SummaryCountsAt): per labelled input, label and
    concept scoring ≥ the set's threshold, counted by (set, label, concept), with `p` those also
    labelled the concept (version 5: multilabel confused_with counts the others): one aggregation
    whose output is the matrices' non-zero cells, never the inputs. Fails past COUNTS_AT_CELL_LIMIT."""
    from pyspark.sql import functions as F
    cutoffs = F.array(*[F.array(*[F.lit(float(s["concepts"].get(k, s["global"]))) for k in range(c)]) for s in sets])
    cells = inputs.filter(F.size("labels") > 0).select("labels", F.transform("scores", cell_of).alias("cells"))
    above = cells.select("labels", F.posexplode("cells").alias("c", "s")).select(
        "labels", "c", "s", F.explode(F.sequence(F.lit(0), F.lit(len(sets) - 1))).alias("k"))
    above = above.filter(F.col("s") >= cutoffs[F.col("k")][F.col("c")])
    counted = (above.select("k", F.explode("labels").alias("r"), "c",
                            F.array_contains("labels", F.col("c")).cast("long").alias("both"))
               .groupBy("k", "r", "c").agg(F.count("*").alias("count"), F.sum("both").alias("p"))).persist()
    if counted.count() > COUNTS_AT_CELL_LIMIT:
        counted.unpersist()
        names = ",".join(s["name"] for s in sets)
        raise SummaryInputError(f"the counts at --count-thresholds {names} have more than {COUNTS_AT_CELL_LIMIT} non-zero cells "
                                "(a low threshold over many concepts): ask for higher thresholds or fewer sets")
    return counted


def summarize(spark, path, output, layout="wide", grid="exact", mode="auto", input_format=None, csv_multiline=False,
              extremes=DEFAULT_EXTREMES, sample=DEFAULT_SAMPLE, suspects=DEFAULT_SUSPECTS, pair_lines=PAIRS_AUTOMATIC,
              count_thresholds=()):
    """Computes the summary of `path` and writes it to `output` (a local file). `count_thresholds`:
    the specs of --count-thresholds (threshold_specs)."""
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
        "extremes": extremes, "sample": sample, "suspects": suspects, "pair_tables": False, "count_thresholds": [],
    }
    # Pair tables (version 2): concept c's score cells over the inputs labelled r (r ≠ c), p of
    # them also labelled c: the counts-at-threshold matrix at any threshold. One aggregation of
    # (label, concept, cell), at most C² × cells rows, never the inputs; counted first, and left
    # out past `pair_lines` (--pairs), as `evaltop summarize` does.
    pairs = None
    if c <= MAXIMUM_DENSE_CONCEPTS and pair_lines > 0:
        labelled_cells = inputs.select("labels", F.posexplode(F.transform("scores", cell_of)).alias("c", "s"))
        pairs = (labelled_cells
                 .select(F.explode("labels").alias("r"), "c", "s",
                         F.array_contains("labels", F.col("c")).cast("long").alias("pos"))
                 .filter(F.col("r") != F.col("c"))
                 .groupBy("r", "c", "s").agg(F.sum("pos").alias("p"), F.sum(1 - F.col("pos")).alias("n"))).persist()
        if pairs.count() > pair_lines:
            pairs.unpersist()
            pairs = None
    header["pair_tables"] = pairs is not None
    # Without pair tables, the counts-at-threshold matrix at the asked sets (format version 4).
    sets = [threshold_set(spec, concepts) for spec in count_thresholds]
    at_cells = counts_at(inputs, c, cell_of, sets) if sets and pairs is None else None
    if at_cells is not None:
        header["count_thresholds"] = [{"name": s["name"], "global": s["global"],
                                       "concepts": [[k, s["concepts"][k]] for k in sorted(s["concepts"])]} for s in sets]
    suspects_header, ranked = (suspects_of(inputs, c, n_inputs, mode, cell_of, suspects) if suspects > 0 else (None, []))
    drill_rows = drill_down_rows(spark, inputs, c, cell_of, extremes, sample, [(r["id"], r["listed"]) for r in ranked])
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
            cooccurring = per_label.select("label", F.explode("labels").alias("other"))
            for r in cooccurring.groupBy("label", "other").count().orderBy("label", "other").toLocalIterator():
                line({"t": "cooccurrence", "r": r["label"], "c": r["other"], "n": r["count"]})
        if c <= MAXIMUM_DENSE_CONCEPTS:
            sums = per_label.groupBy("label").agg(*[F.sum(F.col("scores")[i]).alias(f"sum{i}") for i in range(c)])
            for r in sums.orderBy("label").toLocalIterator():
                for i in range(c):
                    line({"t": "score_sum", "r": r["label"], "c": i, "sum": float(r[f"sum{i}"])})
        if pairs is not None:
            for r in pairs.orderBy("r", "c", F.col("s").desc()).toLocalIterator():
                line({"t": "pair", "r": r["r"], "c": r["c"], "s": r["s"], "p": r["p"], "n": r["n"]})
            pairs.unpersist()
        if at_cells is not None:
            for r in at_cells.orderBy("k", "r", "c").toLocalIterator():
                line({"t": "at", "k": r["k"], "r": r["r"], "c": r["c"], "n": r["count"], "p": r["p"]})
            at_cells.unpersist()
        if drill_rows is not None:
            for r in drill_rows.toLocalIterator():
                line(row_line(r, c, meta_count))
        if suspects_header is not None:
            line(suspects_header)
            for suspect in ranked:
                line(suspect_line(suspect))
        line({"t": "end", "lines": lines + 1})
    tables.unpersist()
    inputs.unpersist()
    return header


def drill_down_rows(spark, inputs, c, cell_of, extremes, sample, suspects=()):
    """The summary's rows (SummaryRows.swift), by id: per concept the `extremes` lowest-scored
    positives and highest-scored negatives and positives, ties by id (Spark compares strings by
    their UTF-8 bytes, as Swift's SummaryRowOrder), and the `sample` inputs with the smallest
    SHA-256 of the id. row_number over windows partitioned by (concept, side): Spark keeps a
    top-K per task before the shuffle (WindowGroupLimit), so each task shuffles at most 3·K·C
    rows. Only the summary's own rows reach the driver."""
    from pyspark.sql import functions as F
    from pyspark.sql import Window

    if extremes <= 0 and sample <= 0 and not suspects:
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
    if suspects:
        # The suspects' rows (at most S, from the driver): the concepts their lines show.
        listed = spark.createDataFrame([(i, sorted(set(k))) for i, k in suspects], "id string, listed array<int>")
        listed = listed.withColumn("in_sample", F.lit(False))
        held = listed if held is None else (
            held.select("id", "listed", "in_sample").unionByName(listed).groupBy("id")
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


# ---------------------------------------------------------------------------------------------
# Suspects (format version 3, --suspects S): confident learning as SuspectFinder does it on a
# file (Sources/EvalCore/Suspects), on the scores rounded to the grid. The class thresholds come
# from exact sums (ExactSum.swift): each score in [0, 1] is cut into 21 integer chunks of 52 bits,
# summed per class as decimal(38,0) (exact, in any order: Spark adds partitions as they finish),
# and rounded once on the driver. The confident joint, the estimate and the noise weights follow
# Swift's arithmetic step by step (numpy's pairwise sums as NumpySum.swift emulates them), so the
# same inputs come out as suspects, with the same keys, ranked alike (ties by input position).

THRESHOLD_TOLERANCE = 1e-6          # SuspectFinder.thresholdTolerance
THRESHOLD_LOWER_BOUND = 2e-6        # LabelErrorEstimate.thresholdLowerBound
MISSING_CLASS_THRESHOLD = 2.0       # LabelErrorEstimate.missingClassThreshold
CHUNKS, CHUNK_BITS = 21, 52         # 21 × 52 bits reach 2^-1092, below the smallest double


def exact_chunks(value):
    """The value (a column in [0, 1]) as an array of 21 integer chunks: value = Σ chunk_j ·
    2^(-52(j+1)). Each step is exact: scaling by 2^52, taking the whole part, and the fraction
    left (a double's fractional bits). Folded in a lambda, so the expression does not double per step."""
    from pyspark.sql import functions as F
    scale = F.lit(float(2 ** CHUNK_BITS))
    start = F.struct(value.alias("rest"), F.array().cast("array<bigint>").alias("chunks"))
    folded = F.aggregate(F.sequence(F.lit(1), F.lit(CHUNKS)), start, lambda acc, _: F.struct(
        (acc["rest"] * scale - F.floor(acc["rest"] * scale).cast("double")).alias("rest"),
        F.concat(acc["chunks"], F.array(F.floor(acc["rest"] * scale).cast("bigint"))).alias("chunks")))
    return folded["chunks"]


def exact_sums(frame, keys, value):
    """Per group of `keys`: the count and the exact sum of `value`, correctly rounded to a float."""
    from fractions import Fraction
    from pyspark.sql import functions as F
    chunked = frame.select(*keys, exact_chunks(value).alias("chunks"))
    rows = chunked.groupBy(*keys).agg(F.count(F.lit(1)).alias("count"),
                                      *[F.sum(F.col("chunks")[j].cast("decimal(38,0)")).alias(f"k{j}") for j in range(CHUNKS)]).collect()
    out = {}
    for r in rows:
        total = sum((Fraction(int(r[f"k{j}"] or 0), 2 ** (CHUNK_BITS * (j + 1))) for j in range(CHUNKS)), Fraction(0))
        out[tuple(r[k] for k in keys)] = (r["count"], float(total))
    return out


def numpy_pairwise(entries, count, start=0):
    """NumpySum.pairwise: numpy's pairwise sum of a virtual dense array of `count` values given
    as sorted (index, value) entries."""
    if not entries:
        return 0.0
    if count < 8:
        total = 0.0
        for _, v in entries:
            total += v
        return total
    if count <= 128:
        whole = count - count % 8
        r = [0.0] * 8
        tail = []
        for index, v in entries:
            offset = index - start
            if offset >= whole:
                tail.append(v)
            else:
                r[offset % 8] += v
        total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        for v in tail:
            total += v
        return total
    half = count // 2
    half -= half % 8
    split = next((i for i, (index, _) in enumerate(entries) if index >= start + half), len(entries))
    return numpy_pairwise(entries[:split], half, start) + numpy_pairwise(entries[split:], count - half, start + half)


def round_preserving_sum(cells, width):
    """LabelErrorEstimate.roundPreservingSum on a sparse row [(column, value)]."""
    values = [v for _, v in cells]
    ints = [float(round(v)) for v in values]  # Python's round is half to even, as .toNearestOrEven
    target = float(round(numpy_pairwise(cells, width)))
    current = float(round(sum(ints)))
    while abs(current - target) > 1e-6:
        difference = float(round(target - current))
        increment = -1.0 if difference < 0 else 1.0
        changes = min(int(abs(difference)), len(values))
        def order_key(i):
            error = values[i] - ints[i]
            return (-error, -i) if increment > 0 else (error, i)
        for index in sorted(range(len(values)), key=order_key)[:changes]:
            ints[index] += increment
        current = float(round(sum(ints)))
    return [int(v) for v in ints]


def calibrate(rows, width, label_counts):
    """LabelErrorEstimate.calibrate: rows [[(column, value)]] → integer rows [[(column, count)]]."""
    n = sum(label_counts)
    if n <= 0:
        return [[] for _ in range(width)]
    scaled = []
    for row, cells in enumerate(rows):
        row_sum = numpy_pairwise(cells, width)
        scaled.append([(col, v / max(row_sum, 1e-100) * float(label_counts[row])) for col, v in cells])
    total = numpy_pairwise([(row * width + col, v) for row, cells in enumerate(scaled) for col, v in cells], width * width)
    out = []
    for cells in scaled:
        values = [(col, v / max(total, 1e-100) * float(n)) for col, v in cells]
        out.append([(col, count) for (col, _), count in zip(cells, round_preserving_sum(values, width))])
    return out


def calibrated_rows(joint, width, label_counts):
    """LabelErrorEstimate.calibratedRows: joint {(row, column): count} with the diagonal ≥ 1."""
    rows = []
    for row in range(width):
        cells = sorted((col, float(count)) for (r, col), count in joint.items() if r == row and count != 0)
        diagonal = [i for i, (col, _) in enumerate(cells) if col == row]
        if diagonal:
            cells[diagonal[0]] = (row, max(cells[diagonal[0]][1], 1.0))
        else:
            cells.append((row, 1.0))
            cells.sort()
        rows.append(cells)
    return calibrate(rows, width, label_counts)


def estimate_from_rows(rows, label_counts):
    """LabelErrorEstimate.estimate(calibratedRows:) after the second calibration (exclusiveEstimate)."""
    width = len(rows)
    rows = calibrate([[(col, float(count)) for col, count in cells] for cells in rows], width, label_counts)
    n = sum(label_counts)
    if n <= 0:
        return 0
    total = sum(count for cells in rows for _, count in cells)
    if total <= 0:
        return 0
    diagonal = []
    for row, cells in enumerate(rows):
        cell = next((count for col, count in cells if col == row), 0)
        if cell != 0:
            diagonal.append((row, float(cell) / float(total)))
    return int(round((1 - numpy_pairwise(diagonal, width)) * float(n)))


def off_diagonal_estimate(joint, label_counts):
    """LabelErrorEstimate.offDiagonalEstimate (a multilabel concept's 2 × 2 joint)."""
    rows = calibrated_rows(joint, 2, label_counts)
    n = sum(label_counts)
    total = sum(count for cells in rows for _, count in cells)
    if n <= 0 or total <= 0:
        return 0
    trace = sum(next((count for col, count in cells if col == row), 0) for row, cells in enumerate(rows))
    return int(round((1 - float(trace) / float(total)) * float(n)))


def noise_weights(rows):
    """NoiseWeights.init: (strength, base weight per given label, [(column, weight)] per label)."""
    c = len(rows)
    off = [dict() for _ in range(c)]
    total = 0
    for k, cells in enumerate(rows):
        for col, count in cells:
            if col != k and count > 0:
                off[k][col] = count
                total += count
    excess = [[] for _ in range(c)]
    excess_total = 0.0
    for k in range(c):
        for j in sorted(off[k]):
            count = off[k][j]
            reverse = off[j].get(k, 0)
            value = float(count - reverse) - math.sqrt(float(count + reverse))
            if value > 0:
                excess[k].append((j, value))
                excess_total += value
    if c <= 1 or total <= 0 or excess_total <= 0:
        return 0.0, [1.0] * c, [[] for _ in range(c)]
    e = excess_total / float(total)
    base = [1.0] * c
    weights = [[] for _ in range(c)]
    for k in range(c):
        row_total = float(sum(off[k].values()))
        if row_total <= 0:
            continue
        row_excess = 0.0
        for _, v in excess[k]:
            row_excess += v
        symmetric_mean = (row_total - row_excess) / float(c - 1)
        mean = row_total / float(c - 1)
        base[k] = math.pow(symmetric_mean / mean, e)
        weights[k] = [(j, math.pow((v + symmetric_mean) / mean, e)) for j, v in excess[k]]
    return e, base, weights


def noise_rate_applies(estimate, candidates):
    """NoiseRatePruning.applies: the model is too weak for the noise weights."""
    return candidates > 0 and 2 * estimate >= candidates


def noise_rate_quotas(rows):
    """NoiseRatePruning.quotas: per given label [(column, q)] (cleanlab's _keep_at_least_n_per_class, truncated)."""
    quotas = []
    for k, cells in enumerate(rows):
        diagonal = next((count for col, count in cells if col == k), 0)
        raised = float(max(diagonal, 1) - diagonal)
        non_zero = float(max(sum(1 for _, count in cells if count != 0) - 1, 1))
        row = []
        for col, count in cells:
            if col == k:
                continue
            quota = int(max(float(count) - raised / non_zero, 0.0))
            if quota > 0:
                row.append((col, quota))
        quotas.append(row)
    return quotas


def confident_issues(single, c, quotas, label_counts):
    """NoiseRatePruning's confident issues (positions): in each cell (k, j), the quota's inputs
    labelled k with the largest cells[j] − cells[k], ties by position (a window per cell, at most
    the inputs × the row's cells), less those whose label stays the argmax (NoiseRatePruning.Cutoffs)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    # cleanlab flags nothing in a class of one input.
    cells = [quotas[k] if label_counts[k] > 1 else [] for k in range(c)]
    if not any(cells):
        return None
    columns = F.array(*[F.array(*[F.lit(j) for j, _ in cells[k]]).cast("array<int>") for k in range(c)])
    quota_of = F.create_map(*[x for k in range(c) for j, q in cells[k] for x in (F.lit(k * c + j), F.lit(q))])
    pairs = single.select("position", "label", "cells", F.explode(columns[F.col("label")]).alias("j"))
    pairs = pairs.withColumn("quota", quota_of[F.col("label") * c + F.col("j")]) \
        .withColumn("margin", F.col("cells")[F.col("j")] - F.col("cells")[F.col("label")])
    cell = Window.partitionBy("label", "j").orderBy(F.col("margin").desc(), F.col("position").asc())
    return (pairs.withColumn("place", F.row_number().over(cell)).filter(F.col("place") <= F.col("quota"))
            .select("position").distinct().withColumn("issue", F.lit(True)))


def literal_array(values):
    from pyspark.sql import functions as F
    return F.array(*[F.lit(float(v)) for v in values])


def suspects_of(inputs, c, n_inputs, mode, cell_of, limit):
    """The summary's suspects: (suspects line, [suspect dicts in rank order], {id: listed concepts}).
    `inputs` has id, labels, scores and position (the input's place in the file)."""
    from pyspark.sql import functions as F
    cells = inputs.select("id", "labels", "position", F.transform("scores", cell_of).alias("cells"))
    index = F.sequence(F.lit(0), F.lit(c - 1))
    # The argmax over the cells, first on ties.
    argmax = F.aggregate(index, F.lit(0), lambda best, i: F.when(F.col("cells")[i] > F.col("cells")[best], i).otherwise(best))
    counts = [0] * c
    if mode == "exclusive":
        single = cells.filter(F.size("labels") == 1).withColumn("label", F.col("labels")[0])
        sums = exact_sums(single.withColumn("self", F.col("cells")[F.col("label")]), ["label"], F.col("self"))
        label_counts = [sums.get((k,), (0, 0.0))[0] for k in range(c)]
        thresholds = [sums[(k,)][1] / float(label_counts[k]) if label_counts[k] > 0 else math.inf for k in range(c)]
        cutoffs = [t - THRESHOLD_TOLERANCE for t in thresholds]
        calibration_cutoffs = [max(sums[(k,)][1] / float(label_counts[k]) if label_counts[k] > 0 else MISSING_CLASS_THRESHOLD,
                                   THRESHOLD_LOWER_BOUND) - THRESHOLD_TOLERANCE for k in range(c)]
        cut = literal_array(cutoffs)
        calibration_cut = literal_array(calibration_cutoffs)
        confident = F.filter(index, lambda i: F.col("cells")[i] >= calibration_cut[i])
        column = F.when(F.size(confident) > 1, argmax).otherwise(confident[0])
        joint_rows = (single.withColumn("column", column).filter(F.size(confident) > 0)
                      .groupBy("label", "column").count().collect())
        joint = {(r["label"], r["column"]): r["count"] for r in joint_rows}
        rows = calibrated_rows(joint, c, label_counts) if c > 0 else []
        estimate = estimate_from_rows(rows, label_counts) if c > 0 else 0
        strength, base, weights = noise_weights(rows)
        # ExclusiveSuspectRules: the likely label (highest-scoring at its threshold, first on ties).
        likely = F.aggregate(index, F.lit(-1), lambda best, i: F.when(
            (F.col("cells")[i] >= cut[i]) & ((best < 0) | (F.col("cells")[i] > F.col("cells")[F.greatest(best, F.lit(0))])), i)
            .otherwise(best))
        frame = single.withColumn("likely", likely).withColumn("given_score", F.col("cells")[F.col("label")])
        frame = frame.filter(((F.col("likely") >= 0) & (F.col("likely") != F.col("label")))
                             | (F.col("given_score") < cut[F.col("label")]))
        frame = frame.withColumn("likely_label", F.when(F.col("likely") >= 0, F.col("likely")).otherwise(argmax))
        candidates = 0
        for r in frame.groupBy("label").agg(F.count(F.lit(1)).alias("n"),
                                            F.sum((F.col("likely_label") != F.col("label")).cast("long")).alias("off")).collect():
            counts[r["label"]] = r["off"]
            candidates += r["n"]
        others = F.aggregate(index, F.lit(0.0), lambda acc, i: F.when(i != F.col("label"), acc + F.col("cells")[i]).otherwise(acc))
        own = F.col("given_score")
        if strength > 0:
            key = None
            for k in range(c):
                expression = F.lit(base[k]) * others
                for j, w in weights[k]:
                    expression = expression + F.lit(w - base[k]) * F.col("cells")[j]
                key = (F.when(F.col("label") == k, expression) if key is None else key.when(F.col("label") == k, expression))
            total = own + key
            key = F.when(total > 0, own / total).otherwise(own)
        else:
            key = own
        group = F.lit(0)
        if c > 0 and noise_rate_applies(estimate, candidates):
            quotas = noise_rate_quotas(rows)
            # A model too weak for the weights: cleanlab's confident issues first, each group by p[k].
            key = own
            issues = confident_issues(single, c, quotas, label_counts)
            # _reduce_issues: the label stays the argmax (first on ties) with 1e-6 added to its score.
            bumped = own + F.lit(1e-6)
            keeps = F.aggregate(index, F.lit(True), lambda acc, i: acc & (
                (i == F.col("label")) | F.when(i < F.col("label"), F.col("cells")[i] < bumped).otherwise(F.col("cells")[i] <= bumped)))
            if issues is not None:
                frame = frame.join(issues, "position", "left")
                group = F.when(F.col("issue").isNotNull() & ~keeps, 0).otherwise(1)
            else:
                group = F.lit(1)
        max_other = F.aggregate(index, F.lit(float("-inf")), lambda acc, i: F.when(
            (i != F.col("label")) & (F.col("cells")[i] > acc), F.col("cells")[i]).otherwise(acc))
        top = (frame.withColumn("key", key).withColumn("group", group).withColumn("max_other", max_other)
               .orderBy("group", "key", "position").limit(limit).collect()) if limit > 0 else []
        ranked = []
        for r in top:
            label, likely_label = r["label"], r["likely_label"]
            given = r["given_score"]
            ranked.append({"id": r["id"], "concept": label, "likely_concept": likely_label, "given": [label],
                           "likely": [likely_label], "given_score": given, "likely_score": r["cells"][likely_label],
                           "margin": given - r["max_other"], "suspicion": 1 - given, "listed": [label, likely_label]})
    else:
        exploded = cells.select("labels", F.posexplode("cells").alias("c", "s"))
        exploded = exploded.select("c", "s", F.array_contains("labels", F.col("c")).alias("pos"))
        sums = exact_sums(exploded.withColumn("v", F.when(F.col("pos"), F.col("s")).otherwise(F.lit(1.0) - F.col("s"))),
                          ["c", "pos"], F.col("v"))
        positives = [sums.get((k, True), (0, 0.0))[0] for k in range(c)]
        present_sum = [sums.get((k, True), (0, 0.0))[1] for k in range(c)]
        absent_sum = [sums.get((k, False), (0, 0.0))[1] for k in range(c)]
        present = [present_sum[k] / float(positives[k]) if positives[k] > 0 else math.inf for k in range(c)]
        absent = [absent_sum[k] / float(n_inputs - positives[k]) if positives[k] < n_inputs else math.inf for k in range(c)]

        def estimate_cut(total, count):
            return max(total / float(count) if count > 0 else MISSING_CLASS_THRESHOLD, THRESHOLD_LOWER_BOUND) - THRESHOLD_TOLERANCE
        est_absent = [estimate_cut(absent_sum[k], n_inputs - positives[k]) for k in range(c)]
        est_present = [estimate_cut(present_sum[k], positives[k]) for k in range(c)]
        ea, ep = literal_array(est_absent), literal_array(est_present)
        is_absent = (F.lit(1.0) - F.col("s")) >= ea[F.col("c")]
        is_present = F.col("s") >= ep[F.col("c")]
        guess = (F.when(is_absent & is_present, F.when(F.col("s") > F.lit(1.0) - F.col("s"), 1).otherwise(0))
                 .when(is_present, 1).otherwise(0))
        joints = (exploded.filter(is_absent | is_present).withColumn("guess", guess)
                  .groupBy("c", "pos", "guess").count().collect())
        per_concept = [dict() for _ in range(c)]
        for r in joints:
            per_concept[r["c"]][(1 if r["pos"] else 0, r["guess"])] = r["count"]
        estimate = sum(off_diagonal_estimate(per_concept[k], [n_inputs - positives[k], positives[k]]) for k in range(c)) \
            if n_inputs > 0 and c > 0 else 0
        pc, ac = literal_array([p - THRESHOLD_TOLERANCE for p in present]), literal_array([a - THRESHOLD_TOLERANCE for a in absent])
        labelled = lambda i: F.array_contains("labels", i)  # noqa: E731
        def likely_present(i):
            s = F.col("cells")[i]
            p, a = s >= pc[i], (F.lit(1.0) - s) >= ac[i]
            return F.when(p & a, s > F.lit(1.0) - s).when(p | a, p)
        flipped = F.filter(index, lambda i: likely_present(i).isNotNull() & (likely_present(i) != labelled(i)))
        confidence = lambda i: F.when(labelled(i), F.col("cells")[i]).otherwise(F.lit(1.0) - F.col("cells")[i])  # noqa: E731
        worst = F.aggregate(flipped, F.lit(-1), lambda best, i: F.when(
            (best < 0) | (confidence(i) < confidence(F.greatest(best, F.lit(0)))), i).otherwise(best))
        frame = cells.withColumn("flipped", flipped).filter(F.size("flipped") > 0).withColumn("worst", worst)
        frame = frame.withColumn("key", confidence(F.col("worst")))
        for r in frame.groupBy("worst").count().collect():
            counts[r["worst"]] = r["count"]
        candidates = sum(counts)
        top = frame.orderBy("key", "position").limit(limit).collect() if limit > 0 else []
        ranked = []
        for r in top:
            worst_concept, confidence_value = r["worst"], r["key"]
            given = list(r["labels"])
            ranked.append({"id": r["id"], "concept": worst_concept, "likely_concept": None, "given": given,
                           "likely": sorted(set(given) ^ set(r["flipped"])), "given_score": confidence_value,
                           "likely_score": 1 - confidence_value, "margin": confidence_value - (1 - confidence_value),
                           "suspicion": 1 - confidence_value, "listed": given + [worst_concept]})
    header = {"t": "suspects", "ranking": "self_confidence", "estimated_label_errors": estimate,
              "candidates": candidates, "counts": counts}
    return header, ranked


def suspect_line(s):
    margin = s["margin"]
    return {"t": "suspect", "id": s["id"], "concept": s["concept"], "likely_concept": s["likely_concept"],
            "given": s["given"], "likely": s["likely"], "given_score": s["given_score"], "likely_score": s["likely_score"],
            "margin": margin if math.isfinite(margin) else None, "suspicion": s["suspicion"]}


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
    parser.add_argument("--suspects", type=int, default=DEFAULT_SUSPECTS,
                        help="the first S suspects of confident learning (0: none); two or three more aggregations")
    parser.add_argument("--pairs", type=pair_limit, default=PAIRS_AUTOMATIC,
                        help="pair tables: auto (at most 5,000,000 lines), off, or the most lines N; past it none")
    parser.add_argument("--count-thresholds", action="append", default=[], metavar="T,…|FILE",
                        help="without pair tables, keep the counts-at-threshold matrix at these global thresholds and "
                             "thresholds files (concepts a file leaves out at 0.5); repeatable")
    parser.add_argument("--input-format", choices=["parquet", "csv", "tsv", "jsonl"])
    parser.add_argument("--csv-multiline", action="store_true",
                        help="CSV fields hold line breaks inside quotes (each file is then read by one task)")
    args = parser.parse_args(argv)
    try:
        specs = [spec for text in args.count_thresholds for spec in threshold_specs(text)]
    except SummaryInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    spark = spark_session()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        summarize(spark, args.input, args.output, layout=args.layout, grid=args.grid, mode=args.mode,
                  input_format=args.input_format, csv_multiline=args.csv_multiline,
                  extremes=max(0, args.extremes), sample=max(0, args.sample), suspects=max(0, args.suspects), pair_lines=args.pairs,
                  count_thresholds=specs)
    except SummaryInputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
