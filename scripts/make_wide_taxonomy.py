#!/usr/bin/env python3
"""Writes a wide CSV with many concepts, for the wide-taxonomy benchmark in BENCHMARKS.md.

    scripts/make_wide_taxonomy.py INPUTS CONCEPTS OUT [--seed N] [--multilabel]

Exclusive (default): each input has one label; its scores are random with the true concept
raised (a softmax-like row, 4 decimals). Multilabel: 1-3 labels per input, independent scores.
Deterministic for a seed. 1,000 x 20,000 is about 140 MB.
"""
import argparse
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("inputs", type=int)
    parser.add_argument("concepts", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--multilabel", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    names = [f"c{j:05d}" for j in range(args.concepts)]
    with open(args.out, "w") as out:
        out.write("input_id,labels," + ",".join(names) + "\n")
        for i in range(args.inputs):
            if args.multilabel:
                labels = rng.sample(range(args.concepts), rng.randint(1, min(3, args.concepts)))
            else:
                labels = [rng.randrange(args.concepts)]
            scores = [rng.random() * 0.001 for _ in range(args.concepts)]
            for label in labels:
                scores[label] = 0.3 + 0.7 * rng.random()
            if not args.multilabel:
                total = sum(scores)
                scores = [s / total for s in scores]
            out.write(f"in{i:06d}," + ";".join(names[l] for l in labels) + ","
                      + ",".join(f"{s:.4f}" for s in scores) + "\n")


if __name__ == "__main__":
    main()
