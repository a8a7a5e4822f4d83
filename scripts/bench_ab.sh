#!/usr/bin/env bash
# Before/after timing of two evaltop binaries on one file of bench-data/, in alternation (so
# both see the same machine load), with each report compared byte for byte to the first
# binary's: wall, CPU (user + sys) and peak RSS from /usr/bin/time, and the load average.
# On a shared machine CPU time is the figure to compare; for an exact count, use callgrind
# (BENCHMARKS.md, sixth pass).
# Usage: scripts/bench_ab.sh BEFORE_BINARY AFTER_BINARY FILE.csv [ROUNDS]
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: scripts/bench_ab.sh BEFORE_BINARY AFTER_BINARY FILE.csv [ROUNDS]" >&2; exit 2; }
before=$1; after=$2; file=$3; rounds=${4:-3}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
for round in $(seq "$rounds"); do
    for side in before after; do
        binary=$before; [ $side = after ] && binary=$after
        load=$(cut -d' ' -f1 /proc/loadavg)
        /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$binary" report --json "$file" > "$work/$side.json"
        read -r wall user sys rss < "$work/time"
        same=""
        if [ $side = after ]; then cmp -s "$work/before.json" "$work/after.json" && same="same report" || same="REPORTS DIFFER"; fi
        printf "%-7s wall %6.2f s  cpu %6.2f s (user %5.2f, sys %5.2f)  peak RSS %5d MB  load %s  %s\n" \
            $side "$wall" "$(echo "$user + $sys" | bc)" "$user" "$sys" $((rss / 1024)) "$load" "$same"
    done
done
