#!/usr/bin/env bash
# Benchmark of `guihua check`, against the bar in the issue:
#   - the example workspace, release build: <= 30 ms wall (median);
#   - the example workspace: `check` (all rules) <= 1.5 x `list` (loading alone): the median
#     over alternating rounds of the ratio of median wall times; CPU time (user + system, from
#     hyperfine) is printed beside it;
#   - generated workspaces of 1/25/50/100/200 copies of qinhuangdao-2021: time grows
#     linearly, checked as: ms per plan at 200 <= 1.5 x ms per plan at 25.
# Uses hyperfine when installed (or installable with apt-get), else a bash loop over
# `date +%s%N`; either way the median of RUNS runs after WARMUP warm-up runs.
# Environment: RUNS (20), ROUNDS (5, list/check rounds for the ratio), WARMUP (3),
# FORCE_LOOP=1, NO_INSTALL=1 (never apt-get).
# Exit status: 0 when both bars are met, 1 when one is missed, 2 on setup failure.
set -euo pipefail

cd "$(dirname "$0")/.."
REPO=$(pwd)
RUNS=${RUNS:-20}
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-3}
SIZES=(1 25 50 100 200)
LIMIT_MS=30
GROWTH=1.5

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if ! cargo build --release --quiet 2>"$WORK/build.log"; then
    cat "$WORK/build.log" >&2
    echo "cargo build --release failed" >&2
    exit 2
fi
BIN="$REPO/target/release/guihua"

if ! command -v hyperfine >/dev/null 2>&1 && [[ ${NO_INSTALL:-0} != 1 ]] && [[ $(id -u) == 0 ]]; then
    apt-get install -y -qq hyperfine >/dev/null 2>&1 || true
fi
# FORCE_LOOP=1 uses the bash loop even when hyperfine is there.
if command -v hyperfine >/dev/null 2>&1 && [[ ${FORCE_LOOP:-0} != 1 ]]; then TIMER=hyperfine; else TIMER="bash loop"; fi

# median_ms WORKSPACE [SUBCOMMAND]: median wall time of `guihua SUBCOMMAND WORKSPACE`
# (default `check`), in ms (3 decimals). With hyperfine, the mean user + system time goes
# to $WORK/cpu (the function runs in a subshell).
median_ms() {
    local ws=$1 cmd=${2:-check}
    "$BIN" "$cmd" "$ws" >/dev/null || { echo "guihua $cmd $ws is not clean" >&2; exit 2; }
    echo n/a >"$WORK/cpu"
    if [[ $TIMER == hyperfine ]]; then
        hyperfine --shell=none --warmup "$WARMUP" --runs "$RUNS" --style none \
            --export-json "$WORK/h.json" "$BIN $cmd $ws" >/dev/null 2>"$WORK/h.err"
        python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f" % ((r["user"] + r["system"]) * 1000))' "$WORK/h.json" >"$WORK/cpu"
        python3 -c 'import json,sys; print("%.3f" % (json.load(open(sys.argv[1]))["results"][0]["median"] * 1000))' "$WORK/h.json"
    else
        local i t0 t1 times=()
        for ((i = 0; i < WARMUP; i++)); do "$BIN" "$cmd" "$ws" >/dev/null; done
        for ((i = 0; i < RUNS; i++)); do
            t0=$(date +%s%N)
            "$BIN" "$cmd" "$ws" >/dev/null
            t1=$(date +%s%N)
            times+=($((t1 - t0)))
        done
        printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f\n", m / 1e6}'
    fi
}

count_plans() { find "$1/plans" -mindepth 1 -maxdepth 1 -type d | wc -l; }
# Source files `check` reads: guihua.yaml and every YAML file under plans/.
count_files() { { [[ -f $1/guihua.yaml ]] && echo "$1/guihua.yaml"; find "$1/plans" -name '*.yaml'; } | wc -l; }

echo "guihua check, release build, $TIMER, median of $RUNS runs ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
printf '%-26s %6s %6s %10s %12s\n' workspace plans files "median ms" "ms per plan"

row() { # name ws -> prints a row, sets ROW_MS and ROW_PER
    local name=$1 ws=$2 plans files
    plans=$(count_plans "$ws")
    files=$(count_files "$ws")
    ROW_MS=$(median_ms "$ws")
    ROW_PER=$(awk -v m="$ROW_MS" -v p="$plans" 'BEGIN { printf "%.3f", m / p }')
    printf '%-26s %6d %6d %10s %12s\n' "$name" "$plans" "$files" "$ROW_MS" "$ROW_PER"
}

row "example (plans/)" "$REPO"
EXAMPLE_MS=$ROW_MS
# Loading alone: `guihua list` reads and resolves the same files, then prints one line per plan.
# The two are timed in ROUNDS alternating rounds (median of RUNS runs each), so that a change in
# the machine's load during the benchmark falls on both alike; the ratio reported is the median
# of the rounds' ratios, and every round is printed.
median_of() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f\n", m}'; }
ratios=() loads=() checks=() load_cpus=() check_cpus=()
for ((r = 1; r <= ROUNDS; r++)); do
    l=$(median_ms "$REPO" list); lc=$(cat "$WORK/cpu")
    c=$(median_ms "$REPO" check); cc=$(cat "$WORK/cpu")
    q=$(awk -v c="$c" -v l="$l" 'BEGIN { printf "%.3f", c / l }')
    echo "  round $r: list $l ms wall / $lc ms CPU; check $c ms wall / $cc ms CPU; check/list = ${q}x"
    ratios+=("$q") loads+=("$l") checks+=("$c") load_cpus+=("$lc") check_cpus+=("$cc")
done
RATIO=$(median_of "${ratios[@]}")
RATIO=$(awk -v r="$RATIO" 'BEGIN { printf "%.2f", r }')
LOAD_MS=$(median_of "${loads[@]}")
CHECK_MS=$(median_of "${checks[@]}")
if [[ ${load_cpus[0]} == n/a ]]; then CPU_NOTE=""; else
    CPU_RATIO=$(awk -v c="$(median_of "${check_cpus[@]}")" -v l="$(median_of "${load_cpus[@]}")" 'BEGIN { printf "%.2f", c / l }')
    CPU_NOTE="; CPU (user + system) check/list = ${CPU_RATIO}x"
fi
echo "example: list (loading alone) $LOAD_MS ms, check (all rules) $CHECK_MS ms (medians of $ROUNDS rounds); check/list = ${RATIO}x wall (median of rounds)$CPU_NOTE"
declare -A PER
for n in "${SIZES[@]}"; do
    python3 benches/gen_workspace.py "$n" "$WORK/ws-$n" >/dev/null
    row "generated $n (+1 parent)" "$WORK/ws-$n"
    PER[$n]=$ROW_PER
    rm -rf "$WORK/ws-$n"
done

status=0
if awk -v m="$EXAMPLE_MS" -v l="$LIMIT_MS" 'BEGIN { exit !(m > l) }'; then
    echo "FAIL: example workspace takes $EXAMPLE_MS ms > $LIMIT_MS ms"
    status=1
else
    echo "ok: example workspace $EXAMPLE_MS ms <= $LIMIT_MS ms"
fi
if awk -v r="$RATIO" 'BEGIN { exit !(r > 1.5) }'; then
    echo "FAIL: check takes ${RATIO}x the time of loading alone (limit 1.5x)"
    status=1
else
    echo "ok: check takes ${RATIO}x the time of loading alone (limit 1.5x)"
fi
ratio=$(awk -v a="${PER[200]}" -v b="${PER[25]}" 'BEGIN { printf "%.2f", a / b }')
if awk -v r="$ratio" -v g="$GROWTH" 'BEGIN { exit !(r > g) }'; then
    echo "FAIL: ms per plan at 200 is ${ratio}x that at 25 (limit ${GROWTH}x): not linear"
    status=1
else
    echo "ok: ms per plan at 200 is ${ratio}x that at 25 (limit ${GROWTH}x)"
fi
exit $status
