# Shared by the benchmark scripts (source it): median_ms COMMAND... runs COMMAND $N times
# (N from the caller, default 15) and prints the median wall time in ms, one decimal.
median_ms() {
  local times=() s e
  for _ in $(seq "${N:-15}"); do
    s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
    times+=($(( (e - s) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}
