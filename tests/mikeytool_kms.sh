#!/bin/sh
# mikeytool_kms.sh: 'mikeytool kms' on hand-made messages (fuzz/corpus/decode_msg holds the
# bytes of tests/codec_vectors.c, written field by field from RFC 6043; their V is not a real
# MAC): refusals answered with an Error message on stdout (checked with 'mikeytool decode')
# and exit 2, input it cannot answer (exit 1), bad KEYS.json, missing files, usage.
# The KMS answering real requests is tested on flow output in mikeytool_flow.sh.
srcdir=${srcdir:-.}
tool=./tools/mikeytool/mikeytool
vec="$srcdir/fuzz/corpus/decode_msg"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
check() { # check NAME COND...: runs the condition, reports
  name=$1; shift
  if "$@"; then echo "ok: $name"; else echo "FAIL: $name"; fail=$((fail + 1)); fi
}
one_line() { test "$(wc -l <"$1")" -eq 1; }

# The identities of the hand-made REQUEST_INIT_PSK (IDRi, IDRkms, IDRpsk), a PSK it was not
# made with.
cat >"$tmp/keys.json" <<'KEYS'
{"profile": "psk-mime",
 "initiator": {"identity": "sip:alice@ims.test", "psk_id": "psk-0001",
               "psk": "000102030405060708090a0b0c0d0e0f"},
 "responder": {"identity": "sip:bob@ims.test", "psk_id": "psk-bob",
               "psk": "101112131415161718191a1b1c1d1e1f"},
 "kms": {"identity": "kms.ims.test", "kms_id": "4b4d53000001", "tpk_id": "tpk-0001",
         "tpk": "202122232425262728292a2b2c2d2e2f"}}
KEYS
# T of the vector: NTP 0xe94b3c2d.8 = Unix 1705033133.5
now=1705033133

# A request whose V does not verify: Auth failure (0) (PROFILE.md D12).
$tool kms --keys "$tmp/keys.json" --now $now <"$vec/vec_request_init_psk" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "bad V: exit 2" test "$rc" -eq 2
check "bad V: one line on stderr" one_line "$tmp/err"
check "bad V: it names the reason and the Error no" grep -q \
  '^error: kms: refused the REQUEST_INIT_PSK: authentication failed (MIKEY_E_AUTH); sent Error no 0 (Auth failure)$' \
  "$tmp/err"
$tool decode "$tmp/out" >"$tmp/tree"; rc=$?
check "bad V: stdout is a valid Error message" \
  sh -c "test $rc -eq 0 && grep -q '^MIKEY message ERROR (6)' '$tmp/tree'"
check "bad V: its Error no is 0" grep -q '^    error_no: 0 (Auth failure)$' "$tmp/tree"
check "bad V: its CSB ID is the request's" \
  sh -c "test \"\$($tool decode '$vec/vec_request_init_psk' | grep -m1 csb_id)\" = \"\$(grep -m1 csb_id '$tmp/tree')\""

# The same, base64 from a file argument: the same Error message (the T differs only with
# the clock, which is fixed).
base64 "$vec/vec_request_init_psk" >"$tmp/req.b64"
$tool kms --keys "$tmp/keys.json" --now $now "$tmp/req.b64" >"$tmp/out2" 2>/dev/null; rc=$?
check "base64 input: exit 2, same Error message" sh -c "test $rc -eq 2 && cmp -s '$tmp/out' '$tmp/out2'"

# Out of the clock skew: Invalid TS (1).
$tool kms --keys "$tmp/keys.json" --now $((now + 301)) <"$vec/vec_request_init_psk" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "stale T: exit 2, Error no 1" sh -c "test $rc -eq 2 && $tool decode '$tmp/out' | grep -q 'error_no: 1 (Invalid TS)'"
check "stale T: says so" grep -q 'MIKEY_E_TIMESTAMP' "$tmp/err"

# A KMS with another identity: Invalid ID (7).
sed 's/"kms.ims.test"/"kms.example.org"/' "$tmp/keys.json" >"$tmp/other.json"
$tool kms --keys "$tmp/other.json" --now $now <"$vec/vec_request_init_psk" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "other KMS: exit 2, Error no 7" sh -c "test $rc -eq 2 && $tool decode '$tmp/out' | grep -q 'error_no: 7 (Invalid ID)'"

# Wrong message type: a TRANSFER_INIT is not for the KMS: Invalid DT (11).
$tool kms --keys "$tmp/keys.json" --now $now <"$vec/vec_transfer_init" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "TRANSFER_INIT: exit 2, Error no 11" sh -c "test $rc -eq 2 && $tool decode '$tmp/out' | grep -q 'error_no: 11 (Invalid DT)'"
check "TRANSFER_INIT: one line" one_line "$tmp/err"

# Truncated inside the HDR: nothing to answer: exit 1, nothing on stdout.
head -c 5 "$vec/vec_request_init_psk" >"$tmp/cut"
$tool kms --keys "$tmp/keys.json" <"$tmp/cut" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "truncated HDR: exit 1, no output" sh -c "test $rc -eq 1 && test ! -s '$tmp/out'"
check "truncated HDR: one line with the offset" \
  sh -c "grep -q '^error: kms: no readable MIKEY Common Header.*MIKEY_E_TRUNCATED.* at offset [0-9]*\$' '$tmp/err'"
# Truncated after the HDR: answered (the KMS answers whatever has a HDR).
head -c 100 "$vec/vec_request_init_psk" >"$tmp/cut"
$tool kms --keys "$tmp/keys.json" --now $now <"$tmp/cut" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "truncated body: exit 2, Error no 12" sh -c "test $rc -eq 2 && $tool decode '$tmp/out' | grep -q 'error_no: 12 (Unspecified error)'"
check "truncated body: names the offset" grep -q 'MIKEY_E_TRUNCATED) at offset [0-9]*; sent Error no 12' "$tmp/err"
printf 'not base64 !!' >"$tmp/junk"
$tool kms --keys "$tmp/keys.json" <"$tmp/junk" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "junk: exit 1, one line, no output" sh -c "test $rc -eq 1 && test ! -s '$tmp/out' && test \$(wc -l <'$tmp/err') -eq 1"

# KEYS.json faults: missing file 66, malformed 1, each one line naming the fault.
$tool kms --keys "$tmp/none.json" <"$vec/vec_request_init_psk" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "missing KEYS.json: exit 66" test "$rc" -eq 66
check "missing KEYS.json: one line naming the file" \
  eval 'one_line "$tmp/err" && grep -q "none.json: No such file" "$tmp/err"'
sed 's/"tpk": "20/"tpk": "zz/' "$tmp/keys.json" >"$tmp/bad.json"
$tool kms --keys "$tmp/bad.json" <"$vec/vec_request_init_psk" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "bad KEYS.json: exit 1, names the member" \
  sh -c "test $rc -eq 1 && test ! -s '$tmp/out' && grep -q '^error: .*bad.json: kms.tpk: not a hex string\$' '$tmp/err'"
printf '{"profile": "psk-mime",' >"$tmp/cut.json"
$tool kms --keys "$tmp/cut.json" <"$vec/vec_request_init_psk" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "truncated KEYS.json: exit 1" sh -c "test $rc -eq 1 && grep -q 'not valid JSON' '$tmp/err'"
$tool kms --keys "$tmp/keys.json" "$tmp/none.bin" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "missing input: exit 66" test "$rc" -eq 66

# Usage.
$tool kms <"$vec/vec_request_init_psk" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "no --keys: exit 64" sh -c "test $rc -eq 64 && grep -q '^error: kms: --keys KEYS.json is required' '$tmp/err'"
$tool kms --keys "$tmp/keys.json" --now yesterday <"$vec/vec_request_init_psk" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "bad --now: exit 64" test "$rc" -eq 64
$tool kms --keys "$tmp/keys.json" a b >"$tmp/out" 2>"$tmp/err"; rc=$?
check "two inputs: exit 64" test "$rc" -eq 64

echo "mikeytool kms: $fail failed"
test "$fail" -eq 0
