# libFuzzer harnesses and the corpus replay driver
#
# fuzz/replay_<harness> runs a harness over its committed corpora with the ordinary compiler;
# it is part of `make check`. fuzz/corpus/<harness>/ holds the generated seeds,
# fuzz/regress/<harness>/ the inputs fuzzing found (minimized with -merge=1), crashes included.
# The libFuzzer binaries build only with --enable-fuzzing (CC=clang). `make fuzz-corpus` regenerates the seeds from fuzz/gen_corpus.c.
EXTRA_DIST += fuzz/corpus fuzz/regress

check_PROGRAMS += fuzz/replay_decode_msg fuzz/gen_corpus
TESTS += fuzz/replay_decode_msg
fuzz_replay_decode_msg_SOURCES = fuzz/replay.c fuzz/decode_msg.c
fuzz_replay_decode_msg_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIKEY_CORPUS_DIR='"$(abs_top_srcdir)/fuzz/corpus/decode_msg"' \
	-DMIKEY_REGRESS_DIR='"$(abs_top_srcdir)/fuzz/regress/decode_msg"'
fuzz_replay_decode_msg_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)
fuzz_gen_corpus_SOURCES = fuzz/gen_corpus.c tests/codec_vectors.c tests/codec_vectors.h
fuzz_gen_corpus_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
fuzz_gen_corpus_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

fuzz-corpus: fuzz/gen_corpus$(EXEEXT)
	$(MKDIR_P) $(srcdir)/fuzz/corpus/decode_msg
	./fuzz/gen_corpus$(EXEEXT) $(srcdir)/fuzz/corpus/decode_msg
.PHONY: fuzz-corpus

if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/decode_msg
fuzz_decode_msg_SOURCES = fuzz/decode_msg.c
fuzz_decode_msg_LDFLAGS = -fsanitize=fuzzer
fuzz_decode_msg_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)
endif
