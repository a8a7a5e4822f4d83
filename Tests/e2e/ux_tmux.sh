#!/usr/bin/env bash
# End-to-end checks of issue 10 (items 4-13) with the real binary in tmux: q goes back one
# level and quits only from the main screen, the 80x24 status bar keeps help and quit, the
# details follow the selection and hide under the matrix, u undoes a threshold change, `=`
# keeps per-concept thresholds, `!` lists the messages, `e` asks before overwriting.
# Polls the screen (every 50 ms, with a timeout). Prints "N passed, N failed" last.
set -uo pipefail
source "$(dirname "$0")/lib/tmux_harness.sh"
e2e_setup "the issue-10"
start() { launch "$1" "$2" "$3" TERM=xterm-256color "${@:4}"; }  # SESSION WIDTH HEIGHT ARGS...
tm new-session -d -s holder -x 80 -y 24 "exec sleep 600"
TABLE='Concepts \([0-9]+\)'
cp "$ROOT/Examples/animals.csv" "$WORK/animals.csv"

# --- q goes back one level; the status bar keeps help and quit at 80x24 --------------------------
s=back
start $s 80 24 animals.csv
check "80x24: the table appears" $s wait_for $s "$TABLE" 10
check "80x24: the status bar keeps '? help' and 'q quit'" $s wait_for $s "help  q quit" 2
check "80x24: the concept table keeps FN and FP" $s wait_for $s "Concept.* FN +FP " 2
tm send-keys -t $s Enter
check "Enter opens the details" $s wait_for $s "Inputs behind" 2
first=$(screen $s | grep -o "Inputs behind [a-z]*")
tm send-keys -t $s BTab j
check "the details follow the selection to the next concept" $s \
    bash -c "$(declare -f wait_for wait_gone screen tm); SOCKET=$(printf %q "$SOCKET"); wait_gone $s '$first at' 2 && wait_for $s 'Inputs behind' 1"
tm send-keys -t $s c
check "the matrix hides the concept's details" $s wait_gone $s "Inputs behind" 2
tm send-keys -t $s q
check "q leaves the matrix, and the details come back" $s wait_for $s "Inputs behind" 2
tm send-keys -t $s q
check "q closes the details without quitting" $s wait_gone $s "Inputs behind" 2
if screen $s | grep -q "EXIT="; then fail "q in the details must not quit" $s; else pass "still running after q in the details"; fi
tm send-keys -t $s q
check "q on the bare main screen quits" $s wait_for $s "EXIT=0" 5

# --- thresholds: = keeps per-concept ones, u undoes, ! lists the messages, e asks -----------------
s=thr
start $s 200 60 animals.csv
check "200x60: the table appears" $s wait_for $s "$TABLE" 10
tm send-keys -t $s ']' ']'
check "] ] moves the global threshold" $s wait_for $s "t=0\.70" 2
tm send-keys -t $s M Enter
check "M applies max-f1 to every concept (t column appears)" $s wait_for $s "Concept +t +AUC" 3
tm send-keys -t $s '='
check "= resets the global threshold and says the own ones stay" $s wait_for $s "reset to 0\.50 \(was 0\.70\); 6 concepts keep their own" 3
check "the own thresholds are still in the header" $s wait_for $s "t=0\.50 \(\+6 own\)" 2
tm send-keys -t $s u
check "u undoes the reset and says so" $s wait_for $s "undone: global threshold 0\.70 → 0\.50" 3
tm send-keys -t $s u
check "u undoes the strategy" $s wait_for $s "undone: max-f1 on every concept" 3
check "… and the t column is gone" $s wait_gone $s "Concept +t +AUC" 2
tm send-keys -t $s u
check "u undoes the two steps as one change" $s wait_for $s "undone: global threshold 0\.50 → 0\.70" 3
check "… back at t=0.50" $s wait_for $s "t=0\.50 " 2
tm send-keys -t $s '!'
check "! lists the messages" $s wait_for $s "Messages, newest first" 2
check "… with the undo messages in full" $s wait_for $s "undone: max-f1 on every concept" 2
tm send-keys -t $s Escape
echo '{}' > "$WORK/animals.thresholds.json"
tm send-keys -t $s e Enter
check "e asks before overwriting an existing file" $s wait_for $s "exists\. Overwrite it\? \(y/n\)" 3
tm send-keys -t $s n
check "n keeps the file" $s wait_for $s "kept as it was" 2
if [ "$(cat "$WORK/animals.thresholds.json")" = "{}" ]; then pass "the file is unchanged"; else fail "the file is unchanged" $s; fi
tm send-keys -t $s e Enter y
check "y overwrites it" $s wait_for $s "saved to" 3
if grep -q '"husky"' "$WORK/animals.thresholds.json"; then pass "the file holds the thresholds"; else fail "the file holds the thresholds" $s; fi
tm send-keys -t $s C-c
check "Ctrl-C quits at once" $s wait_for $s "EXIT=0" 5

e2e_finish
