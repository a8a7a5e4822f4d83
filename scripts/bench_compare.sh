#!/usr/bin/env bash
# Benchmark of `evaltop compare --json A B` against one `evaltop report --json A` (issue 8's
# budget: at most 2.5×), with wall time and peak RSS from /usr/bin/time -v, on two deterministic
# 1,000,000 × 20 exclusive evaluations generated with seeds 1 and 2 into bench-data/ (gitignored).
# B is measured twice: the seed-2 file itself (its labels differ from A's on 95 % of the inputs,
# so every label is checked and B takes A's labels), and a "retrained" copy with A's ids and
# labels and seed 2's scores (scripts/make_retrained_copy.py), the usual case.
# The load average is printed with each figure: the machine is shared.
# Usage: scripts/bench_compare.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}

swift build -c release --product evaltop >/dev/null
swift build -c release --product evaltop-bench >/dev/null
bin=.build/release
mkdir -p bench-data
for seed in 1 2; do
    file=bench-data/exclusive_1m_20_seed$seed.csv
    [ -f "$file" ] || "$bin/evaltop-bench" generate --inputs 1000000 --concepts 20 --mode exclusive --seed "$seed" "$file"
done
a=bench-data/exclusive_1m_20_seed1.csv
retrained=bench-data/exclusive_1m_20_retrained.csv
[ -f "$retrained" ] || python3 scripts/make_retrained_copy.py "$a" bench-data/exclusive_1m_20_seed2.csv "$retrained"

# Prints "wall_seconds peak_rss_mb" of a command.
measure() {
    local log; log=$(mktemp)
    /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; rm -f "$log"; return 1; }
    awk '/Elapsed \(wall clock\)/ { n = split($NF, t, ":"); s = (n == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
         /Maximum resident set size/ { rss = $NF / 1024 }
         /User time/ { user = $NF } /System time/ { sys = $NF }
         END { printf "%.2f %.0f %.2f\n", s, rss, user + sys }' "$log"
    rm -f "$log"
}

for b in bench-data/exclusive_1m_20_seed2.csv "$retrained"; do
echo "B = $b"
for i in $(seq "$runs"); do
    read -r rw rr rc < <(measure "$bin/evaltop" report --json "$a")
    read -r cw cr cc < <(measure "$bin/evaltop" compare --json "$a" "$b")
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    awk -v rw="$rw" -v rr="$rr" -v rc="$rc" -v cw="$cw" -v cr="$cr" -v cc="$cc" -v load="$load" 'BEGIN {
        printf "report %.2f s wall (%.2f s CPU, %d MB) | compare %.2f s wall (%.2f s CPU, %d MB) | ratio %.2f wall, %.2f CPU | load %s\n",
               rw, rc, rr, cw, cc, cr, cw / rw, cc / rc, load }'
done
done
