#!/bin/sh
# mikeytool_decode.sh: 'mikeytool decode' on hand-built messages (fuzz/corpus/decode_msg holds
# the bytes of tests/codec_vectors.c, written field by field from RFC 6043): tree, JSON,
# base64 input, and one-line refusals with exit status 1.
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

# Tree: the message type and the payloads of REQUEST_INIT_PSK in order.
$tool decode "$vec/vec_request_init_psk" >"$tmp/tree" 2>"$tmp/err"; rc=$?
check "tree exit 0" test "$rc" -eq 0
check "tree names the message" grep -q '^MIKEY message REQUEST_INIT_PSK (11), 238 bytes$' "$tmp/tree"
check "tree lists HDR first and V last" sh -c "grep -E '^  [A-Z]+ \\(type' '$tmp/tree' | sed -n '1p;\$p' | tr '\\n' ' ' | grep -q '^  HDR (type -1) at 0, 10 bytes   V (type 9)'"
check "tree shows IDRi" grep -q '"sip:alice@ims.test"' "$tmp/tree"
check "nothing on stderr" test ! -s "$tmp/err"

# Base64 input is detected and gives the same tree.
base64 "$vec/vec_request_init_psk" >"$tmp/b64"
$tool decode <"$tmp/b64" >"$tmp/tree2"; rc=$?
check "base64 from stdin exit 0" test "$rc" -eq 0
check "base64 gives the same tree" cmp -s "$tmp/tree" "$tmp/tree2"

# JSON: parsed by an independent parser, fields as doc/json.md says.
$tool decode --json "$vec/vec_transfer_init" >"$tmp/json"; rc=$?
check "json exit 0" test "$rc" -eq 0
if command -v python3 >/dev/null 2>&1; then
  check "json parses, HDR first with type -1, data type 14" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
p = d["payloads"]
assert p[0]["type"] == -1 and p[0]["name"] == "HDR" and p[0]["offset"] == 0, p[0]
assert d["data_type"] == 14, d.get("data_type")
assert p[-1]["name"] == "V", p[-1]
for x in p:
    for k in ("type", "name", "offset", "length"):
        assert k in x, (k, x)
' "$tmp/json"
else
  echo "python3 not found: JSON structure not checked"
fi

# Refusals: one line "error: <what> at offset <N> (<payload>)", exit 1, nothing on stdout.
head -c 100 "$vec/vec_request_init_psk" >"$tmp/cut"
$tool decode "$tmp/cut" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "truncated: exit 1" test "$rc" -eq 1
check "truncated: one error line with offset and payload" \
  grep -Eq '^error: input ends inside a field at offset [0-9]+ \([A-Za-z]+\)$' "$tmp/err"
check "truncated: one line only" test "$(wc -l <"$tmp/err")" -eq 1
check "truncated: no output" test ! -s "$tmp/out"
printf 'not base64 !!' >"$tmp/junk"
$tool decode "$tmp/junk" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "junk: exit 1" test "$rc" -eq 1
# MIME base64 skips the spaces; the first bad character is the '!' at offset 11.
check "junk: says base64 and offset 11" grep -q 'base64.* at offset 11$' "$tmp/err"
$tool decode /nonexistent/x >"$tmp/out" 2>"$tmp/err"; rc=$?
check "missing file: exit 66" test "$rc" -eq 66
$tool decode --bogus >"$tmp/out" 2>"$tmp/err"; rc=$?
check "unknown option: exit 64" test "$rc" -eq 64
$tool frobnicate >"$tmp/out" 2>"$tmp/err"; rc=$?
check "unknown command: exit 64" test "$rc" -eq 64
$tool decode --help >"$tmp/out"; rc=$?
check "decode --help: exit 0 and usage" sh -c "test $rc -eq 0 && grep -q '^usage: mikeytool decode' '$tmp/out'"

echo "mikeytool decode: $fail failed"
test "$fail" -eq 0
