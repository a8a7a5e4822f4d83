#!/usr/bin/env bash
# Runs evaltop's libFuzzer targets (see FUZZING.md).
#   scripts/fuzz.sh                 every target, 30 s each
#   scripts/fuzz.sh ci              every target, 40,000 runs from seed 1 (the CI smoke run; summarize 10,000)
#   scripts/fuzz.sh wide 1800       one target for 30 minutes
#   scripts/fuzz.sh all 600         every target, 10 minutes each
# Each run starts from the committed seed corpus (Fuzz/corpus/TARGET) plus whatever earlier
# runs found (Fuzz/work/TARGET, gitignored), with the format's dictionary, a 2 GB RSS limit and
# a 10 s per-input timeout. A crash, timeout or out-of-memory fails the script and leaves the
# input in Fuzz/work/artifacts/ with the command that reproduces it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/fuzz_common.sh

target=${1:-all}
seconds=${2:-30}
# `ci`: every target for a fixed number of runs from a fixed seed, so that the smoke run in CI
# replays exactly what was checked before the commit (a time limit would explore further on a
# faster machine, and a new finding there should come from a campaign, not block a landing).
limit=(-max_total_time="$seconds")
budget="${seconds}s"
ci=0
if [ "$target" = ci ]; then
    target=all
    ci=1
    limit=(-seed=1 -runs="${FUZZ_RUNS:-40000}")
    budget="${FUZZ_RUNS:-40000} runs, seed 1"
    # Swift's Hasher is seeded per process; an input's sort order by id hash (the long CSV's
    # external sort) would then change from run to run, and with it the coverage that guides
    # the mutations: the replay is exact only with the hashing fixed. Campaigns keep it random.
    export SWIFT_DETERMINISTIC_HASHING=1
fi
# In the CI run, `summarize` runs a quarter as many inputs: each one writes a file, then loads and
# summarizes it twice (about 5 ms; 200 runs/s against 2,500 for the summary reader).
ci_runs_of() {
    local runs=${FUZZ_RUNS:-40000}
    [ "$1" = summarize ] && runs=$((runs / 4))
    echo "$runs"
}
if [ "$target" = all ]; then targets=("${fuzz_targets_all[@]}"); else targets=("$target"); fi

fuzz_build
fuzz_check_targets "${targets[@]}"

# One target: its run, then one line of figures (or the failure and how to reproduce it).
# Returns non-zero when libFuzzer found a crash, a broken invariant, a timeout or an OOM.
run_target() {
    local name=$1 log="Fuzz/work/$1.log"
    local target_limit=("${limit[@]}") target_budget=$budget
    if [ "$ci" = 1 ]; then
        target_limit=(-seed=1 -runs="$(ci_runs_of "$name")")
        target_budget="$(ci_runs_of "$name") runs, seed 1"
    fi
    fuzz_arguments "$name"
    if EVALTOP_FUZZ_TARGET=$name "$fuzz_binary" "${fuzz_args[@]}" "${target_limit[@]}" -timeout=10 >"$log" 2>&1; then
        echo "== $name ($target_budget): $(fuzz_figures "$log")"
    else
        echo "!! $name failed; the end of its log ($log):"
        tail -30 "$log"
        echo "reproduce: EVALTOP_FUZZ_TARGET=$name $fuzz_binary Fuzz/work/artifacts/$name-*"
        return 1
    fi
}

# Targets run side by side, one per core, so that the CI smoke run takes 13 targets / cores.
fuzz_each_target_in_parallel run_target "${targets[@]}"
