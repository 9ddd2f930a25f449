#!/usr/bin/env bash
# Benchmark: Markdown + HTML for the whole example workspace (release build), and pandoc
# turning the same generated Markdown into standalone HTML. Bars (issue 3): guihua ≤ 100 ms,
# and ≤ 0.5 × pandoc. Prints medians of N runs; exits 1 when a bar is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-15}
command -v pandoc >/dev/null || { echo "pandoc is required (apt-get install pandoc)"; exit 2; }
cargo build --release --quiet
bin=target/release/guihua
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" build --format md,html --out "$tmp/out" >/dev/null 2>&1

source "$(dirname "$0")/lib.sh"

ours=$(median_ms "$bin" build --format md,html --out "$tmp/out")
pandoc_all() {
  for md in "$tmp"/out/*/*.md; do pandoc -f gfm -t html --standalone --metadata title=x -o "$tmp/p.html" "$md"; done
}
theirs=$(median_ms pandoc_all)
ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN {printf "%.2f", a/b}')
echo "guihua build --format md,html (3 plans, check included): ${ours} ms (median of $N)"
echo "pandoc -f gfm --standalone on the 3 generated .md files:  ${theirs} ms"
echo "ratio guihua / pandoc: ${ratio}"
fail=0
awk -v a="$ours" 'BEGIN {exit !(a > 100)}' && { echo "FAIL: over 100 ms"; fail=1; }
awk -v r="$ratio" 'BEGIN {exit !(r > 0.5)}' && { echo "FAIL: over 0.5 × pandoc"; fail=1; }
exit $fail
