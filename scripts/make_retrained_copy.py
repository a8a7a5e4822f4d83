#!/usr/bin/env python3
"""Splices two wide CSVs written by `evaltop-bench generate` into a "retrained model" of the
first: the ids and labels of the first file with the scores of the second, so that
`evaltop compare FIRST OUT` compares two models on the same labelled inputs.

Usage: scripts/make_retrained_copy.py LABELS.csv SCORES.csv OUT.csv"""
import sys

with open(sys.argv[1], "rb") as labels, open(sys.argv[2], "rb") as scores, open(sys.argv[3], "wb") as out:
    for left, right in zip(labels, scores):
        head = left.split(b",", 2)
        tail = right.split(b",", 2)
        out.write(head[0] + b"," + head[1] + b"," + tail[2])
