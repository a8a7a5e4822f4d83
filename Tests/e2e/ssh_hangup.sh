#!/usr/bin/env bash
# A dropped SSH connection, for real (issue 12): a private sshd on 127.0.0.1 (its own host
# key, config and authorized key in a temporary folder; no system service), evaltop run
# through `ssh -tt` inside tmux, three inputs flagged, then the ssh client killed with -9.
# sshd hangs up the pty: evaltop must exit on SIGHUP (status 129), leave no process behind
# (nor its terminal guardian), release the pty, and its journal must hold the three flags,
# whole. Needs root and openssh-server (.ci/run installs it); skipped without them.
# Prints "N passed, N failed"; exits non-zero on failure.
set -u
cd "$(dirname "$0")/../.."
BIN="$PWD/.build/release/evaltop"
SSHD=/usr/sbin/sshd
passed=0
failed=0

skip() { echo "ssh_hangup: $1; skipped"; echo "0 passed, 0 failed"; exit 0; }
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed"
[ -x "$SSHD" ] && command -v ssh >/dev/null 2>&1 || skip "openssh-server or openssh-client is not installed"
[ "$(id -u)" = 0 ] || skip "sshd needs root to log in"
if [ ! -x "$BIN" ]; then
    echo "ssh_hangup: $BIN is missing (swift build -c release --product evaltop)"
    echo "0 passed, 1 failed"
    exit 1
fi

work="$(mktemp -d)"
chmod 755 "$work"
cp Examples/digits.csv "$work/digits.csv"
session="evaltop-ssh-$$"
tmuxc() { tmux -L "$session" "$@"; }
sshd_pid=""
made_run_dir=0
cleanup() {
    tmuxc kill-server >/dev/null 2>&1
    if [ -n "$sshd_pid" ]; then kill "$sshd_pid" 2>/dev/null; wait "$sshd_pid" 2>/dev/null; fi
    [ "$made_run_dir" = 1 ] && rmdir /run/sshd 2>/dev/null
    rm -rf "$work"
}
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
# wait_until SECONDS COMMAND...: polls every 50 ms until COMMAND succeeds.
wait_until() {
    local limit="$1" start
    shift
    start=$(date +%s%N)
    until "$@"; do
        if (( ($(date +%s%N) - start) / 1000000 >= limit * 1000 )); then return 1; fi
        sleep 0.05
    done
}
# Our evaltop processes (the UI and its guardian): those whose command line names our file.
ours() { pgrep -f -- "$BIN $work/digits.csv" || true; }
none_of_ours() { [ -z "$(ours)" ]; }
# Whether any process still has the pty open.
pty_released() { ! ls -l /proc/[0-9]*/fd 2>/dev/null | grep -q -- "-> $1\$"; }

# --- The private sshd -------------------------------------------------------------------
ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$work/client_key"
cp "$work/client_key.pub" "$work/authorized_keys"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
cat > "$work/sshd_config" <<CONFIG
ListenAddress 127.0.0.1
HostKey $work/host_key
AuthorizedKeysFile $work/authorized_keys
PidFile $work/sshd.pid
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
UsePAM no
StrictModes no
LogLevel VERBOSE
CONFIG
if [ ! -d /run/sshd ]; then mkdir -p /run/sshd && made_run_dir=1; fi  # sshd's privilege separation folder
"$SSHD" -D -f "$work/sshd_config" -p "$port" -E "$work/sshd.log" &
sshd_pid=$!
ssh_args=(-i "$work/client_key" -p "$port" -o BatchMode=yes -o StrictHostKeyChecking=no
          -o UserKnownHostsFile="$work/known_hosts" -o LogLevel=ERROR root@127.0.0.1)
if wait_until 10 ssh "${ssh_args[@]}" true 2>/dev/null; then pass "a private sshd answers on 127.0.0.1:$port"; else
    fail "a private sshd answers on 127.0.0.1:$port"; cat "$work/sshd.log"; echo "$passed passed, $failed failed"; exit 1
fi

# --- evaltop through ssh -tt, three flags, the client killed -----------------------------
# round NAME SKIP REMOTE STATUS_FILE: runs REMOTE through ssh -tt in tmux, moves SKIP rows down
# the list, flags three inputs, kills the ssh client with -9, and checks what is left.
round() {
    local name="$1" skip="$2" remote="$3" status_file="$4" pid pty client moves=() i base
    tmuxc kill-server >/dev/null 2>&1
    tmuxc new-session -d -s "$session" -x 120 -y 40 "exec ssh -tt ${ssh_args[*]} \"$remote\""
    if wait_for "Concepts (10)" 20; then pass "$name: evaltop's UI comes up through ssh -tt"; else
        fail "$name: evaltop's UI comes up through ssh -tt"; screen; return; fi
    pid="$(ours | head -1)"
    pty="$(readlink "/proc/$pid/fd/0")"
    tmuxc send-keys -t "$session" Enter
    wait_for "Inputs behind" 5 || fail "$name: Enter opens the details"
    base="$(screen | grep -o '⚑ [0-9]*' | head -1 | grep -o '[0-9]*' || echo 0)"
    for ((i = 0; i < skip; i++)); do moves+=(j); done
    [ ${#moves[@]} -gt 0 ] && tmuxc send-keys -t "$session" "${moves[@]}"
    for i in 1 2 3; do
        tmuxc send-keys -t "$session" f
        wait_for "⚑ $((base + i))" 5 || { fail "$name: flag $i is acknowledged"; screen; }
        tmuxc send-keys -t "$session" j
    done
    client="$(tmuxc display-message -p -t "$session" '#{pane_pid}')"
    kill -9 "$client"
    if wait_until 10 none_of_ours; then pass "$name: after kill -9 of the ssh client, evaltop and its guardian exit"; else
        fail "$name: after kill -9 of the ssh client, evaltop and its guardian exit (left: $(ps -o pid=,args= -p "$(ours | paste -sd,)" 2>/dev/null))"; fi
    if [ -n "$status_file" ]; then
        if wait_until 5 test -s "$status_file" && [ "$(cat "$status_file")" = 129 ]; then
            pass "$name: evaltop ended as on SIGHUP (status 129)"
        else
            fail "$name: evaltop ended as on SIGHUP (status $(cat "$status_file" 2>/dev/null || echo none), want 129)"
        fi
    fi
    if [ -n "$pty" ] && wait_until 5 pty_released "$pty"; then pass "$name: the pty ($pty) is released"; else fail "$name: the pty ($pty) is released"; fi
    "$BIN" flags "$work/digits.csv" --format jsonl > "$work/replay.jsonl" 2> "$work/replay.err"
    if result="$(python3 Tests/e2e/support/check_journal.py "$work/digits.csv.flags.jsonl" "$work/replay.jsonl" "$work/replay.err" 0 0 $((base + 3)))" \
        && [ "$(wc -l < "$work/replay.jsonl")" = $((base + 3)) ]; then
        pass "$name: the journal holds all $((base + 3)) flags, whole ($result)"
    else
        fail "$name: the journal holds all $((base + 3)) flags, whole: $result; $(wc -l < "$work/replay.jsonl") listed"
    fi
}

env_vars="LANG=C.UTF-8 LC_ALL=C.UTF-8 USER=e2e-reviewer TERM=xterm-256color"
# 1. evaltop is the session's leader (ssh host evaltop FILE): the kernel sends it SIGHUP.
round "evaltop as the session leader" 0 "exec env $env_vars '$BIN' '$work/digits.csv'" ""
# 2. Behind a shell that stays and ignores SIGHUP (ssh host 'cd dir && evaltop FILE; …'): the
# kernel signals only the shell, so evaltop must notice the hung-up terminal itself. The shell
# reports evaltop's exit status (`\\\$?`: escaped for this shell, then for tmux's).
round "evaltop behind a shell" 3 "trap '' HUP; cd '$work' && env $env_vars '$BIN' '$work/digits.csv'; echo \\\$? > '$work/remote.status'" "$work/remote.status"
grep -q "Disconnected\|Connection closed\|Close session" "$work/sshd.log" && pass "sshd saw the connections drop" || { fail "sshd saw the connections drop"; tail -5 "$work/sshd.log"; }

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
