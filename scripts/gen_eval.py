#!/usr/bin/env python3
"""Deterministic synthetic evaluation for the UI benchmarks (standard library only).

    scripts/gen_eval.py --inputs 1000000 --concepts 20 --seed 1 OUT.csv

Writes the wide CSV format (input_id,fold,labels,<concept>...). Exclusive: one label per
input; the labelled concept tends to score high, the others low, with enough overlap that
every threshold changes the counts. The same arguments always give the same bytes.
"""
import argparse
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--inputs", type=int, default=1_000_000)
    parser.add_argument("--concepts", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("out")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    names = [f"concept_{c:02d}" for c in range(args.concepts)]
    with open(args.out, "w", newline="") as out:
        out.write("input_id,fold,labels," + ",".join(names) + "\n")
        lines = []
        for i in range(args.inputs):
            label = rng.randrange(args.concepts)
            scores = [rng.random() ** 3 for _ in range(args.concepts)]
            scores[label] = rng.random() ** 0.4
            lines.append(f"in_{i:07d},{i % 5},{names[label]}," + ",".join(f"{s:.5f}" for s in scores))
            if len(lines) == 10_000:
                out.write("\n".join(lines) + "\n")
                lines = []
        if lines:
            out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
