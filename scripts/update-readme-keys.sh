#!/usr/bin/env bash
# Regenerates the README's key reference from the binding registry (`evaltop keys`).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product evaltop >/dev/null
python3 - <<'PY'
import subprocess
keys = subprocess.check_output([".build/debug/evaltop", "keys"]).decode()
text = open("README.md").read()
begin, end = "<!-- keys:begin -->", "<!-- keys:end -->"
a = text.index(begin) + len(begin)
b = text.index(end)
open("README.md", "w").write(text[:a] + "\n" + keys + text[b:])
PY
