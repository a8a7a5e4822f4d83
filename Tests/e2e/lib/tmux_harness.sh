# The harness shared by the end-to-end scripts that drive the real binary in tmux, one tmux
# session per check (ui, terminals, compare, images, ux, summary). Sourced, not run: the
# scripts in Tests/e2e/ are run one by one by scripts/test.sh, and this folder is not.
#
#   source "$(dirname "$0")/lib/tmux_harness.sh"
#   e2e_setup "the image"          # skips without tmux, fails without the binary
#   ... start sessions, check NAME SESSION wait_for SESSION REGEX ...
#   e2e_finish                      # prints "N passed, N failed" and sets the exit status
#
# Gives ROOT (the repository), BIN (EVALTOP_BIN or the release build), WORK (a temporary
# folder, removed at exit with the private tmux server), and the helpers below. A script that
# starts more (a server, say) defines `e2e_cleanup_extra`, which the exit trap calls first.

cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
ROOT=$PWD
BIN=${EVALTOP_BIN:-$ROOT/.build/release/evaltop}
passed=0
failed=0

# e2e_setup WHAT: the checks every script makes before it starts, then WORK and the tmux server.
e2e_setup() {
    if ! command -v tmux >/dev/null 2>&1; then
        echo "tmux is not installed: skipping $1 end-to-end test"
        echo "0 passed, 0 failed"
        exit 0
    fi
    if [ ! -x "$BIN" ]; then
        echo "missing $BIN (run: swift build -c release --product evaltop)"
        echo "0 passed, 1 failed"
        exit 1
    fi
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/evaltop-e2e.XXXXXX")
    SOCKET="$WORK/tmux.sock"
    trap e2e_cleanup EXIT
}

e2e_cleanup() {
    declare -F e2e_cleanup_extra >/dev/null && e2e_cleanup_extra
    tm kill-server >/dev/null 2>&1
    rm -rf "$WORK"
}

e2e_finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}

# A private server, without the user's configuration.
tm() { tmux -f /dev/null -S "$SOCKET" "$@"; }

pass() { passed=$((passed + 1)); echo "ok   - $1"; }
# fail NAME [SESSION]: counts the failure and shows the session's screen.
fail() {
    failed=$((failed + 1))
    echo "FAIL - $1"
    if [ -n "${2:-}" ]; then
        echo "  --- screen of $2 ---"
        tm capture-pane -p -t "$2" 2>/dev/null | sed 's/^/  | /'
    fi
}
# check NAME SESSION COMMAND...: passes when the command succeeds.
check() {
    local name=$1 session=$2
    shift 2
    if "$@"; then pass "$name"; else fail "$name" "$session"; fi
}

screen() { tm capture-pane -p -t "$1" 2>/dev/null; }

# wait_for SESSION REGEX [TIMEOUT_SECONDS]: polls the pane every 50 ms until it matches.
wait_for() {
    local session=$1 regex=$2 timeout=${3:-10}
    local deadline=$((SECONDS + timeout))
    while [ $SECONDS -le $deadline ]; do
        if screen "$session" | grep -Eq -- "$regex"; then return 0; fi
        sleep 0.05
    done
    return 1
}
# wait_gone SESSION REGEX [TIMEOUT_SECONDS]: until the pane no longer matches.
wait_gone() {
    local session=$1 regex=$2 timeout=${3:-10}
    local deadline=$((SECONDS + timeout))
    while [ $SECONDS -le $deadline ]; do
        if ! screen "$session" | grep -Eq -- "$regex"; then return 0; fi
        sleep 0.05
    done
    return 1
}

# What the shell around evaltop runs after it: how it ended and whether the terminal's line
# discipline came back (echo, icanon), then it idles so that the pane stays readable.
report_tail='echo "EXIT=$?"; printf "TTY="; stty -a | tr " ;" "\n\n" | grep -Ex -- "-?(echo|icanon)" | tr "\n" " "; echo ";"; exec sleep 600'

# launch SESSION WIDTH HEIGHT PREFIX ARGS...: evaltop ARGS in a new session of that size, in
# WORK, after PREFIX (environment assignments, or ""), followed by `report_tail`.
launch() {
    local session=$1 width=$2 height=$3 prefix=$4
    shift 4
    local quoted=""
    [ $# -gt 0 ] && quoted=$(printf ' %q' "$@")
    tm new-session -d -s "$session" -x "$width" -y "$height" \
        "cd $(printf %q "$WORK") && $prefix $(printf %q "$BIN")$quoted; $report_tail"
}
