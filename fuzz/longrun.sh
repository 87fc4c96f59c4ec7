#!/bin/sh
# fuzz/longrun.sh: fuzz each harness until it has had a budget of CPU seconds in total,
# resuming on its saved corpus across runs.
#
# Usage: fuzz/longrun.sh OUT-DIR CPU-SECS BUILD-DIR HARNESS...
#
# Run one instance per core you want to use (each instance is one "lane"; lanes share the work
# through lock directories), under `nice -n 19` on a shared machine. Wall time says little about
# how much a nice'd fuzzer ran, so the budget is CPU time: user + system time of the fuzzer
# process, read from /proc/<pid>/stat every 5 s while it runs; it is stopped (SIGINT) when its
# slice is used up. The harnesses take turns: each turn gives the least-served harness
# FUZZ_SLICE_CPU more CPU seconds (default: the whole budget at once), so that all of them make
# progress. Stop a lane with SIGTERM (kill PID), not SIGKILL; restarting is safe: the totals
# live in OUT-DIR.
#
# OUT-DIR/<h>/corpus      the working corpus (seeded from fuzz/corpus/<h> and fuzz/regress/<h>)
# OUT-DIR/<h>/artifacts/  crash, leak and timeout inputs
# OUT-DIR/<h>/cpu         CPU seconds so far;  OUT-DIR/<h>/run-N.log  libFuzzer's log of run N
# OUT-DIR/<h>/done        written when the budget is reached, or "crash ..." when a run failed
# OUT-DIR/summary.tsv     one line per run: harness run cpu_run cpu_total execs exec/s cov ft rc
#                         (exec/s as libFuzzer prints it: per wall second, so low when nice'd)
set -u

if [ $# -lt 4 ]; then
  echo "usage: $0 OUT-DIR CPU-SECS BUILD-DIR HARNESS..." >&2
  exit 2
fi
out=$1 budget=$2 build=$3
shift 3
top=$(cd "$(dirname "$0")/.." && pwd)
tck=$(getconf CLK_TCK)
slice=${FUZZ_SLICE_CPU:-$budget}
chunk=${FUZZ_CHUNK_WALL:-14400}   # wall seconds per libFuzzer run at most
mkdir -p "$out"
[ -f "$out/.gitignore" ] || printf '*\n' > "$out/.gitignore"
[ -f "$out/summary.tsv" ] ||
  printf 'harness\trun\tcpu_run\tcpu_total\texecs\texec_s\tcov\tft\trc\n' > "$out/summary.tsv"

# CPU seconds (integer) of a live process: utime + stime, fields 14 and 15 of /proc/pid/stat
# (the process name in field 2 has no spaces here).
cpu_of() {
  awk -v t="$tck" '{ printf "%d\n", ($14 + $15) / t }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# one_turn H: runs harness H until its total reaches min(total + slice, budget).
one_turn() {
  h=$1 d=$out/$1
  mkdir -p "$d/corpus" "$d/artifacts"
  if [ ! -f "$d/cpu" ]; then
    for s in "$top/fuzz/corpus/$h" "$top/fuzz/regress/$h"; do
      [ -d "$s" ] && find "$s" -maxdepth 1 -type f ! -name '.*' -exec cp {} "$d/corpus/" \;
    done
    echo 0 > "$d/cpu"
  fi
  total=$(cat "$d/cpu")
  target=$((total + slice))
  [ "$target" -gt "$budget" ] && target=$budget
  while [ "$total" -lt "$target" ]; do
    n=$(( $(find "$d" -maxdepth 1 -name 'run-*.log' | wc -l) + 1 ))
    log=$d/run-$n.log
    "$build/fuzz/$h" -max_total_time="$chunk" -dict="$top/fuzz/mikey.dict" \
      -print_final_stats=1 -artifact_prefix="$d/artifacts/" -timeout=25 -rss_limit_mb=2048 \
      "$d/corpus" >"$log" 2>&1 &
    pid=$!
    used=0
    while kill -0 "$pid" 2>/dev/null; do
      c=$(cpu_of "$pid")
      [ "$c" -gt "$used" ] && used=$c
      if [ $((total + used)) -ge "$target" ] || [ "$stop" -eq 1 ]; then
        kill -INT "$pid" 2>/dev/null
        break
      fi
      sleep 5
    done
    while kill -0 "$pid" 2>/dev/null; do
      sleep 1
    done
    wait "$pid"
    rc=$?
    # After a SIGINT the process is gone: its last sample is what it used (within 5 s).
    total=$((total + used))
    echo "$total" > "$d/cpu"
    last=$(grep -E '^#[0-9]+' "$log" | tail -1)
    execs=$(printf '%s\n' "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
    rate=$(printf '%s\n' "$last" | sed -n 's/.*exec\/s: \([0-9]*\).*/\1/p')
    cov=$(printf '%s\n' "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
    ft=$(printf '%s\n' "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$h" "$n" "$used" "$total" "${execs:-?}" \
      "${rate:-?}" "${cov:-?}" "${ft:-?}" "$rc" >> "$out/summary.tsv"
    # rc 0: time limit; 72: our SIGINT (libFuzzer's -interrupted_exit_code); 130: a SIGINT
    # that came before libFuzzer's handler was installed.
    case $rc in
      0 | 72 | 130) ;;
      *) echo "crash rc=$rc run $n" > "$d/done"; return 1 ;;
    esac
    [ "$stop" -eq 1 ] && return 0
  done
  [ "$total" -ge "$budget" ] && echo budget > "$d/done"
  return 0
}

for h in "$@"; do
  [ -x "$build/fuzz/$h" ] || { echo "longrun: $build/fuzz/$h missing" >&2; exit 2; }
  mkdir -p "$out/$h"
done
# SIGTERM or SIGINT stops the lane cleanly: the running fuzzer is interrupted, its CPU seconds
# are counted and logged, its lock is released.
stop=0
trap 'stop=1' TERM INT
# Each turn goes to the least-served harness that is neither done nor taken by another lane.
while :; do
  pick= least= pending=0
  for h in "$@"; do
    [ -f "$out/$h/done" ] && continue
    pending=1
    [ -d "$out/$h/lock" ] && continue
    c=$(cat "$out/$h/cpu" 2>/dev/null || echo 0)
    if [ -z "$least" ] || [ "$c" -lt "$least" ]; then
      pick=$h least=$c
    fi
  done
  [ "$pending" -eq 0 ] && break
  if [ -z "$pick" ]; then
    sleep 30   # all that is left is taken by other lanes
    continue
  fi
  [ "$stop" -eq 1 ] && break
  mkdir "$out/$pick/lock" 2>/dev/null || continue   # another lane took it meanwhile
  one_turn "$pick"
  rmdir "$out/$pick/lock"
  [ "$stop" -eq 1 ] && break
done
