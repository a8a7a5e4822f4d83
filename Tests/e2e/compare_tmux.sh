#!/usr/bin/env bash
# End-to-end test of the comparison UI (`evaltop A B`) with the real binary in tmux at 120×40:
# the comparison table and summary appear, sorting and the threshold move both models, Enter
# opens B's inputs, `f` flags into B's journal (not A's), q quits and restores the terminal, and
# two files without a shared concept end with a clear error and status 1.
# Polls the screen (every 50 ms, with a timeout) instead of sleeping.
# Prints "N passed, N failed" last; exits non-zero when anything failed.
set -uo pipefail
source "$(dirname "$0")/lib/tmux_harness.sh"
e2e_setup "the comparison"
start() { local session=$1; shift; launch "$session" 120 40 "" "$@"; }  # SESSION ARGS...

# Two evaluations of 300 inputs: B improves "cat", worsens "dog", keeps "bird"; one input
# only in each file.
python3 - "$WORK" <<'PY'
import random, sys
rnd = random.Random(8)
concepts = ["cat", "dog", "bird"]
with open(f"{sys.argv[1]}/old.csv", "w") as a, open(f"{sys.argv[1]}/new.csv", "w") as b:
    for f in (a, b):
        f.write("input_id,labels," + ",".join(concepts) + "\n")
    for i in range(300):
        label = concepts[i % 3]
        sa, sb = [], []
        for c in concepts:
            hit = 0.25 if c == label else 0.0
            x = min(1.0, rnd.random() * 0.75 + hit)
            sa.append(x)
            if c == "cat":
                sb.append(min(1.0, x + (0.3 if c == label else 0.0)))
            elif c == "dog":
                sb.append(rnd.random())
            else:
                sb.append(x)
        if i != 299:
            a.write(f"in{i},{label}," + ",".join(f"{v:.4f}" for v in sa) + "\n")
        if i != 0:
            b.write(f"in{i},{label}," + ",".join(f"{v:.4f}" for v in sb) + "\n")
with open(f"{sys.argv[1]}/other.csv", "w") as f:
    f.write("input_id,labels,horse,cow\nin1,horse,0.9,0.1\n")
PY

s=cmp
start $s old.csv new.csv
check "the comparison table appears" $s wait_for $s "Concepts A → B \(3\)" 15
check "the header names both files and the matched inputs" $s wait_for $s "old\.csv → new\.csv.*298 matched" 2
check "the summary gives the matched inputs" $s wait_for $s "Matched inputs +298" 2
check "the summary tells what was left out" $s wait_for $s "left out +1 only A, 1 only B" 2
check "dog is marked significantly worse (▼) and sorted first" $s \
    bash -c "$(declare -f screen tm); SOCKET=$(printf %q "$SOCKET"); screen $s | grep -E '^│ +▼ dog ' && screen $s | grep -A1 'ΔAUC▲' | tail -1 | grep -q dog"
check "cat is marked significantly better (▲)" $s wait_for $s "▲ cat " 2
tm send-keys -t $s o
check "o lists what was left out: in0 only in A, in299 only in B" $s \
    bash -c "$(declare -f screen tm wait_for); SOCKET=$(printf %q "$SOCKET"); wait_for $s 'Inputs only in A \(old\.csv\): 1' 2 && screen $s | grep -A1 'Inputs only in A' | grep -q ' in0 ' && screen $s | grep -A1 'Inputs only in B' | grep -q ' in299 '"
tm send-keys -t $s Escape
check "Esc closes the list" $s bash -c "$(declare -f screen tm); SOCKET=$(printf %q "$SOCKET"); sleep 0.3; ! screen $s | grep -q 'Left out of the comparison'"
tm send-keys -t $s s
check "s sorts by Holm's p" $s wait_for $s "p Holm▲" 2
before=$(screen $s | grep -E '^│ +. cat ')
tm send-keys -t $s ']'
check "] moves the threshold of both models to 0.60" $s wait_for $s "t=0\.60" 2
after=$(screen $s | grep -E '^│ +. cat ')
if [ -n "$before" ] && [ "$before" != "$after" ]; then pass "F1, fixed and broken follow the threshold"
else fail "F1, fixed and broken follow the threshold ('$before' / '$after')" $s; fi
check "the plot shows both models (legend)" $s wait_for $s "B ━ ●, A ┈ ○" 2
tm send-keys -t $s Enter
check "Enter opens what B changed on the selected concept" $s wait_for $s "What B changed on .* at t=0\.60" 2
check "... in tabs Broken, Fixed and Still wrong" $s wait_for $s "1 Broken [0-9]+ +2 Fixed [0-9]+ +3 Still wrong [0-9]+" 2
tm send-keys -t $s 2
check "2 shows the fixed inputs with both scores" $s wait_for $s "Input +A +B +Δ +Labels +Top A +Top B" 2
tm send-keys -t $s f
check "f flags an input" $s wait_for $s "⚑ 1" 3
if [ -s "$WORK/new.csv.flags.jsonl" ] && [ ! -e "$WORK/old.csv.flags.jsonl" ]; then pass "the flag went to B's journal, not A's"
else fail "the flag went to B's journal, not A's ($(ls "$WORK"))"; fi
tm send-keys -t $s Escape q
check "q quits with status 0 and restores the terminal" $s \
    bash -c "$(declare -f screen tm wait_for); SOCKET=$(printf %q "$SOCKET"); wait_for $s 'TTY=.*;' 5 && screen $s | grep -q 'EXIT=0' && screen $s | grep -q 'TTY=icanon echo ;'"

# Two summaries (issue 13): the same screen with pROC's unpaired test, without what needs each
# input's two scores. Concepts are matched by name, so the summaries of old.csv and new.csv
# share all three.
"$BIN" summarize "$WORK/old.csv" "$WORK/old.evalsum" >/dev/null 2>&1 && "$BIN" summarize "$WORK/new.csv" "$WORK/new.evalsum" >/dev/null 2>&1 \
    || fail "summarize old.csv and new.csv"
s=sums
start $s old.evalsum new.evalsum
check "two summaries: the comparison table appears" $s wait_for $s "Concepts A → B \(3\)" 15
check "two summaries: the header says summaries" $s wait_for $s "old\.evalsum → new\.evalsum.*summaries.*3 concepts" 2
check "two summaries: the pane names the unpaired test" $s wait_for $s "Test +unpaired DeLong" 2
check "two summaries: no fixed and broken columns" $s \
    bash -c "$(declare -f screen tm); SOCKET=$(printf %q "$SOCKET"); screen $s | grep -q 'F1 A→B' && ! screen $s | grep -qE 'Fixed|Broken'"
check "two summaries: dog is marked significantly worse (▼)" $s wait_for $s "▼ dog " 2
tm send-keys -t $s ']'
check "two summaries: ] moves the threshold to 0.60" $s wait_for $s "t=0\.60" 2
tm send-keys -t $s q
check "two summaries: q quits with status 0 and restores the terminal" $s \
    bash -c "$(declare -f screen tm wait_for); SOCKET=$(printf %q "$SOCKET"); wait_for $s 'TTY=.*;' 5 && screen $s | grep -q 'EXIT=0' && screen $s | grep -q 'TTY=icanon echo ;'"

s=bad
start $s old.csv other.csv
check "no shared concept: the UI says why" $s wait_for $s "old\.csv and other\.csv have no concept in common" 10
tm send-keys -t $s q
check "no shared concept: the error is printed after the UI, status 1" $s wait_for $s "error: old\.csv and other\.csv have no concept in common" 5
check "... after the terminal is restored" $s \
    bash -c "$(declare -f screen tm wait_for); SOCKET=$(printf %q "$SOCKET"); wait_for $s 'TTY=.*;' 5 && screen $s | grep -q 'EXIT=1' && screen $s | grep -q 'TTY=icanon echo ;'"

e2e_finish
