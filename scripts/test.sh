#!/usr/bin/env bash
# The whole test suite: unit tests (Swift Testing), then the end-to-end tests that
# drive the real binary (in tmux, when it is installed).
set -euo pipefail
cd "$(dirname "$0")/.."
# Each step's start, in seconds since the script began: CI keeps the whole run under 30 minutes.
step() { echo "== test.sh at $SECONDS s: $*"; }
step "release build"
swift build -c release --product evaltop
# Unit tests. `.ci/run` sets EVALTOP_TEST_SANITIZER=address: the same tests then run once, under
# AddressSanitizer (scripts/sanitizers.sh), instead of once plain and once more under ASan.
if [ -n "${EVALTOP_TEST_SANITIZER:-}" ]; then
    step "swift test under the $EVALTOP_TEST_SANITIZER sanitizer"
    scripts/sanitizers.sh "$EVALTOP_TEST_SANITIZER"
else
    step "swift test"
    swift test 2>&1 | tee .build/swift-test.log
fi
step "cross-checks against pROC, statsmodels, scikit-learn and PySpark"
# `evaltop compare` against pROC, statsmodels and scikit-learn on random pairs (a few seconds).
python3 scripts/check_compare.py .build/release/evaltop 40
# `evaltop compare` of two summaries (issue 13) against pROC's unpaired DeLong test and scikit-learn.
python3 scripts/check_compare_summaries.py .build/release/evaltop 24
# `evaltop report --json` against scikit-learn on small copies of issue 11's shapes (full-precision
# scores, 300 concepts, 4 decimals; a few seconds).
python3 scripts/check_shapes.py .build/release/evaltop
# Evaluation summaries (issue 13): PySpark in local mode against `evaltop summarize` and `evaltop report`
# on the examples and a generated 1M-row Parquet file (6 min on this 2-core machine at load 7–12; not measured idle).
python3 scripts/check_spark.py .build/release/evaltop
# End-to-end scripts: each prints "N passed, N failed" and exits non-zero on failure.
shopt -s nullglob
for e2e in Tests/e2e/*.sh; do
    step "$e2e"
    bash "$e2e"
done
step "done"
