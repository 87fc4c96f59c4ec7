#!/bin/sh
# doc_code.sh: every ```c block of README.md and doc/*.md compiles against the public headers
# (doc/README.md, "Code in the docs", states the convention this script implements):
#
# - Only blocks fenced exactly as ```c are checked; pseudo-code, message layouts and header
#   excerpts use a plain ``` fence.
# - A block with a main() is a complete program: compiled with the project's warnings (see
#   DRIFT below) and linked against libmikey-ticket. After <!-- doc-test: run --> it is also run and must
#   exit 0.
# - Any other block is a fragment, compiled (not linked) as the body of
#       int doc_fragment(const uint8_t *buf, size_t len)
#   (most fragments work on a message in |buf|), after <stdint.h>, <stddef.h>, <stdio.h>,
#   <stdlib.h>, <string.h> and <mikey/mikey.h>; its own #include lines move to file scope.
#   It is a block of its own, so it may declare names of its own (even |buf| and |len|).
#   The other names it uses are declared in a comment directly before the block:
#       <!-- doc-test: setup
#       const uint8_t *kek = NULL; size_t kek_len = 0;
#       -->
#   After <!-- doc-test: toplevel --> the block is compiled at file scope instead (callback
#   definitions, types). Fragments may leave variables, parameters and static functions unused.
#
# Markers apply to the next block and must directly precede it (blank lines allowed).
# Exit 0 when every block compiled (and ran), 1 otherwise, 99 on a set-up failure.
set -u
. ./tests/doc_env.sh || exit 99
srcdir=${srcdir:-$DOC_TOP_SRCDIR}

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT

# Files whose blocks may still produce warnings (printed, not fatal): none today; a name here is
# a debt to pay back.
LENIENT=""

# extract FILE DIR: writes DIR/NNN.c per block and prints "NNN KIND RUN LINE" per block.
extract() {
  awk -v dir="$2" -v name="$3" '
    function reset() { setup = ""; run = 0; top = 0 }
    function emit(   f, kind, head, rest, i, n, lines) {
      f = sprintf("%s/%03d.c", dir, nblk)
      n = split(body, lines, "\n")
      if (body ~ /(^|\n)[ \t]*(int|static int)[ \t]+main[ \t]*\(/) kind = "prog"
      else if (top) kind = "top"
      else kind = "frag"
      if (kind == "prog") {
        printf "#line %d \"%s\"\n%s", start + 1, name, body > f
      } else {
        head = "#include <stdint.h>\n#include <stddef.h>\n#include <stdio.h>\n" \
               "#include <stdlib.h>\n#include <string.h>\n#include <mikey/mikey.h>\n"
        rest = ""
        for (i = 1; i < n; i++) {
          if (lines[i] ~ /^[ \t]*#[ \t]*include/) { head = head lines[i] "\n"; rest = rest "\n" }
          else rest = rest lines[i] "\n"
        }
        if (kind == "top") {
          printf "%s%s#line %d \"%s\"\n%s", head, setup, start + 1, name, rest > f
        } else {
          printf "%sint doc_fragment(const uint8_t *buf, size_t len);\n" \
                 "int doc_fragment(const uint8_t *buf, size_t len) {\n" \
                 "(void)buf; (void)len;\n{\n%s#line %d \"%s\"\n%s\n}\nreturn 0;\n}\n", \
                 head, setup, start + 1, name, rest > f
        }
      }
      close(f)
      printf "%03d %s %d %d\n", nblk, kind, run, start
    }
    BEGIN { nblk = 0; inc = 0; inother = 0; insetup = 0; reset() }
    inc {
      if ($0 ~ /^```[ \t]*$/) { inc = 0; nblk++; emit(); reset() }
      else body = body $0 "\n"
      next
    }
    inother { if ($0 ~ /^```/) inother = 0; next }
    insetup {
      if ($0 ~ /-->/) { insetup = 0; sub(/-->.*/, ""); setup = setup $0 "\n" }
      else setup = setup $0 "\n"
      next
    }
    /^```c[ \t]*$/ { inc = 1; start = NR; body = ""; next }
    /^```/ { inother = 1; reset(); next }
    /^<!-- doc-test: run -->[ \t]*$/ { run = 1; next }
    /^<!-- doc-test: toplevel -->[ \t]*$/ { top = 1; next }
    /^<!-- doc-test: setup/ {
      line = $0; sub(/^<!-- doc-test: setup/, "", line)
      if (line ~ /-->/) { sub(/-->.*/, "", line); setup = setup line "\n" }
      else { insetup = 1; setup = setup line "\n" }
      next
    }
    /^[ \t]*$/ { next }
    { reset() }
    END { if (inc) { printf "unterminated ```c block at line %d\n", start > "/dev/stderr"; exit 1 } }
  ' "$1"
}

CPP="-I$DOC_TOP_SRCDIR/include -I$DOC_TOP_BUILDDIR/include"
# Drift from the API is an error in every build; the other warnings are errors when the build
# was configured with --enable-werror (DOC_CFLAGS then holds -Werror).
DRIFT="-Werror=implicit-function-declaration -Werror=incompatible-pointer-types"
DRIFT="$DRIFT -Werror=int-conversion -Werror=return-type"
FRAGW="-Wno-shadow -Wno-unused-variable -Wno-unused-but-set-variable -Wno-unused-parameter -Wno-unused-function"

# check_file FILE NAME: compiles (links, runs) every block of FILE; NAME is how errors cite it.
# Sets the globals nblocks, nprog, nrun, failed.
check_file() {
  d="$tmp/$(echo "$2" | tr '/.' '__')"
  mkdir -p "$d" || exit 99
  extract "$1" "$d" "$2" >"$d/list" || { failed=$((failed + 1)); return; }
  werror=""
  case " $LENIENT " in *" $2 "*) werror="-Wno-error" ;; esac
  while read -r id kind run line; do
    nblocks=$((nblocks + 1))
    src="$d/$id.c"
    case $kind in
      prog)
        nprog=$((nprog + 1))
        if ! $DOC_CC $CPP $DOC_CFLAGS $DRIFT $werror -c -o "$d/$id.o" "$src" >"$d/$id.log" 2>&1 ||
           ! $DOC_LIBTOOL --mode=link --tag=CC $DOC_CC $DOC_CFLAGS $DOC_LDFLAGS \
               -o "$d/prog$id" "$d/$id.o" "$DOC_TOP_BUILDDIR/lib/libmikey-ticket.la" \
               $DOC_LIBS >>"$d/$id.log" 2>&1; then
          echo "FAIL: $2:$line: program does not build"; cat "$d/$id.log"
          failed=$((failed + 1)); continue
        fi
        if test "$run" = 1; then
          nrun=$((nrun + 1))
          if ! $DOC_LIBTOOL --mode=execute "$d/prog$id" >"$d/$id.out" 2>&1; then
            echo "FAIL: $2:$line: program exits non-zero"; cat "$d/$id.out"
            failed=$((failed + 1)); continue
          fi
          echo "ran $2:$line:"; sed 's/^/  /' "$d/$id.out"
        fi ;;
      *)
        if ! $DOC_CC $CPP $DOC_CFLAGS $DRIFT $FRAGW $werror -c -o "$d/$id.o" "$src" \
               >"$d/$id.log" 2>&1; then
          echo "FAIL: $2:$line: $kind block does not compile"; cat "$d/$id.log"
          echo "--- as compiled:"; cat -n "$src"
          failed=$((failed + 1)); continue
        fi ;;
    esac
    # warnings of lenient files are shown, never hidden
    test -s "$d/$id.log" && { echo "warning: $2:$line:"; cat "$d/$id.log"; }
  done <"$d/list"
}

# The harness must catch a broken block, or the check below proves nothing.
nblocks=0 nprog=0 nrun=0 failed=0
printf '%s\n' 'intro' '' '```c' 'mikey_no_such_function(buf, len);' '```' >"$tmp/self.md"
check_file "$tmp/self.md" self.md >"$tmp/self.out" 2>&1
if test "$failed" -ne 1 || test "$nblocks" -ne 1; then
  echo "harness self-test: a block calling an undeclared function was not refused"
  cat "$tmp/self.out"; exit 99
fi
printf '%s\n' '<!-- doc-test: run -->' '```c' 'int main(void) { return 3; }' '```' >"$tmp/self.md"
nblocks=0 failed=0
check_file "$tmp/self.md" self.md >"$tmp/self.out" 2>&1
if test "$failed" -ne 1; then
  echo "harness self-test: a run program exiting 3 was not refused"; cat "$tmp/self.out"; exit 99
fi

nblocks=0 nprog=0 nrun=0 failed=0 nfiles=0
for f in "$srcdir/README.md" "$srcdir"/doc/*.md; do
  test -f "$f" || continue
  nfiles=$((nfiles + 1))
  name=${f#"$srcdir"/}
  check_file "$f" "$name"
done
echo "doc_code: $nblocks blocks in $nfiles files ($nprog programs, $nrun run), $failed failed"
test "$nblocks" -gt 0 || { echo "no blocks found under $srcdir"; exit 1; }
test "$failed" -eq 0
