#!/usr/bin/env bash
# Benchmark (issue 12): DOCX of the example workspace in a release build. Bar: the example
# plan's DOCX ≤ 100 ms. Measures `guihua build --format docx` (3 plans: load, every check,
# DOCX) and, for what DOCX itself costs, the same with `--format md`; medians of N runs.
# Exits 1 when the bar is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-15}
cargo build --release --quiet
bin=target/release/guihua
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" build --format docx --out "$tmp/out" >/dev/null 2>&1

source "$(dirname "$0")/lib.sh"

docx=$(median_ms "$bin" build --format docx --out "$tmp/out")
md=$(median_ms "$bin" build --format md --out "$tmp/md")
size=$(stat -c %s "$tmp/out/qinhuangdao-2021/qinhuangdao-2021.docx")
echo "guihua build --format docx (3 plans, check included): ${docx} ms (median of $N)"
echo "guihua build --format md   (the same without DOCX):   ${md} ms"
echo "qinhuangdao-2021.docx: ${size} bytes"
awk -v a="$docx" 'BEGIN {exit !(a > 100)}' && { echo "FAIL: over 100 ms"; exit 1; }
exit 0
