#!/usr/bin/env bash
# A long fuzzing campaign measured in CPU time, not wall time (FUZZING.md, "Campaigns").
#   scripts/fuzz_campaign.sh CPU_SECONDS [TARGET ...]      default: every target
# Each target runs at nice 19 (so that it only takes idle CPU on a shared machine) until its
# process has used CPU_SECONDS of CPU (user + system, read from /proc), then gets SIGINT, on
# which libFuzzer prints its final statistics. Targets run one per core. libFuzzer's own
# -max_total_time counts wall time, which on a busy machine says little about how much fuzzing
# was done; that is why this script exists beside scripts/fuzz.sh, whose binary and options it
# shares. One line per target goes to standard output and to Fuzz/work/campaign.log.
# libFuzzer's per-input timeout is wall time too: a process at nice 19 on a loaded machine can
# wait seconds for a core, so the campaign's timeout is 60 s (FUZZ_TIMEOUT), and any input it
# still reports is to be re-run alone (FUZZING.md says how) before it counts as a hang.
set -euo pipefail
cd "$(dirname "$0")/.."

cpu_budget=${1:?usage: scripts/fuzz_campaign.sh CPU_SECONDS [TARGET ...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(wide long jsonl clarifai detect score thresholds journal apply keys)

binary=${FUZZ_BINARY:-.build-fuzz/release/evaltop-fuzz}
[ -x "$binary" ] || { echo "build the fuzz binary first: scripts/fuzz.sh ci (or see FUZZING.md)" >&2; exit 2; }
ticks=$(getconf CLK_TCK)
mkdir -p Fuzz/work/artifacts

# CPU seconds used so far by a process (utime + stime are fields 14 and 15 of /proc/PID/stat,
# counted after the command name, which may hold spaces).
cpu_seconds() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo -1; return; }
    stat=${stat##*) }
    set -- $stat
    echo $(( (${12} + ${13}) / ticks ))
}

run_target() {
    local name=$1 log="Fuzz/work/campaign-$1.log" dict=() pid used started status=0
    [ -d "Fuzz/corpus/$name" ] || { echo "no seed corpus for target '$name'" >&2; return 2; }
    mkdir -p "Fuzz/work/$name"
    [ -f "Fuzz/dict/$name.dict" ] && dict=(-dict="Fuzz/dict/$name.dict")
    started=$(date +%s)
    EVALTOP_FUZZ_TARGET=$name SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
        nice -n 19 "$binary" "Fuzz/work/$name" "Fuzz/corpus/$name" "${dict[@]}" \
        -rss_limit_mb=2048 -timeout="${FUZZ_TIMEOUT:-60}" -max_len=65536 \
        -artifact_prefix="Fuzz/work/artifacts/$name-" -print_final_stats=1 >"$log" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        used=$(cpu_seconds "$pid")
        if [ "$used" -ge "$cpu_budget" ]; then kill -INT "$pid"; break; fi
        sleep 5
    done
    wait "$pid" || status=$?
    local line
    # SIGINT ends libFuzzer with its interrupt exit code (72) after the final statistics.
    if { [ "$status" -eq 0 ] || [ "$status" -eq 72 ]; } && grep -q "run interrupted" "$log"; then
        line="== $name: ${used}s CPU in $(( $(date +%s) - started ))s wall; $(grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$log" | tr -s ' ' | tr '\n' ' ')$(grep -Eo "cov: [0-9]+ ft: [0-9]+" "$log" | tail -1)"
    else
        line="!! $name stopped with status $status after ${used}s CPU; see $log and Fuzz/work/artifacts/$name-*"
    fi
    echo "$(date -u +%FT%TZ) $line" | tee -a Fuzz/work/campaign.log
    [ "$status" -eq 0 ] || [ "$status" -eq 72 ]
}

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
