#!/usr/bin/env bash
# End-to-end test of the UI on an evaluation summary (`evaltop SUMMARY.evalsum`, issue 13) with
# the real binary in tmux: the summary opens through the loading screen, its screen equals the
# UI's on the summarised file but for the header (which says "summary"), the threshold moves,
# the diagnosis and the matrix (its counts at the threshold) open, Enter lists a concept's extremes titled "5 most extreme of 27"
# (the file's first rows), Enter on one opens the input overlay, f flags it into the source file's
# journal (which `evaltop flags FILE` then lists), L opens the suspects view (the file's estimate
# and first suspects), what needs every input says the summary holds only extremes (on a summary
# written with --suspects 0; a summary without rows says it has none), a grid's
# AUC error is in the header, q restores the terminal, and a truncated summary gives report's
# file:line error with status 1. At 120×40 and 80×24, TERM=xterm-256color and xterm.
# Polls the screen (every 50 ms, with a timeout) instead of sleeping.
# Prints "N passed, N failed" last; exits non-zero when anything failed.
set -uo pipefail
source "$(dirname "$0")/lib/tmux_harness.sh"
e2e_setup "the summary"
start() { launch "$1" "$2" "$3" "TERM=$4" "${@:5}"; }  # SESSION WIDTH HEIGHT TERM ARGS...
# The screen without its header (row 0) and status line (last row), which may differ.
body() { screen "$1" | sed '1d;$d'; }

cp "$ROOT/Examples/digits.csv" "$WORK/digits.csv"
"$BIN" summarize "$WORK/digits.csv" "$WORK/digits.evalsum" --extremes 5 >/dev/null 2>&1 \
    && "$BIN" summarize "$WORK/digits.csv" "$WORK/grid.evalsum" --grid 1e-4 >/dev/null 2>&1 \
    && "$BIN" summarize "$WORK/digits.csv" "$WORK/norows.evalsum" --extremes 0 --sample 0 --suspects 0 >/dev/null 2>&1 \
    && "$BIN" summarize "$WORK/digits.csv" "$WORK/nosuspects.evalsum" --extremes 5 --suspects 0 >/dev/null 2>&1 \
    && "$BIN" summarize "$WORK/digits.csv" "$WORK/countsat.evalsum" --pairs off --count-thresholds 0.5,0.3 --extremes 0 --suspects 0 >/dev/null 2>&1 \
    && pass "evaltop summarize writes an exact summary with 5 extremes, a 1e-4 one, one without rows and one with counts at 0.5 and 0.3" || fail "evaltop summarize"
head -c 2000 "$WORK/digits.evalsum" > "$WORK/cut.evalsum"

for size in "120 40 xterm-256color" "80 24 xterm"; do
    set -- $size
    w=$1 h=$2 term=$3
    f=file$w s=sum$w
    start $f "$w" "$h" "$term" digits.csv
    start $s "$w" "$h" "$term" digits.evalsum
    check "$w×$h $term: the summary opens on the concept table" $s wait_for $s "Concepts \(10\)" 15
    check "$w×$h: the header says summary" $s wait_for $s "digits\.evalsum │ summary │ t=0\.50" 2
    wait_for $f "Concepts \(10\)" 15
    # Both diagnosed (the verdict replaces "diagnosing…") before the screens are compared.
    wait_for $s "model" 10; wait_for $f "model" 10
    if [ "$(body $s)" = "$(body $f)" ]; then pass "$w×$h: every number on screen equals the file's"
    else fail "$w×$h: every number on screen equals the file's ($(diff <(body $f) <(body $s) | head -6 | tr '\n' ' '))" $s; fi
    for session in $f $s; do tm send-keys -t $session ']' ']' p; done
    check "$w×$h: ] ] moves the summary's threshold to 0.70" $s wait_for $s "t=0\.70" 2
    wait_for $f "t=0\.70" 2; sleep 0.2
    if [ "$(body $s)" = "$(body $f)" ]; then pass "$w×$h: at 0.70 with the PR curve, the numbers still equal the file's"
    else fail "$w×$h: at 0.70 with the PR curve, the numbers still equal the file's" $s; fi
    tm send-keys -t $s Enter
    check "$w×$h: Enter lists eight's false negatives, titled as partial" $s wait_for $s "5 most extreme of 27, lowest score first" 2
    check "$w×$h: ... starting with the file's first one" $s wait_for $s "digits_1553 +0\.0225" 2
    tm send-keys -t $s Enter
    check "$w×$h: Enter on it opens the input overlay from the summary" $s wait_for $s "Input digits_1553 \(from the summary\)" 2
    if [ "$w" = 120 ]; then
        tm send-keys -t $s f
        check "$w×$h: f flags it (saved to the journal)" $s wait_for $s "saved: " 2
    fi
    tm send-keys -t $s Escape Escape L
    check "$w×$h: L opens the suspects view on the summary: the file's estimate and first 100 of 295" $s \
        wait_for $s "Suspects: 5 estimated, first 100 of 295" 5
    check "$w×$h: ... starting with the file's first suspect" $s wait_for $s "1 digits_1264 +one" 2
    tm send-keys -t $s Escape d
    check "$w×$h: d opens the diagnosis" $s wait_for $s "Diagnosis" 2
    tm send-keys -t $s Escape c
    check "$w×$h: c opens the matrix on the counts at the threshold (the pair tables)" $s wait_for $s "counts at threshold" 2
    tm send-keys -t $s Escape q
    check "$w×$h: q quits with status 0 and restores the terminal" $s \
        bash -c "$(declare -f screen tm wait_for); SOCKET=$(printf %q "$SOCKET"); wait_for $s 'TTY=.*;' 5 && screen $s | grep -q 'EXIT=0' && screen $s | grep -q 'TTY=icanon echo ;'"
    tm send-keys -t $f q
done

# The flag from the summary went to the source file's journal, keyed by input id.
if (cd "$WORK" && "$BIN" flags digits.csv 2>/dev/null) | grep -q "digits_1553"; then pass "evaltop flags digits.csv lists the input flagged on the summary"
else fail "evaltop flags digits.csv lists the input flagged on the summary ($(cd "$WORK" && "$BIN" flags digits.csv 2>&1 | head -3 | tr '\n' ' '))"; fi

s=norows
start $s 120 40 xterm-256color norows.evalsum
wait_for $s "Concepts \(10\)" 15
tm send-keys -t $s Enter
check "a summary without rows: Enter says it holds no input rows" $s wait_for $s "a summary holds no input rows" 2
tm send-keys -t $s q

s=nosuspects
start $s 120 40 xterm-256color nosuspects.evalsum
wait_for $s "Concepts \(10\)" 15
tm send-keys -t $s L
check "a summary without suspects: L says it holds only extremes, and stays on the main screen" $s \
    bash -c "$(declare -f screen tm wait_for); SOCKET=$(printf %q "$SOCKET"); wait_for $s 'holds only the drill-down' 2 && screen $s | grep -q 'Concepts (10)'"
tm send-keys -t $s q

# Without pair tables, the counts held at --count-thresholds 0.5,0.3: at 0.5 the matrix is the
# file's; moved off it, the view says where the summary holds the counts.
f=countsfile s=countsat
start $f 120 40 xterm-256color digits.csv
start $s 120 40 xterm-256color countsat.evalsum
wait_for $s "Concepts \(10\)" 15; wait_for $f "Concepts \(10\)" 15
for session in $f $s; do tm send-keys -t $session c; done
check "a summary with counts at 0.5: c opens the matrix on the counts at threshold" $s wait_for $s "counts at threshold" 5
wait_for $f "counts at threshold" 5; sleep 0.2
if [ "$(body $s)" = "$(body $f)" ]; then pass "... at 0.5 the matrix equals the file's"
else fail "... at 0.5 the matrix equals the file's ($(diff <(body $f) <(body $s) | head -6 | tr '\n' ' '))" $s; fi
tm send-keys -t $s ']'
check "... at 0.51 it says at which thresholds it holds the counts" $s wait_for $s "holds the counts only at t = 0\.5, 0\.3" 3
for session in $f $s; do tm send-keys -t $session q; done

s=grid
start $s 200 60 xterm-256color grid.evalsum
check "a 1e-4 summary: the header states the grid's AUC error" $s wait_for $s "grid\.evalsum │ summary 1e-4: AUC ±[0-9.e-]+ │ t=0\.50 │" 15
tm send-keys -t $s q

s=cut
start $s 120 40 xterm-256color cut.evalsum
expected=$(cd "$WORK" && "$BIN" report cut.evalsum 2>&1 >/dev/null | head -1)
check "a truncated summary: the UI says it could not load it" $s wait_for $s "Could not load" 10
tm send-keys -t $s q
check "... and prints report's error (file:line), status 1, terminal restored" $s \
    bash -c "$(declare -f screen tm wait_for); SOCKET=$(printf %q "$SOCKET"); wait_for $s 'TTY=.*;' 5 && screen $s | grep -qF -- $(printf %q "$expected") && screen $s | grep -q 'EXIT=1' && screen $s | grep -q 'TTY=icanon echo ;'"
case "$expected" in
    "error: "*cut.evalsum:*) pass "report's error names the file and line: $expected" ;;
    *) fail "report's error names the file and line: $expected" ;;
esac

e2e_finish
