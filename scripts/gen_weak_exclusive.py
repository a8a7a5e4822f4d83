#!/usr/bin/env python3
"""A wide exclusive CSV from a model too weak for the noise weights (its scores barely favour
the given label), for the benchmark of `evaltop summarize --suspects` on cleanlab's cut-offs
(BENCHMARKS.md, "Evaluation summaries and Spark (issue 13)"). Standard library only; the same
arguments give the same bytes.

    scripts/gen_weak_exclusive.py INPUTS CONCEPTS SEED OUT.csv

Rows `in%08d,label,scores…`: uniform labels, scores uniform in [0, 1) plus 0.3 on the label,
normalized, 4 decimals.
"""
import random, sys
n, c, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
with open(sys.argv[4], "w") as out:
    out.write("input_id,labels," + ",".join("class_%d" % k for k in range(c)) + "\n")
    lines = []
    for i in range(n):
        label = rnd.randrange(c)
        raw = [rnd.random() + (0.3 if k == label else 0) for k in range(c)]
        total = sum(raw)
        lines.append("in%08d,class_%d,%s\n" % (i, label, ",".join("%.4f" % (x / total) for x in raw)))
        if len(lines) == 100000:
            out.write("".join(lines))
            lines = []
    out.write("".join(lines))
