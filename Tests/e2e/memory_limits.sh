#!/usr/bin/env bash
# Memory is bounded by the file and its scores (issue 12; README "Formats"): small files that
# would need gigabytes are refused with FILE:LINE:COLUMN, a message in words and status 1,
# before the allocation; peak memory (GNU time's maximum resident set size) stays small.
# Prints "N passed, N failed"; exits non-zero on failure; skips without /usr/bin/time.
set -u
cd "$(dirname "$0")/../.."
BIN="$PWD/.build/release/evaltop"
passed=0
failed=0
[ -x /usr/bin/time ] || { echo "memory_limits: /usr/bin/time is not installed; skipped"; echo "0 passed, 0 failed"; exit 0; }
if [ ! -x "$BIN" ]; then
    echo "memory_limits: $BIN is missing (swift build -c release --product evaltop)"
    echo "0 passed, 1 failed"
    exit 1
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pass() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }

python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
n = 200_000   # long CSV: one row per input, each a new concept (a dense grid: 480 GB)
with open(f"{work}/sparse_long.csv", "w") as f:
    f.write("input_id,concept,score,label\n")
    f.writelines(f"i{i},c{i},0.5,1\n" for i in range(n))
n = 100_000   # Clarifai: every entry lists a concept of its own (a dense matrix: 80 GB)
with open(f"{work}/huge.clarifai.json", "w") as f:
    f.write('{"eval_metrics": {"test_set": [\n')
    f.write(",\n".join(f'{{"input":{{"id":"i{i}"}},"predicted_concepts":[{{"id":"c{i}","value":0.5}}],"ground_truth_concepts":[{{"id":"c{i}"}}]}}' for i in range(n)))
    f.write("\n]}}\n")
n = 30_000    # JSON Lines: every line brings a new meta attribute (codes: 3.6 GB)
with open(f"{work}/meta.jsonl", "w") as f:
    f.writelines(json.dumps({"input_id": f"i{i}", "labels": ["a"] if i % 2 else [], "scores": {"a": 0.5}, "meta": {f"k{i}": "v"}}) + "\n" for i in range(n))
n = 2_000     # Clarifai within any real budget (a 2,000 × 2,000 matrix: 30.5 MB)
with open(f"{work}/medium.clarifai.json", "w") as f:
    json.dump({"test_set": [{"input": {"id": f"i{i}"}, "predicted_concepts": [{"id": f"c{i}", "value": 0.9}, {"id": f"c{(i + 1) % n}", "value": 0.2}],
                             "ground_truth_concepts": [{"id": f"c{i}"}]} for i in range(n)]}, f)
n = 60_000    # a valid Clarifai document of ~25 MB: what parsing JSON costs
with open(f"{work}/big.clarifai.json", "w") as f:
    json.dump({"test_set": [{"input": {"id": f"input-{i:06d}"}, "predicted_concepts": [{"id": f"c{k}", "name": f"concept {k}", "value": ((i * 7 + k * 13) % 997) / 997} for k in range(4)],
                             "ground_truth_concepts": [{"id": f"c{i % 4}", "value": 1}]} for i in range(n)]}, f)
PY

# run NAME FILE: runs `evaltop report FILE` under GNU time; sets status, err, peak_mb, size_mb.
run() {
    local file="$1"; shift
    env "$@" /usr/bin/time -v -o "$work/time" "$BIN" report "$file" > "$work/out" 2> "$work/err"
    status=$?
    err="$(cat "$work/err")"
    peak_mb=$(( $(grep 'Maximum resident set size' "$work/time" | grep -o '[0-9]*$') / 1024 ))
    size_mb=$(( $(stat -c %s "$file") / 1048576 ))
}

# check_refused NAME FILE PEAK_LIMIT_MB EXPECTED_TEXT [ENV...]: refused with status 1, FILE:LINE[:COLUMN]
# (JSON Lines errors name the line), the text, and a peak below the limit.
check_refused() {
    local name="$1" file="$2" limit="$3" text="$4"; shift 4
    run "$file" "$@"
    if [ "$status" = 1 ] && echo "$err" | grep -qF -- "error: $file:" && echo "$err" | grep -qF -- "$text" \
        && echo "$err" | grep -qE -- "$file:[0-9]+(:[0-9]+)?: "; then
        pass "$name: refused with status 1 and its place ($(echo "$err" | head -1 | cut -c1-160 | sed "s|$work/||"))"
    else
        fail "$name: status $status, stderr: $(echo "$err" | head -3)"
    fi
    if [ "$peak_mb" -lt "$limit" ]; then pass "$name: peak memory $peak_mb MB for a $size_mb MB file (limit $limit MB)"; else
        fail "$name: peak memory $peak_mb MB for a $size_mb MB file (limit $limit MB)"; fi
}

check_refused "long CSV, one row per input and concept" "$work/sparse_long.csv" 300 "has no row for concept 'c1'; every input needs exactly one row per concept"
check_refused "Clarifai naming 100,000 concepts in 100,000 entries" "$work/huge.clarifai.json" 600 "test_set has 100000 entries naming 100000 concepts between them"
check_refused "JSON Lines with a new meta attribute on every line" "$work/meta.jsonl" 300 "give every input the same few attributes"
check_refused "Clarifai beyond EVALTOP_MEMORY_LIMIT=8M" "$work/medium.clarifai.json" 300 "set by EVALTOP_MEMORY_LIMIT" EVALTOP_MEMORY_LIMIT=8M

run "$work/medium.clarifai.json"
if [ "$status" = 0 ]; then pass "the same Clarifai file within the default budget is reported (peak $peak_mb MB)"; else fail "the same Clarifai file within the default budget: status $status: $err"; fi
run "$work/big.clarifai.json"
ratio=$(( peak_mb / (size_mb > 0 ? size_mb : 1) ))
if [ "$status" = 0 ] && [ "$ratio" -le 30 ]; then pass "a valid $size_mb MB Clarifai document peaks at $peak_mb MB (at most 30 × its size)"; else
    fail "a valid $size_mb MB Clarifai document: status $status, peak $peak_mb MB ($ratio × its size; want at most 30)"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
