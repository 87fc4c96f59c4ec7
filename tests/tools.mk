# tests of mikeytool
if HAVE_CHECK
if HAVE_JSONC
check_PROGRAMS += tests/mt_keys_test
TESTS += tests/mt_keys_test
tests_mt_keys_test_SOURCES = tests/mt_keys_test.c tests/mikey_test.h tests/mikey_test.c \
	tools/mikeytool/mt_keys.c tools/mikeytool/mt_keys.h
tests_mt_keys_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
tests_mt_keys_test_CFLAGS = $(TEST_CFLAGS) $(JSONC_CFLAGS)
tests_mt_keys_test_LDADD = $(TEST_LDADD) $(JSONC_LIBS)

check_PROGRAMS += tests/mt_engines_test
TESTS += tests/mt_engines_test
tests_mt_engines_test_SOURCES = tests/mt_engines_test.c tests/mikey_test.h tests/mikey_test.c \
	tools/mikeytool/mt_engines.c tools/mikeytool/mt_engines.h \
	tools/mikeytool/mt_keys.c tools/mikeytool/mt_keys.h
tests_mt_engines_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
tests_mt_engines_test_CFLAGS = $(TEST_CFLAGS) $(JSONC_CFLAGS)
tests_mt_engines_test_LDADD = $(TEST_LDADD) $(JSONC_LIBS)

check_PROGRAMS += tests/mt_opt_test
TESTS += tests/mt_opt_test
tests_mt_opt_test_SOURCES = tests/mt_opt_test.c tests/mikey_test.h tests/mikey_test.c \
	tools/mikeytool/mt_opt.c tools/mikeytool/mt_rand.c tools/mikeytool/mt_io.c \
	tools/mikeytool/mt.h
tests_mt_opt_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
tests_mt_opt_test_CFLAGS = $(TEST_CFLAGS)
tests_mt_opt_test_LDADD = $(TEST_LDADD)

check_PROGRAMS += tests/mt_io_test
TESTS += tests/mt_io_test
tests_mt_io_test_SOURCES = tests/mt_io_test.c tests/mikey_test.h tests/mikey_test.c \
	tools/mikeytool/mt_io.c tools/mikeytool/mt.h
tests_mt_io_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
tests_mt_io_test_CFLAGS = $(TEST_CFLAGS)
tests_mt_io_test_LDADD = $(TEST_LDADD)
endif
endif

if HAVE_JSONC
TESTS += tests/mikeytool_cli.sh tests/mikeytool_decode.sh tests/mikeytool_kms.sh \
	tests/mikeytool_man.sh tests/mikeytool_demo.sh tests/mikeytool_flow.sh \
	tests/mikeytool_openssl.sh
endif
EXTRA_DIST += tests/mikeytool_cli.sh tests/mikeytool_decode.sh tests/mikeytool_kms.sh \
	tests/mikeytool_man.sh tests/mikeytool_demo.sh tests/mikeytool_flow.sh \
	tests/mikeytool_openssl.sh

# The README's library example: compiled against the installed-style headers, linked with the
# public library only, and run on a hand-built TRANSFER_INIT.
check_PROGRAMS += doc/examples/decode_example
doc_examples_decode_example_SOURCES = doc/examples/decode_example.c
doc_examples_decode_example_LDADD = lib/libmikey-ticket.la $(LIBGCRYPT_LIBS)
TESTS += tests/examples.sh
EXTRA_DIST += tests/examples.sh
