#!/usr/bin/env bash
# A long fuzzing campaign measured in CPU time, not wall time (FUZZING.md, "Campaigns").
#   scripts/fuzz_campaign.sh CPU_SECONDS [TARGET ...]      default: every target
# Each target runs at nice 19 (so that it only takes idle CPU on a shared machine) until its
# process has used CPU_SECONDS of CPU (user + system, read from /proc), then gets SIGINT, on
# which libFuzzer prints its final statistics. Targets run one per core. libFuzzer's own
# -max_total_time counts wall time, which on a busy machine says little about how much fuzzing
# was done; that is why this script exists beside scripts/fuzz.sh, whose binary and options it
# shares (scripts/lib/fuzz_common.sh). One line per target goes to standard output and to
# Fuzz/work/campaign.log.
# libFuzzer's per-input timeout is wall time too: a process at nice 19 on a loaded machine can
# wait seconds for a core, so the campaign's timeout is 60 s (FUZZ_TIMEOUT), and any input it
# still reports is to be re-run alone (FUZZING.md says how) before it counts as a hang.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/fuzz_common.sh

cpu_budget=${1:?usage: scripts/fuzz_campaign.sh CPU_SECONDS [TARGET ...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${fuzz_targets_all[@]}")

# Built (incrementally) first: a campaign on a binary older than the sources fuzzes old code
# (session 9 ran one that way, on a binary from before three merges, and it replayed an input
# that the sources had already fixed).
fuzz_build
[ -x "$fuzz_binary" ] || { echo "the fuzz binary did not build (FUZZING.md)" >&2; exit 2; }
fuzz_check_targets "${targets[@]}"
ticks=$(getconf CLK_TCK)

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
    local name=$1 log="Fuzz/work/campaign-$1.log" pid used=0 started status=0 line
    fuzz_arguments "$name"
    started=$(date +%s)
    EVALTOP_FUZZ_TARGET=$name nice -n 19 "$fuzz_binary" "${fuzz_args[@]}" -timeout="${FUZZ_TIMEOUT:-60}" >"$log" 2>&1 &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        used=$(cpu_seconds "$pid")
        if [ "$used" -ge "$cpu_budget" ]; then kill -INT "$pid"; break; fi
        sleep 5
    done
    wait "$pid" || status=$?
    # SIGINT ends libFuzzer with its interrupt exit code (72) after the final statistics.
    if { [ "$status" -eq 0 ] || [ "$status" -eq 72 ]; } && grep -q "run interrupted" "$log"; then
        line="== $name: ${used}s CPU in $(( $(date +%s) - started ))s wall; $(fuzz_figures "$log")"
    else
        line="!! $name stopped with status $status after ${used}s CPU; see $log and Fuzz/work/artifacts/$name-*"
    fi
    echo "$(date -u +%FT%TZ) $line" | tee -a Fuzz/work/campaign.log
    [ "$status" -eq 0 ] || [ "$status" -eq 72 ]
}

fuzz_each_target_in_parallel run_target "${targets[@]}"
