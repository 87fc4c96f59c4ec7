#!/bin/sh
# roles_vectors_check.sh: proves that the committed expected values of the flow tests
# (tests/vectors/roles/roles_vectors.h) are what the independent generator
# (tests/vectors/roles/gen_roles.py: Python hmac/hashlib and the openssl CLI, written from
# the RFC text) produces. Skipped (77) without python3 or openssl.
srcdir=${srcdir:-.}
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
command -v openssl >/dev/null 2>&1 || { echo "openssl not found: skipped"; exit 77; }
tmp=$(mktemp) || exit 99
trap 'rm -f "$tmp"' EXIT
python3 "$srcdir/tests/vectors/roles/gen_roles.py" >"$tmp" || exit 99
if ! diff -u "$srcdir/tests/vectors/roles/roles_vectors.h" "$tmp"; then
  echo "roles_vectors.h differs from gen_roles.py output: regenerate it" >&2
  exit 1
fi
exit 0
