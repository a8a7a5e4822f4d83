#!/usr/bin/env python3
"""A long CSV twice, grouped by input and ordered by concept (the same rows), for the benchmarks
of `evaltop summarize` on an ungrouped long file (BENCHMARKS.md, "An ungrouped long file
through an external sort"). Standard library only; the same arguments give the same bytes.

    scripts/gen_long.py INPUTS CONCEPTS SEED OUT_GROUPED OUT_BY_CONCEPT

Rows `in%07d,concept_%02d,%.6f,0|1`, uniform scores, one label per input.
"""
import random, sys
n, c, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
rnd = random.Random(seed)
rows = []  # per input: list of row strings
with open(sys.argv[4], "w") as grouped:
    grouped.write("input_id,concept,score,label\n")
    by_concept = [[] for _ in range(c)]
    for i in range(n):
        label = rnd.randrange(c)
        for k in range(c):
            line = "in%07d,concept_%02d,%.6f,%d\n" % (i, k, rnd.random(), 1 if k == label else 0)
            grouped.write(line)
            by_concept[k].append(line)
with open(sys.argv[5], "w") as out:
    out.write("input_id,concept,score,label\n")
    for k in range(c):
        out.write("".join(by_concept[k]))
