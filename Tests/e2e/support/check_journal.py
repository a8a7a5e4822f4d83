#!/usr/bin/env python3
"""Checks a flags journal after evaltop was killed while writing it, against what
`evaltop flags` replays from it.

usage: check_journal.py JOURNAL REPLAY_JSONL REPLAY_STDERR MAX_TORN ALLOW_TORN_TAIL SCREEN_FLAGGED

- every complete line is a whole event (strict JSON with an input_id and an action), except
  at most MAX_TORN fragments, each the prefix of an event line (a write cut short by SIGKILL);
- the last line is complete unless ALLOW_TORN_TAIL is 1;
- no event line appears twice, and no input is flagged (or unflagged) twice in a row;
- the replay (`evaltop flags --format jsonl`) lists exactly the inputs whose last event is a
  flag, and warned once per fragment (and once for a torn tail);
- at least SCREEN_FLAGGED inputs are flagged (what the screen showed as saved before the kill).
Prints what failed and exits 1, or prints a summary and exits 0."""
import json, sys

path, replay_path, stderr_path, max_torn, allow_tail, screen_flagged = sys.argv[1:7]
max_torn, allow_tail, screen_flagged = int(max_torn), allow_tail == "1", int(screen_flagged)
data = open(path, "rb").read()
problems = []
lines = data.split(b"\n")
tail = lines.pop()  # after the last newline: empty unless the last write was torn
if tail and not allow_tail:
    problems.append(f"the journal ends in a torn line {tail[:60]!r} although no SIGKILL tore it")

events, fragments = [], []
for number, line in enumerate(lines, 1):
    try:
        event = json.loads(line)
        if not isinstance(event, dict) or "input_id" not in event or "action" not in event:
            raise ValueError("not an event")
        events.append((number, line, event))
    except ValueError:
        fragments.append((number, line))
valid_lines = [line for _, line, _ in events]
for number, line in fragments:
    if not any(full.startswith(line) for full in valid_lines) and not line.startswith(b'{"v":'):
        problems.append(f"line {number} is neither an event nor a torn event: {line[:80]!r}")
if len(fragments) > max_torn:
    problems.append(f"{len(fragments)} torn lines inside the journal, more than the {max_torn} SIGKILLs could tear")
seen = set()
for number, line, _ in events:
    if line in seen:
        problems.append(f"line {number} repeats an earlier event: {line[:80]!r}")
    seen.add(line)

# A written twice event shows as the same action twice in a row for an input (f toggles).
last_action = {}
for number, _, event in events:
    if event["action"] in ("flag", "unflag"):
        if last_action.get(event["input_id"], "unflag") == event["action"]:
            problems.append(f"line {number}: {event['action']} of {event['input_id']} twice in a row (an event written twice?)")
        last_action[event["input_id"]] = event["action"]

flagged = {}
for _, _, event in events:
    if event["action"] == "flag":
        flagged[event["input_id"]] = True
    elif event["action"] == "unflag":
        flagged.pop(event["input_id"], None)
replayed = {json.loads(l)["input_id"] for l in open(replay_path, encoding="utf-8") if l.strip()}
if replayed != set(flagged):
    problems.append(f"evaltop flags lists {sorted(replayed ^ set(flagged))[:5]} differently from the journal's events")
warnings = [l for l in open(stderr_path, encoding="utf-8", errors="replace") if l.strip()]
expected_warnings = len(fragments) + (1 if tail else 0)
if len(warnings) != expected_warnings:
    problems.append(f"evaltop flags warned {len(warnings)} times, expected {expected_warnings} (torn lines): {warnings[:3]}")
if len(flagged) < screen_flagged:
    problems.append(f"the screen showed {screen_flagged} flagged inputs saved, the journal holds {len(flagged)}")

if problems:
    print("\n".join(problems))
    sys.exit(1)
print(f"{len(events)} events, {len(flagged)} flagged, {len(fragments)} torn inside, torn tail: {bool(tail)}")
