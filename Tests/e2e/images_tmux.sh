#!/usr/bin/env bash
# End-to-end test of images in the real evaltop binary, in tmux (which, without
# allow-passthrough, gets half blocks from --images auto): the input overlay shows the image
# in `▀` cells of the image's colours, a missing file and a server that never answers say so
# in the pane while keys keep working, Esc leaves no image behind, and `report` reads the image
# sizes from the files for the diagnosis.
# Polls the screen (every 50 ms, with a timeout) instead of sleeping.
# Prints "N passed, N failed" last; exits non-zero when anything failed.
set -uo pipefail
source "$(dirname "$0")/lib/tmux_harness.sh"
e2e_setup "the image"
SERVER_PID=""
e2e_cleanup_extra() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; }

# A server that accepts connections and never answers (prints its port and pid).
python3 -u -c '
import os, socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
print(s.getsockname()[1], os.getpid(), flush=True)
held = []
while True:
    c, _ = s.accept(); held.append(c)
' > "$WORK/server.txt" &
for _ in $(seq 100); do [ -s "$WORK/server.txt" ] && break; sleep 0.05; done
read -r SLOW_PORT SERVER_PID < "$WORK/server.txt"

# Images: i0 a 64×64 PNG, red on the left and blue on the right; i1 missing; i2 on the slow
# server; the rest small red squares (200×100) so that `report` says small images.
python3 - "$WORK" "$SLOW_PORT" <<'PY'
import struct, sys, zlib
work, port = sys.argv[1], sys.argv[2]
def png(path, w, h, pixel):
    raw = b"".join(b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(w)) for y in range(h))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                           + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
png(f"{work}/split.png", 64, 64, lambda x, y: (255, 0, 0) if x < 32 else (0, 0, 255))
png(f"{work}/small.png", 200, 100, lambda x, y: (255, 0, 0))
rows = ["input_id,labels,url,cat,dog",
        "i0,cat,split.png,0.01,0.99", "i1,cat,img/missing.png,0.02,0.98",
        f"i2,cat,http://127.0.0.1:{port}/slow.png,0.03,0.97"]
rows += [f"s{i},{'cat' if i % 2 else 'dog'},small.png,{0.6 if i % 2 else 0.3},{0.4 if i % 2 else 0.7}" for i in range(12)]
open(f"{work}/eval.csv", "w").write("\n".join(rows) + "\n")
PY

# Truecolor half blocks in tmux: the overlay of i0 (the worst FN of cat, first in the list).
tm new-session -d -s holder -x 120 -y 40 "exec sleep 600"
tm set-option -g default-terminal "tmux-256color" 2>/dev/null || tm set-option -g default-terminal "screen-256color"
tm new-session -d -s img -x 120 -y 40 -e COLORTERM=truecolor -e LANG=C.UTF-8 -e XDG_CACHE_HOME="$WORK/cache" \
    "cd $(printf %q "$WORK") && $(printf %q "$BIN") eval.csv; exec sleep 600"
if wait_for img 'Concepts \(' 20; then pass "the UI starts"; else fail "the UI starts" img; fi
tm send-keys -t img Enter
wait_for img 'Inputs behind cat' 10 || fail "details open" img
tm send-keys -t img Enter
if wait_for img '▀▀▀▀▀▀▀▀▀▀' 10; then pass "the overlay shows the image in half blocks"; else fail "the overlay shows the image in half blocks" img; fi
# Polled: the half blocks can be on screen before the whole frame is (under load the capture
# caught the red half without the blue one).
both_colours() {
    local colours; colours=$(tm capture-pane -p -e -t img)
    grep -q '38;2;255;0;0' <<<"$colours" && grep -q '38;2;0;0;255' <<<"$colours"
}
colour_deadline=$((SECONDS + 5))
until both_colours || [ $SECONDS -gt $colour_deadline ]; do sleep 0.05; done
if both_colours; then
    pass "the half blocks carry the image's red and blue in 24-bit colour"
else
    fail "the half blocks carry the image's red and blue in 24-bit colour" img
fi
tm send-keys -t img Escape
# The overlay goes; its image with it (the preview pane beside the list keeps a smaller one).
if wait_gone img 'Input i0 ' 5 && ! screen img | grep -q '▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀▀'; then
    pass "Esc leaves no overlay image behind"
else
    fail "Esc leaves no overlay image behind" img
fi
if screen img | grep -q 'Preview i0'; then pass "the preview pane shows the selected input"; else fail "the preview pane shows the selected input" img; fi

# The missing file: the second row.
tm send-keys -t img Down Enter
if wait_for img 'image not found: img/missing.png' 10; then pass "a missing image says so in the pane"; else fail "a missing image says so in the pane" img; fi
tm send-keys -t img Escape
# The slow server: the pane says loading, and keys still answer at once.
tm send-keys -t img Down Enter
if wait_for img 'loading image' 10; then pass "a remote image loads in the background"; else fail "a remote image loads in the background" img; fi
tm send-keys -t img Escape
if wait_gone img 'Input i2 ' 2; then pass "Esc answers while the server never does"; else fail "Esc answers while the server never does" img; fi
tm send-keys -t img Enter
if wait_for img 'fetch timed out after 10 s' 20; then pass "the fetch times out after 10 s"; else fail "the fetch times out after 10 s" img; fi
tm send-keys -t img Escape q

# 8 colours (TERM=xterm in tmux's eyes is still 256; force the capability with --color and a
# plain TERM): the half blocks use palette indexes below 8.
tm new-session -d -s img8 -x 120 -y 40 -e TERM=xterm -e LANG=C.UTF-8 \
    "cd $(printf %q "$WORK") && TERM=xterm $(printf %q "$BIN") eval.csv; exec sleep 600"
wait_for img8 'Concepts \(' 20 && tm send-keys -t img8 Enter && wait_for img8 'Inputs behind cat' 10 && tm send-keys -t img8 Enter
if wait_for img8 '▀▀▀▀▀▀▀▀▀▀' 10 && ! tm capture-pane -p -e -t img8 | grep -q '38;2;'; then
    pass "with 8 colours the half blocks use the palette"
else
    fail "with 8 colours the half blocks use the palette" img8
fi
tm send-keys -t img8 q

# NO_COLOR: no image at all.
tm new-session -d -s nocolor -x 120 -y 40 -e NO_COLOR=1 -e LANG=C.UTF-8 \
    "cd $(printf %q "$WORK") && NO_COLOR=1 $(printf %q "$BIN") eval.csv; exec sleep 600"
wait_for nocolor 'Concepts \(' 20 && tm send-keys -t nocolor Enter && wait_for nocolor 'Inputs behind cat' 10 && tm send-keys -t nocolor Enter
if wait_for nocolor 'url +split.png' 10 && ! screen nocolor | grep -q '▀'; then pass "NO_COLOR draws no image"; else fail "NO_COLOR draws no image" nocolor; fi
tm send-keys -t nocolor q

# No file: the bundled digits with their images and flipped labels, from another folder than the
# repository's (the images come with the build). The suspects view (L) lists a mislabeled digit
# first and the preview pane beside it draws that digit in grey half blocks.
tm new-session -d -s nofile -x 120 -y 40 -e COLORTERM=truecolor -e LANG=C.UTF-8 -e XDG_CACHE_HOME="$WORK/cache" \
    -e XDG_STATE_HOME="$WORK/state" \
    "cd / && XDG_STATE_HOME=$(printf %q "$WORK/state") $(printf %q "$BIN"); exec sleep 600"
if wait_for nofile 'Concepts \(10\)' 20 && screen nofile | grep -q 'digits_flipped.csv (bundled)'; then
    pass "no file: the bundled digits with flipped labels open"
else
    fail "no file: the bundled digits with flipped labels open" nofile
fi
tm send-keys -t nofile L
if wait_for nofile 'Suspects: [0-9]+ estimated' 10 && wait_for nofile 'Preview digits_[0-9]{4}' 5 && wait_for nofile '▀▀▀▀▀▀▀▀▀▀' 10; then
    pass "no file: the suspects view previews the first suspect's image in half blocks"
else
    fail "no file: the suspects view previews the first suspect's image in half blocks" nofile
fi
# The digits are grey: light ink (r = g = b, above 100) on a dark ground.
if tm capture-pane -p -e -t nofile | grep -Eq '38;2;([1-9][0-9]{2});\1;\1[;m]'; then
    pass "no file: the preview's half blocks are the digit's grey levels"
else
    fail "no file: the preview's half blocks are the digit's grey levels" nofile
fi
# Flagging works on the bundled example too: its journal lives in the state directory.
tm send-keys -t nofile f
bundled_journal="$WORK/state/evaltop/bundled-digits_flipped.csv.flags.jsonl"
for _ in $(seq 50); do [ -s "$bundled_journal" ] && break; sleep 0.1; done
if [ -s "$bundled_journal" ] && grep -q '"input_id":"digits_[0-9]\{4\}"' "$bundled_journal" && grep -q '"evaluation":"digits_flipped.csv"' "$bundled_journal"; then
    pass "no file: f flags the first suspect into the bundled example's journal in the state directory"
else
    fail "no file: f flags the first suspect into the bundled example's journal in the state directory" nofile
fi
tm send-keys -t nofile q q

# report: the sizes come from the image headers, so the diagnosis sees small images.
out=$("$BIN" report "$WORK/eval.csv" 2>"$WORK/report.err")
if grep -q "small images" <<<"$out" && grep -q "note: image sizes: 13 read from the files, 1 unreadable (image not found: img/missing.png)" "$WORK/report.err"; then
    pass "report reads image sizes from the files and counts the unreadable"
else
    fail "report reads image sizes from the files and counts the unreadable"
    cat "$WORK/report.err"
fi
out=$("$BIN" report --no-image-sizes "$WORK/eval.csv" 2>"$WORK/report2.err")
if ! grep -q "small images" <<<"$out" && [ ! -s "$WORK/report2.err" ]; then pass "--no-image-sizes skips them"; else fail "--no-image-sizes skips them"; fi

e2e_finish
