#!/usr/bin/env bash
# Benchmark of `guihua diff` (release build) between two copies of the example workspace, the
# second edited as in tests/diff.rs: an indicator target changed, a section inserted before
# another (later numbers shift), a 专栏 item added, a paragraph reworded, a 专栏 item changed
# with a reason. Bar (issue): <= 200 ms wall, median of N runs, for the whole command with
# its default outputs (md, html, pdf). The md+html figure is printed too, for reference.
# Exit status: 0 when the bar is met, 1 when it is missed, 2 on setup failure.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-20}
LIMIT_MS=${LIMIT_MS:-200}
PLAN=qinhuangdao-2021

cargo build --release --quiet || { echo "cargo build --release failed" >&2; exit 2; }
bin=$PWD/target/release/guihua
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for side in old new; do
  mkdir -p "$tmp/$side"
  cp -r plans "$tmp/$side/plans"
  [[ -f guihua.yaml ]] && cp guihua.yaml "$tmp/$side/"
done
python3 - "$tmp/new/plans/$PLAN" <<'EOF' || { echo "editing the copy failed" >&2; exit 2; }
import pathlib, sys
plan = pathlib.Path(sys.argv[1])
def edit(rel, old, new):
    p = plan / rel
    s = p.read_text(encoding="utf-8")
    assert old in s, (rel, old)
    p.write_text(s.replace(old, new, 1), encoding="utf-8")
edit("indicators/main.yaml", "        target: 350\n", "        target: 360\n")
edit("chapters/02-总体要求.yaml", "  - id: development-goals\n",
     "  - id: development-stage\n    title: 发展阶段\n    body:\n      - 我市生命健康产业正处于加快集聚、提质增效的关键阶段。\n  - id: development-goals\n")
edit("chapters/02-总体要求.yaml", "扎实推进9项重点工作", "全力推进9项重点工作")
edit("columns/platform-medical.yaml", "各级医疗机构提供第三方医学影像服务。\n",
     "各级医疗机构和体检机构提供第三方医学影像服务。\n    reason: 根据市卫生健康委意见补充服务对象\n")
p = plan / "columns/platform-medical.yaml"
p.write_text(p.read_text(encoding="utf-8") + "  - name: 远程医疗中心\n    text: 建设覆盖全市的远程会诊和远程诊断平台。\n", encoding="utf-8")
EOF

run() { # formats
  "$bin" diff "$tmp/old" "$tmp/new" --plan "$PLAN" --out "$tmp/out" --format "$1" >/dev/null 2>"$tmp/stderr"
}
run md,html,pdf || { cat "$tmp/stderr" >&2; exit 2; }
grep -q "4 处修改" "$tmp/stderr" || { echo "unexpected diff:" >&2; cat "$tmp/stderr" >&2; exit 2; }

median_ms() { # formats
  local times=() s e
  run "$1" # warm-up
  for _ in $(seq "$N"); do
    s=$(date +%s%N); run "$1"; e=$(date +%s%N)
    times+=($(( (e - s) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

all=$(median_ms md,html,pdf)
text=$(median_ms md,html)
echo "guihua diff (example plan, 4 changes + 1 indicator), md+html+pdf: ${all} ms (median of $N)"
echo "guihua diff, md+html only:                                        ${text} ms (median of $N)"
if awk -v a="$all" -v l="$LIMIT_MS" 'BEGIN {exit !(a > l)}'; then
  echo "FAIL: over ${LIMIT_MS} ms"
  exit 1
fi
echo "ok: within ${LIMIT_MS} ms"
