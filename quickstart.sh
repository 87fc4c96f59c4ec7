#!/bin/sh
# quickstart.sh: set up, build, and run libmikey-ticket on a Debian machine.
#   ./quickstart.sh         install what is missing, build, run the demo (mikeytool demo: the
#                           whole PSK/MIME flow in one process)
#   ./quickstart.sh check   install what is missing, build, run the test suite (make check)
# Environment: MIKEY_CONFIGURE_FLAGS adds configure options (CI passes --enable-werror);
#              MIKEY_BUILD_DIR is the build directory (default: build).
set -eu

mode=${1:-demo}
case "$mode" in
  demo|check) ;;
  -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: $0 [check]" >&2; exit 2 ;;
esac

top=$(cd "$(dirname "$0")" && pwd)
build=${MIKEY_BUILD_DIR:-"$top/build"}
flags=${MIKEY_CONFIGURE_FLAGS:-}

# Debian packages the build, the tests and the tool need.
# (The Bouncy Castle jars serve the CMS interop test, which skips when no JDK is present;
# doxygen lets make check prove every exported symbol is documented; libssl-dev gives make bench
# its OpenSSL CMS comparison. make bench-plot also wants gnuplot-nox, installed on request.)
pkgs="autoconf automake libtool pkg-config make gcc libgcrypt20-dev check openssl libjson-c-dev
      libbcprov-java libbcpkix-java libbcutil-java doxygen libssl-dev"
missing=
for p in $pkgs; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing="$missing $p"
  fi
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "quickstart: installing:$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "quickstart: missing packages. Run as root:" >&2
    echo "  apt-get update && apt-get install -y$missing" >&2
    exit 1
  fi
fi

cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ]; then
  autoreconf -fi
fi
mkdir -p "$build"
cd "$build"
stamp=.quickstart-flags
if [ ! -f Makefile ] || [ "$(cat "$stamp" 2>/dev/null)" != "$flags" ]; then
  # shellcheck disable=SC2086
  "$top/configure" $flags
  printf '%s' "$flags" > "$stamp"
fi
jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs"

if [ "$mode" = check ]; then
  status=0
  make -j"$jobs" check || status=$?
  # One closing line for every Check suite together (each suite's own lines are in its .log).
  total=0 failed=0
  for log in $(find tests fuzz -name '*.log' 2>/dev/null); do
    line=$(grep -E '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$log" | tail -n 1)
    [ -n "$line" ] || continue
    n=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
    f=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2/')
    total=$((total + n))
    failed=$((failed + ${f% *} + ${f#* }))
  done
  if [ "$status" -ne 0 ] && [ -f test-suite.log ]; then
    cat test-suite.log
  fi
  echo "tests: $((total - failed)) passed, $failed failed"
  exit "$status"
fi

# The main job: the whole PSK/MIME flow (3GPP TS 33.328 Annex I) in one process, a KMS, alice
# and bob with fresh keys; it ends with the MIME entity bob recovered.
exec tools/mikeytool/mikeytool demo
