# tools/bench: the benchmark program (not a test). It is built by `make check` so that it
# does not rot; `make bench` runs it and writes bench.json in the build directory.
check_PROGRAMS += tools/bench/mikey-bench
tools_bench_mikey_bench_SOURCES = tools/bench/bench.h tools/bench/bench_main.c \
	tools/bench/bench_alloc.c tools/bench/bench_codec.c \
	tests/codec_vectors.c tests/codec_vectors.h
tools_bench_mikey_bench_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
# every malloc/calloc/realloc call from the program and the static library core is counted
tools_bench_mikey_bench_LDFLAGS = -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc
tools_bench_mikey_bench_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS) -lm
EXTRA_DIST += tools/bench/README.md
CLEANFILES += bench.json

bench: tools/bench/mikey-bench$(EXEEXT)
	./tools/bench/mikey-bench$(EXEEXT) --json bench.json $(BENCH_ARGS)
.PHONY: bench
