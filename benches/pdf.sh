#!/usr/bin/env bash
# Benchmark of the PDF output (release build), against the bar in the issue:
#   time of `guihua build --format pdf` for the main example (qinhuangdao-2021 alone)
#   <= 1.2 x the time of `typst compile` (typst-cli 0.15.1) on the same template + data
#   and the same fonts (the bundled ones, plus the installed ones for both).
# Both sides are whole processes: start-up, font discovery, compile, PDF export, write.
# guihua's side also loads and checks the YAML; typst's side reads the JSON the template
# gets (written by examples/dump_typst_inputs.rs).
# Uses hyperfine when installed, else a bash loop over `date +%s%N`; the median of RUNS
# runs after WARMUP warm-up runs.
# Exit status: 0 when the bar is met, 1 when it is missed, 2 on setup failure.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$(pwd)
RUNS=${RUNS:-10}
WARMUP=${WARMUP:-2}
PLAN=${PLAN:-qinhuangdao-2021}
LIMIT=1.2
TYPST=${TYPST:-typst}

command -v "$TYPST" >/dev/null 2>&1 || {
    echo "typst-cli not found: cargo install typst-cli --version 0.15.1 --locked (or set TYPST=/path/to/typst)" >&2
    exit 2
}
"$TYPST" --version | grep -q '0\.15\.' || echo "warning: $("$TYPST" --version) is not typst 0.15" >&2
cargo build --release --quiet || { echo "cargo build --release failed" >&2; exit 2; }
BIN="$REPO/target/release/guihua"

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# A workspace holding the one plan; its links to other plans (`implements:`,
# relations.yaml) would point outside it, so they go.
mkdir -p "$WORK/ws/plans"
cp -r "plans/$PLAN" "$WORK/ws/plans/"
sed -i '/^implements:/d' "$WORK/ws/plans/$PLAN/plan.yaml"
rm -f "$WORK/ws/plans/$PLAN/relations.yaml"
[[ -f guihua.yaml ]] && cp guihua.yaml "$WORK/ws/"
"$BIN" build --format pdf --out "$WORK/out" "$WORK/ws" >/dev/null 2>&1 || {
    echo "guihua build --format pdf failed on $WORK/ws" >&2
    "$BIN" build --format pdf --out "$WORK/out" "$WORK/ws" >&2 || true
    exit 2
}

# The template and data file exactly as the embedded compiler gets them.
cargo run --quiet --release --example dump_typst_inputs -- "$WORK/ws" "$PLAN" "$WORK/typ" >/dev/null 2>&1 || {
    echo "could not write the Typst inputs (cargo run --release --example dump_typst_inputs)" >&2
    exit 2
}
"$TYPST" compile --font-path "$REPO/fonts" "$WORK/typ/plan.typ" "$WORK/typst.pdf" || exit 2

GUIHUA_CMD="$BIN build --format pdf --out $WORK/out $WORK/ws"
TYPST_CMD="$TYPST compile --font-path $REPO/fonts $WORK/typ/plan.typ $WORK/typst.pdf"

median_ms() {
    if command -v hyperfine >/dev/null 2>&1; then
        hyperfine -N --style none --runs "$RUNS" --warmup "$WARMUP" --export-json "$WORK/h.json" "$1" >/dev/null 2>&1
        python3 -c "import json; print('%.1f' % (json.load(open('$WORK/h.json'))['results'][0]['median'] * 1000))"
    else
        local times=()
        for _ in $(seq "$WARMUP"); do $1 >/dev/null 2>&1; done
        for _ in $(seq "$RUNS"); do
            local t0 t1
            t0=$(date +%s%N)
            $1 >/dev/null 2>&1
            t1=$(date +%s%N)
            times+=($(((t1 - t0) / 1000)))
        done
        printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f\n", m/1000}'
    fi
}

G=$(median_ms "$GUIHUA_CMD")
T=$(median_ms "$TYPST_CMD")
PAGES=$(pdfinfo "$WORK/out/$PLAN/$PLAN.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
RATIO=$(python3 -c "print('%.2f' % ($G / $T))")
echo "plan: $PLAN (${PAGES:-?} pages), median of $RUNS runs"
echo "guihua build --format pdf: $G ms"
echo "typst compile (same .typ + data): $T ms"
echo "ratio: $RATIO (bar: <= $LIMIT)"
python3 -c "import sys; sys.exit(0 if $RATIO <= $LIMIT else 1)"
