#!/usr/bin/env bash
# The terminal is restored and the flags journal intact when evaltop is killed in the middle
# of flagging (issue 12): rounds of rapid flagging in tmux, each ended at a random moment by
# SIGTERM, SIGHUP or SIGKILL sent to evaltop. After each, the pane's terminal must be as it
# was (`stty -g` before and after, tmux's own view of the modes: main screen, cursor visible,
# no mouse reporting, no bracketed paste, keypad off) and the journal must replay whole
# (Tests/e2e/support/check_journal.py: every complete event present, at most a torn line per
# SIGKILL, skipped with a warning, no event twice, nothing the screen showed as saved lost).
# SIGKILL cannot be caught: evaltop's guardian process restores the terminal then.
# Prints "N passed, N failed"; exits non-zero on failure; skips when tmux is missing.
set -u
cd "$(dirname "$0")/../.."
BIN="$PWD/.build/release/evaltop"
ROUNDS="${SIGNAL_ROUNDS:-3}"
passed=0
failed=0

if ! command -v tmux >/dev/null 2>&1; then
    echo "signals_tmux: tmux is not installed; skipped"
    echo "0 passed, 0 failed"
    exit 0
fi
if [ ! -x "$BIN" ]; then
    echo "signals_tmux: $BIN is missing (swift build -c release --product evaltop)"
    echo "0 passed, 1 failed"
    exit 1
fi

work="$(mktemp -d)"
cp Examples/digits.csv "$work/digits.csv"
session="evaltop-signals-$$"
# One private tmux server per round (a new server right after killing one can race its exit).
socket="$session"
tmuxc() { tmux -L "$socket" "$@"; }
cleanup() {
    for s in "${sockets[@]}"; do tmux -L "$s" kill-server >/dev/null 2>&1; done
    rm -rf "$work"
}
sockets=()
trap cleanup EXIT

pass() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
screen() { tmuxc capture-pane -p -t "$session" 2>/dev/null; }
wait_for() {
    local text="$1" limit="${2:-10}" start
    start=$(date +%s%N)
    while :; do
        if screen | grep -qF -- "$text"; then return 0; fi
        if (( ($(date +%s%N) - start) / 1000000 >= limit * 1000 )); then return 1; fi
        sleep 0.05
    done
}
# wait_still SECONDS: waits until the screen stops changing (every key sent so far handled).
wait_still() {
    local limit="$1" start last now
    start=$(date +%s%N)
    last="$(screen)"
    while :; do
        sleep 0.2
        now="$(screen)"
        [ "$now" = "$last" ] && return 0
        last="$now"
        if (( ($(date +%s%N) - start) / 1000000 >= limit * 1000 )); then return 1; fi
    done
}
wait_gone() {
    local pid="$1" limit="${2:-10}" start
    start=$(date +%s%N)
    while kill -0 "$pid" 2>/dev/null; do
        if (( ($(date +%s%N) - start) / 1000000 >= limit * 1000 )); then return 1; fi
        sleep 0.05
    done
}

# The pane runs this shell: it notes the terminal's settings, runs evaltop, notes them again
# once evaltop is gone (allowing the guardian, after a SIGKILL, up to two seconds), then stays.
cat > "$work/pane.sh" <<PANE
#!/bin/sh
stty -g > "$work/stty.before"
"$BIN" "$work/digits.csv"
echo \$? > "$work/status"
i=0
while [ \$i -lt 40 ] && [ "\$(stty -g)" != "\$(cat "$work/stty.before")" ]; do sleep 0.05; i=\$((i + 1)); done
stty -g > "$work/stty.after"
echo "SHELL-AFTER-EVALTOP"
exec sleep 600
PANE
chmod +x "$work/pane.sh"

# The modes tmux sees in the pane: "0 0 1 0 0" is the main screen, no keypad mode, cursor
# visible, no mouse reporting (any, SGR). (tmux 3.3 has no format for bracketed paste.)
modes() {
    tmuxc display-message -p -t "$session" '#{alternate_on} #{keypad_flag} #{cursor_flag} #{mouse_any_flag} #{mouse_sgr_flag}'
}

kills=0
round=0
signals=()
for ((r = 0; r < ROUNDS; r++)); do signals+=(TERM HUP KILL); done
for sig in "${signals[@]}"; do
    round=$((round + 1))
    rm -f "$work/stty.before" "$work/stty.after" "$work/status"
    # A line torn by an earlier SIGKILL stays the last line until an event follows it.
    torn_before=0
    [ -s "$work/digits.csv.flags.jsonl" ] && [ "$(tail -c 1 "$work/digits.csv.flags.jsonl" | od -An -tx1 | tr -d ' ')" != 0a ] && torn_before=1
    tmuxc kill-server >/dev/null 2>&1
    socket="$session-$round"
    sockets+=("$socket")
    tmuxc new-session -d -s "$session" -x 120 -y 40 \
        "env LANG=C.UTF-8 LC_ALL=C.UTF-8 USER=e2e-reviewer TERM=xterm-256color sh '$work/pane.sh'"
    if ! wait_for "Concepts (10)" 15; then fail "round $round: the UI starts"; screen; continue; fi
    shell_pid="$(tmuxc display-message -p -t "$session" '#{pane_pid}')"
    pid="$(ps -o pid= --ppid "$shell_pid" | tr -d ' ' | head -1)"
    during_modes="$(modes)"
    tmuxc send-keys -t "$session" Enter
    wait_for "Inputs behind" 5 || { fail "round $round: Enter opens the details"; continue; }
    # The true negatives' tab (1,600 rows), each round 40 rows further down: every f flags an
    # input no earlier round flagged, so the count on screen only grows, and the list never
    # ends under the burst (where f would toggle one row back and forth).
    tmuxc send-keys -t "$session" 4
    wait_for "TN 1" 5
    moves=()
    for ((k = 0; k < (round - 1) * 40; k++)); do moves+=(j); done
    [ ${#moves[@]} -gt 0 ] && tmuxc send-keys -t "$session" "${moves[@]}"
    wait_still 10 || fail "round $round: the moves down the list settle"
    # A burst of flags (f, then down), then the signal at a random moment while they are saved.
    burst=()
    for ((k = 0; k < 40; k++)); do burst+=(f j); done
    lines_before=$(cat "$work/digits.csv.flags.jsonl" 2>/dev/null | wc -l)
    tmuxc send-keys -t "$session" "${burst[@]}"
    sleep "0.$(printf '%03d' $((50 + RANDOM % 400)))"
    shown="$(screen | grep -o '⚑ [0-9]*' | head -1 | grep -o '[0-9]*' || true)"
    kill -s "$sig" "$pid"
    [ "$sig" = KILL ] && kills=$((kills + 1))
    if wait_gone "$pid" 5; then pass "round $round: SIGTERM/HUP/KILL ($sig) ends evaltop"; else fail "round $round: evaltop survives SIG$sig"; continue; fi
    wait_for "SHELL-AFTER-EVALTOP" 5 || { fail "round $round: the pane's shell carries on after SIG$sig"; screen; }
    if [ -f "$work/stty.after" ] && cmp -s "$work/stty.before" "$work/stty.after"; then
        pass "round $round: SIG$sig: stty settings as before evaltop"
    else
        fail "round $round: SIG$sig: stty settings differ (before $(cat "$work/stty.before" 2>/dev/null), after $(cat "$work/stty.after" 2>/dev/null))"
    fi
    after_modes="$(modes)"
    if [ "$after_modes" = "0 0 1 0 0" ]; then
        pass "round $round: SIG$sig: main screen, cursor visible, mouse, keypad and paste modes off"
    else
        fail "round $round: SIG$sig: terminal modes after: $after_modes (while evaltop ran: $during_modes; want 0 0 1 0 0)"
    fi
    status="$(cat "$work/status" 2>/dev/null)"
    case "$sig" in
        TERM) want=143 ;; HUP) want=129 ;; KILL) want=137 ;;
    esac
    if [ "$status" = "$want" ]; then pass "round $round: exit status $want after SIG$sig"; else fail "round $round: exit status $status after SIG$sig (want $want)"; fi
    "$BIN" flags "$work/digits.csv" --format jsonl > "$work/replay.jsonl" 2> "$work/replay.err"
    if result="$(python3 Tests/e2e/support/check_journal.py "$work/digits.csv.flags.jsonl" "$work/replay.jsonl" \
            "$work/replay.err" "$kills" "$([ "$sig" = KILL ] || [ "$torn_before" = 1 ] && echo 1 || echo 0)" "${shown:-0}")"; then
        pass "round $round: SIG$sig: journal replays whole ($result; this round wrote $(( $(wc -l < "$work/digits.csv.flags.jsonl") - lines_before )) lines; screen showed ${shown:-0} saved)"
    else
        fail "round $round: SIG$sig: journal: $result"
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
