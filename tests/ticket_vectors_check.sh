#!/bin/sh
# ticket_vectors_check.sh: proves that the committed known-answer tickets of the ticket tests
# (tests/vectors/ticket/ticket_vectors.h) are exactly what the independent generator
# (tests/vectors/ticket/gen_ticket.py: Python hmac/hashlib and the openssl CLI, written from
# the RFC text) produces. Skipped (77) when python3 or openssl is missing.
srcdir=${srcdir:-.}
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
command -v openssl >/dev/null 2>&1 || { echo "openssl not found: skipped"; exit 77; }
tmp=$(mktemp) || exit 99
trap 'rm -f "$tmp"' EXIT
python3 "$srcdir/tests/vectors/ticket/gen_ticket.py" >"$tmp" || exit 99
if ! diff -u "$srcdir/tests/vectors/ticket/ticket_vectors.h" "$tmp"; then
  echo "ticket_vectors.h differs from gen_ticket.py output: regenerate it" >&2
  exit 1
fi
exit 0
