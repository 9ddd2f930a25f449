#!/usr/bin/env bash
# Benchmark of `guihua lsp`, against the bar in issue 15: diagnostics published after a
# didChange in the example's biggest chapter (qinhuangdao-2021/chapters/04-产业体系.yaml)
# <= 30 ms at the median, release build. The scripted client of tests/lsp.rs
# (`diagnostics_after_did_change_latency`, ignored in the normal test run) sends 15 full-text
# changes, alternately adding and removing a doubled unit, and times each until the server
# publishes the chapter's diagnostics (load + all rules + publish, from the buffers).
# Exit status: 0 when the median is within the bar, 1 when not, 2 on build failure.
set -euo pipefail

cd "$(dirname "$0")/.."
LIMIT_MS=${LIMIT_MS:-30}
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

cargo build --release --quiet || exit 2
GUIHUA_BIN="$(pwd)/target/release/guihua" \
    cargo test --release --quiet --test lsp -- --ignored --nocapture \
    diagnostics_after_did_change_latency | tee "$LOG" || exit 2
median=$(sed -n 's/.*median \([0-9.]*\) ms.*/\1/p' "$LOG")
if [ -z "$median" ]; then
    echo "no figure printed" >&2
    exit 2
fi
if awk -v m="$median" -v l="$LIMIT_MS" 'BEGIN { exit !(m <= l) }'; then
    echo "ok: median ${median} ms <= ${LIMIT_MS} ms"
else
    echo "missed: median ${median} ms > ${LIMIT_MS} ms"
    exit 1
fi
