#!/usr/bin/env python3
"""Key to finished frame in every view, from the first frame on, with the background work
running as it does in the terminal (issue 11: "no key waits for a background job").

    scripts/bench_ui_views.py BIN FILE [FILE ...] [--size 120x40] [--rounds 3]

A FILE written `A.csv+B.csv` is a comparison (`evaltop A.csv B.csv`): the same tour, where
Enter opens the Broken / Fixed / Still wrong lists.

For each FILE, one headless run (`evaltop FILE --replay KEYS --replay-live --replay-timings
OUT`): the keys visit every view back to back starting at the first frame, while the
slices, the diagnosis, the suspects, the selection indexes and the matrix values are still
being computed in the background. `--replay-live` makes the replay run that work off the
main thread as the terminal UI does and poll for it before each key (the poll is timed
with the key). Prints p50, p99 and max per view, of the wall time from key to finished
frame and of the main thread's CPU time in it (the machine is shared: the wall time also
counts waiting for a core) (each view's keys include the key that
opens it and the one that leaves it) and over all keys. Standard library only.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def views():
    """(name, keys) in the order they are pressed; each starts and ends on the main screen."""
    move = ["j", "j", "k", "<Right>", "]", "j", "<Left>", "[", "-", "+"]
    return [
        ("main (table, curves, slider)", move * 4 + ["s", "s", "S", "j", "k", "s"] + ["G", "g", "<PgDn>", "<PgUp>"]),
        ("filter prompt", ["/", "1", "0", "<Bs>", "<Enter>", "j", "k", "<Esc>"]),
        ("details", ["<Enter>", "j", "j", "<Right>", "2", "3", "j", "<Tab>", "]", "[", "<Enter>", "j", "<Esc>", "<Esc>"]),
        ("matrix (list and grid)", ["c"] + ["j", "j", "+", "-", "]", "["] * 3 + ["<Enter>", "j", "+", "<Esc>", "v", "j", "j",
                                   "o", "l", "l", "j", "n", "n", "+", "<Enter>", "j", "<Esc>", "v", "j", "o", "<Esc>"]),
        ("diagnosis", ["d", "j", "j", "j", "<PgDn>", "k", "+", "-", "G", "g", "<Esc>"]),
        ("slices", ["b", "j", "j", "<Enter>", "j", "<Esc>", "k", "<Esc>"]),
        ("suspects", ["L", "j", "j", "j", "<PgDn>", "k", "<Enter>", "<Esc>", "<Esc>"]),
        ("flags", ["F", "j", "k", "<Esc>"]),
        ("strategies", ["m", "j", "<Esc>", "M", "j", "<Esc>"]),
        ("help", ["?", "j", "j", "<PgDn>", "<Esc>"]),
    ]


def percentiles(values):
    s = sorted(values)
    pick = lambda q: s[min(len(s) - 1, max(0, int(round(len(s) * q)) - 1))]
    return f"p50 {pick(0.5) / 1000:6.2f}  p99 {pick(0.99) / 1000:6.2f}  max {s[-1] / 1000:6.2f}"


def line(name, rows):
    wall = [w for w, _ in rows]
    cpu = [c for _, c in rows]
    return f"  {name:30s} n={len(rows):4d}  wall ms {percentiles(wall)}   main-thread CPU ms {percentiles(cpu)}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bin")
    parser.add_argument("files", nargs="+")
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--rounds", type=int, default=3, help="how many times the tour of the views is repeated")
    args = parser.parse_args()
    tour = views()
    segments = []
    script = ""
    for round_ in range(args.rounds):
        for name, keys in tour:
            segments.append((name, len(keys)))
            script += "".join(keys)
    with tempfile.TemporaryDirectory() as tmp:
        keys_path = os.path.join(tmp, "keys.txt")
        with open(keys_path, "w") as f:
            f.write(script + "\n")
        for path in args.files:
            timings = os.path.join(tmp, "timings.txt")
            started = time.monotonic()
            subprocess.run([args.bin, *path.split("+"), "--replay", keys_path, "--replay-live", "--size", args.size,
                            "--replay-timings", timings, "--dump-screen", "/dev/null"], check=True)
            wall = time.monotonic() - started
            with open(timings) as f:
                micros = [tuple(int(v) for v in line.split()) for line in f if line.strip()]
            print(f"{' + '.join(os.path.basename(p) for p in path.split('+'))} at {args.size}, {args.rounds} tours, {len(micros)} keys "
                  f"(run {wall:.1f} s with the load; load average {os.getloadavg()[0]:.2f})")
            by_view = {}
            offset = 0
            for name, count in segments:
                by_view.setdefault(name, []).extend(micros[offset:offset + count])
                offset += count
            for name, _ in tour:
                print(line(name, by_view[name]))
            print(line("all keys", micros))
            print(line("first tour, main screen", micros[:len(tour[0][1])]))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
