#!/usr/bin/env bash
# End-to-end test of the real evaltop binary in tmux at 120×40: start, threshold prompt,
# details, matrix, resize (down to "terminal too small"), quit with q and Ctrl-C, the
# signals SIGINT/SIGTERM/SIGHUP, a bad file, and escape sequences in the data.
# After every exit it checks that the terminal was restored: echo and icanon back on
# (stty), the alternate screen left, the cursor visible, keypad and mouse modes off.
# Polls the screen (every 50 ms, with a timeout) instead of sleeping.
# Prints "N passed, N failed" last; exits non-zero when anything failed.
set -uo pipefail
source "$(dirname "$0")/lib/tmux_harness.sh"
e2e_setup "the UI"

# The shell around evaltop reports how it ended and the terminal's state afterwards,
# then idles so that the pane stays readable.
# The status is kept and printed a second later: after SIGKILL the guardian process restores the
# terminal (leaving the alternate screen) while the shell already runs, and a line printed
# before that would vanish with the alternate screen.
report_tail='status=$?; sleep 1; echo "EXIT=$status"; printf "TTY="; stty -a | tr " ;" "\n\n" | grep -Ex -- "-?(echo|icanon)" | tr "\n" " "; echo ";"; exec sleep 600'

# start SESSION ARGS...: evaltop in a new 120×40 session.
start() { local session=$1; shift; launch "$session" 120 40 "" "$@"; }

evaltop_pid() { # the evaltop process under the session's shell
    local shell_pid
    shell_pid=$(tm display -p -t "$1" '#{pane_pid}')
    pgrep -P "$shell_pid" -x evaltop | head -n1
}

# restored SESSION EXPECTED_STATUS: the process exited with that status and left the
# terminal as it found it.
restored() {
    local session=$1 status=$2
    wait_for "$session" "TTY=.*;" 10 || { echo "  evaltop did not exit"; return 1; }
    local text flags
    text=$(screen "$session")
    flags=$(tm display -p -t "$session" \
        'alt=#{alternate_on} cursor=#{cursor_flag} keypad=#{keypad_flag} kcursor=#{keypad_cursor_flag} mouse=#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}#{mouse_sgr_flag}')
    local ok=0
    grep -q "EXIT=$status\$" <<<"$text" || { echo "  expected EXIT=$status"; ok=1; }
    grep -q "TTY=icanon echo ;" <<<"$text" || { echo "  stty not restored: $(grep TTY= <<<"$text")"; ok=1; }
    [ "$flags" = "alt=0 cursor=1 keypad=0 kcursor=0 mouse=0000" ] || { echo "  terminal modes left on: $flags"; ok=1; }
    # Back on the normal screen, the UI's frame must be gone.
    if grep -q "Concepts (" <<<"$text"; then echo "  the UI is still on screen"; ok=1; fi
    return $ok
}

# Every concept's name and ten numbers (AUC … F1), without the advice column, which fills in
# when the image sizes have been read in the background.
table_numbers() { screen "$1" | grep -oE '^(│|\|)  [a-z]+( +[0-9]+(\.[0-9]+)?){10}'; }

# A holder session keeps the server up between tests; "screen" is in every terminfo.
tm new-session -d -s holder -x 120 -y 40 "exec sleep 600"
tm set-option -g default-terminal "screen"
TABLE='Concepts \([0-9]+\)'

# --- start, threshold prompt, details, matrix, resize, quit --------------------------------
s=main
start $s
check "start: the table appears" $s wait_for $s "$TABLE.*" 10
check "start: header shows t=0.50" $s wait_for $s "t=0\.50" 2
# The whole table: the worst concept of the bundled example (zero) has the same counts at 0.5
# and 0.3, the others do not.
before=$(table_numbers $s)
tm send-keys -t $s t
check "t opens the threshold prompt" $s wait_for $s "[Tt]hreshold.*:" 2
tm send-keys -t $s 0.3 Enter
check "t 0.3 Enter sets the threshold" $s wait_for $s "t=0\.30" 2
after=$(table_numbers $s)
if [ -n "$before" ] && [ -n "$after" ] && [ "$before" != "$after" ]; then
    pass "the table's numbers follow the threshold"
else
    fail "the table's numbers follow the threshold (before: '$before', after: '$after')" $s
fi
tm send-keys -t $s Enter
check "Enter opens the details" $s wait_for $s "Inputs behind .* at t=0\.30" 2
check "details show the FN tab" $s wait_for $s "1 FN [0-9]+" 2
tm send-keys -t $s Escape
check "Esc closes the details" $s wait_gone $s "Inputs behind" 2
tm send-keys -t $s c
check "c opens the matrix" $s wait_for $s "[Mm]atrix|counts at threshold" 2
tm send-keys -t $s v
check "v cycles the matrix view" $s wait_for $s "confusion \(argmax\)" 2
tm send-keys -t $s Escape
check "Esc leaves the matrix" $s wait_for $s "$TABLE" 2

tm resize-window -t $s -x 80 -y 24
check "resize to 80x24 re-lays out (table and slider still there)" $s \
    bash -c "$(declare -f wait_for screen tm); SOCKET=$(printf %q "$SOCKET"); wait_for $s '$TABLE' 3 && wait_for $s 't=0\.30' 1 && [ \$(screen $s | wc -L) -le 80 ]"
tm resize-window -t $s -x 59 -y 15
check "below 60x16 shows 'terminal too small'" $s wait_for $s "terminal too small" 3
tm resize-window -t $s -x 120 -y 40
check "back to 120x40 shows the table again" $s wait_for $s "$TABLE" 3
# Resizes in quick succession, through degenerate sizes, never crash it.
for size in 10x5 200x60 60x16 59x16 60x15 1x1 80x24 33x100 300x20 120x40; do
    tm resize-window -t $s -x "${size%x*}" -y "${size#*x}"
    sleep 0.02
done
check "rapid resizes (1x1 to 300x20) leave it running and re-laid out" $s wait_for $s "$TABLE" 3
check "exactly 60x16 is big enough" $s bash -c "
    tmux -S $(printf %q "$SOCKET") resize-window -t $s -x 60 -y 16
    for _ in \$(seq 60); do
        tmux -S $(printf %q "$SOCKET") capture-pane -p -t $s | grep -q 'terminal too small' || exit 0
        sleep 0.05
    done
    exit 1"
tm resize-window -t $s -x 120 -y 40
wait_for $s "$TABLE" 3
tm send-keys -t $s q
check "q quits with status 0 and restores the terminal" $s restored $s 0

# --- Ctrl-C quits ----------------------------------------------------------------------------
s=ctrlc
start $s
wait_for $s "$TABLE" 10
tm send-keys -t $s C-c
check "Ctrl-C quits with status 0 and restores the terminal" $s restored $s 0

# --- Ctrl-C inside an overlay still quits -------------------------------------------------------
s=ctrlc2
start $s
wait_for $s "$TABLE" 10
tm send-keys -t $s t
wait_for $s "[Tt]hreshold.*:" 2
tm send-keys -t $s C-c
check "Ctrl-C in the threshold prompt quits and restores" $s restored $s 0

# --- signals ----------------------------------------------------------------------------------
for signal in INT TERM HUP; do
    s=sig$signal
    start $s
    wait_for $s "$TABLE" 10
    pid=$(evaltop_pid $s)
    if [ -z "$pid" ]; then fail "SIG$signal: evaltop's pid not found" $s; continue; fi
    kill -s "$signal" "$pid"
    case $signal in INT) code=130 ;; TERM) code=143 ;; HUP) code=129 ;; esac
    check "SIG$signal ends evaltop ($code) and restores the terminal" $s restored $s $code
done

# A crash: the guard's handler for SIGSEGV/SIGABRT (and SIGILL/SIGTRAP, Swift's traps)
# restores the terminal, then re-raises so the process still dies of the signal.
for signal in SEGV ABRT ILL TRAP QUIT; do
    s=sig$signal
    start $s
    wait_for $s "$TABLE" 10
    pid=$(evaltop_pid $s)
    if [ -z "$pid" ]; then fail "SIG$signal: evaltop's pid not found" $s; continue; fi
    kill -s "$signal" "$pid"
    case $signal in SEGV) code=139 ;; ABRT) code=134 ;; ILL) code=132 ;; TRAP) code=133 ;; QUIT) code=131 ;; esac
    check "SIG$signal (crash) ends evaltop ($code) and restores the terminal" $s restored $s $code
done

# A real crash: --crash-test (hidden) traps in Swift after the first frame (SIGILL on
# x86-64, SIGTRAP on arm64). The runtime's message, written to stderr while the UI had the
# screen, is shown after the terminal is restored.
s=crash
start $s --crash-test
if wait_for $s "TTY=.*;" 10; then
    code=$(screen $s | sed -n 's/^EXIT=\([0-9]*\)$/\1/p')
    case $code in 132 | 133) pass "a Swift trap ends evaltop by its signal ($code)" ;; *) fail "a Swift trap ends evaltop by its signal (EXIT=$code)" $s ;; esac
    check "a Swift trap restores the terminal" $s restored $s "${code:-132}"
    check "a Swift trap's message is printed after the restoration" $s wait_for $s "Fatal error: --crash-test" 1
else
    fail "--crash-test: evaltop did not end" $s
fi

# SIGKILL cannot be caught: evaltop's guardian process (its child, forked when the UI took
# the screen) restores the terminal when evaltop dies without doing so.
s=sigKILL
start $s
wait_for $s "$TABLE" 10
pid=$(evaltop_pid $s)
[ -n "$pid" ] && kill -s KILL "$pid"
check "SIGKILL ends evaltop (137) and its guardian restores the terminal" $s restored $s 137

# The control: SIGKILL to the guardian and then to evaltop leaves the terminal in the UI's
# modes; the restoration check must notice (otherwise it proves nothing).
s=sigKILL2
start $s
wait_for $s "$TABLE" 10
pid=$(evaltop_pid $s)
guardian=$([ -n "$pid" ] && ps -o pid= --ppid "$pid" | tr -d ' ' | head -1)
[ -n "$guardian" ] && kill -s KILL "$guardian"
[ -n "$pid" ] && kill -s KILL "$pid"
wait_for $s "TTY=.*;" 10
if [ -n "$guardian" ] && ! restored $s 137 >/dev/null; then
    pass "control: the restoration check sees that SIGKILL to evaltop and its guardian left the terminal unrestored"
else
    fail "control: the restoration check sees that SIGKILL to evaltop and its guardian left the terminal unrestored (guardian: ${guardian:-none})" $s
fi

# A signal while the file is still loading (big enough to take a moment) also restores.
s=sigload
awk 'BEGIN { print "input_id,labels,a,b,c"; for (i = 0; i < 400000; i++) printf "i%d,%s,0.%d,0.%d,0.%d\n", i, (i % 2 ? "a" : "b"), i % 97, i % 89, i % 83 }' >"$WORK/slow.csv"
start $s slow.csv
if wait_for $s "Loading|loading|$TABLE" 10; then
    pid=$(evaltop_pid $s)
    [ -n "$pid" ] && kill -s TERM "$pid"
    check "SIGTERM during the load restores the terminal" $s restored $s 143
else
    fail "SIGTERM during the load: nothing appeared" $s
fi

# --- a bad file ---------------------------------------------------------------------------------
s=bad
printf 'input_id,labels,a,b\nx1,a,0.5\n' >"$WORK/bad.csv"
start $s bad.csv
if wait_for $s "EXIT=|Could not load" 10; then
    # The error is shown on screen first; any key leaves.
    if ! screen $s | grep -q "EXIT="; then tm send-keys -t $s q; fi
    check "a bad file exits with status 1 and restores the terminal" $s restored $s 1
    check "a bad file's error names the file and the line" $s \
        bash -c "tmux -S $(printf %q "$SOCKET") capture-pane -p -t $s | grep -Eq 'error: .*bad\.csv.*(line 2|:2)'"
else
    fail "a bad file: no error appeared" $s
fi

s=missing
start $s does-not-exist.csv
wait_for $s "EXIT=|Could not load" 10
if ! screen $s | grep -q "EXIT="; then tm send-keys -t $s q; fi
check "a missing file exits with status 1 and restores the terminal" $s restored $s 1
check "a missing file's error names it" $s bash -c "tmux -S $(printf %q "$SOCKET") capture-pane -p -t $s | grep -q 'error: .*does-not-exist.csv'"

# --- escape sequences in the data never reach the terminal -------------------------------------
s=evil
cat >"$WORK/evil.jsonl" <<'JSON'
{"input_id":"a\u001b]2;pwned\u0007one","url":"http://x.test/\u001b[31mred.jpg","fold":0,"labels":["cat\u001b[31m"],"scores":{"cat\u001b[31m":0.3,"dog\u001b]2;pwned\u0007":0.7}}
{"input_id":"b\u001b[31mtwo","url":"http://x.test/\u001b]2;pwned\u0007b.jpg","fold":0,"labels":["dog\u001b]2;pwned\u0007"],"scores":{"cat\u001b[31m":0.6,"dog\u001b]2;pwned\u0007":0.4}}
{"input_id":"c\u001b]2;pwned\u0007three","url":"http://x.test/c.jpg","fold":1,"labels":["cat\u001b[31m"],"scores":{"cat\u001b[31m":0.9,"dog\u001b]2;pwned\u0007":0.1}}
{"input_id":"d\u001b[31mfour","url":"http://x.test/d.jpg","fold":1,"labels":["dog\u001b]2;pwned\u0007"],"scores":{"cat\u001b[31m":0.2,"dog\u001b]2;pwned\u0007":0.8}}
JSON
start $s evil.jsonl
tm select-pane -t $s -T "untouched"
title_kept() { [ "$(tm display -p -t $s '#{pane_title}')" = "untouched" ]; }
check "escapes: concept names shown escaped in the table" $s wait_for $s 'cat\\x1b\[31m .*0\.[0-9]{4}' 10
check "escapes: OSC 2 in a concept name shown escaped" $s wait_for $s 'dog\\x1b\]2;pwned\\x07' 2
check "escapes: the pane title was not changed by the table" $s title_kept
tm send-keys -t $s Enter
# The preview pane (on from 100 columns, images drawn in tmux as half blocks) narrows the list
# and hides its URL column: i hides the preview.
tm send-keys -t $s i
check "escapes: ids and URLs shown escaped in the details" $s wait_for $s 'a\\x1b\]2;pwned\\x07.*http://x\.test/\\x1b\[31mred' 2
check "escapes: the pane title was not changed by the details" $s title_kept
tm send-keys -t $s Enter
check "escapes: the input overlay shows the id escaped" $s wait_for $s 'Input a\\x1b\]2;pwned\\x07one' 2
check "escapes: the input overlay shows the URL escaped" $s wait_for $s 'url +http://x\.test/\\x1b\[31mred\.jpg' 2
check "escapes: the pane title was not changed by the overlay" $s title_kept
tm send-keys -t $s q
wait_gone $s 'Input a\\x1b' 2
tm send-keys -t $s Escape c
check "escapes: the matrix shows the selected cell's names escaped" $s wait_for $s '(cat|dog)\\x1b' 2
check "escapes: the pane title was not changed by the matrix" $s title_kept
tm send-keys -t $s q
wait_for $s "$TABLE" 2
tm send-keys -t $s q
check "escapes: quits cleanly" $s restored $s 0

# --- many concepts: the matrix opens on Top confusions, at 80x24 and 200x60 ------------------
# 60 concepts, each confused with the next (k of its 12 inputs for concept k % 5).
python3 - "$WORK/many.csv" <<'PY'
import sys
names = [f"species_{c:02d}" for c in range(60)]
with open(sys.argv[1], "w") as f:
    f.write("input_id,labels," + ",".join(names) + "\n")
    for c in range(60):
        for k in range(12):
            scores = [0.01] * 60
            scores[c] = 0.6
            if k < c % 5:
                scores[(c + 1) % 60] = 0.9
            f.write(f"in_{c}_{k},{names[c]}," + ",".join(f"{v:.2f}" for v in scores) + "\n")
PY
for size in 80x24 200x60; do
    s=many$size
    tm new-session -d -s $s -x ${size%x*} -y ${size#*x} \
        "cd $(printf %q "$WORK") && $(printf %q "$BIN") many.csv; $report_tail"
    check "many concepts ($size): the table appears" $s wait_for $s "Concepts \(60\)" 10
    tm send-keys -t $s c
    check "many concepts ($size): c opens the Top confusions list" $s wait_for $s "Top confusions: counts at threshold" 3
    check "many concepts ($size): the largest confusion is first, with its share" $s \
        wait_for $s "1 +species_04 +.+ species_05 +4 +33\.3 %" 3
    tm send-keys -t $s Enter
    check "many concepts ($size): Enter lists the inputs behind the pair" $s wait_for $s "Labelled species_04, counted under species_05" 3
    tm send-keys -t $s Escape
    wait_gone $s "Labelled species_04" 3
    tm send-keys -t $s o
    check "many concepts ($size): o shows the grid on the same pair" $s wait_for $s "true species_04 .+ species_05: 4" 3
    tm send-keys -t $s n
    check "many concepts ($size): n jumps to the next largest confusion" $s wait_for $s "largest confusion #2 of" 3
    tm send-keys -t $s q q
    check "many concepts ($size): quits cleanly" $s restored $s 0
done

e2e_finish
