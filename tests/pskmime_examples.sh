#!/bin/sh
# pskmime_examples.sh: the PSK/MIME example programs (doc/examples/pskmime_*.c) work as
# doc/pskmime.md says: the receiver prints exactly the MIME entity the sender protected, with
# and without proof-of-origin, base64 and binary; a tampered body is refused with exit 1.
dir=$(mktemp -d "${TMPDIR:-/tmp}/mikey-pskmime-examples.XXXXXX") || exit 99
trap 'rm -rf "$dir"' EXIT
S=./doc/examples/pskmime_sender
R=./doc/examples/pskmime_receiver
# a canonical (CRLF) entity, so that what is printed must equal the input byte for byte
printf 'Content-Type: text/plain; charset=utf-8\r\n\r\nHello Bob,\r\nthe code is 4711.\r\n' >"$dir/in.mime"
fail=0
for opts in "" "--proof-of-origin" "--binary" "--proof-of-origin --binary"; do
  $S $opts "$dir/in.mime" "$dir/body" "$dir/ctype" || { echo "FAIL: sender $opts"; fail=1; continue; }
  grep -q '^multipart/mixed;boundary="mikey-' "$dir/ctype" || { echo "FAIL: ctype $opts"; fail=1; }
  $R "$dir/body" "$dir/ctype" >"$dir/out.mime" 2>"$dir/err" || { echo "FAIL: receiver $opts"; cat "$dir/err"; fail=1; continue; }
  cmp -s "$dir/in.mime" "$dir/out.mime" || { echo "FAIL: receiver printed other bytes ($opts)"; fail=1; }
  grep -q '^from sip:alice@example.org' "$dir/err" || { echo "FAIL: no sender line ($opts)"; fail=1; }
done
# bob requiring proof-of-origin refuses the last message without it ...
$S "$dir/in.mime" "$dir/body" "$dir/ctype" || fail=1
$R --require-proof-of-origin "$dir/body" "$dir/ctype" >"$dir/out.mime" 2>"$dir/err"; rc=$?
test $rc -eq 1 && grep -q MIKEY_E_POLICY "$dir/err" && ! test -s "$dir/out.mime" || {
  echo "FAIL: no proof-of-origin: exit $rc"; cat "$dir/err"; fail=1; }
# ... and a changed bit of the S/MIME part is refused with no output (binary: one byte
# near the end of the DER, inside the tag)
$S --binary "$dir/in.mime" "$dir/body" "$dir/ctype" || fail=1
size=$(wc -c <"$dir/body")
off=$((size - 50)) # the close delimiter takes the last 46 bytes
old=$(od -An -tu1 -j $off -N 1 "$dir/body" | tr -d ' ')
if test "$old" = 1; then new='\002'; else new='\001'; fi
printf "$new" | dd of="$dir/body" bs=1 seek=$off conv=notrunc 2>/dev/null
$R "$dir/body" "$dir/ctype" >"$dir/out.mime" 2>"$dir/err"; rc=$?
test $rc -eq 1 && ! test -s "$dir/out.mime" || { echo "FAIL: tampered body: exit $rc"; cat "$dir/err"; fail=1; }
cat "$dir/err"
exit $fail
