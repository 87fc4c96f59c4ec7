#!/bin/sh
# fuzz/longrun_report.sh: the state of fuzz/longrun.sh runs as a Markdown table, one row per
# harness: CPU seconds so far, executions in total and per CPU second, cov and ft at the end
# of its last run, corpus files, and its state (done, crash, or running / waiting). A run's
# CPU seconds are logged when it ends; for a running harness the CPU seconds of its live
# fuzzer process (found by its corpus path) are added.
# Usage: fuzz/longrun_report.sh OUT-DIR
set -eu
out=${1:?usage: $0 OUT-DIR}
printf '| harness | CPU s | execs | execs / CPU s | cov | ft | corpus | state |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for d in "$out"/*/; do
  h=$(basename "$d")
  lexecs= lcov= lft=
  if [ ! -f "$d/cpu" ]; then
    printf '| %s | 0 | - | - | - | - | - | not started |\n' "$h"
    continue
  fi
  cpu=$(cat "$d/cpu")
  state=waiting
  if [ -d "$d/lock" ]; then
    state=running
    pid=$(pgrep -f -- "$out/$h/corpus" | head -n 1 || true)
    if [ -n "$pid" ] && [ -r "/proc/$pid/stat" ]; then
      live=$(awk -v t="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) / t }' "/proc/$pid/stat")
      cpu=$((cpu + live))
      state="running (this turn: $live s so far)"
      n=$(find "$d" -maxdepth 1 -name 'run-*.log' | wc -l)
      last=$(grep -E '^#[0-9]+' "$d/run-$n.log" 2>/dev/null | tail -n 1 || true)
      lexecs=$(printf '%s\n' "$last" | sed -n 's/^#\([0-9]*\).*/\1/p')
      lcov=$(printf '%s\n' "$last" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
      lft=$(printf '%s\n' "$last" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
    fi
  fi
  [ -f "$d/done" ] && state=$(cat "$d/done")
  [ -n "$(ls "$d/artifacts" 2>/dev/null)" ] && state="$state, artifacts: $(ls "$d/artifacts" | tr '\n' ' ')"
  files=$(find "$d/corpus" -type f | wc -l)
  awk -F'\t' -v h="$h" -v cpu="$cpu" -v files="$files" -v state="$state" -v le="$lexecs" \
    -v lc="$lcov" -v lf="$lft" '
    $1 == h { execs += $5; cov = $7; ft = $8; n++ }
    END {
      if (le != "") { execs += le; cov = lc; ft = lf; n++ }
      rate = cpu > 0 ? sprintf("%d", execs / cpu) : "-"
      if (n == 0) { execs = "-"; cov = "-"; ft = "-" }
      printf "| %s | %d | %s | %s | %s | %s | %d | %s |\n", h, cpu, execs, rate, cov, ft, files, state
    }' "$out/summary.tsv"
done
