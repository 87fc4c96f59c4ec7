#!/bin/sh
# mikeytool_man.sh: doc/mikeytool.1 renders without warnings (man --warnings, when man is
# installed) and documents every command and every option that 'CMD --help' lists.
srcdir=${srcdir:-.}
tool=./tools/mikeytool/mikeytool
page="$srcdir/doc/mikeytool.1"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check NAME COND...: runs the condition, reports
  name=$1; shift
  if "$@"; then echo "ok: $name"; else echo "FAIL: $name"; fail=$((fail + 1)); fi
}

if command -v man >/dev/null 2>&1 && man --help 2>&1 | grep -q -- '--warnings'; then
  LC_ALL=C MANWIDTH=80 man --warnings -l "$page" >"$tmp/page" 2>"$tmp/warn"; rc=$?
  check "man -l renders, exit 0" test "$rc" -eq 0
  check "man --warnings: none" test ! -s "$tmp/warn"
  test -s "$tmp/warn" && cat "$tmp/warn"
else
  echo "man (with --warnings) not found: rendering not checked"
fi

# Every command of --help has a section and a SYNOPSIS line; every option of its --help
# is in the page.
cmds=$($tool --help | sed -n '/^commands:/,/^$/p' | awk 'NF > 1 {print $1}')
for cmd in $cmds; do
  check "$cmd: section" grep -q "^\\.SS $cmd\$" "$page"
  check "$cmd: SYNOPSIS" grep -q "^\\.B mikeytool $cmd\$" "$page"
  for opt in $($tool "$cmd" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    esc=$(printf '%s' "$opt" | sed 's/-/\\-/g') # as roff writes it: \-\-name
    check "$cmd $opt: documented" grep -qF -- "$esc" "$page"
  done
done

echo "mikeytool man page: $fail failed"
test "$fail" -eq 0
