#!/bin/sh
# doc_kms_backend.sh: doc/examples/kms_backend runs and prints what doc/kms-backend.md says it
# prints: one answer per accepted message, and each refusal with its Error no and reason.
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
./doc/examples/kms_backend >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
test "$rc" -eq 0 || { echo "kms_backend exited $rc"; exit 1; }
cat >"$tmp/want" <<'END'
kms: alice asks for a ticket to bob: REQUEST_INIT_PSK answered
kms: TPK rotated to tpk-2; tpk-1 retired, kept for its tickets
kms: one RESOLVE_INIT in two threads at once: 1 answered, 1 refused as a replay
bob: the KEK equals alice's
kms: the same RESOLVE_INIT again: RESOLVE_INIT_PSK refused: Error no 1, MIKEY_E_REPLAY (replayed message)
kms: bob's key under alice's name: REQUEST_INIT_PSK refused: Error no 0, MIKEY_E_UNKNOWN_KEY (no key known for this identity)
kms: alice asks for a ticket to eve: REQUEST_INIT_PSK refused: Error no 7 with V, MIKEY_E_NOT_AUTHORIZED (not authorized)
alice: MIKEY_E_PEER_ERROR, Error no 7, authenticated
kms: replay store down: REQUEST_INIT_PSK refused: Error no 12, MIKEY_E_CALLBACK (callback failed)
kms: a ticket of the deleted tpk-1: RESOLVE_INIT_PSK refused: Error no 14 with V, MIKEY_E_KMS_ID (ticket from an unknown KMS)
replay store: 2 live entries
END
diff "$tmp/want" "$tmp/out" || { echo "kms_backend output differs from the documented one"; exit 1; }
