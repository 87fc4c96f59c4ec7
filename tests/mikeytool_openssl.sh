#!/bin/sh
# mikeytool_openssl.sh: the smime.p7m that 'mikeytool flow' writes opens with an independent
# CMS implementation, 'openssl cms -decrypt -secretkey KEK -secretkeyid KEK_ID', the KEK being
# the one the responder gets from the resolve ('mikeytool kek'); openssl's output must be
# plaintext.txt. AES-GCM only: openssl cms has no AES-CCM AuthEnvelopedData. Skipped (77)
# without an openssl that has 'cms -secretkeyid'.
tool=./tools/mikeytool/mikeytool
OPENSSL=${OPENSSL:-openssl}
if ! "$OPENSSL" version >/dev/null 2>&1; then
  echo "SKIP: no openssl command"; exit 77
fi
if ! "$OPENSSL" cms -help 2>&1 | grep -q secretkeyid; then
  echo "SKIP: this openssl has no 'cms -secretkeyid'"; exit 77
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check NAME COND...: runs the condition, reports
  name=$1; shift
  if "$@"; then echo "ok: $name"; else echo "FAIL: $name"; fail=$((fail + 1)); fi
}
"$OPENSSL" version

for bits in 128 256; do
  k=000102030405060708090a0b0c0d0e0f
  [ $bits = 256 ] && k=$k$k
  cat >"$tmp/keys$bits.json" <<KEYS
{"initiator": {"identity": "sip:alice@example.org", "psk_id": "psk-alice-1", "psk": "$k"},
 "responder": {"identity": "sip:bob@example.org", "psk_id": "hex:00ff", "psk": "$k"},
 "kms": {"identity": "sip:kms.example.org", "kms_id": "4b4d53000001", "tpk_id": "tpk-kms-1",
         "tpk": "$k"}}
KEYS
done

for c in "aes-128-gcm 128" "aes-128-gcm 128 --proof-of-origin" "aes-256-gcm 256" \
         "aes-256-gcm 256 --proof-of-origin" "aes-128-gcm 256"; do
  set -- $c
  alg=$1 bits=$2 poo=${3:-}
  what="$alg, $bits-bit KEK${poo:+, proof-of-origin}"
  d="$tmp/flow"
  rm -rf "$d"
  $tool flow --keys "$tmp/keys$bits.json" --out "$d" --aead "$alg" --key-bits "$bits" $poo \
    >/dev/null 2>"$tmp/err" || { echo "FAIL: flow, $what"; cat "$tmp/err"; fail=$((fail + 1)); continue; }
  $tool kek --keys "$tmp/keys$bits.json" --transfer-init "$d/transfer_init.bin" \
    --resolve-init "$d/resolve_init.bin" --resolve-resp "$d/resolve_resp.bin" >"$tmp/kek" \
    2>"$tmp/err" || { echo "FAIL: kek, $what"; cat "$tmp/err"; fail=$((fail + 1)); continue; }
  kek=$(sed -n 's/^kek: //p' "$tmp/kek")
  kid=$(sed -n 's/^kek_id: //p' "$tmp/kek")
  check "$what: kek prints a $bits-bit KEK" test "${#kek}" -eq $((bits / 4))
  "$OPENSSL" cms -decrypt -inform DER -in "$d/smime.p7m" -secretkey "$kek" -secretkeyid "$kid" \
    -binary -out "$tmp/out" 2>"$tmp/err"; rc=$?
  check "$what: openssl cms -decrypt opens smime.p7m" test "$rc" -eq 0
  test "$rc" -eq 0 || cat "$tmp/err"
  check "$what: openssl's plaintext is plaintext.txt" cmp -s "$tmp/out" "$d/plaintext.txt"
  # and refuses it under a wrong KEK (the check above would not notice a KEK openssl ignores)
  if [ "$(printf %.1s "$kek")" = f ]; then bad=0${kek#?}; else bad=f${kek#?}; fi
  "$OPENSSL" cms -decrypt -inform DER -in "$d/smime.p7m" -secretkey "$bad" -secretkeyid "$kid" \
    -binary -out "$tmp/out" >/dev/null 2>&1; rc=$?
  check "$what: openssl refuses another KEK" test "$rc" -ne 0
done

echo "mikeytool openssl interop: $fail failed"
test "$fail" -eq 0
