#!/bin/sh
# fuzz/run.sh: run every libFuzzer harness for N seconds, one after the other.
#
# Usage: fuzz/run.sh [N] [BUILD-DIR]     (N defaults to 60, BUILD-DIR to build-fuzz)
#
# Builds nothing: BUILD-DIR must be configured with --enable-fuzzing CC=clang and built
# (make -C BUILD-DIR). Each harness runs on a copy of its seed and regression corpora in a
# temporary directory (the committed corpora are never written), with fuzz/mikey.dict, one job
# at a time. Prints executions per second and coverage per harness; exits non-zero when any
# harness crashes, leaks or times out (the crash input is kept and its path printed), or when
# a harness binary is missing. Set FUZZ_HARNESSES to a space-separated list to run a subset,
# FUZZ_ARGS for extra libFuzzer flags.
set -u

secs=${1:-60}
build=${2:-build-fuzz}
top=$(cd "$(dirname "$0")/.." && pwd)
case $build in /*) ;; *) build=$(pwd)/$build ;; esac
harnesses=${FUZZ_HARNESSES:-"decode_msg cms_aed_open cms_stream_open der_decode smime_entity sipbody sipmsg
  base64 ticket_open kms_process responder_transfer_init responder_resolve_resp initiator_response
  responder_csb_update"}

case $secs in '' | *[!0-9]*) echo "run.sh: N must be a number of seconds" >&2; exit 2 ;; esac
if [ ! -d "$build/fuzz" ]; then
  echo "run.sh: $build is not a build directory configured with --enable-fuzzing" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/mikey-fuzz.XXXXXX") || exit 2
status=0
printf '%-24s %8s %10s %8s %8s %s\n' harness secs execs/s cov ft result
for h in $harnesses; do
  bin=$build/fuzz/$h
  if [ ! -x "$bin" ]; then
    echo "run.sh: $bin missing (make -C $build)" >&2
    status=1
    continue
  fi
  mkdir -p "$work/$h/corpus" "$work/$h/artifacts"
  for d in "$top/fuzz/corpus/$h" "$top/fuzz/regress/$h"; do
    [ -d "$d" ] && find "$d" -maxdepth 1 -type f ! -name '.*' -exec cp {} "$work/$h/corpus/" \;
  done
  log=$work/$h/log
  "$bin" -max_total_time="$secs" -dict="$top/fuzz/mikey.dict" -print_final_stats=1 \
    -artifact_prefix="$work/$h/artifacts/" -timeout=10 -rss_limit_mb=2048 ${FUZZ_ARGS:-} \
    "$work/$h/corpus" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  persec=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(printf '%s\n' "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
  ft=$(printf '%s\n' "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
  if [ $rc -eq 0 ]; then
    result="ok ($execs runs)"
  else
    result="FAILED rc=$rc, log $log"
    for a in "$work/$h/artifacts"/*; do
      [ -e "$a" ] && result="$result, input $a"
    done
    status=1
  fi
  printf '%-24s %8s %10s %8s %8s %s\n' "$h" "$secs" "${persec:-?}" "${cov:-?}" "${ft:-?}" "$result"
done
if [ $status -eq 0 ]; then
  rm -rf "$work"
else
  echo "run.sh: failures kept under $work" >&2
fi
exit $status
