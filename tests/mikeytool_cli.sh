#!/bin/sh
# mikeytool_cli.sh: the command-line frame of mikeytool: --help, --version, 'help CMD' and
# 'CMD --help' for every subcommand, and the usage errors (exit 64, usage on stderr).
tool=./tools/mikeytool/mikeytool
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check NAME COND...: runs the condition, reports
  name=$1; shift
  if "$@"; then echo "ok: $name"; else echo "FAIL: $name"; fail=$((fail + 1)); fi
}

$tool --help >"$tmp/help" 2>"$tmp/err"; rc=$?
check "--help: exit 0, usage on stdout, nothing on stderr" \
  sh -c "test $rc -eq 0 && grep -q '^usage: mikeytool COMMAND' '$tmp/help' && test ! -s '$tmp/err'"
# The commands the man page documents; --help must list each (and no other).
want="demo flow open decode kms kek"
got=$(sed -n '/^commands:/,/^$/p' "$tmp/help" | awk 'NF > 1 {print $1}' | tr '\n' ' ' | sed 's/ $//')
check "--help lists: $want" test "$got" = "$want"

for cmd in $want; do
  $tool "$cmd" --help >"$tmp/out" 2>"$tmp/err"; rc=$?
  check "$cmd --help: exit 0 and its usage" \
    sh -c "test $rc -eq 0 && grep -q '^usage: mikeytool $cmd' '$tmp/out' && test ! -s '$tmp/err'"
  check "$cmd --help: documents the exit status" grep -q '^Exit status:' "$tmp/out"
  $tool help "$cmd" >"$tmp/out2"; rc=$?
  check "help $cmd: exit 0, same text" sh -c "test $rc -eq 0 && cmp -s '$tmp/out' '$tmp/out2'"
  $tool "$cmd" --no-such-option >"$tmp/out" 2>"$tmp/err"; rc=$?
  check "$cmd --no-such-option: exit 64, nothing on stdout" sh -c "test $rc -eq 64 && test ! -s '$tmp/out'"
  check "$cmd --no-such-option: error line, then the usage on stderr" \
    sh -c "head -n 1 '$tmp/err' | grep -q '^error: $cmd: unknown option --no-such-option\$' &&
           sed -n 2p '$tmp/err' | grep -q '^usage: mikeytool $cmd'"
done

$tool --version >"$tmp/out"; rc=$?
check "--version: exit 0, one line" \
  sh -c "test $rc -eq 0 && grep -q '^mikeytool (libmikey-ticket) [0-9]' '$tmp/out' && test \$(wc -l <'$tmp/out') -eq 1"
$tool >"$tmp/out" 2>"$tmp/err"; rc=$?
check "no command: exit 64, usage on stderr" sh -c "test $rc -eq 64 && grep -q '^usage:' '$tmp/err'"
$tool --frobnicate >"$tmp/out" 2>"$tmp/err"; rc=$?
check "unknown top-level option: exit 64, error line then usage" \
  sh -c "test $rc -eq 64 && head -n 1 '$tmp/err' | grep -q '^error: unknown option --frobnicate\$'"
$tool frobnicate >"$tmp/out" 2>"$tmp/err"; rc=$?
check "unknown command: exit 64" sh -c "test $rc -eq 64 && grep -q \"^error: unknown command 'frobnicate'\" '$tmp/err'"
$tool help frobnicate >"$tmp/out" 2>"$tmp/err"; rc=$?
check "help of an unknown command: exit 64" test "$rc" -eq 64
$tool help >"$tmp/out"; rc=$?
check "help alone: the overall usage" sh -c "test $rc -eq 0 && cmp -s '$tmp/out' '$tmp/help'"

echo "mikeytool cli: $fail failed"
test "$fail" -eq 0
