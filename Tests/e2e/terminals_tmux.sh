#!/usr/bin/env bash
# End-to-end test of what terminals people SSH from send and show (issue 10, items 1–3),
# on the real binary in tmux, for TERM=xterm, linux, screen-256color, xterm-256color, vt100:
# - every common form of Home/End/Insert/Delete/PgUp/PgDn/F1 and the modified arrows acts as
#   its key, and never as Esc plus keys (Home as ESC[1~ used to move t from 0.50 to 0.40);
# - unknown sequences, mouse reports and bracketed pastes are swallowed whole;
# - a lone Esc still closes the help at once;
# - no text is drawn in its own background colour (capture-pane -e), in every theme;
# - with LANG=C, non-ASCII names are shown escaped, never dropped.
# The key bytes are sent raw (send-keys -H), exactly as a terminal would send them.
# Prints "N passed, N failed" last; exits non-zero when anything failed.
set -uo pipefail
source "$(dirname "$0")/lib/tmux_harness.sh"
e2e_setup "the terminals"
# settled SESSION: the pane stopped changing (two captures 150 ms apart are equal).
settled() {
    local a b
    for _ in $(seq 40); do
        a=$(screen "$1"); sleep 0.15; b=$(screen "$1")
        [ "$a" = "$b" ] && return 0
    done
    return 1
}
# raw SESSION STRING: sends the bytes of STRING (printf escapes allowed) as one write.
raw() {
    local hex
    hex=$(printf "$2" | od -An -tx1 | tr -s ' \n' ' ')
    # shellcheck disable=SC2086
    tm send-keys -t "$1" -H $hex
}
# The concept the curve pane shows (the selected one).
selected() { screen "$1" | grep -oE -m1 '(ROC|PR) +[a-z]+' | awk '{print $2}'; }
threshold() { screen "$1" | grep -oE -m1 't=[0-9]\.[0-9]{2}'; }

# start SESSION TERM [ENV...] -- ARGS: evaltop in a new 100×30 session.
start() {
    local session=$1 term=$2
    shift 2
    local env=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do env+=("$1"); shift; done
    [ $# -gt 0 ] && shift
    launch "$session" 100 30 "env TERM=$term ${env[*]:-}" "$@"
}

tm new-session -d -s holder -x 100 -y 30 "exec sleep 600"
tm set-option -g default-terminal "screen"

# The checker for colours: SGR state through a capture-pane -e dump; prints the cells
# whose foreground equals their background, or black on the default background, or the
# default foreground on black (both vanish on a black terminal).
cat >"$WORK/colours.py" <<'PY'
import re, sys
bad = []
for row, line in enumerate(sys.stdin.read().split("\n")):
    fg = bg = None
    i = 0
    while i < len(line):
        m = re.match(r"\x1b\[([0-9;:]*)m", line[i:])
        if m:
            params = [p for p in m.group(1).split(";")] if m.group(1) else ["0"]
            k = 0
            while k < len(params):
                p = int(params[k] or 0)
                if p == 0: fg = bg = None
                elif 30 <= p <= 37: fg = p - 30
                elif 90 <= p <= 97: fg = p - 90 + 8
                elif p == 39: fg = None
                elif 40 <= p <= 47: bg = p - 40
                elif 100 <= p <= 107: bg = p - 100 + 8
                elif p == 49: bg = None
                elif p in (38, 48) and k + 2 < len(params) and params[k + 1] == "5":
                    if p == 38: fg = int(params[k + 2])
                    else: bg = int(params[k + 2])
                    k += 2
                k += 1
            i += m.end()
            continue
        ch = line[i]
        i += 1
        if ch.isspace(): continue
        if (fg is not None and fg == bg) or (fg == 0 and bg is None) or (fg is None and bg == 0):
            bad.append(f"row {row} {ch!r} fg={fg} bg={bg}")
for b in bad[:5]: print(b)
sys.exit(1 if bad else 0)
PY
colours_ok() { tm capture-pane -e -p -t "$1" | python3 "$WORK/colours.py"; }

n=0
for term in xterm linux screen-256color xterm-256color vt100; do
    n=$((n + 1))
    s="keys$n"
    start $s $term LANG=C.UTF-8 --
    if ! wait_for $s 'Concepts \(' 15; then fail "$term: the table appears" $s; continue; fi
    settled $s
    tm send-keys -t $s g; settled $s; first=$(selected $s)
    tm send-keys -t $s G; settled $s; last=$(selected $s)
    if [ -z "$first" ] || [ "$first" = "$last" ]; then fail "$term: first and last concepts differ ('$first', '$last')" $s; continue; fi

    # Home and End in the table, every form; the threshold must never move.
    for form in '\033[1~' '\033[H' '\033OH' '\033[7~' '\033[1;5H'; do
        tm send-keys -t $s G; settled $s
        raw $s "$form"; settled $s
        if [ "$(selected $s)" = "$first" ] && [ "$(threshold $s)" = "t=0.50" ]; then pass "$term: Home as $form selects the first concept"
        else fail "$term: Home as $form selects the first concept (got $(selected $s), $(threshold $s))" $s; fi
    done
    for form in '\033[4~' '\033[F' '\033OF' '\033[8~' '\033[1;2F'; do
        tm send-keys -t $s g; settled $s
        raw $s "$form"; settled $s
        if [ "$(selected $s)" = "$last" ] && [ "$(threshold $s)" = "t=0.50" ]; then pass "$term: End as $form selects the last concept"
        else fail "$term: End as $form selects the last concept (got $(selected $s), $(threshold $s))" $s; fi
    done
    # PgDn/PgUp, modified arrows (Ctrl-→ is →: t + 0.01), Insert and Delete (no action).
    tm send-keys -t $s g; settled $s
    raw $s '\033[6~'; settled $s
    [ "$(selected $s)" != "$first" ] && pass "$term: PgDn as ESC[6~ moves down" || fail "$term: PgDn as ESC[6~ moves down" $s
    raw $s '\033[5~'; settled $s
    [ "$(selected $s)" = "$first" ] && pass "$term: PgUp as ESC[5~ moves up" || fail "$term: PgUp as ESC[5~ moves up" $s
    raw $s '\033[1;5C'; check "$term: Ctrl-Right (ESC[1;5C) is Right: t=0.51" $s wait_for $s 't=0\.51' 3
    raw $s '\033[1;2D'; check "$term: Shift-Left (ESC[1;2D) is Left: t=0.50" $s wait_for $s 't=0\.50' 3
    # Unknown sequences, replies, mouse reports and a paste: nothing typed, nothing moves.
    before=$(screen $s)
    raw $s '\033[2~\033[3~\033[99~\033[1;5X\033[?1;2c\033]11;rgb:0/0/0\007\033Oz\033[I\033[<65;5;5M\033[<64;5;5M\033[<35;9;9M'
    raw $s '\033[200~]]]][[qq\033[201~'
    settled $s
    if [ "$(threshold $s)" = "t=0.50" ] && [ "$(selected $s)" = "$first" ] && screen $s | grep -q 'Concepts ('; then
        pass "$term: unknown sequences, mouse reports and a paste are swallowed"
    else fail "$term: unknown sequences, mouse reports and a paste are swallowed" $s; fi
    # A left click (SGR report, press and release) on the third table row selects it.
    third=$(screen $s | sed -n 8p | awk '{print $2}')
    raw $s '\033[<0;6;8M\033[<0;6;8m'; settled $s
    if [ -n "$third" ] && [ "$(selected $s)" = "$third" ]; then pass "$term: a click (SGR mouse) selects the row under it"
    else fail "$term: a click (SGR mouse) selects the row under it (wanted '$third', got '$(selected $s)')" $s; fi
    tm send-keys -t $s g; settled $s
    # F1 in its three forms opens the help; a lone Esc closes it at once.
    for form in '\033OP' '\033[11~' '\033[[A'; do
        raw $s "$form"
        if wait_for $s 'Help' 3; then
            start_ns=$(date +%s%N)
            raw $s '\033'
            if wait_gone $s '─ Help|- Help|Help ─' 3; then
                ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
                pass "$term: F1 as $form opens the help, Esc closes it (${ms} ms)"
            else fail "$term: Esc closes the help after F1 as $form" $s; fi
        else fail "$term: F1 as $form opens the help" $s; fi
        settled $s
    done
    # In a prompt Home/End move the cursor: neither cancel it nor change the threshold.
    tm send-keys -t $s t; wait_for $s 'threshold \(0 to 1\)' 3
    tm send-keys -t $s -l '.35'; raw $s '\033[1~'; tm send-keys -t $s -l '0'; raw $s '\033[4~'
    check "$term: Home/End in the threshold prompt edit it" $s wait_for $s 'threshold \(0 to 1\): 0\.35' 3
    tm send-keys -t $s Enter
    check "$term: the edited threshold applies" $s wait_for $s 't=0\.35' 3
    # End in the details moves to the last input; it does not close them.
    tm send-keys -t $s Enter; wait_for $s 'Inputs behind' 3
    raw $s '\033[4~'; settled $s
    check "$term: End in the details keeps them open" $s wait_for $s 'Inputs behind' 2
    # Colours: nothing drawn in its own background, in every theme (vt100 has none).
    if colours_ok $s >"$WORK/bad"; then pass "$term: no text in its own background colour (default theme)"
    else fail "$term: no text in its own background colour (default theme): $(head -3 "$WORK/bad" | tr '\n' ' ')"; fi
    tm kill-session -t $s
done

# Every theme, on the two 8-colour terminals, on the main screen, the details and the matrix.
for term in xterm linux; do
    for theme in default light high-contrast mono; do
        n=$((n + 1)); s="theme$n"
        start $s $term LANG=C.UTF-8 -- --theme $theme
        if ! wait_for $s 'Concepts \(' 15; then fail "$term $theme: the table appears" $s; continue; fi
        for keys in "" Enter "Escape c"; do
            # shellcheck disable=SC2086
            [ -n "$keys" ] && tm send-keys -t $s $keys
            settled $s
            if colours_ok $s >"$WORK/bad"; then pass "$term --theme $theme [$keys]: no text in its own background colour"
            else fail "$term --theme $theme [$keys]: no text in its own background colour: $(head -3 "$WORK/bad" | tr '\n' ' ')"; fi
        done
        tm kill-session -t $s
    done
done

# LANG=C: names escaped, never dropped, rows aligned.
printf 'input_id,labels,jalapeño,café,日本,中国,plain\nin_1,jalapeño,0.9,0.1,0.2,0.1,0.1\nin_2,café,0.2,0.8,0.1,0.3,0.1\nin_3,日本,0.1,0.2,0.7,0.4,0.1\nin_4,中国,0.1,0.2,0.3,0.6,0.1\nin_5,plain,0.1,0.1,0.1,0.2,0.9\n' >"$WORK/unicode.csv"
for term in xterm linux; do
    n=$((n + 1)); s="langc$n"
    start $s $term LANG=C LC_ALL=C -- unicode.csv
    tm resize-window -t $s -x 160 -y 30  # room for whole names: the test is about escaping, not cutting
    if wait_for $s 'Concepts \(' 15; then
        text=$(screen $s)
        ok=0
        for name in 'jalape\\u00f1o' 'caf\\u00e9' '\\u65e5\\u672c' '\\u4e2d\\u56fd'; do
            grep -Eq -- "$name" <<<"$text" || { echo "  missing $name"; ok=1; }
        done
        grep -q 'jalapeo' <<<"$text" && { echo "  jalapeo (dropped ñ)"; ok=1; }
        # The AUC column starts at the same place on every concept row.
        cols=$(python3 -c '
import re, sys
starts = {m.start() for line in sys.stdin for m in [re.search(r" [01]\.[0-9]{4}", line)]
          if m and line.startswith(("│  ", "|  ")) and re.search(r"jalape|caf|u65e5|u4e2d| plain ", line)}
print(len(starts))' <<<"$text")
        [ "$cols" = 1 ] || { echo "  AUC columns start at $cols places"; ok=1; }
        [ $ok = 0 ] && pass "$term LANG=C: names escaped, never dropped, columns aligned" || fail "$term LANG=C: names escaped" $s
    else fail "$term LANG=C: the table appears" $s; fi
    tm kill-session -t $s
done

e2e_finish
