#!/usr/bin/env python3
"""BENCHMARKS.md's Spark figures (issue 13): the Spark job's time and the summary's size for
generated Parquet files of N rows × 20 concepts (full-precision softmax scores, exclusive labels,
5 folds, one meta attribute) in local mode, and how long `evaltop report` takes to read the summary.

    python3 scripts/bench_spark.py BINARY [--rows 1000000 10000000] [--grid 1e-4] [--workdir DIR]

The generated files stay in --workdir (default /tmp/evaltop-bench-spark, out of git).
"""
import argparse
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def generate(path, rows, concepts=20, seed=7, chunk=1_000_000):
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    if os.path.exists(path):
        return
    rng = np.random.default_rng(seed)
    names = [f"concept_{i:02d}" for i in range(concepts)]
    writer = None
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        truth = rng.integers(0, concepts, n)
        logits = rng.normal(0, 1, (n, concepts))
        logits[np.arange(n), truth] += 2.0
        scores = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        table = {"input_id": [f"i{start + i}" for i in range(n)],
                 "labels": [names[t] for t in truth],
                 "fold": (rng.integers(0, 5, n)).astype(str).tolist(),
                 "meta:camera": np.array(["a", "b", "c", "d"])[rng.integers(0, 4, n)].tolist()}
        for i, name in enumerate(names):
            table[name] = scores[:, i]
        batch = pa.table(table)
        if writer is None:
            writer = pq.ParquetWriter(path, batch.schema)
        writer.write_table(batch)
    writer.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--grid", default="1e-4")
    parser.add_argument("--workdir", default="/tmp/evaltop-bench-spark")
    args = parser.parse_args()
    os.makedirs(args.workdir, exist_ok=True)
    print("| rows × concepts | grid | Spark job | summary | lines | `evaltop report` on it | load average |")
    print("|---|---|---|---|---|---|---|")
    for rows in args.rows:
        parquet = os.path.join(args.workdir, f"bench_{rows}x20.parquet")
        generate(parquet, rows)
        output = os.path.join(args.workdir, f"bench_{rows}x20.{args.grid}.evalsum")
        start = time.monotonic()
        # Spark's log goes to a file beside the data, and a failed job shows its end (a first 10M-row
        # run with Spark's default driver memory failed after 2 minutes with its log discarded;
        # BENCHMARKS.md's 10M figure sets EVALTOP_DRIVER_MEMORY=6g: in local mode the driver is the executor).
        log_path = output + ".spark.log"
        with open(log_path, "w") as log:
            job_run = subprocess.run([sys.executable, os.path.join(ROOT, "spark", "evaltop_summary.py"), parquet, output,
                                      "--grid", args.grid], stderr=log)
        if job_run.returncode != 0:
            with open(log_path) as log:
                sys.exit(f"the Spark job failed (exit {job_run.returncode}); the end of {log_path}:\n" + "".join(log.readlines()[-30:]))
        job = time.monotonic() - start
        size = os.path.getsize(output)
        with open(output, "rb") as f:
            lines = sum(1 for _ in f)
        start = time.monotonic()
        subprocess.run([args.binary, "report", output, "--json"], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        report = time.monotonic() - start
        load = os.getloadavg()[0]
        print(f"| {rows:,} × 20 | {args.grid} | {job:.0f} s | {size / 1e6:.1f} MB | {lines:,} | {report:.2f} s | {load:.1f} |",
              flush=True)


if __name__ == "__main__":
    main()
