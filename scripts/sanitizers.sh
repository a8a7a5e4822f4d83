#!/usr/bin/env bash
# The unit tests under AddressSanitizer and under ThreadSanitizer (the UI's background load,
# warmers, suspects ranking and journal refresh run concurrently with the event loop).
#   scripts/sanitizers.sh            both
#   scripts/sanitizers.sh address    one of them
# Each uses its own build folder (.build-asan, .build-tsan), so the ordinary build is untouched.
set -euo pipefail
cd "$(dirname "$0")/.."
kinds=("${@:-address thread}")
# shellcheck disable=SC2206
kinds=(${kinds[*]})
for kind in "${kinds[@]}"; do
    skip=()
    build=()
    case "$kind" in
        address) scratch=.build-asan
                 # Optimized (with -enable-testing for the tests' @testable imports): the same
                 # tests take about a quarter of the CPU time of a debug build under ASan (116 s
                 # against about 500 s here), for about a minute more of building. What the
                 # optimizer drops is the standard library's debug-only index checks; ASan still
                 # catches every access outside an allocation, as in the fuzz build (also -O).
                 build=(-c release -Xswiftc -enable-testing)
                 export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
                 export LSAN_OPTIONS="suppressions=$PWD/Tests/lsan-suppressions.txt:print_suppressions=0" ;;
        thread)  scratch=.build-tsan
                 export TSAN_OPTIONS="halt_on_error=1:suppressions=$PWD/Tests/tsan-suppressions.txt"
                 # The suites whose subject is drawing: every view at every palette and size,
                 # golden screens, image placement. They are a third of the unit tests' time and
                 # about 200 s under ThreadSanitizer on CI's 2 cores (CI ran 1,829 s of its 1,800),
                 # and they draw on one thread; the background jobs their sessions start are the
                 # ones the background suites (KeyPathBackground, ComparisonBackground,
                 # BackgroundCache, SelectionWarmer, ...) run under ThreadSanitizer. They still run
                 # under AddressSanitizer and plain.
                 skip=(--skip "ContrastTests|SummaryScreenTests|ImagePlacementBoundsTests|GoldenScreenTests|ManyConceptsGoldenTests|ComparisonGoldenTests|SummaryComparisonScreenTests") ;;
        *) echo "unknown sanitizer '$kind' (address or thread)" >&2; exit 2 ;;
    esac
    echo "== swift test --sanitize=$kind"
    mkdir -p "$scratch"
    log="$scratch/sanitizer-test.log"
    # The Swift runtime's own crash backtracer would hide the sanitizer's report.
    # Straight into the log, not through a pipe: a child a test started (a local HTTP server) and
    # that outlives a test process the sanitizer aborted would hold a pipe open, and the step
    # would wait for it forever (CI's stop 22 ran out of its 90 minutes that way). The time limit
    # is about three times what the step takes on CI's 2 cores.
    limit=${EVALTOP_SANITIZER_TIMEOUT:-2400}
    status=0
    SWIFT_BACKTRACE=enable=no timeout --kill-after=30 "$limit" \
        swift test ${build[@]+"${build[@]}"} --sanitize="$kind" --scratch-path "$scratch" ${skip[@]+"${skip[@]}"} \
        > "$log" 2>&1 < /dev/null || status=$?
    grep -E "^(✘|✔ Test run|==[0-9]+==|SUMMARY|WARNING: ThreadSanitizer)" "$log" || true
    if [ "$status" = 124 ] || [ "$status" = 137 ]; then
        echo "!! the tests under the $kind sanitizer ran past ${limit} s; the last lines of $log:" >&2
        tail -n 40 "$log" >&2
        exit 1
    fi
    if grep -qE "ERROR: AddressSanitizer|ERROR: LeakSanitizer|WARNING: ThreadSanitizer|✘ Test run" "$log" \
        || ! grep -q "✔ Test run with" "$log"; then
        echo "!! the tests under the $kind sanitizer failed (exit status $status); see $log" >&2
        grep -E -A 30 "ERROR: (Address|Leak)Sanitizer|WARNING: ThreadSanitizer" "$log" | head -n 60 >&2 || true
        exit 1
    fi
done
