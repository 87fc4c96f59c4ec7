# tests of the pskmime layer
PSKMIME_TEST_SOURCES = tests/mikey_test.h tests/mikey_test.c tests/pskmime_test_util.h \
	tests/pskmime_test_util.c
if HAVE_CHECK
check_PROGRAMS += tests/pskmime_flow_test
TESTS += tests/pskmime_flow_test
tests_pskmime_flow_test_SOURCES = tests/pskmime_flow_test.c $(PSKMIME_TEST_SOURCES)
tests_pskmime_flow_test_CFLAGS = $(TEST_CFLAGS)
tests_pskmime_flow_test_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/pskmime_refusal_test
TESTS += tests/pskmime_refusal_test
tests_pskmime_refusal_test_SOURCES = tests/pskmime_refusal_test.c $(PSKMIME_TEST_SOURCES)
tests_pskmime_refusal_test_CFLAGS = $(TEST_CFLAGS)
tests_pskmime_refusal_test_LDADD = $(TEST_LDADD)
endif

# Cross-check with the openssl command (skipped, exit 77, when configure found none).
if HAVE_CHECK
check_PROGRAMS += tests/pskmime_interop
tests_pskmime_interop_SOURCES = tests/pskmime_interop.c $(PSKMIME_TEST_SOURCES)
tests_pskmime_interop_CFLAGS = $(TEST_CFLAGS)
tests_pskmime_interop_LDADD = $(TEST_LDADD)
TESTS += tests/pskmime_openssl.sh
endif
EXTRA_DIST += tests/interop/pskmime_openssl.sh.in
CLEANFILES += tests/pskmime_openssl.sh
tests/pskmime_openssl.sh: $(srcdir)/tests/interop/pskmime_openssl.sh.in Makefile
	$(AM_V_GEN)$(MKDIR_P) tests && \
	sed -e 's|@OPENSSL[@]|$(OPENSSL)|g' -e 's|@abs_top_builddir[@]|$(abs_top_builddir)|g' \
	  $(srcdir)/tests/interop/pskmime_openssl.sh.in > $@.tmp && chmod +x $@.tmp && mv $@.tmp $@

# The example programs of doc/pskmime.md: public API only, linked with the installed library.
check_PROGRAMS += doc/examples/pskmime_sender doc/examples/pskmime_receiver
doc_examples_pskmime_sender_SOURCES = doc/examples/pskmime_sender.c \
	doc/examples/pskmime_example.h
doc_examples_pskmime_sender_LDADD = lib/libmikey-ticket.la $(LIBGCRYPT_LIBS)
doc_examples_pskmime_receiver_SOURCES = doc/examples/pskmime_receiver.c \
	doc/examples/pskmime_example.h
doc_examples_pskmime_receiver_LDADD = lib/libmikey-ticket.la $(LIBGCRYPT_LIBS)
TESTS += tests/pskmime_examples.sh
EXTRA_DIST += tests/pskmime_examples.sh
