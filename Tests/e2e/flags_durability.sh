#!/usr/bin/env bash
# Flags survive a crash and a dropped connection (issue 4), driven through the real binary in
# tmux: flag three inputs, kill -9 the process, check `evaltop flags`; start again, flag two
# more, kill the tmux session (SIGHUP), check again. The screen is polled, never slept on.
# Prints "N passed, N failed"; exits non-zero on failure; skips when tmux is missing.
set -u
cd "$(dirname "$0")/../.."
BIN="$PWD/.build/release/evaltop"
passed=0
failed=0

if ! command -v tmux >/dev/null 2>&1; then
    echo "flags_durability: tmux is not installed; skipped"
    echo "0 passed, 0 failed"
    exit 0
fi
if [ ! -x "$BIN" ]; then
    echo "flags_durability: $BIN is missing (swift build -c release --product evaltop)"
    echo "0 passed, 1 failed"
    exit 1
fi

work="$(mktemp -d)"
cp Examples/digits.csv "$work/digits.csv"
# A private tmux server keeps everyone else's sessions out of reach. Where one cannot be
# started (tmux's daemon() refuses when /dev/null is not a character device, as in some
# sandboxes), fall back to the running default server; our session's name is unique.
session="evaltop-flags-e2e-$$"
tmux_args=(-L "$session")
if ! tmux "${tmux_args[@]}" new-session -d -s probe "sleep 1" 2>/dev/null; then
    tmux_args=()
fi
tmuxc() { tmux "${tmux_args[@]}" "$@"; }
cleanup() {
    if [ ${#tmux_args[@]} -gt 0 ]; then tmuxc kill-server >/dev/null 2>&1
    else tmuxc kill-session -t "$session" >/dev/null 2>&1; fi
    rm -rf "$work"
}
trap cleanup EXIT

pass() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }

screen() { tmuxc capture-pane -p -t "$session" 2>/dev/null; }

# wait_for TEXT [SECONDS]: polls the screen every 50 ms until TEXT appears.
wait_for() {
    local text="$1" limit="${2:-10}" start
    start=$(date +%s%N)
    while :; do
        if screen | grep -qF -- "$text"; then return 0; fi
        if (( ($(date +%s%N) - start) / 1000000 >= limit * 1000 )); then return 1; fi
        sleep 0.05
    done
}

# wait_gone PID [SECONDS]
wait_gone() {
    local pid="$1" limit="${2:-10}" start
    start=$(date +%s%N)
    while kill -0 "$pid" 2>/dev/null; do
        if (( ($(date +%s%N) - start) / 1000000 >= limit * 1000 )); then return 1; fi
        sleep 0.05
    done
}

start_ui() {
    tmuxc new-session -d -s "$session" -x 120 -y 40 \
        "exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 USER=e2e-reviewer TERM=xterm-256color '$BIN' '$work/digits.csv'"
    wait_for "Concepts (10)" 15
}

# flag_rows N BASE: presses f then j, N times, waiting each time for the header's count
# (BASE flagged before) to go up, i.e. for the save to be acknowledged.
flag_rows() {
    local i
    for ((i = 1; i <= $1; i++)); do
        tmuxc send-keys -t "$session" f
        wait_for "⚑ $(($2 + i))" 5 || return 1
        tmuxc send-keys -t "$session" j
    done
}

# The ids listed by `evaltop flags`, sorted.
listed_ids() {
    "$BIN" flags "$work/digits.csv" --format csv | tail -n +2 | cut -d, -f1 | tr -d '\r' | sort
}

# --- 1. Three flags, then kill -9 -------------------------------------------------------
if start_ui; then pass "the UI starts in tmux"; else fail "the UI starts in tmux"; screen; exit 1; fi
tmuxc send-keys -t "$session" Enter
wait_for "Inputs behind" 5 || fail "Enter opens the details"
if flag_rows 3 0; then pass "three inputs flagged (header counts 3)"; else fail "three inputs flagged"; screen; fi
flagged_on_screen="$(screen | grep '^│⚑ ' | grep -o 'digits_[0-9]*' | sort)"
pid="$(tmuxc display-message -p -t "$session" '#{pane_pid}')"
kill -9 "$pid"
wait_gone "$pid" 5 || fail "the process dies on SIGKILL"
ids="$(listed_ids)"
if [ "$(echo "$ids" | grep -c digits_)" = 3 ] && [ "$ids" = "$flagged_on_screen" ]; then
    pass "after kill -9, evaltop flags lists the three flagged inputs"
else
    fail "after kill -9, evaltop flags lists the three flagged inputs (got: $ids; screen: $flagged_on_screen)"
fi
tmuxc kill-session -t "$session" >/dev/null 2>&1

# --- 2. Replay, two more flags, then the session is killed (SIGHUP) ------------------------
if start_ui && wait_for "⚑ 3" 5; then pass "the journal is replayed on restart"; else fail "the journal is replayed on restart"; screen; fi
tmuxc send-keys -t "$session" Enter
wait_for "Inputs behind" 5
tmuxc send-keys -t "$session" j j j
if flag_rows 2 3; then pass "two more inputs flagged (header counts 5)"; else fail "two more inputs flagged"; screen; fi
flagged_on_screen="$(screen | grep '^│⚑ ' | grep -o 'digits_[0-9]*' | sort)"
pid="$(tmuxc display-message -p -t "$session" '#{pane_pid}')"
tmuxc kill-session -t "$session"
wait_gone "$pid" 5 && pass "the process exits on SIGHUP" || fail "the process exits on SIGHUP"
ids="$(listed_ids)"
if [ "$(echo "$ids" | grep -c digits_)" = 5 ] && [ "$ids" = "$flagged_on_screen" ]; then
    pass "after SIGHUP, evaltop flags lists all five flagged inputs"
else
    fail "after SIGHUP, evaltop flags lists all five flagged inputs (got: $ids; screen: $flagged_on_screen)"
fi
lines="$(wc -l < "$work/digits.csv.flags.jsonl")"
if [ "$lines" = 5 ]; then pass "the journal holds exactly five whole events"; else fail "the journal holds five events (has $lines lines)"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
