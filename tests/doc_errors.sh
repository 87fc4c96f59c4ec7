#!/bin/sh
# doc_errors.sh: doc/errors.md is true: its table of every code has exactly the codes of
# include/mikey/common.h with their values and meanings, and the Error numbers the library
# sends for them (tests/doc_errors prints the library's table through the public API); its
# table by refusal agrees with that too.
set -u
. ./tests/doc_env.sh || exit 99
srcdir=${srcdir:-$DOC_TOP_SRCDIR}
doc="$srcdir/doc/errors.md"
hdr="$srcdir/include/mikey/common.h"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
status=0

# name|value|meaning from the header's #define lines with their Doxygen comment
sed -n 's|^#define \(MIKEY_E_[A-Z0-9_]*\)  *(\(-[0-9]*\))  */\*\*< \(.*\) \*/$|\1\|\2\|\3|p' "$hdr" |
  sort >"$tmp/hdr"
# name|value|wire from the library
./tests/doc_errors | awk '{ print $1 "|" $2 "|" $3 }' | sort >"$tmp/lib" || exit 99
# the rows of errors.md's per-band tables: | `NAME` | value | meaning | wire name |
awk -F'|' '/^\| `MIKEY_E_[A-Z0-9_]*` \| -[0-9]/ {
    name = $2; gsub(/[ `]/, "", name); v = $3; gsub(/ /, "", v); m = $4
    sub(/^ /, "", m); sub(/ $/, "", m); w = $5; sub(/^ */, "", w); sub(/ .*/, "", w)
    print name "|" v "|" m > dir "/doc_hm"; print name "|" v "|" w > dir "/doc_lw"
  }' dir="$tmp" "$doc"
sort -o "$tmp/doc_hm" "$tmp/doc_hm" 2>/dev/null || : >"$tmp/doc_hm"
sort -o "$tmp/doc_lw" "$tmp/doc_lw" 2>/dev/null || : >"$tmp/doc_lw"

n=$(wc -l <"$tmp/hdr")
test "$n" -gt 60 || { echo "only $n codes read from $hdr"; exit 99; }
if ! diff "$tmp/hdr" "$tmp/doc_hm" >"$tmp/d1"; then
  echo "errors.md disagrees with common.h (< header, > errors.md):"; cat "$tmp/d1"; status=1
fi
if ! diff "$tmp/lib" "$tmp/doc_lw" >"$tmp/d2"; then
  echo "errors.md disagrees with mikey_err_to_wire (< library, > errors.md):"; cat "$tmp/d2"
  status=1
fi

# The table by refusal: every code named in a row maps to the number in parentheses of its
# last cell (one number for all, or one per code in order); "all other codes" is skipped.
awk -F'|' '/^\| .* \| `MIKEY_E_.*\(([0-9]+)\) \|$/ {
    nc = 0; rest = $3
    while (match(rest, /MIKEY_E_[A-Z0-9_]*/)) { c[++nc] = substr(rest, RSTART, RLENGTH); rest = substr(rest, RSTART + RLENGTH) }
    nn = 0; rest = $4
    while (match(rest, /\([0-9]+\)/)) { w[++nn] = substr(rest, RSTART + 1, RLENGTH - 2); rest = substr(rest, RSTART + RLENGTH) }
    for (i = 1; i <= nc; i++) print c[i] "|" (nn == 1 ? w[1] : (nn == nc ? w[i] : "?"))
  }' "$doc" | sort >"$tmp/byref"
test -s "$tmp/byref" || { echo "no rows read from the table by refusal"; exit 1; }
awk -F'|' '{ print $1 "|" $3 }' "$tmp/lib" | sort >"$tmp/lib_nw"
if comm -23 "$tmp/byref" "$tmp/lib_nw" | grep . >"$tmp/d3"; then
  echo "errors.md, table by refusal, rows the library disagrees with (code|Error no):"
  cat "$tmp/d3"; status=1
fi
# and every code whose Error no is not 12 is named in it
awk -F'|' '$2 != 12' "$tmp/lib_nw" | comm -23 - "$tmp/byref" >"$tmp/d4"
if test -s "$tmp/d4"; then
  echo "codes with their own Error no missing from the table by refusal:"; cat "$tmp/d4"; status=1
fi
echo "doc_errors: $n codes checked"
exit $status
