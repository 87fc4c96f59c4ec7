#!/bin/sh
# fuzz/longrun_report.sh: the state of fuzz/longrun.sh runs as a Markdown table, one row per
# harness: CPU seconds so far, executions in total and per CPU second, cov and ft at the end
# of its last run, corpus files, and its state (done, crash, or running / waiting). The CPU
# seconds of a run count when it ends: a running harness has used more than its row says.
# Usage: fuzz/longrun_report.sh OUT-DIR
set -eu
out=${1:?usage: $0 OUT-DIR}
printf '| harness | CPU s | execs | execs / CPU s | cov | ft | corpus | state |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for d in "$out"/*/; do
  h=$(basename "$d")
  if [ ! -f "$d/cpu" ]; then
    printf '| %s | 0 | - | - | - | - | - | not started |\n' "$h"
    continue
  fi
  cpu=$(cat "$d/cpu")
  state=running
  [ -d "$d/lock" ] || state=waiting
  [ -f "$d/done" ] && state=$(cat "$d/done")
  [ -n "$(ls "$d/artifacts" 2>/dev/null)" ] && state="$state, artifacts: $(ls "$d/artifacts" | tr '\n' ' ')"
  files=$(find "$d/corpus" -type f | wc -l)
  awk -F'\t' -v h="$h" -v cpu="$cpu" -v files="$files" -v state="$state" '
    $1 == h { execs += $5; cov = $7; ft = $8; n++ }
    END {
      rate = cpu > 0 ? sprintf("%d", execs / cpu) : "-"
      if (n == 0) { execs = "-"; cov = "-"; ft = "-" }
      printf "| %s | %d | %s | %s | %s | %s | %d | %s |\n", h, cpu, execs, rate, cov, ft, files, state
    }' "$out/summary.tsv"
done
