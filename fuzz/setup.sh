#!/bin/sh
# fuzz/setup.sh: install the fuzzing toolchain on a Debian machine (clang 14 with libFuzzer and
# the sanitizer runtimes), the way quickstart.sh installs the build dependencies, and check
# that clang links a libFuzzer program. Run quickstart.sh first for the build dependencies.
#   fuzz/setup.sh       as root: installs what is missing; otherwise prints the apt-get
#                       command to run as root and exits 1
# Then: mkdir build-fuzz && cd build-fuzz && ../configure --enable-fuzzing CC=clang && make
set -eu

case ${1:-} in
  -h | --help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  '') ;;
  *) echo "usage: $0" >&2; exit 2 ;;
esac

# clang: the compiler driver; libclang-rt-14-dev: libFuzzer and the ASan/UBSan runtimes
# (Debian 12 ships libFuzzer in it; libfuzzer-14-dev is the standalone library).
pkgs="clang libclang-rt-14-dev"
missing=
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "fuzz/setup.sh: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "fuzz/setup.sh: missing packages. Run as root:" >&2
    echo "  apt-get update && apt-get install -y$missing" >&2
    exit 1
  fi
fi

# The toolchain works when clang links a harness with libFuzzer, ASan and UBSan.
t=$(mktemp -d "${TMPDIR:-/tmp}/mikey-fuzz-setup.XXXXXX")
trap 'rm -rf "$t"' EXIT
cat > "$t/h.c" <<'EOF'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return n > 0 && d[0] == 1 ? 0 : 0; }
EOF
if ! clang -fsanitize=fuzzer,address,undefined -o "$t/h" "$t/h.c" >"$t/log" 2>&1 ||
   ! "$t/h" -runs=10 >>"$t/log" 2>&1; then
  cat "$t/log" >&2
  echo "fuzz/setup.sh: clang cannot build or run a libFuzzer harness" >&2
  exit 1
fi
echo "fuzz/setup.sh: clang $(clang -dumpversion) with libFuzzer, ASan and UBSan is ready"
