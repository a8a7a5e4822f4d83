#!/usr/bin/env bash
# UI benchmarks (release build), figures for the "Terminal UI" section of BENCHMARKS.md:
#   1. key to finished frame: 1,000 threshold keys (← → [ ] - +) replayed headless on a
#      1,000,000 × 20 evaluation at 120×40 (p50, p99, max; target p99 ≤ 16 ms);
#   2. bytes written to the terminal per threshold step at 120×40 through a pty, against a
#      full redraw (target ≤ 4 KB), and the first frame's time with the big file (≤ 100 ms).
# Usage: scripts/bench_ui.sh [DATA_DIR]   (the generated file is kept there; default .build/bench)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${1:-.build/bench}
mkdir -p "$DATA"
BIG="$DATA/ui_1m_20.csv"
BIN=.build/release/evaltop

swift build -c release --product evaltop >/dev/null
[ -f "$BIG" ] || python3 scripts/gen_eval.py --inputs 1000000 --concepts 20 --seed 1 "$BIG"

# 1,000 threshold keys from a fixed linear congruential sequence (the same every run).
KEYS="$DATA/threshold_keys.txt"
awk 'BEGIN { split("<Left> <Right> [ ] - +", k, " "); x = 12345
    for (i = 0; i < 1000; i++) { x = (x * 1103515245 + 12345) % 2147483648; printf "%s", k[int(x / 65536) % 6 + 1] }
    print "" }' >"$KEYS"

percentiles() { # microseconds on stdin -> p50/p99/max in ms
    sort -n | awk '{ v[NR] = $1 } END {
        p50 = v[int(NR * 0.50 + 0.5)]; p99 = v[int(NR * 0.99 + 0.5)]
        printf "n=%d  p50 %.2f ms  p99 %.2f ms  max %.2f ms\n", NR, p50 / 1000, p99 / 1000, v[NR] / 1000 }'
}

for view in main details matrix; do
    case $view in
        main) prefix="" ;;
        details) prefix="<Enter>" ;;
        matrix) prefix="c" ;;
    esac
    { printf '%s' "$prefix"; cat "$KEYS"; } >"$DATA/keys_$view.txt"
    "$BIN" "$BIG" --replay "$DATA/keys_$view.txt" --size 120x40 --replay-timings "$DATA/timings_$view.txt" --dump-screen /dev/null
    # Drop the first key when it only opens the view.
    printf 'key to frame, %-8s (120x40, 1,000 threshold keys): ' "$view"
    tail -n 1000 "$DATA/timings_$view.txt" | percentiles
done

python3 scripts/bench_ui_pty.py --size 120x40 --steps 60 "$BIN" "$BIG"
