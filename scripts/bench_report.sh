#!/usr/bin/env bash
# Benchmark of `evaltop report --json` end to end (parse + metrics + JSON), with wall time and
# peak RSS from /usr/bin/time -v, on deterministic generated data in bench-data/ (gitignored):
#   1,000,000 inputs × 20 concepts, exclusive (about 154 MB)
#   100,000 inputs × 50 concepts, multilabel
# When python3 with pandas and scikit-learn is available, the same report is computed with
# pandas.read_csv + scikit-learn (scripts/bench_sklearn.py) in the same run, and the two
# reports are compared (numbers within 1e-6).
# Usage: scripts/bench_report.sh [--no-python]
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --product evaltop >/dev/null
swift build -c release --product evaltop-bench >/dev/null
bin=.build/release
mkdir -p bench-data

datasets=(
    "exclusive_1m_20.csv --inputs 1000000 --concepts 20 --mode exclusive --seed 1"
    "multilabel_100k_50.csv --inputs 100000 --concepts 50 --mode multilabel --seed 1"
)

python_ok=0
if [ "${1:-}" != "--no-python" ] && command -v python3 >/dev/null 2>&1 \
    && python3 -c "import pandas, sklearn" >/dev/null 2>&1; then
    python_ok=1
fi

# Prints "wall_seconds peak_rss_mb" of a command (its stdout goes to $2).
measure() {
    local log; log=$(mktemp)
    local out=$1; shift
    /usr/bin/time -v "$@" >"$out" 2>"$log" || { cat "$log" >&2; rm -f "$log"; return 1; }
    awk '/Elapsed \(wall clock\)/ { n = split($NF, t, ":"); s = (n == 3) ? t[1]*3600 + t[2]*60 + t[3] : t[1]*60 + t[2] }
         /Maximum resident set size/ { rss = $NF / 1024 }
         END { printf "%.2f s wall, %.0f MB peak RSS\n", s, rss }' "$log"
    grep -E "^(pandas|compare|differs)" "$log" || true
    rm -f "$log"
}

echo "machine: $(nproc) cores, $(uname -sm); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for entry in "${datasets[@]}"; do
    read -r name options <<<"$entry"
    file=bench-data/$name
    if [ ! -f "$file" ]; then
        # shellcheck disable=SC2086
        $bin/evaltop-bench generate $options "$file"
    fi
    echo "== $file ($(du -m "$file" | cut -f1) MB)"
    for run in 1 2 3; do
        printf "evaltop report --json (run %d): " "$run"
        measure bench-data/evaltop.json $bin/evaltop report --json "$file"
    done
    if [ $python_ok = 1 ]; then
        printf "pandas + scikit-learn: "
        measure bench-data/sklearn.json python3 scripts/bench_sklearn.py "$file" --compare bench-data/evaltop.json
    fi
done
echo "== metrics core alone (evaltop-bench core, data generated in memory)"
$bin/evaltop-bench core --inputs 1000000 --concepts 20 --mode exclusive --seed 1
$bin/evaltop-bench core --inputs 100000 --concepts 50 --mode multilabel --seed 1
