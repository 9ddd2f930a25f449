#!/usr/bin/env bash
# Benchmark of the draft import and check, against the bars of the import issue (release build):
#   - `guihua check` straight on seed 000 as .txt (import in memory + every rule): <= 50 ms;
#   - the same on seed 000 as .docx (made by scripts/fixtures/make_docx.py): <= 100 ms, and
#     <= 0.3 x the time of `pandoc -f docx -t markdown` on the same file;
#   - `guihua import` of both, for reference.
# Median wall time of RUNS runs (default 20) after 3 warm-up runs, by `date +%s%N`.
# Needs python-docx (pip) and pandoc (apt) for the .docx part.
# Exit status: 0 when the bars are met, 1 when one is missed, 2 on setup failure.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
RUNS=${RUNS:-20}
SEED=$(ls "$REPO"/../shared/seeds/000_*.txt 2>/dev/null | head -1)
[[ -f "$SEED" ]] || { echo "seed 000 not found under ../shared/seeds" >&2; exit 2; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cargo build --release --quiet || exit 2
BIN="$REPO/target/release/guihua"
cp "$SEED" "$WORK/seed000.txt"
python3 scripts/fixtures/make_docx.py seed "$SEED" "$WORK/seed000.docx" || exit 2

median_ms() { # command...
    local times=()
    for _ in 1 2 3; do "$@" >/dev/null 2>&1 || true; done
    for _ in $(seq "$RUNS"); do
        local t0 t1
        t0=$(date +%s%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m/1000}'
}

import_into() { rm -rf "$WORK/ws"; "$BIN" import "$1" --id p --into "$WORK/ws" --color never; }

txt_check=$(median_ms "$BIN" check "$WORK/seed000.txt" --format json)
docx_check=$(median_ms "$BIN" check "$WORK/seed000.docx" --format json)
txt_import=$(median_ms import_into "$WORK/seed000.txt")
docx_import=$(median_ms import_into "$WORK/seed000.docx")
echo "check 000.txt   ${txt_check} ms  (bar <= 50)"
echo "check 000.docx  ${docx_check} ms  (bar <= 100)"
echo "import 000.txt  ${txt_import} ms"
echo "import 000.docx ${docx_import} ms"
status=0
awk -v t="$txt_check" 'BEGIN{exit !(t<=50)}' || status=1
awk -v t="$docx_check" 'BEGIN{exit !(t<=100)}' || status=1
if command -v pandoc >/dev/null 2>&1; then
    pandoc_ms=$(median_ms pandoc -f docx -t markdown "$WORK/seed000.docx" -o "$WORK/p.md")
    ratio=$(awk -v a="$docx_check" -v b="$pandoc_ms" 'BEGIN{printf "%.3f", a/b}')
    echo "pandoc -f docx -t markdown ${pandoc_ms} ms; check 000.docx / pandoc = ${ratio} (bar <= 0.3)"
    awk -v r="$ratio" 'BEGIN{exit !(r<=0.3)}' || status=1
else
    echo "pandoc not installed: ratio not measured"
fi
exit $status
