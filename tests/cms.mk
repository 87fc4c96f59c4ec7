# tests of the cms layer
if HAVE_CHECK
check_PROGRAMS += tests/der_test tests/cms_aead_test tests/cms_aed_test tests/cms_stream_test \
	tests/cms_ed_test
TESTS += tests/der_test tests/cms_aead_test tests/cms_aed_test tests/cms_stream_test \
	tests/cms_ed_test
tests_der_test_SOURCES = tests/der_test.c tests/mikey_test.h tests/mikey_test.c
tests_der_test_CFLAGS = $(TEST_CFLAGS)
tests_der_test_LDADD = $(TEST_LDADD)
tests_cms_aead_test_SOURCES = tests/cms_aead_test.c tests/mikey_test.h tests/mikey_test.c
tests_cms_aead_test_CFLAGS = $(TEST_CFLAGS)
tests_cms_aead_test_LDADD = $(TEST_LDADD)
tests_cms_aed_test_SOURCES = tests/cms_aed_test.c tests/cms_test_enc.c tests/cms_test_enc.h \
	tests/mikey_test.h tests/mikey_test.c
tests_cms_aed_test_CFLAGS = $(TEST_CFLAGS)
tests_cms_aed_test_LDADD = $(TEST_LDADD)
tests_cms_stream_test_SOURCES = tests/cms_stream_test.c tests/cms_test_enc.c \
	tests/cms_test_enc.h tests/mikey_test.h tests/mikey_test.c
tests_cms_stream_test_CFLAGS = $(TEST_CFLAGS)
tests_cms_stream_test_LDADD = $(TEST_LDADD)
tests_cms_ed_test_SOURCES = tests/cms_ed_test.c tests/cms_test_enc.c tests/cms_test_enc.h \
	tests/mikey_test.h tests/mikey_test.c
tests_cms_ed_test_CFLAGS = $(TEST_CFLAGS)
tests_cms_ed_test_LDADD = $(TEST_LDADD)
endif

# A small program that builds and opens files, for the interop scripts.
check_PROGRAMS += tests/cms_tool
tests_cms_tool_SOURCES = tests/cms_tool.c
tests_cms_tool_LDADD = lib/libmikey-core.la $(LIBGCRYPT_LIBS)

# Interop with the openssl command (skipped, exit 77, when configure found none).
TESTS += tests/cms_interop_openssl.sh
EXTRA_DIST += tests/interop/openssl.sh.in
CLEANFILES += tests/cms_interop_openssl.sh
tests/cms_interop_openssl.sh: $(srcdir)/tests/interop/openssl.sh.in Makefile
	$(AM_V_GEN)$(MKDIR_P) tests && \
	sed -e 's|@OPENSSL[@]|$(OPENSSL)|g' -e 's|@abs_top_builddir[@]|$(abs_top_builddir)|g' \
	  $(srcdir)/tests/interop/openssl.sh.in > $@.tmp && chmod +x $@.tmp && mv $@.tmp $@

# Interop with Bouncy Castle (skipped, exit 77, without java, javac or the jars).
TESTS += tests/cms_interop_bc.sh
EXTRA_DIST += tests/interop/bc.sh.in tests/interop/BcKekAuthEnv.java
CLEANFILES += tests/cms_interop_bc.sh
tests/cms_interop_bc.sh: $(srcdir)/tests/interop/bc.sh.in Makefile
	$(AM_V_GEN)$(MKDIR_P) tests && \
	sed -e 's|@abs_top_builddir[@]|$(abs_top_builddir)|g' \
	  -e 's|@abs_top_srcdir[@]|$(abs_top_srcdir)|g' \
	  $(srcdir)/tests/interop/bc.sh.in > $@.tmp && chmod +x $@.tmp && mv $@.tmp $@
