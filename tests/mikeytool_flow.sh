#!/bin/sh
# mikeytool_flow.sh: 'mikeytool flow' writes the eight files, the same bytes for the same
# --seed and --now and other bytes for another seed; its messages fed back through 'kms'
# (byte-identical answers with the same seed and clock), 'open' (prints plaintext.txt
# exactly) and 'kek'; each tampered file refused with the check at fault; malformed input to
# flow, open and kek. The openssl cross-check of smime.p7m is mikeytool_openssl.sh.
tool=./tools/mikeytool/mikeytool
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check NAME COND...: runs the condition, reports
  name=$1; shift
  if "$@"; then echo "ok: $name"; else echo "FAIL: $name"; fail=$((fail + 1)); fi
}
one_line() { test "$(wc -l <"$1")" -eq 1; }
# flip FILE OFFSET OUT: OUT is FILE with one bit of the byte at OFFSET changed (negative
# OFFSET counts from the end).
flip() {
  n=$(wc -c <"$1"); off=$2
  [ "$off" -lt 0 ] && off=$((n + off))
  head -c "$off" "$1" >"$3"
  byte=$(dd if="$1" bs=1 skip="$off" count=1 2>/dev/null | od -An -tu1 | tr -d ' ')
  printf "\\$(printf '%03o' $(( (byte ^ 1) & 255 )))" >>"$3"
  tail -c +$((off + 2)) "$1" >>"$3"
}
files="request_init.bin request_resp.bin transfer_init.bin resolve_init.bin resolve_resp.bin
       smime.p7m sip-body.txt plaintext.txt"

cat >"$tmp/keys.json" <<'KEYS'
{"profile": "psk-mime",
 "initiator": {"identity": "sip:alice@example.org", "psk_id": "psk-alice-1",
               "psk": "000102030405060708090a0b0c0d0e0f"},
 "responder": {"identity": "sip:bob@example.org", "psk_id": "psk-bob-1",
               "psk": "101112131415161718191a1b1c1d1e1f"},
 "kms": {"identity": "sip:kms.example.org", "kms_id": "4b4d53000001", "tpk_id": "tpk-kms-1",
         "tpk": "202122232425262728292a2b2c2d2e2f"},
 "prot_type": 241, "ext_type": 241}
KEYS
K="$tmp/keys.json"
now=1790000000 # 2026-09-21
clock="--now $now"

# --- flow: the files, determinism ---------------------------------------------------------
$tool flow --keys "$K" --out "$tmp/a" --seed 7 $clock >"$tmp/out" 2>"$tmp/err"; rc=$?
check "flow: exit 0" test "$rc" -eq 0
check "flow: exactly the eight files" test "$(ls "$tmp/a" | sort | tr '\n' ' ')" = \
  "plaintext.txt request_init.bin request_resp.bin resolve_init.bin resolve_resp.bin sip-body.txt smime.p7m transfer_init.bin "
check "flow: one line per file" test "$(wc -l <"$tmp/out")" -eq 8
check "flow --seed: the warning on stderr" grep -q '^warning: --seed: test-only' "$tmp/err"
for m in request_init:REQUEST_INIT_PSK request_resp:REQUEST_RESP transfer_init:TRANSFER_INIT \
         resolve_init:RESOLVE_INIT_PSK resolve_resp:RESOLVE_RESP; do
  check "flow: ${m%%:*}.bin decodes as ${m#*:}" \
    eval '$tool decode "$tmp/a/${m%%:*}.bin" | head -n 1 | grep -q "^MIKEY message ${m#*:} "'
done
check "flow: smime.p7m is a DER SEQUENCE" test "$(head -c 1 "$tmp/a/smime.p7m" | od -An -tx1 | tr -d ' ')" = 30
check "flow: sip-body.txt starts with its Content-Type" \
  grep -q '^Content-Type: multipart/mixed;boundary="mikey-' "$tmp/a/sip-body.txt"
check "flow: the default entity, CRLF line ends" \
  eval 'head -n 1 "$tmp/a/plaintext.txt" | od -c | grep -q "\\\\r  *\\\\n"'

$tool flow --keys "$K" --out "$tmp/b" --seed 7 $clock >/dev/null 2>&1
$tool flow --keys "$K" --out "$tmp/c" --seed 8 $clock >/dev/null 2>&1
for f in $files; do
  check "flow --seed 7 twice: same $f" cmp -s "$tmp/a/$f" "$tmp/b/$f"
  if [ "$f" != plaintext.txt ]; then
    check "flow --seed 8: other $f" eval '! cmp -s "$tmp/a/$f" "$tmp/c/$f"'
  fi
done
check "flow --seed 8: the same plaintext" cmp -s "$tmp/a/plaintext.txt" "$tmp/c/plaintext.txt"
$tool flow --keys "$K" --out "$tmp/d" $clock >/dev/null 2>"$tmp/err"
check "flow without --seed: no warning" test ! -s "$tmp/err"
check "flow without --seed: fresh randomness" eval '! cmp -s "$tmp/a/request_init.bin" "$tmp/d/request_init.bin"'

# --- kms on flow's messages ---------------------------------------------------------------
for m in request resolve; do
  $tool kms --keys "$K" --seed 7 $clock <"$tmp/a/${m}_init.bin" >"$tmp/resp" 2>/dev/null; rc=$?
  check "kms --seed 7 on ${m}_init.bin: exit 0" test "$rc" -eq 0
  check "kms --seed 7 on ${m}_init.bin: ${m}_resp.bin byte for byte" cmp -s "$tmp/resp" "$tmp/a/${m}_resp.bin"
done
# Without --seed the KMS draws fresh keys for the ticket; a RESOLVE_RESP without
# proof-of-origin has no random field (RFC 6043 4.2.3.5: no RANDRkms when I=0), so only the
# request's answer differs.
$tool kms --keys "$K" $clock <"$tmp/a/request_init.bin" >"$tmp/resp" 2>/dev/null; rc=$?
check "kms without --seed on request_init.bin: exit 0, another ticket" \
  eval 'test $rc -eq 0 && ! cmp -s "$tmp/resp" "$tmp/a/request_resp.bin"'
check "kms without --seed: still a REQUEST_RESP" \
  eval '$tool decode "$tmp/resp" | head -n 1 | grep -q "^MIKEY message REQUEST_RESP "'
base64 "$tmp/a/request_init.bin" >"$tmp/req.b64"
$tool kms --keys "$K" --seed 7 $clock "$tmp/req.b64" >"$tmp/resp" 2>/dev/null
check "kms on base64 input: same answer" cmp -s "$tmp/resp" "$tmp/a/request_resp.bin"

# tampered: the V of the request (its last byte) -> Auth failure (0)
flip "$tmp/a/request_init.bin" -1 "$tmp/bad_req"
$tool kms --keys "$K" $clock <"$tmp/bad_req" >"$tmp/resp" 2>"$tmp/err"; rc=$?
check "kms, tampered request: exit 2" test "$rc" -eq 2
check "kms, tampered request: Error message with Error no 0" \
  eval '$tool decode "$tmp/resp" | grep -q "^    error_no: 0 (Auth failure)$"'
check "kms, tampered request: one line naming MIKEY_E_AUTH" \
  eval 'one_line "$tmp/err" && grep -q "REQUEST_INIT_PSK: .*(MIKEY_E_AUTH); sent Error no 0" "$tmp/err"'
# tampered ticket inside the RESOLVE_INIT (its V no longer verifies either)
flip "$tmp/a/resolve_init.bin" 120 "$tmp/bad_ri"
$tool kms --keys "$K" $clock <"$tmp/bad_ri" >"$tmp/resp" 2>"$tmp/err"; rc=$?
check "kms, tampered resolve: exit 2 and an Error message" \
  eval 'test $rc -eq 2 && $tool decode "$tmp/resp" | grep -q "^MIKEY message ERROR (6)"'
# the clock: 10 minutes later the request is stale -> Invalid TS (1)
$tool kms --keys "$K" --now $((now + 600)) <"$tmp/a/request_init.bin" >"$tmp/resp" 2>/dev/null; rc=$?
check "kms, stale request: exit 2, Error no 1" \
  eval 'test $rc -eq 2 && $tool decode "$tmp/resp" | grep -q "error_no: 1 (Invalid TS)"'
# a KMS that does not know bob's PSK -> Auth failure on the resolve
sed 's/"psk": "1011/"psk": "ffff/' "$K" >"$tmp/other.json"
$tool kms --keys "$tmp/other.json" $clock <"$tmp/a/resolve_init.bin" >"$tmp/resp" 2>/dev/null; rc=$?
check "kms with another PSK for bob: exit 2, Error no 0" \
  eval 'test $rc -eq 2 && $tool decode "$tmp/resp" | grep -q "error_no: 0 (Auth failure)"'
# a KMS with another TPK cannot read the ticket -> Error
sed 's/"tpk": "2021/"tpk": "ffff/' "$K" >"$tmp/tpk.json"
$tool kms --keys "$tmp/tpk.json" $clock <"$tmp/a/resolve_init.bin" >"$tmp/resp" 2>"$tmp/err"; rc=$?
check "kms with another TPK: exit 2, the ticket refused" \
  eval 'test $rc -eq 2 && grep -q "refused the RESOLVE_INIT_PSK" "$tmp/err"'

# --- open ---------------------------------------------------------------------------------
A="$tmp/a"
msgs="--transfer-init $A/transfer_init.bin --resolve-init $A/resolve_init.bin --resolve-resp $A/resolve_resp.bin"
$tool open --keys "$K" $msgs --smime "$A/smime.p7m" $clock >"$tmp/mime" 2>"$tmp/err"; rc=$?
check "open --smime: exit 0" test "$rc" -eq 0
check "open --smime: prints plaintext.txt exactly" cmp -s "$tmp/mime" "$A/plaintext.txt"
check "open: nothing on stderr" test ! -s "$tmp/err"
$tool open --keys "$K" --resolve-init "$A/resolve_init.bin" --resolve-resp "$A/resolve_resp.bin" \
  --sip-body "$A/sip-body.txt" $clock >"$tmp/mime"; rc=$?
check "open --sip-body: exit 0, plaintext.txt exactly" \
  eval 'test $rc -eq 0 && cmp -s "$tmp/mime" "$A/plaintext.txt"'
$tool open --keys "$K" $msgs --sip-body "$A/sip-body.txt" $clock >"$tmp/mime"; rc=$?
check "open --sip-body with its --transfer-init: exit 0" \
  eval 'test $rc -eq 0 && cmp -s "$tmp/mime" "$A/plaintext.txt"'
base64 "$A/smime.p7m" >"$tmp/smime.b64"
$tool open --keys "$K" $msgs --smime "$tmp/smime.b64" $clock >"$tmp/mime"; rc=$?
check "open --smime base64: exit 0" eval 'test $rc -eq 0 && cmp -s "$tmp/mime" "$A/plaintext.txt"'
$tool open --keys "$K" $msgs --smime "$A/smime.p7m" $clock --verbose >/dev/null 2>"$tmp/err"
check "open --verbose: names the verified initiator" \
  grep -q '^open: verified: initiator sip:alice@example.org, KEK id [0-9a-f]*, aes-128-gcm, no proof-of-origin$' "$tmp/err"

# open_refused NAME WANT_RC PATTERN ARGS...: open refuses with exit WANT_RC, prints nothing on
# stdout and one line on stderr matching PATTERN
open_refused() {
  what=$1 want=$2 pat=$3; shift 3
  $tool open --keys "$K" "$@" >"$tmp/mime" 2>"$tmp/err"; rc=$?
  check "open, $what: exit $want" test "$rc" -eq "$want"
  check "open, $what: no output" test ! -s "$tmp/mime"
  check "open, $what: one line: $pat" eval 'one_line "$tmp/err" && grep -q -- "$pat" "$tmp/err"'
}
open_refused "stale clock" 1 'transfer_init.bin: TRANSFER_INIT refused before any KMS traffic.*MIKEY_E_TIMESTAMP' \
  $msgs --smime "$A/smime.p7m" --now $((now + 600))
flip "$A/resolve_resp.bin" -1 "$tmp/rr"
open_refused "tampered RESOLVE_RESP" 1 "rr: RESOLVE_RESP refused.*(MIKEY_E_AUTH)" \
  --transfer-init "$A/transfer_init.bin" --resolve-init "$A/resolve_init.bin" --resolve-resp "$tmp/rr" \
  --smime "$A/smime.p7m" $clock
flip "$A/transfer_init.bin" 40 "$tmp/ti"
open_refused "tampered TRANSFER_INIT" 1 "TRANSFER_INIT refused: its V does not verify.*(MIKEY_E_AUTH)" \
  --transfer-init "$tmp/ti" --resolve-init "$A/resolve_init.bin" --resolve-resp "$A/resolve_resp.bin" \
  --smime "$A/smime.p7m" $clock
flip "$A/smime.p7m" -40 "$tmp/ct"
open_refused "tampered ciphertext" 1 "S/MIME: the AuthEnvelopedData does not verify.*(MIKEY_E_AUTH)" \
  $msgs --smime "$tmp/ct" $clock
flip "$A/smime.p7m" -1 "$tmp/tag"
open_refused "tampered tag" 1 "S/MIME: the AuthEnvelopedData does not verify.*(MIKEY_E_AUTH)" \
  $msgs --smime "$tmp/tag" $clock
open_refused "S/MIME of another flow" 1 "S/MIME: its kekid is not the KEK identifier.*(MIKEY_E_CMS_KEK_ID)" \
  $msgs --smime "$tmp/c/smime.p7m" $clock
open_refused "RESOLVE_INIT of another flow" 1 "resolve_init.bin: not a RESOLVE_INIT_PSK this responder writes.*(MIKEY_E_MISMATCH)" \
  --transfer-init "$A/transfer_init.bin" --resolve-init "$tmp/c/resolve_init.bin" \
  --resolve-resp "$A/resolve_resp.bin" --smime "$A/smime.p7m" $clock
open_refused "RESOLVE_RESP of another flow" 1 "resolve_resp.bin: RESOLVE_RESP refused.*(MIKEY_E_NO_PENDING)" \
  --transfer-init "$A/transfer_init.bin" --resolve-init "$A/resolve_init.bin" \
  --resolve-resp "$tmp/c/resolve_resp.bin" --smime "$A/smime.p7m" $clock
open_refused "--proof-of-origin, none carried" 1 "MIKEY_E_POLICY); proof-of-origin is required" \
  $msgs --smime "$A/smime.p7m" $clock --proof-of-origin
$tool kms --keys "$K" $clock <"$tmp/bad_ri" >"$tmp/errmsg" 2>/dev/null
open_refused "the KMS's Error message" 2 "the KMS refused the resolve with an Error message: Error no" \
  --transfer-init "$A/transfer_init.bin" --resolve-init "$A/resolve_init.bin" \
  --resolve-resp "$tmp/errmsg" --smime "$A/smime.p7m" $clock
open_refused "TRANSFER_INIT not the SIP body's" 1 "not the TRANSFER_INIT of the SIP body" \
  --transfer-init "$tmp/c/transfer_init.bin" --resolve-init "$A/resolve_init.bin" \
  --resolve-resp "$A/resolve_resp.bin" --sip-body "$A/sip-body.txt" $clock
head -c 60 "$A/resolve_init.bin" >"$tmp/ri_cut"
open_refused "truncated RESOLVE_INIT" 1 "ri_cut: not a RESOLVE_INIT_PSK .*(MIKEY_E_TRUNCATED)" \
  --transfer-init "$A/transfer_init.bin" --resolve-init "$tmp/ri_cut" \
  --resolve-resp "$A/resolve_resp.bin" --smime "$A/smime.p7m" $clock
head -c 30 "$A/transfer_init.bin" >"$tmp/ti_cut"
open_refused "truncated TRANSFER_INIT" 1 "ti_cut: TRANSFER_INIT refused.*(MIKEY_E_TRUNCATED)" \
  --transfer-init "$tmp/ti_cut" --resolve-init "$A/resolve_init.bin" \
  --resolve-resp "$A/resolve_resp.bin" --smime "$A/smime.p7m" $clock
open_refused "wrong message type as TRANSFER_INIT" 1 "request_init.bin: TRANSFER_INIT refused.*(MIKEY_E_BAD_DATA_TYPE)" \
  --transfer-init "$A/request_init.bin" --resolve-init "$A/resolve_init.bin" \
  --resolve-resp "$A/resolve_resp.bin" --smime "$A/smime.p7m" $clock
head -c 100 "$A/smime.p7m" >"$tmp/der_cut"
open_refused "truncated S/MIME" 1 "der_cut: not an AuthEnvelopedData.*(MIKEY_E_DER" \
  $msgs --smime "$tmp/der_cut" $clock
open_refused "request_resp.bin as S/MIME" 1 "neither DER (a ContentInfo) nor base64" \
  $msgs --smime "$A/request_resp.bin" $clock
{ printf 'Content-Length: 1420\r\n'; tail -n +2 "$A/sip-body.txt"; } >"$tmp/no_ct"
open_refused "SIP body without its Content-Type" 1 "no_ct: no Content-Type field" \
  --resolve-init "$A/resolve_init.bin" --resolve-resp "$A/resolve_resp.bin" --sip-body "$tmp/no_ct" $clock
base64 "$A/smime.p7m" >"$tmp/no_header"
open_refused "SIP body without a header section" 1 "no_header: want a Content-Type header, an empty line" \
  --resolve-init "$A/resolve_init.bin" --resolve-resp "$A/resolve_resp.bin" --sip-body "$tmp/no_header" $clock
sed 's/multipart\/mixed/multipart\/related/' "$A/sip-body.txt" >"$tmp/related"
open_refused "SIP body not multipart/mixed" 1 "not a PSK/MIME SIP body: .*(MIKEY_E_MIME_CONTENT_TYPE).* at offset [0-9]" \
  --resolve-init "$A/resolve_init.bin" --resolve-resp "$A/resolve_resp.bin" --sip-body "$tmp/related" $clock
head -c 900 "$A/sip-body.txt" >"$tmp/body_cut"
open_refused "truncated SIP body" 1 "not a PSK/MIME SIP body: .*(MIKEY_E_MIME_NO_CLOSE)" \
  --resolve-init "$A/resolve_init.bin" --resolve-resp "$A/resolve_resp.bin" --sip-body "$tmp/body_cut" $clock
open_refused "missing file" 66 "none.bin: No such file" \
  --transfer-init "$tmp/none.bin" --resolve-init "$A/resolve_init.bin" \
  --resolve-resp "$A/resolve_resp.bin" --smime "$A/smime.p7m" $clock
$tool open --keys "$K" $msgs $clock >/dev/null 2>&1; rc=$?
check "open without --smime or --sip-body: exit 64" test "$rc" -eq 64
$tool open --keys "$K" $msgs --smime x --sip-body y $clock >/dev/null 2>&1; rc=$?
check "open with both --smime and --sip-body: exit 64" test "$rc" -eq 64
$tool open --keys "$tmp/none.json" $msgs --smime "$A/smime.p7m" >/dev/null 2>&1; rc=$?
check "open, missing KEYS.json: exit 66" test "$rc" -eq 66

# --- proof-of-origin, 256-bit keys, MIKEY-1, a given entity --------------------------------
sed 's/"\(psk\|tpk\)": "\([0-9a-f]*\)"/"\1": "\2\2"/' "$K" >"$tmp/keys32.json"
K32="$tmp/keys32.json"
$tool flow --keys "$K32" --out "$tmp/p" --aead aes-256-gcm --proof-of-origin --seed 3 $clock >/dev/null 2>&1; rc=$?
check "flow 256-bit, proof-of-origin: exit 0" test "$rc" -eq 0
P="$tmp/p"
pmsgs="--transfer-init $P/transfer_init.bin --resolve-init $P/resolve_init.bin --resolve-resp $P/resolve_resp.bin"
$tool kek --keys "$K32" $pmsgs $clock >"$tmp/kek" 2>/dev/null; rc=$?
check "kek: exit 0" test "$rc" -eq 0
check "kek: a 256-bit KEK" grep -Eq '^kek: [0-9a-f]{64}$' "$tmp/kek"
check "kek: the verified initiator" grep -q '^initiator: sip:alice@example.org$' "$tmp/kek"
# the proof-of-origin is the AEAD tag: the last 16 bytes of the DER (the mac field ends the
# AuthEnvelopedData when unauthAttrs are absent, RFC 5083 2.1)
tag=$(tail -c 16 "$P/smime.p7m" | od -An -tx1 | tr -d ' \n')
check "kek: proof_of_origin is the tag at the end of smime.p7m" grep -q "^proof_of_origin: $tag\$" "$tmp/kek"
$tool open --keys "$K32" $pmsgs --smime "$P/smime.p7m" --proof-of-origin $clock >"$tmp/mime" 2>/dev/null; rc=$?
check "open --proof-of-origin: exit 0, the plaintext" \
  eval 'test $rc -eq 0 && cmp -s "$tmp/mime" "$P/plaintext.txt"'
$tool kek --keys "$K" $msgs $clock >"$tmp/kek" 2>/dev/null
check "kek without proof-of-origin: says none" grep -q '^proof_of_origin: none$' "$tmp/kek"
$tool kek --keys "$K" $msgs --now $((now + 600)) >"$tmp/kek" 2>"$tmp/err"; rc=$?
check "kek, stale clock: exit 1, nothing printed" eval 'test $rc -eq 1 && test ! -s "$tmp/kek" && one_line "$tmp/err"'
$tool kek --keys "$K" --transfer-init "$A/transfer_init.bin" --resolve-init "$A/resolve_init.bin" \
  --resolve-resp "$tmp/rr" $clock >"$tmp/kek" 2>"$tmp/err"; rc=$?
check "kek, tampered RESOLVE_RESP: exit 1, nothing printed" \
  eval 'test $rc -eq 1 && test ! -s "$tmp/kek" && grep -q "RESOLVE_RESP refused" "$tmp/err"'
$tool kek --keys "$K" $msgs >/dev/null 2>&1 --now
check "kek, --now without a value: exit 64" test "$?" -eq 64
$tool kek --keys "$K" --transfer-init "$A/resolve_resp.bin" --resolve-init "$A/resolve_init.bin" \
  --resolve-resp "$A/resolve_resp.bin" $clock >"$tmp/kek" 2>"$tmp/err"; rc=$?
check "kek, wrong message type as TRANSFER_INIT: exit 1, named" \
  eval 'test $rc -eq 1 && test ! -s "$tmp/kek" && grep -q "resolve_resp.bin: TRANSFER_INIT refused.*MIKEY_E_BAD_DATA_TYPE" "$tmp/err"'
head -c 60 "$A/resolve_resp.bin" >"$tmp/rr_cut"
$tool kek --keys "$K" --transfer-init "$A/transfer_init.bin" --resolve-init "$A/resolve_init.bin" \
  --resolve-resp "$tmp/rr_cut" $clock >"$tmp/kek" 2>"$tmp/err"; rc=$?
check "kek, truncated RESOLVE_RESP: exit 1, one line" \
  eval 'test $rc -eq 1 && test ! -s "$tmp/kek" && one_line "$tmp/err" && grep -q "RESOLVE_RESP refused" "$tmp/err"'
$tool kek --keys "$K" --transfer-init "$tmp/none.bin" --resolve-init "$A/resolve_init.bin" \
  --resolve-resp "$A/resolve_resp.bin" >/dev/null 2>&1; rc=$?
check "kek, missing file: exit 66" test "$rc" -eq 66
printf '{"initiator": 1}' >"$tmp/bad2.json"
$tool kek --keys "$tmp/bad2.json" $msgs >/dev/null 2>"$tmp/err"; rc=$?
check "kek, bad KEYS.json: exit 1, names the member" \
  eval 'test $rc -eq 1 && grep -q "bad2.json: initiator: missing or not an object" "$tmp/err"'
$tool open --keys "$tmp/bad2.json" $msgs --smime "$A/smime.p7m" >"$tmp/mime" 2>"$tmp/err"; rc=$?
check "open, bad KEYS.json: exit 1, no output" \
  eval 'test $rc -eq 1 && test ! -s "$tmp/mime" && one_line "$tmp/err"'

# the types of KEYS.json reach the wire: Prot type (PROFILE.md section 4), proof-of-origin
# extension type (section 6); the kms_id starts the ticket's THDR (TS 33.328 D.4)
sed 's/"prot_type": 241, "ext_type": 241/"prot_type": 250, "ext_type": 251/; s/4b4d53000001/a1b2c3d4e5f6/' \
  "$K" >"$tmp/types.json"
$tool flow --keys "$tmp/types.json" --out "$tmp/t" --proof-of-origin $clock >/dev/null 2>&1; rc=$?
$tool decode "$tmp/t/transfer_init.bin" >"$tmp/tree"
check "flow with prot_type 250: exit 0, in the crypto session" \
  eval 'test $rc -eq 0 && grep -q "^        prot_type: 250 " "$tmp/tree"'
check "flow with ext_type 251: the proof-of-origin extension" grep -q '^    gext_type: 251 ' "$tmp/tree"
check "flow with kms_id a1b2c3d4e5f6: the THDR" grep -q '^          data: \[6\] a1b2c3d4e5f6$' "$tmp/tree"
$tool open --keys "$tmp/types.json" --resolve-init "$tmp/t/resolve_init.bin" \
  --resolve-resp "$tmp/t/resolve_resp.bin" --sip-body "$tmp/t/sip-body.txt" --proof-of-origin \
  $clock >"$tmp/mime" 2>/dev/null; rc=$?
check "open with those types: exit 0" eval 'test $rc -eq 0 && cmp -s "$tmp/mime" "$tmp/t/plaintext.txt"'
$tool open --keys "$K" --resolve-init "$tmp/t/resolve_init.bin" --resolve-resp "$tmp/t/resolve_resp.bin" \
  --sip-body "$tmp/t/sip-body.txt" $clock >"$tmp/mime" 2>"$tmp/err"; rc=$?
check "open expecting Prot type 241: refused by policy" \
  eval 'test $rc -eq 1 && test ! -s "$tmp/mime" && grep -q "TRANSFER_INIT refused.*(MIKEY_E_POLICY)" "$tmp/err"'

printf 'Content-Type: text/plain\n\nline one\nline two\n' >"$tmp/in.txt"
$tool flow --keys "$K" --out "$tmp/m" --prf mikey1 --aead aes-128-ccm --in "$tmp/in.txt" $clock >/dev/null 2>&1; rc=$?
check "flow MIKEY-1, aes-128-ccm, --in: exit 0" test "$rc" -eq 0
printf 'Content-Type: text/plain\r\n\r\nline one\r\nline two\r\n' >"$tmp/in.crlf"
check "flow --in: plaintext.txt is the entity with CRLF line ends" cmp -s "$tmp/m/plaintext.txt" "$tmp/in.crlf"
check "flow MIKEY-1: the HDR says so" eval '$tool decode "$tmp/m/request_init.bin" | grep -q "prf: 0 (MIKEY-1)"'
$tool open --keys "$K" --resolve-init "$tmp/m/resolve_init.bin" --resolve-resp "$tmp/m/resolve_resp.bin" \
  --sip-body "$tmp/m/sip-body.txt" $clock >"$tmp/mime" 2>/dev/null; rc=$?
check "open on the MIKEY-1 flow: exit 0, the entity" \
  eval 'test $rc -eq 0 && cmp -s "$tmp/mime" "$tmp/in.crlf"'
# 256-bit keys with 128-bit PSKs: the responder of flow drew a 32-byte RANDRr for its key
# length; open's responder adopts it without knowing that length (roles.h, resume)
$tool flow --keys "$K" --out "$tmp/k" --key-bits 256 --seed 4 $clock >/dev/null 2>&1; rc=$?
check "flow 256-bit keys, 128-bit PSKs: exit 0, a 32-byte RANDRr" \
  eval 'test $rc -eq 0 && $tool decode "$tmp/k/resolve_init.bin" | grep -A2 "RANDR (type 15)" | grep -q "rand: \[32\]"'
$tool open --keys "$K" --resolve-init "$tmp/k/resolve_init.bin" --resolve-resp "$tmp/k/resolve_resp.bin" \
  --sip-body "$tmp/k/sip-body.txt" $clock >"$tmp/mime" 2>/dev/null; rc=$?
check "open on it: exit 0, the entity" \
  eval 'test $rc -eq 0 && cmp -s "$tmp/mime" "$tmp/k/plaintext.txt"'

# --- flow refusals ------------------------------------------------------------------------
# flow_refused NAME WANT_RC PATTERN ARGS...
flow_refused() {
  what=$1 want=$2 pat=$3; shift 3
  rm -rf "$tmp/x"
  $tool flow --out "$tmp/x" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
  check "flow, $what: exit $want" test "$rc" -eq "$want"
  check "flow, $what: no files" test ! -e "$tmp/x"
  check "flow, $what: error line: $pat" grep -q -- "^error: .*$pat" "$tmp/err"
}
flow_refused "missing KEYS.json" 66 "none.json: No such file" --keys "$tmp/none.json"
printf '{"profile": "psk-mime"}' >"$tmp/bad.json"
flow_refused "KEYS.json without parties" 1 "initiator: missing" --keys "$tmp/bad.json"
flow_refused "missing --in" 66 "none.txt: No such file" --keys "$K" --in "$tmp/none.txt"
flow_refused "unknown --aead" 64 "unknown algorithm 'aes-512-gcm'" --keys "$K" --aead aes-512-gcm
flow_refused "unknown --prf" 64 "want mikey1 or sha256" --keys "$K" --prf md5
flow_refused "--key-bits 512" 64 "want 128 or 256" --keys "$K" --key-bits 512
flow_refused "MIKEY-1 with 256-bit keys" 64 "MIKEY-1 PRF serves 128-bit keys only" --keys "$K" --prf mikey1 --key-bits 256
flow_refused "aes-256 with a 128-bit KEK" 64 "aes-256-gcm needs a 256-bit KEK" --keys "$K" --aead aes-256-gcm --key-bits 128
flow_refused "MIKEY-1 with 256-bit PSKs" 2 "the KMS refused the REQUEST_INIT_PSK: .*Error no 2 (Invalid PRF)" --keys "$K32" --prf mikey1
flow_refused "unknown option" 64 "flow: unknown option --bogus" --keys "$K" --bogus
: >"$tmp/file"
$tool flow --keys "$K" --out "$tmp/file/sub" >/dev/null 2>"$tmp/err"; rc=$?
check "flow, --out under a file: exit 70" eval 'test $rc -eq 70 && one_line "$tmp/err"'
$tool flow --keys "$K" >/dev/null 2>&1; rc=$?
check "flow without --out: exit 64" test "$rc" -eq 64

echo "mikeytool flow/kms/open/kek: $fail failed"
test "$fail" -eq 0
