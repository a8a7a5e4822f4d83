#!/usr/bin/env python3
"""Compare two evaltop summaries (.evalsum) field for field: equal, except floating-point sums
(score_sum, auc_error_bound) within 1e-9, and the header's "source". Exit 1 with the first
differences when they differ.

    python3 scripts/compare_summaries.py A.evalsum B.evalsum
"""
import json
import sys

TOLERANT = {"sum", "auc_error_bound"}
IGNORED = {"source"}


def differences(a, b, where, out):
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            out.append(f"{where}: keys {list(a)} != {list(b)}")
            return
        for key in a:
            if key in IGNORED:
                continue
            if key in TOLERANT and isinstance(a[key], (int, float)) and isinstance(b[key], (int, float)):
                if abs(a[key] - b[key]) > 1e-9 * max(1.0, abs(a[key])):
                    out.append(f"{where}.{key}: {a[key]!r} != {b[key]!r}")
            else:
                differences(a[key], b[key], f"{where}.{key}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{where}: {len(a)} items != {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            differences(x, y, f"{where}[{i}]", out)
    elif type(a) is not type(b) or a != b:
        out.append(f"{where}: {a!r} != {b!r}")


def compare(path_a, path_b, limit=10):
    """The differences between two summary files, at most `limit` of them."""
    out = []
    with open(path_a, encoding="utf-8") as fa, open(path_b, encoding="utf-8") as fb:
        number = 0
        while len(out) < limit:
            la, lb = fa.readline(), fb.readline()
            number += 1
            if not la and not lb:
                break
            if not la or not lb:
                out.append(f"line {number}: one summary ends here ({path_a if not la else path_b})")
                break
            differences(json.loads(la), json.loads(lb), f"line {number}", out)
    return out


if __name__ == "__main__":
    found = compare(sys.argv[1], sys.argv[2])
    for line in found:
        print(line)
    sys.exit(1 if found else 0)
