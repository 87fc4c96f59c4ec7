# libFuzzer harnesses and the corpus replay driver
#
# fuzz/replay_<harness> runs a harness over its committed corpora with the ordinary compiler;
# it is part of `make check`. fuzz/corpus/<harness>/ holds the generated seeds,
# fuzz/regress/<harness>/ the inputs fuzzing found (minimized with -merge=1), crashes included.
# The libFuzzer binaries build only with --enable-fuzzing (CC=clang); fuzz/run.sh N runs them.
# `make fuzz-corpus` regenerates the seeds from fuzz/gen_corpus.c (decode_msg) and
# fuzz/gen_seeds.c (the CMS, DER, S/MIME and base64 harnesses).
EXTRA_DIST += fuzz/corpus fuzz/regress

EXTRA_DIST += fuzz/run.sh fuzz/longrun.sh fuzz/longrun_report.sh fuzz/setup.sh fuzz/mikey.dict

check_PROGRAMS += fuzz/replay_decode_msg fuzz/gen_corpus fuzz/gen_seeds
TESTS += fuzz/replay_decode_msg
fuzz_replay_decode_msg_SOURCES = fuzz/replay.c fuzz/decode_msg.c
fuzz_replay_decode_msg_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIKEY_CORPUS_DIR='"$(abs_top_srcdir)/fuzz/corpus/decode_msg"' \
	-DMIKEY_REGRESS_DIR='"$(abs_top_srcdir)/fuzz/regress/decode_msg"'
fuzz_replay_decode_msg_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)
fuzz_gen_corpus_SOURCES = fuzz/gen_corpus.c tests/codec_vectors.c tests/codec_vectors.h
fuzz_gen_corpus_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tests
fuzz_gen_corpus_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

fuzz_gen_seeds_SOURCES = fuzz/gen_seeds.c fuzz/fuzz_keys.h fuzz/fuzz_world.c fuzz/fuzz_world.h
fuzz_gen_seeds_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

# The harnesses of the CMS, DER, S/MIME and base64 parsers, replayed the same way.
check_PROGRAMS += fuzz/replay_cms_aed_open
TESTS += fuzz/replay_cms_aed_open
fuzz_replay_cms_aed_open_SOURCES = fuzz/replay.c fuzz/cms_aed_open.c fuzz/fuzz_keys.h
fuzz_replay_cms_aed_open_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIKEY_CORPUS_DIR='"$(abs_top_srcdir)/fuzz/corpus/cms_aed_open"' \
	-DMIKEY_REGRESS_DIR='"$(abs_top_srcdir)/fuzz/regress/cms_aed_open"'
fuzz_replay_cms_aed_open_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)
check_PROGRAMS += fuzz/replay_cms_stream_open
TESTS += fuzz/replay_cms_stream_open
fuzz_replay_cms_stream_open_SOURCES = fuzz/replay.c fuzz/cms_stream_open.c fuzz/fuzz_keys.h
fuzz_replay_cms_stream_open_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIKEY_CORPUS_DIR='"$(abs_top_srcdir)/fuzz/corpus/cms_stream_open"' \
	-DMIKEY_REGRESS_DIR='"$(abs_top_srcdir)/fuzz/regress/cms_stream_open"'
fuzz_replay_cms_stream_open_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)
check_PROGRAMS += fuzz/replay_der_decode
TESTS += fuzz/replay_der_decode
fuzz_replay_der_decode_SOURCES = fuzz/replay.c fuzz/der_decode.c fuzz/fuzz_keys.h
fuzz_replay_der_decode_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIKEY_CORPUS_DIR='"$(abs_top_srcdir)/fuzz/corpus/der_decode"' \
	-DMIKEY_REGRESS_DIR='"$(abs_top_srcdir)/fuzz/regress/der_decode"'
fuzz_replay_der_decode_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)
check_PROGRAMS += fuzz/replay_smime_entity
TESTS += fuzz/replay_smime_entity
fuzz_replay_smime_entity_SOURCES = fuzz/replay.c fuzz/smime_entity.c fuzz/fuzz_keys.h
fuzz_replay_smime_entity_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIKEY_CORPUS_DIR='"$(abs_top_srcdir)/fuzz/corpus/smime_entity"' \
	-DMIKEY_REGRESS_DIR='"$(abs_top_srcdir)/fuzz/regress/smime_entity"'
fuzz_replay_smime_entity_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)
check_PROGRAMS += fuzz/replay_sipbody
TESTS += fuzz/replay_sipbody
fuzz_replay_sipbody_SOURCES = fuzz/replay.c fuzz/sipbody.c fuzz/fuzz_keys.h
fuzz_replay_sipbody_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIKEY_CORPUS_DIR='"$(abs_top_srcdir)/fuzz/corpus/sipbody"' \
	-DMIKEY_REGRESS_DIR='"$(abs_top_srcdir)/fuzz/regress/sipbody"'
fuzz_replay_sipbody_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)
check_PROGRAMS += fuzz/replay_sipmsg
TESTS += fuzz/replay_sipmsg
fuzz_replay_sipmsg_SOURCES = fuzz/replay.c fuzz/sipmsg.c fuzz/fuzz_keys.h
fuzz_replay_sipmsg_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIKEY_CORPUS_DIR='"$(abs_top_srcdir)/fuzz/corpus/sipmsg"' \
	-DMIKEY_REGRESS_DIR='"$(abs_top_srcdir)/fuzz/regress/sipmsg"'
fuzz_replay_sipmsg_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)
check_PROGRAMS += fuzz/replay_base64
TESTS += fuzz/replay_base64
fuzz_replay_base64_SOURCES = fuzz/replay.c fuzz/base64.c fuzz/fuzz_keys.h
fuzz_replay_base64_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIKEY_CORPUS_DIR='"$(abs_top_srcdir)/fuzz/corpus/base64"' \
	-DMIKEY_REGRESS_DIR='"$(abs_top_srcdir)/fuzz/regress/base64"'
fuzz_replay_base64_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

# The harnesses of the ticket layer and the role engines (fuzz/fuzz_world.c: the fixed keys,
# clock and randomness of one KMS, initiator and responder), replayed the same way.
FUZZ_WORLD = fuzz/fuzz_world.c fuzz/fuzz_world.h fuzz/fuzz_keys.h
check_PROGRAMS += fuzz/replay_ticket_open
TESTS += fuzz/replay_ticket_open
fuzz_replay_ticket_open_SOURCES = fuzz/replay.c fuzz/ticket_open.c $(FUZZ_WORLD)
fuzz_replay_ticket_open_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIKEY_CORPUS_DIR='"$(abs_top_srcdir)/fuzz/corpus/ticket_open"' \
	-DMIKEY_REGRESS_DIR='"$(abs_top_srcdir)/fuzz/regress/ticket_open"'
fuzz_replay_ticket_open_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)
check_PROGRAMS += fuzz/replay_kms_process
TESTS += fuzz/replay_kms_process
fuzz_replay_kms_process_SOURCES = fuzz/replay.c fuzz/kms_process.c $(FUZZ_WORLD)
fuzz_replay_kms_process_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIKEY_CORPUS_DIR='"$(abs_top_srcdir)/fuzz/corpus/kms_process"' \
	-DMIKEY_REGRESS_DIR='"$(abs_top_srcdir)/fuzz/regress/kms_process"'
fuzz_replay_kms_process_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)
check_PROGRAMS += fuzz/replay_responder_transfer_init
TESTS += fuzz/replay_responder_transfer_init
fuzz_replay_responder_transfer_init_SOURCES = fuzz/replay.c fuzz/responder_transfer_init.c \
	$(FUZZ_WORLD)
fuzz_replay_responder_transfer_init_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIKEY_CORPUS_DIR='"$(abs_top_srcdir)/fuzz/corpus/responder_transfer_init"' \
	-DMIKEY_REGRESS_DIR='"$(abs_top_srcdir)/fuzz/regress/responder_transfer_init"'
fuzz_replay_responder_transfer_init_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)
check_PROGRAMS += fuzz/replay_responder_resolve_resp
TESTS += fuzz/replay_responder_resolve_resp
fuzz_replay_responder_resolve_resp_SOURCES = fuzz/replay.c fuzz/responder_resolve_resp.c \
	$(FUZZ_WORLD)
fuzz_replay_responder_resolve_resp_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIKEY_CORPUS_DIR='"$(abs_top_srcdir)/fuzz/corpus/responder_resolve_resp"' \
	-DMIKEY_REGRESS_DIR='"$(abs_top_srcdir)/fuzz/regress/responder_resolve_resp"'
fuzz_replay_responder_resolve_resp_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)
check_PROGRAMS += fuzz/replay_initiator_response
TESTS += fuzz/replay_initiator_response
fuzz_replay_initiator_response_SOURCES = fuzz/replay.c fuzz/initiator_response.c $(FUZZ_WORLD)
fuzz_replay_initiator_response_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIKEY_CORPUS_DIR='"$(abs_top_srcdir)/fuzz/corpus/initiator_response"' \
	-DMIKEY_REGRESS_DIR='"$(abs_top_srcdir)/fuzz/regress/initiator_response"'
fuzz_replay_initiator_response_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)
check_PROGRAMS += fuzz/replay_responder_csb_update
TESTS += fuzz/replay_responder_csb_update
fuzz_replay_responder_csb_update_SOURCES = fuzz/replay.c fuzz/responder_csb_update.c \
	$(FUZZ_WORLD)
fuzz_replay_responder_csb_update_CPPFLAGS = $(AM_CPPFLAGS) \
	-DMIKEY_CORPUS_DIR='"$(abs_top_srcdir)/fuzz/corpus/responder_csb_update"' \
	-DMIKEY_REGRESS_DIR='"$(abs_top_srcdir)/fuzz/regress/responder_csb_update"'
fuzz_replay_responder_csb_update_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

FUZZ_SEED_HARNESSES = cms_aed_open cms_stream_open der_decode smime_entity sipbody sipmsg base64 \
	ticket_open kms_process responder_transfer_init responder_resolve_resp initiator_response \
	responder_csb_update

fuzz-corpus: fuzz/gen_corpus$(EXEEXT) fuzz/gen_seeds$(EXEEXT)
	$(MKDIR_P) $(srcdir)/fuzz/corpus/decode_msg
	./fuzz/gen_corpus$(EXEEXT) $(srcdir)/fuzz/corpus/decode_msg
	for h in $(FUZZ_SEED_HARNESSES); do \
	  rm -f $(srcdir)/fuzz/corpus/$$h/[a-z]*; $(MKDIR_P) $(srcdir)/fuzz/corpus/$$h || exit 1; \
	done
	./fuzz/gen_seeds$(EXEEXT) $(srcdir)/fuzz/corpus
.PHONY: fuzz-corpus

if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/decode_msg
fuzz_decode_msg_SOURCES = fuzz/decode_msg.c
fuzz_decode_msg_LDFLAGS = -fsanitize=fuzzer
fuzz_decode_msg_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

noinst_PROGRAMS += fuzz/cms_aed_open
fuzz_cms_aed_open_SOURCES = fuzz/cms_aed_open.c fuzz/fuzz_keys.h
fuzz_cms_aed_open_LDFLAGS = -fsanitize=fuzzer
fuzz_cms_aed_open_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

noinst_PROGRAMS += fuzz/cms_stream_open
fuzz_cms_stream_open_SOURCES = fuzz/cms_stream_open.c fuzz/fuzz_keys.h
fuzz_cms_stream_open_LDFLAGS = -fsanitize=fuzzer
fuzz_cms_stream_open_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

noinst_PROGRAMS += fuzz/der_decode
fuzz_der_decode_SOURCES = fuzz/der_decode.c fuzz/fuzz_keys.h
fuzz_der_decode_LDFLAGS = -fsanitize=fuzzer
fuzz_der_decode_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

noinst_PROGRAMS += fuzz/smime_entity
fuzz_smime_entity_SOURCES = fuzz/smime_entity.c fuzz/fuzz_keys.h
fuzz_smime_entity_LDFLAGS = -fsanitize=fuzzer
fuzz_smime_entity_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

noinst_PROGRAMS += fuzz/sipbody
fuzz_sipbody_SOURCES = fuzz/sipbody.c fuzz/fuzz_keys.h
fuzz_sipbody_LDFLAGS = -fsanitize=fuzzer
fuzz_sipbody_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

noinst_PROGRAMS += fuzz/sipmsg
fuzz_sipmsg_SOURCES = fuzz/sipmsg.c fuzz/fuzz_keys.h
fuzz_sipmsg_LDFLAGS = -fsanitize=fuzzer
fuzz_sipmsg_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

noinst_PROGRAMS += fuzz/base64
fuzz_base64_SOURCES = fuzz/base64.c fuzz/fuzz_keys.h
fuzz_base64_LDFLAGS = -fsanitize=fuzzer
fuzz_base64_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

noinst_PROGRAMS += fuzz/ticket_open
fuzz_ticket_open_SOURCES = fuzz/ticket_open.c $(FUZZ_WORLD)
fuzz_ticket_open_LDFLAGS = -fsanitize=fuzzer
fuzz_ticket_open_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

noinst_PROGRAMS += fuzz/kms_process
fuzz_kms_process_SOURCES = fuzz/kms_process.c $(FUZZ_WORLD)
fuzz_kms_process_LDFLAGS = -fsanitize=fuzzer
fuzz_kms_process_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

noinst_PROGRAMS += fuzz/responder_transfer_init
fuzz_responder_transfer_init_SOURCES = fuzz/responder_transfer_init.c $(FUZZ_WORLD)
fuzz_responder_transfer_init_LDFLAGS = -fsanitize=fuzzer
fuzz_responder_transfer_init_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

noinst_PROGRAMS += fuzz/responder_resolve_resp
fuzz_responder_resolve_resp_SOURCES = fuzz/responder_resolve_resp.c $(FUZZ_WORLD)
fuzz_responder_resolve_resp_LDFLAGS = -fsanitize=fuzzer
fuzz_responder_resolve_resp_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

noinst_PROGRAMS += fuzz/initiator_response
fuzz_initiator_response_SOURCES = fuzz/initiator_response.c $(FUZZ_WORLD)
fuzz_initiator_response_LDFLAGS = -fsanitize=fuzzer
fuzz_initiator_response_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

noinst_PROGRAMS += fuzz/responder_csb_update
fuzz_responder_csb_update_SOURCES = fuzz/responder_csb_update.c $(FUZZ_WORLD)
fuzz_responder_csb_update_LDFLAGS = -fsanitize=fuzzer
fuzz_responder_csb_update_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

FUZZ_PROGS = fuzz/decode_msg fuzz/cms_aed_open fuzz/cms_stream_open fuzz/der_decode \
	fuzz/smime_entity fuzz/sipbody fuzz/sipmsg fuzz/base64 fuzz/ticket_open fuzz/kms_process \
	fuzz/responder_transfer_init fuzz/responder_resolve_resp fuzz/initiator_response \
	fuzz/responder_csb_update
endif

# `make fuzz-smoke`: every libFuzzer harness for FUZZ_SMOKE_SECS seconds (fuzz/run.sh); fails
# on any crash, leak, timeout or broken property. Needs a build configured with
# --enable-fuzzing CC=clang (fuzz/setup.sh installs clang and libFuzzer).
FUZZ_SMOKE_SECS = 30
if ENABLE_FUZZING
fuzz-smoke: $(FUZZ_PROGS)
	$(SHELL) $(abs_top_srcdir)/fuzz/run.sh $(FUZZ_SMOKE_SECS) $(abs_top_builddir)
else
fuzz-smoke:
	@echo "fuzz-smoke: configure a build with --enable-fuzzing CC=clang (fuzz/setup.sh)" >&2
	@exit 1
endif
.PHONY: fuzz-smoke
EXTRA_DIST += doc/robustness.md

# make check-valgrind also replays every corpus under valgrind memcheck (the Check suites are
# run by the rule in Makefile.am): any error or definitely/indirectly lost byte fails it.
FUZZ_REPLAYS = fuzz/replay_decode_msg fuzz/replay_cms_aed_open fuzz/replay_cms_stream_open \
	fuzz/replay_der_decode fuzz/replay_smime_entity fuzz/replay_sipbody fuzz/replay_sipmsg \
	fuzz/replay_base64 fuzz/replay_ticket_open fuzz/replay_kms_process \
	fuzz/replay_responder_transfer_init fuzz/replay_responder_resolve_resp \
	fuzz/replay_initiator_response fuzz/replay_responder_csb_update
check-valgrind: check-valgrind-fuzz
check-valgrind-fuzz: $(FUZZ_REPLAYS)
	@status=0; for t in $(FUZZ_REPLAYS); do \
	  echo "valgrind $$t"; \
	  $(LIBTOOL) --mode=execute valgrind -q --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect --error-exitcode=1 ./$$t >$$t.vg.log 2>&1 \
	    || { status=1; echo "FAIL: $$t (see $$t.vg.log)"; tail -n 30 $$t.vg.log; }; \
	done; exit $$status
.PHONY: check-valgrind-fuzz
