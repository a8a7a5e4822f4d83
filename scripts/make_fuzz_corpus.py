#!/usr/bin/env python3
"""Writes the fuzzers' seed corpus (Fuzz/corpus/TARGET/*) from the repository's own files:
the heads of the bundled examples in every format, every string literal of the loader,
thresholds and journal tests (the bad-input cases), and a few hand-picked cells.

The `summary` target's seeds are summaries that evaltop itself writes (`evaltop summarize`) of
the same small evaluations, so they are made only when a built evaltop is found
(`.build/release/evaltop`, or the path in $EVALTOP).

Deterministic: run it again after adding tests, then commit Fuzz/corpus. Each seed is named
by the SHA-1 of its bytes, so rerunning never duplicates a seed."""
import hashlib, json, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Fuzz", "corpus")
LOADERS = ["wide", "long", "jsonl", "clarifai", "detect", "apply"]

def swift_literals(path):
    """The double-quoted, single-line Swift string literals of a file, unescaped."""
    text = open(path, encoding="utf-8").read()
    out = []
    for match in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', text):
        raw = match.group(1)
        if "\\(" in raw:            # interpolation: not a literal input
            continue
        def unescape(m):
            s = m.group(0)
            if s.startswith("\\u{"):
                return chr(int(s[3:-1], 16))
            return {"\\n": "\n", "\\r": "\r", "\\t": "\t", "\\0": "\0", '\\"': '"', "\\\\": "\\", "\\'": "'"}.get(s, s)
        out.append(re.sub(r'\\u\{[0-9a-fA-F]+\}|\\.', unescape, raw).encode("utf-8"))
    return out

def head(path, lines):
    with open(path, "rb") as f:
        return b"".join(f.readline() for _ in range(lines))

def tiny_evaluations():
    """The same three-input evaluation in the four formats."""
    rows = [("a1", ["cat"], {"cat": 0.9, "dog": 0.1, "jalapeño": 0.05}),
            ("b2", ["dog"], {"cat": 0.4, "dog": 0.4, "jalapeño": 0.2}),
            ("c3", [], {"cat": 0.12345678901234567, "dog": 1e-3, "jalapeño": 1.0})]
    concepts = ["cat", "dog", "jalapeño"]
    wide = "input_id,labels,url,fold,meta:camera," + ",".join(concepts) + "\n"
    wide += "".join(f'{i},"{";".join(l)}",img/{i}.png,{n % 2},cam{n},' + ",".join(repr(s[c]) for c in concepts) + "\n"
                    for n, (i, l, s) in enumerate(rows))
    long = "input_id,concept,score,label,width,height\n" + "".join(
        f"{i},{c},{s[c]!r},{int(c in l)},640,480\n" for i, l, s in rows for c in concepts)
    jsonl = "".join(json.dumps({"input_id": i, "labels": l, "scores": s, "fold": "1"}, ensure_ascii=False) + "\n" for i, l, s in rows)
    clarifai = json.dumps({"eval_metrics": {"summary": {"macro_avg_roc_auc": 0.9}}, "test_set": [
        {"input": {"id": i, "data": {"image": {"url": f"https://example.invalid/{i}.jpg"}}},
         "predicted_concepts": [{"id": c, "name": c, "value": s[c]} for c in concepts],
         "ground_truth_concepts": [{"id": c, "name": c, "value": 1} for c in l]} for i, l, s in rows]}, ensure_ascii=False)
    return {"wide": wide.encode(), "long": long.encode(), "jsonl": jsonl.encode(), "clarifai": clarifai.encode()}

def spill_seeds(fits):
    """An evaluation of 26 or more inputs of one label each (exclusive; scores from SHA-1, so a
    model too weak for the noise weights) in each format, enough for the tiny memory limits the
    `summarize` and `clarifai` targets choose from the input's length (`SpillLimits`) to spill
    the id check's runs (12 hashes each), fill the long CSV's table of first rows and select the
    cut-offs in passes: the first size from 26 inputs whose whole input `fits(format, data)`
    (tiny limits and suspects). One seed per format: their mutations cost a few ms each (the
    suspects' passes), which the CI smoke run pays."""
    concepts = ["cat", "dog", "eel"]
    def rows(count):
        out = []
        for n in range(count):
            digest = hashlib.sha1(str(n).encode()).digest()
            out.append((f"id{n}", concepts[digest[0] % 3], {c: round(digest[1 + k] / 255, 3) for k, c in enumerate(concepts)}))
        return out
    def formats(rs):
        wide = "input_id,labels," + ",".join(concepts) + "\n" + "".join(
            f"{i},{l}," + ",".join(repr(s[c]) for c in concepts) + "\n" for i, l, s in rs)
        # Ordered by concept, not grouped by input: the sorted path.
        long = "input_id,concept,score,label\n" + "".join(f"{i},{c},{s[c]!r},{int(c == l)}\n" for c in concepts for i, l, s in rs)
        jsonl = "".join(json.dumps({"input_id": i, "labels": [l], "scores": s}) + "\n" for i, l, s in rs)
        clarifai = json.dumps({"test_set": [
            {"input": {"id": i}, "predicted_concepts": [{"id": c, "value": s[c]} for c in concepts],
             "ground_truth_concepts": [{"id": l, "value": 1}]} for i, l, s in rs]}, separators=(",", ":"))
        return {"wide": wide.encode(), "long": long.encode(), "jsonl": jsonl.encode(), "clarifai": clarifai.encode()}
    out = {}
    for fmt in ["wide", "long", "jsonl", "clarifai"]:
        count = 26
        while not fits(fmt, formats(rows(count))[fmt]):
            count += 1
        out[fmt] = [formats(rows(count))[fmt]]
    return out

def keys_seeds():
    """What terminals send (the first byte seeds the read sizes): keys in every form, SGR and
    X10 mouse, bracketed pastes holding sequences, replies to evaltop's queries (DA1, kitty
    graphics, colours), and the sequences of the KeyDecoder tests."""
    esc = "\x1b"
    streams = [
        "jjkq", esc + "[A" + esc + "OB" + esc + "[1;5C" + esc + "[H" + esc + "[1~" + esc + "[7~" + esc + "[4~",
        esc + "OP" + esc + "[15~" + esc + "[[A" + esc + "[1;2P" + esc + "Op" + esc + "Ok" + esc + "OM",
        esc + "[<0;10;5M" + esc + "[<0;10;5m" + esc + "[<64;1;1M" + esc + "[<65;200;60M" + esc + "[<35;3;4M",
        esc + "[M !!" + esc + "[M#\xff\xff" + esc + "[M`((" + esc + "[Ma((",
        esc + "[200~pasted " + esc + "[A text\nwith lines" + esc + "[201~q",
        esc + "[200~" + esc + "[200~nested" + esc + "[201~" + esc + "[201~",
        esc + "[?62;22c" + esc + "[?1;2c" + esc + "[>0;95;0c" + esc + "[12;40R" + esc + "[?1u",
        esc + "_Gi=31;OK" + esc + "\\" + esc + "_Gi=1;ENOENT:file" + esc + "\\" + esc + "P1$r0m" + esc + "\\",
        esc + "]11;rgb:0000/0000/0000\x07" + esc + "]10;rgb:ffff/ffff/ffff" + esc + "\\" + esc + "[4;600;800t",
        esc + "q" + esc + esc + "c" + esc + "\r" + esc + esc + "[D" + esc,
        "jalape\u00f1o \u732b \U0001f436 \ufffd" + esc + "[I" + esc + "[O",
        esc + "[1;" + "9" * 70 + "A" + "x" + esc + "O" + "5" * 70 + "P",
    ]
    tests = os.path.join(ROOT, "Tests", "TermUITests", "KeyDecoderTests.swift")
    literals = [s for s in swift_literals(tests) if s[:1] in (b"[", b"O", b"]", b"P", b"_", b"\x1b")]
    # Latin-1 keeps \xff a single raw byte (X10 coordinates); the non-Latin-1 stream is UTF-8.
    out = [bytes([n % 256]) + (s.encode("latin-1") if max(map(ord, s)) < 256 else s.encode("utf-8")) for n, s in enumerate(streams)]
    out += [bytes([n % 256]) + (b"" if s.startswith(b"\x1b") else b"\x1b") + s for n, s in enumerate(literals)]
    return out

def summary_seeds(evaluations):
    """Summaries of the small evaluations (file name, bytes) on every grid, with and without
    drill-down rows and a sample, written by evaltop in a scratch folder so that the `source`
    in each header is the bare file name."""
    evaltop = os.environ.get("EVALTOP") or os.path.join(ROOT, ".build", "release", "evaltop")
    if not os.access(evaltop, os.X_OK):
        print(f"no evaltop at {evaltop}: the summary seeds are left as they are", file=sys.stderr)
        return []
    out = []
    with tempfile.TemporaryDirectory() as scratch:
        for name, data in evaluations:
            with open(os.path.join(scratch, name), "wb") as f:
                f.write(data)
            # The last one has no pair tables and the counts at two asked thresholds (version 4's at lines).
            for grid, extremes, sample, more in [("exact", 0, 0, []), ("exact", 2, 3, []), ("1e-4", 1, 0, []), ("1e-6", 0, 2, []),
                                                 ("exact", 1, 0, ["--pairs", "off", "--count-thresholds", "0.5,0.3"])]:
                result = subprocess.run([evaltop, "summarize", name, "out.evalsum", "--grid", grid,
                                         "--extremes", str(extremes), "--sample", str(sample), *more],
                                        cwd=scratch, capture_output=True)
                if result.returncode != 0:
                    continue
                summary = open(os.path.join(scratch, "out.evalsum"), "rb").read()
                if len(summary) <= 65536:
                    out.append(summary)
    return out

def write(target, data):
    folder = os.path.join(OUT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)

def main():
    examples = os.path.join(ROOT, "Examples")
    tiny = tiny_evaluations()
    seeds = {t: [] for t in LOADERS}
    for fmt, data in tiny.items():
        seeds[fmt].append(data); seeds["detect"].append(data)
        seeds["apply"].append(bytes([["wide", "long", "jsonl", "clarifai"].index(fmt)]) + data)
    for name in ["animals.csv", "digits.csv", "digits_ml.csv", "breast_cancer.csv"]:
        data = head(os.path.join(examples, name), 12)
        seeds["wide"].append(data); seeds["detect"].append(data); seeds["apply"].append(b"\0" + data)
    clarifai = open(os.path.join(examples, "breast_cancer.clarifai.json"), "rb").read()[:6000]
    seeds["clarifai"].append(clarifai)
    tests = os.path.join(ROOT, "Tests", "EvalCoreTests")
    loader_literals = []
    for name in ["LoadingBadInputTests.swift", "LoadingWideTests.swift", "LoadingFormatsTests.swift"]:
        loader_literals += [s for s in swift_literals(os.path.join(tests, "Loading", name)) if b"\n" in s or b"{" in s]
    for target in ["wide", "long", "jsonl", "clarifai", "detect"]:
        seeds[target] += loader_literals
    seeds["thresholds"] = [s for s in swift_literals(os.path.join(tests, "Thresholds", "ThresholdsFileTests.swift")) if s.strip().startswith((b"{", b"["))]
    seeds["thresholds"] += [b'{"cat": 0.5, "dog": null, "c2": 1e-3}', b'{"strategy": "max-f1", "concepts": [{"concept": "cat", "threshold": 0.25}]}']
    seeds["journal"] = [s for s in swift_literals(os.path.join(tests, "FlagsJournalTests.swift")) if b"input_id" in s]
    event = {"v": 1, "time": "2026-01-01T00:00:00Z", "user": "ann", "input_id": "a1", "action": "flag",
             "labels": ["dog"], "note": "", "evaluation": "e.csv", "evaluation_sha256": "0" * 64}
    line = json.dumps(event).encode()
    seeds["journal"] += [line + b"\n", line + b"\r\n" + line.replace(b"a1", b"b2") + b"\n", line + b"\n" + line[:20]]
    seeds["score"] = [b"0.5", b"1", b"0", b"1.0", b"0.12345678901234567", b"1e-3", b"5E-1", b" 0.25 ", b"-0", b"+0.5",
                      b"0." + b"9" * 30, b"1.0000000000000001", b"0x1p-1", b"nan", b"inf", b"1e400", b"", b"."]
    seeds["keys"] = keys_seeds()
    # count-thresholds: the option's text; the files it names are the target's scratch files
    # (CountThresholdsFuzz.files), and the literals of its tests.
    seeds["count-thresholds"] = [b"0.5", b"0.3,0.5", b"t.json", b"0.5,t.json", b"a,b.json", b" 0.25\t,d.json", b"1", b"0", b"-0",
                                 b"+.5", b"1e-3", b"5E-1", b"0x1p-1", b"0.2_5", b"\xd9\xa0.\xd9\xa5", b"nan", b"1e400", b"", b",",
                                 b"unknown.json", b"x.json", b"folder", b"0.5,0.5", b"1.0000000000000001", b"0." + b"9" * 30]
    seeds["count-thresholds"] += [s for s in swift_literals(os.path.join(tests, "Summary", "SummaryCountsAtTests.swift"))
                                  if s and len(s) < 40 and b"\n" not in s and b"{" not in s]
    # summarize: a control byte (format, grid, how the wide data are cut into chunks) and a file.
    formats = ["wide", "long", "jsonl"]
    streamed = [(fmt, tiny[fmt]) for fmt in formats]
    streamed += [("wide", head(os.path.join(examples, name), 30)) for name in ["animals.csv", "digits_ml.csv", "breast_cancer.csv"]]
    seeds["summarize"] = [bytes([formats.index(fmt) + 3 * n]) + data for n, (fmt, data) in enumerate(streamed)]
    # The control byte of a literal comes from its bytes, so that adding a test literal does not
    # give the others new control bytes (and the corpus new files).
    seeds["summarize"] += [hashlib.sha1(s).digest()[:1] + s for s in loader_literals]
    # Tiny memory limits (bit 0 of the input's length) and suspects (bit 1), on the exact grid
    # with the wide data in 2 chunks (control byte 9 + format); the `clarifai` target's limits
    # come from its length divided by 3.
    def fits(fmt, data):
        return ((len(data) + 1) % 4 if fmt != "clarifai" else len(data) // 3 % 4) == 3
    for fmt, items in spill_seeds(fits).items():
        if fmt == "clarifai":
            seeds["clarifai"] += items
        else:
            seeds["summarize"] += [bytes([9 + formats.index(fmt)]) + data for data in items]
    summaries = summary_seeds([("tiny.csv", tiny["wide"]), ("tiny_long.csv", tiny["long"]), ("tiny.jsonl", tiny["jsonl"])]
                              + [(name, head(os.path.join(examples, name), 12)) for name in ["animals.csv", "digits_ml.csv"]])
    if summaries:
        seeds["summary"] = summaries
    for target, items in seeds.items():
        for data in items:
            write(target, data)
    for target in sorted(seeds):
        print(f"{target}: {len(os.listdir(os.path.join(OUT, target)))} seeds")

if __name__ == "__main__":
    sys.exit(main())
