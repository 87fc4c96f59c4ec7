#!/bin/sh
# crypto_vectors_check.sh: proves that the committed expected values of the crypto tests
# (tests/vectors/crypto/crypto_vectors.h) are exactly what the independent generator
# (tests/vectors/crypto/gen_vectors.py: Python hmac/hashlib and the openssl CLI, written from
# the RFC text) produces. Skipped (77) when python3 or openssl is missing.
srcdir=${srcdir:-.}
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
command -v openssl >/dev/null 2>&1 || { echo "openssl not found: skipped"; exit 77; }
tmp=$(mktemp) || exit 99
trap 'rm -f "$tmp"' EXIT
python3 "$srcdir/tests/vectors/crypto/gen_vectors.py" >"$tmp" || exit 99
if ! diff -u "$srcdir/tests/vectors/crypto/crypto_vectors.h" "$tmp"; then
  echo "crypto_vectors.h differs from gen_vectors.py output: regenerate it" >&2
  exit 1
fi
exit 0
