#!/usr/bin/env bash
# Regenerates docs/SCREENS.md: a text capture of each view, made with the headless replay
# (`evaltop FILE --replay KEYS --size 100x30 --dump-screen -`), so the docs show what users see.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product evaltop >/dev/null 2>&1
bin=.build/debug/evaltop
flags=$(mktemp -d)
trap 'rm -rf "$flags"' EXIT
shot() { # title file keys
    printf '## %s\n\n`evaltop %s`, then `%s`\n\n```text\n' "$1" "$2" "$3"
    "$bin" "$2" --flags "$flags/$(basename "$2").flags.jsonl" --replay <(printf '%s' "$3") --size 100x30 --dump-screen -
    printf '```\n\n'
}
{
    echo "# Screens"
    echo
    echo "Text captures of each view at 100×30, made by \`scripts/make-screens.sh\` with the headless replay."
    echo "In a terminal the selection, the focused pane, the curves and the matrix cells are in colour."
    echo
    shot "Main screen" Examples/digits.csv ""
    shot "Selection details (FN tab)" Examples/digits.csv "<Enter>"
    shot "Input overlay" Examples/digits.csv "<Enter><Enter>"
    shot "PR curve and a typed threshold" Examples/digits.csv "pt0.3<Enter>"
    shot "Concept-by-concept matrix (confusion view)" Examples/digits.csv "cv"
    shot "Multilabel: label co-occurrence" Examples/digits_ml.csv "cvv"
    shot "Help" Examples/digits.csv "?"
    shot "Diagnosis" Examples/animals.csv "d"
    shot "Slices (breakdown)" Examples/animals.csv "b"
    shot "Threshold strategy menu" Examples/animals.csv "m"
    shot "Per-concept thresholds (max-f1 on every concept)" Examples/animals.csv "M<Enter>"
    shot "Messages (!)" Examples/animals.csv "sSpM<Enter>!"
    shot "Suspects (likely label errors)" Examples/animals.csv "L"
    shot "Flags" Examples/animals.csv "<Enter>fjr<Enter>F"
} > docs/SCREENS.md
echo "wrote docs/SCREENS.md"
