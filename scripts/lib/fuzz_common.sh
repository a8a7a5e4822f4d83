# What scripts/fuzz.sh (smoke runs and timed runs) and scripts/fuzz_campaign.sh (runs measured in
# CPU time) share: the targets, the sanitized build, libFuzzer's arguments for a target and the
# one-job-per-core scheduler. Sourced, not run.

fuzz_targets_all=(wide long jsonl clarifai detect score thresholds journal apply keys summary summarize count-thresholds)
fuzz_scratch=.build-fuzz
fuzz_binary=${FUZZ_BINARY:-$fuzz_scratch/release/evaltop-fuzz}

# lld links it: gold stops with an internal error (dwarf_reader.cc) on the sanitized objects.
fuzz_build() {
    swift build -c release --scratch-path "$fuzz_scratch" --product evaltop-fuzz \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing \
        -Xswiftc -DFUZZING \
        -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld 2>&1 | grep -v "Cannot export local symbol" | tail -3
}

# Fails (status 2) when a target has no seed corpus.
fuzz_check_targets() {
    local name
    for name in "$@"; do
        [ -d "Fuzz/corpus/$name" ] || { echo "no seed corpus for target '$name'" >&2; return 2; }
    done
    mkdir -p Fuzz/work/artifacts
}

# Sets the array `fuzz_args` to libFuzzer's arguments for target $1 (besides the time or run
# limit and the per-input timeout, which the callers choose): the corpus the runs grow
# (Fuzz/work/TARGET, gitignored), the committed seeds, the format's dictionary, a 2 GB RSS limit,
# and where a failing input is kept.
# The paths are absolute: a target may work in a scratch folder of its own (`count-thresholds`
# does, for the files the option names), and libFuzzer writes the corpus and artifacts as it runs.
fuzz_arguments() {
    local name=$1
    mkdir -p "Fuzz/work/$name"
    fuzz_args=("$PWD/Fuzz/work/$name" "$PWD/Fuzz/corpus/$name")
    [ -f "Fuzz/dict/$name.dict" ] && fuzz_args+=(-dict="$PWD/Fuzz/dict/$name.dict")
    fuzz_args+=(-rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$PWD/Fuzz/work/artifacts/$name-" -print_final_stats=1)
}

# The environment every run needs (the target itself is chosen per process with
# EVALTOP_FUZZ_TARGET=NAME on its command line, so that `$!` stays the fuzzer's own PID).
export SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0:abort_on_error=1

# "stat::number_of_executed_units: N stat::peak_rss_mb: M cov: C ft: F" from a finished run's log.
fuzz_figures() {
    echo "$(grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$1" | tr -s ' ' | tr '\n' ' ')$(grep -Eo "cov: [0-9]+ ft: [0-9]+" "$1" | tail -1)"
}

# Runs `$1 TARGET` for each remaining argument, one job per core; fails when any job failed.
fuzz_each_target_in_parallel() {
    local run=$1 name status=0 running=0 jobs_max
    shift
    jobs_max=$(nproc 2>/dev/null || echo 2)
    for name in "$@"; do
        if [ "$running" -ge "$jobs_max" ]; then
            wait -n || status=1
            running=$((running - 1))
        fi
        "$run" "$name" &
        running=$((running + 1))
    done
    while [ "$running" -gt 0 ]; do
        wait -n || status=1
        running=$((running - 1))
    done
    return $status
}
