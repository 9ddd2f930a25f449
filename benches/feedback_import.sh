#!/usr/bin/env bash
# Benchmark: `guihua feedback import` of a 200-comment Excel 汇总表 (and the same as CSV) on
# release v1 of the example plan, in a release build. Bar: ≤ 200 ms for 200 comments. Each
# run starts from no round file, so every comment is read, anchored and written; medians of
# N runs. Needs python3 with openpyxl (scripts/test.sh installs it). Exits 1 when the bar is
# missed.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-15}
COMMENTS=${COMMENTS:-200}
cargo build --release --quiet
bin=$PWD/target/release/guihua
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r plans guihua.yaml "$tmp/"
(cd "$tmp" && "$bin" release qinhuangdao-2021 --stage 征求意见稿 --date 2021-09-15 --allow-warnings >/dev/null 2>&1)
python3 scripts/fixtures/make_feedback.py bench "$tmp/sheet.xlsx" "$COMMENTS"
python3 - "$tmp/sheet.xlsx" "$tmp/sheet.csv" <<'PY'
import csv, sys, openpyxl
rows = list(openpyxl.load_workbook(sys.argv[1]).active.iter_rows(values_only=True))
with open(sys.argv[2], "w", newline="", encoding="utf-8-sig") as f:
    csv.writer(f).writerows([["" if v is None else v for v in r] for r in rows[1:]])
PY

source "$(dirname "$0")/lib.sh"

round="$tmp/plans/qinhuangdao-2021/feedback/v1.yaml"
run() { rm -f "$round"; "$bin" feedback import "$1" --round v1 --workspace "$tmp"; }
# One run that must succeed and add every comment, so that the timing measures real work.
run "$tmp/sheet.xlsx" | grep -q "新增 $COMMENTS 条" || { echo "FAIL: the import did not add $COMMENTS comments"; exit 1; }
xlsx=$(median_ms run "$tmp/sheet.xlsx")
csv=$(median_ms run "$tmp/sheet.csv")
echo "guihua feedback import, $COMMENTS comments from .xlsx: ${xlsx} ms (median of $N)"
echo "guihua feedback import, $COMMENTS comments from .csv:  ${csv} ms"
awk -v a="$xlsx" -v b="$csv" 'BEGIN {exit !(a > 200 || b > 200)}' && { echo "FAIL: over 200 ms"; exit 1; }
exit 0
