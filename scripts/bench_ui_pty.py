#!/usr/bin/env python3
"""Runs the real evaltop under a pseudo-terminal and measures what the terminal sees:

  * first frame: time from exec until the first screen (the loading screen) is written,
    and until the table is on screen;
  * bytes written per threshold step (→ ] ← [ - +) on the main screen and with the details
    open, compared with a full redraw (what a resize costs) at the same size.

    scripts/bench_ui_pty.py [--size 120x40] [--steps 50] [--term xterm-256color] BIN FILE

Standard library only. A step's bytes are everything the program writes after the key
until it has been quiet for 150 ms.
"""
import argparse
import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import termios
import time


def set_size(fd, cols, rows):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


# What a real terminal (xterm) answers to the queries `--images auto` sends before it takes the
# screen: the cell size in pixels (CSI 16 t) and the primary device attributes (DA1, no sixel).
# kitty's graphics query gets no answer, as in xterm. Without the answers the program waits for
# its 200 ms query deadline, which no user with a real terminal sees.
TERMINAL_ANSWERS = [(b"\x1b[16t", b"\x1b[6;20;10t"), (b"\x1b[c", b"\x1b[?64;1;2;6;9;15;18;21;22c")]


def read_until(fd, predicate, timeout, answer_queries=False):
    """Reads until predicate(collected) is true; returns (bytes, seconds) or raises."""
    start = time.monotonic()
    data = b""
    answered = set()
    while True:
        left = timeout - (time.monotonic() - start)
        if left <= 0:
            raise TimeoutError(f"timed out; last bytes: {data[-300:]!r}")
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                raise EOFError("the program ended")
            if not chunk:
                raise EOFError("the program ended")
            data += chunk
            if answer_queries:
                for query, reply in TERMINAL_ANSWERS:
                    if query in data and query not in answered:
                        answered.add(query)
                        os.write(fd, reply)
            if predicate(data):
                return data, time.monotonic() - start


def read_quiet(fd, quiet=0.15, limit=10.0):
    """Everything written until the program has been silent for `quiet` seconds."""
    data = b""
    start = time.monotonic()
    while time.monotonic() - start < limit:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            break
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    return data


def steps(fd, keys, count):
    sizes = []
    for i in range(count):
        os.write(fd, keys[i % len(keys)])
        sizes.append(len(read_quiet(fd)))
    return sizes


def describe(name, sizes):
    s = sorted(sizes)
    print(f"{name}: mean {statistics.mean(s):.0f} B, median {statistics.median(s):.0f} B, "
          f"max {s[-1]} B over {len(s)} steps")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--term", default="xterm-256color")
    parser.add_argument("--theme", default=None)
    parser.add_argument("bin")
    parser.add_argument("file")
    args = parser.parse_args()
    cols, rows = (int(v) for v in args.size.lower().split("x"))

    env = dict(os.environ, TERM=args.term, LANG="C.UTF-8", LC_ALL="C.UTF-8")
    env.pop("NO_COLOR", None)
    argv = [args.bin, args.file] + (["--theme", args.theme] if args.theme else [])
    started = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        set_size(sys.stdin.fileno(), cols, rows)
        os.execve(args.bin, argv, env)
    set_size(fd, cols, rows)
    try:
        first, _ = read_until(fd, lambda d: len(d) > 200, 10, answer_queries=True)
        first_frame = time.monotonic() - started
        rest, _ = read_until(fd, lambda d: b"Concepts (" in d, 600)
        ready = time.monotonic() - started
        loading_shown = b"oading" in first or b"Reading" in first or b"%" in first
        print(f"first frame: {first_frame * 1000:.1f} ms after exec "
              f"({'loading screen' if loading_shown else 'not the loading screen'}, {len(first)} B in the first read)")
        print(f"table on screen: {ready:.2f} s after exec")
        read_quiet(fd, quiet=0.5)

        keys = [b"\x1b[C", b"]", b"\x1b[D", b"[", b"-", b"+", b"]", b"]"]
        main_steps = steps(fd, keys, args.steps)
        describe(f"threshold step, main screen ({cols}x{rows})", main_steps)

        # Open the details as a user would, a moment after the table appeared (the selected
        # concept's lists are prepared in the background meanwhile).
        time.sleep(1.0)
        pressed = time.monotonic()
        os.write(fd, b"\r")
        read_until(fd, lambda d: b"Inputs behind" in d, 60)
        read_quiet(fd, quiet=0.05)
        print(f"Enter to details on screen: {(time.monotonic() - pressed - 0.05) * 1000:.1f} ms "
              "(includes the pty round trip)")
        read_quiet(fd)
        detail_steps = steps(fd, keys, args.steps)
        describe(f"threshold step, details open ({cols}x{rows})", detail_steps)
        os.write(fd, b"\x1b")
        read_quiet(fd)

        # A full redraw at the same size: resize away and back (the backend repaints all).
        set_size(fd, cols, rows - 1)
        read_quiet(fd)
        set_size(fd, cols, rows)
        full = len(read_quiet(fd))
        print(f"full redraw (resize back to {cols}x{rows}): {full} B")
        os.write(fd, b"q")
        read_quiet(fd, quiet=0.3)
    finally:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)


if __name__ == "__main__":
    main()
