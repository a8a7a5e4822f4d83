#!/usr/bin/env bash
# Runs evaltop's libFuzzer targets (see FUZZING.md).
#   scripts/fuzz.sh                 every target, 30 s each
#   scripts/fuzz.sh ci              every target, 40,000 runs from seed 1 (the CI smoke run)
#   scripts/fuzz.sh wide 1800       one target for 30 minutes
#   scripts/fuzz.sh all 600         every target, 10 minutes each
# Each run starts from the committed seed corpus (Fuzz/corpus/TARGET) plus whatever earlier
# runs found (Fuzz/work/TARGET, gitignored), with the format's dictionary, a 2 GB RSS limit and
# a 10 s per-input timeout. A crash, timeout or out-of-memory fails the script and leaves the
# input in Fuzz/work/artifacts/ with the command that reproduces it.
set -euo pipefail
cd "$(dirname "$0")/.."

targets_all=(wide long jsonl clarifai detect score thresholds journal apply keys)
target=${1:-all}
seconds=${2:-30}
# `ci`: every target for a fixed number of runs from a fixed seed, so that the smoke run in CI
# replays exactly what was checked before the commit (a time limit would explore further on a
# faster machine, and a new finding there should come from a campaign, not block a landing).
limit=(-max_total_time="$seconds")
budget="${seconds}s"
if [ "$target" = ci ]; then
    target=all
    limit=(-seed=1 -runs="${FUZZ_RUNS:-40000}")
    budget="${FUZZ_RUNS:-40000} runs, seed 1"
fi
if [ "$target" = all ]; then targets=("${targets_all[@]}"); else targets=("$target"); fi

# lld links it: gold stops with an internal error (dwarf_reader.cc) on the sanitized objects.
scratch=.build-fuzz
swift build -c release --scratch-path "$scratch" --product evaltop-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing \
    -Xswiftc -DFUZZING \
    -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld 2>&1 | grep -v "Cannot export local symbol" | tail -3
binary="$scratch/release/evaltop-fuzz"

mkdir -p Fuzz/work/artifacts
for name in "${targets[@]}"; do
    [ -d "Fuzz/corpus/$name" ] || { echo "no seed corpus for target '$name'" >&2; exit 2; }
done

# One target: its run, then one line of figures (or the failure and how to reproduce it).
# Returns non-zero when libFuzzer found a crash, a broken invariant, a timeout or an OOM.
run_target() {
    local name=$1 log="Fuzz/work/$1.log" dict=()
    mkdir -p "Fuzz/work/$name"
    [ -f "Fuzz/dict/$name.dict" ] && dict=(-dict="Fuzz/dict/$name.dict")
    if EVALTOP_FUZZ_TARGET=$name SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 "$binary" \
        "Fuzz/work/$name" "Fuzz/corpus/$name" "${dict[@]}" \
        "${limit[@]}" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
        -artifact_prefix="Fuzz/work/artifacts/$name-" -print_final_stats=1 >"$log" 2>&1; then
        echo "== $name ($budget): $(grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$log" | tr -s ' ' | tr '\n' ' ')$(grep -Eo "cov: [0-9]+ ft: [0-9]+" "$log" | tail -1)"
    else
        echo "!! $name failed; the end of its log ($log):"
        tail -30 "$log"
        echo "reproduce: EVALTOP_FUZZ_TARGET=$name $binary Fuzz/work/artifacts/$name-*"
        return 1
    fi
}

# Targets run side by side, one per core, so that the CI smoke run takes 9 × 30 s / cores.
jobs_max=$(nproc 2>/dev/null || echo 2)
status=0
running=0
for name in "${targets[@]}"; do
    if [ "$running" -ge "$jobs_max" ]; then
        wait -n || status=1
        running=$((running - 1))
    fi
    run_target "$name" &
    running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
    wait -n || status=1
    running=$((running - 1))
done
exit $status
