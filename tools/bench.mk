# tools/bench: the benchmark program (not a test). It is built by `make check` so that it
# does not rot; `make bench` runs it and writes bench.json in the build directory.
check_PROGRAMS += tools/bench/mikey-bench
tools_bench_mikey_bench_SOURCES = tools/bench/bench.h tools/bench/bench_main.c \
	tools/bench/bench_alloc.c tools/bench/bench_census.c \
	tools/bench/bench_world.c tools/bench/bench_world.h \
	tools/bench/bench_codec.c tools/bench/bench_crypto.c tools/bench/bench_kms.c \
	tools/bench/bench_cms.c tools/bench/bench_openssl.c tools/bench/bench_openssl.h \
	tools/bench/bench_e2e.c \
	tests/codec_vectors.c tests/codec_vectors.h
tools_bench_mikey_bench_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
# every malloc/calloc/realloc call from the program and the static library core is counted;
# every libgcrypt call the library makes passes through bench_census.c
tools_bench_mikey_bench_LDFLAGS = -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc \
	-Wl,--wrap=gcry_md_open -Wl,--wrap=gcry_md_close -Wl,--wrap=gcry_md_setkey \
	-Wl,--wrap=gcry_md_write -Wl,--wrap=gcry_md_read -Wl,--wrap=gcry_md_reset \
	-Wl,--wrap=gcry_md_hash_buffers -Wl,--wrap=gcry_cipher_open -Wl,--wrap=gcry_cipher_close \
	-Wl,--wrap=gcry_cipher_ctl -Wl,--wrap=gcry_cipher_setkey -Wl,--wrap=gcry_cipher_setiv \
	-Wl,--wrap=gcry_cipher_setctr -Wl,--wrap=gcry_cipher_encrypt \
	-Wl,--wrap=gcry_cipher_decrypt -Wl,--wrap=gcry_cipher_authenticate \
	-Wl,--wrap=gcry_cipher_gettag -Wl,--wrap=gcry_randomize
tools_bench_mikey_bench_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS) -lm
# OpenSSL's CMS as the S/MIME cases' reference, into the bench only
if HAVE_LIBCRYPTO
tools_bench_mikey_bench_CPPFLAGS += -DMIKEY_BENCH_OPENSSL $(LIBCRYPTO_CFLAGS)
tools_bench_mikey_bench_LDADD += $(LIBCRYPTO_LIBS)
endif
EXTRA_DIST += tools/bench/README.md doc/performance.md doc/perf/plot_smime.py \
	doc/perf/smime.gp doc/perf/smime.png doc/perf/bench.json doc/perf/bench.txt
CLEANFILES += bench.json smime.png

bench: tools/bench/mikey-bench$(EXEEXT)
	./tools/bench/mikey-bench$(EXEEXT) --json bench.json $(BENCH_ARGS)

# the S/MIME throughput plot of doc/performance.md from the last bench.json (python3, gnuplot)
bench-plot:
	$(top_srcdir)/doc/perf/plot_smime.py bench.json smime.png
.PHONY: bench bench-plot
