#!/usr/bin/env python3
"""Writes a copy of a wide CSV whose every input id is quoted and holds a comma, so that the
loader takes its quote-aware path. Usage: scripts/make_quoted_copy.py IN.csv OUT.csv"""
import sys

with open(sys.argv[1], encoding="utf-8") as source, open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write(source.readline())
    for line in source:
        comma = line.index(",")
        out.write('"' + line[:comma] + ',x"' + line[comma:])
