#!/bin/sh
# mikeytool_demo.sh: 'mikeytool demo' runs the whole flow for every --aead and both --prf,
# with and without --proof-of-origin, and ends with the recovered MIME entity (the text
# below, written here independently of the tool's source); --verbose adds the decoded
# messages; combinations the profile forbids are usage errors.
tool=./tools/mikeytool/mikeytool
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check NAME COND...: runs the condition, reports
  name=$1; shift
  if "$@"; then echo "ok: $name"; else echo "FAIL: $name"; fail=$((fail + 1)); fi
}
printf '%s\r\n' 'Content-Type: text/plain; charset=utf-8' '' 'Hello Bob,' '' \
  'this text was protected with S/MIME AuthEnvelopedData under a key that MIKEY-TICKET' \
  '(RFC 6043) carried to you, as 3GPP TS 33.328 Annex I describes.' '' 'Alice' >"$tmp/want"
want_len=$(wc -c <"$tmp/want")

for aead in aes-128-gcm aes-256-gcm aes-128-ccm aes-256-ccm; do
  for prf in sha256 mikey1; do
    for poo in "" --proof-of-origin; do
      what="$aead $prf${poo:+ $poo}"
      $tool demo --aead $aead --prf $prf $poo >"$tmp/out" 2>"$tmp/err"; rc=$?
      case "$aead $prf" in
      aes-256-*" mikey1")
        # D4: MIKEY-1 serves 128-bit keys only; D6: aes-256 needs a 256-bit KEK
        check "demo $what: refused, exit 64" test "$rc" -eq 64
        check "demo $what: says why" grep -q 'MIKEY-1 PRF serves 128-bit keys only' "$tmp/err"
        continue ;;
      esac
      check "demo $what: exit 0" test "$rc" -eq 0
      check "demo $what: nothing on stderr" test ! -s "$tmp/err"
      check "demo $what: the five messages and the body" \
        test "$(grep -Ec '^[1-5]\. ' "$tmp/out")" -eq 5
      check "demo $what: ends with the recovered entity" \
        eval 'tail -c "$want_len" "$tmp/out" | cmp -s - "$tmp/want"'
      check "demo $what: announces it" \
        grep -q "^recovered MIME entity ($want_len bytes, equal to the one sent):" "$tmp/out"
      p=PRF-HMAC-SHA-256; [ $prf = mikey1 ] && p=MIKEY-1
      check "demo $what: the messages use $p" \
        test "$(grep -c "^[1245]\\. .*, $p: " "$tmp/out")" -eq 4
      check "demo $what: the S/MIME message uses $aead" grep -q "AuthEnvelopedData ($aead," "$tmp/out"
      if [ -n "$poo" ]; then
        check "demo $what: proof-of-origin verified" grep -q 'proof-of-origin verified' "$tmp/out"
        check "demo $what: a GTGK in the ticket (D15)" grep -q 'ticket granted (GTGK' "$tmp/out"
      else
        check "demo $what: no proof-of-origin" grep -q '(no proof-of-origin)$' "$tmp/out"
        check "demo $what: a TGK in the ticket" grep -q 'ticket granted (TGK' "$tmp/out"
      fi
    done
  done
done

$tool demo --verbose >"$tmp/out" 2>"$tmp/err"; rc=$?
check "demo --verbose: exit 0" test "$rc" -eq 0
for t in REQUEST_INIT_PSK REQUEST_RESP TRANSFER_INIT RESOLVE_INIT_PSK RESOLVE_RESP; do
  check "demo --verbose: the $t decoded" grep -q "^MIKEY message $t " "$tmp/out"
done
check "demo --verbose: the SIP body" grep -q '^Content-Type: application/pkcs7-mime' "$tmp/out"
check "demo --verbose: no key bytes" eval '! grep -q "key: \[[0-9]*\] [0-9a-f]" "$tmp/out"'
check "demo --verbose: still ends with the entity" eval 'tail -c "$want_len" "$tmp/out" | cmp -s - "$tmp/want"'

$tool demo >"$tmp/a" 2>/dev/null; $tool demo >"$tmp/b" 2>/dev/null
check "demo: fresh keys every run (other CSB IDs)" eval '! cmp -s "$tmp/a" "$tmp/b"'
$tool demo --aead aes-512-gcm >"$tmp/out" 2>"$tmp/err"; rc=$?
check "demo --aead aes-512-gcm: exit 64" eval 'test $rc -eq 64 && grep -q "unknown algorithm" "$tmp/err"'
$tool demo --prf md5 >"$tmp/out" 2>"$tmp/err"; rc=$?
check "demo --prf md5: exit 64" test "$rc" -eq 64
$tool demo extra >"$tmp/out" 2>"$tmp/err"; rc=$?
check "demo with an argument: exit 64" test "$rc" -eq 64

echo "mikeytool demo: $fail failed"
test "$fail" -eq 0
