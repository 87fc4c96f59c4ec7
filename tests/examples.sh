#!/bin/sh
# examples.sh: the documented examples run and print what the documentation says.
srcdir=${srcdir:-.}
out=$(./doc/examples/decode_example "$srcdir/fuzz/corpus/decode_msg/vec_transfer_init") || {
  echo "decode_example failed"; exit 1; }
echo "$out"
echo "$out" | head -n 1 | grep -q '^TRANSFER_INIT, CSB ID [0-9a-f]\{8\}, [0-9]* payloads after the HDR$' || {
  echo "first line not as in README"; exit 1; }
echo "$out" | grep -q '^  TICKET at ' || { echo "no TICKET line"; exit 1; }
echo "$out" | grep -q '^initiator: sip:' || { echo "no initiator line"; exit 1; }
# A truncated message is refused with a reason and exit status 1.
tmp=$(mktemp) || exit 99
trap 'rm -f "$tmp"' EXIT
head -c 50 "$srcdir/fuzz/corpus/decode_msg/vec_transfer_init" >"$tmp"
./doc/examples/decode_example "$tmp" 2>&1; rc=$?
test "$rc" -eq 1 || { echo "truncated input: exit $rc, want 1"; exit 1; }
exit 0
