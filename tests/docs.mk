# tests of the documentation: its tables match the library, its code compiles and runs.
# The scripts read the build's compiler, flags and paths from tests/doc_env.sh, made here.
# (Automake owns the rules of the test logs, so the file is made as a dependency of the
# check program tests/doc_errors, which is built before any test runs.)
DOC_TESTS = tests/doc_errors.sh tests/doc_code.sh tests/doc_symbols.sh tests/doc_kms_backend.sh
TESTS += $(DOC_TESTS)
EXTRA_DIST += $(DOC_TESTS)

# The error table of the library, printed through the public API for doc_errors.sh.
check_PROGRAMS += tests/doc_errors
tests_doc_errors_SOURCES = tests/doc_errors.c
tests_doc_errors_LDADD = lib/libmikey-ticket.la $(LIBGCRYPT_LIBS)
EXTRA_tests_doc_errors_DEPENDENCIES = tests/doc_env.sh

tests/doc_env.sh: Makefile
	$(AM_V_GEN)$(MKDIR_P) tests && { \
	  echo "DOC_TOP_SRCDIR='$(abs_top_srcdir)'"; \
	  echo "DOC_TOP_BUILDDIR='$(abs_top_builddir)'"; \
	  echo "DOC_CC='$(CC)'"; \
	  echo "DOC_CFLAGS='$(CFLAGS) $(WARNCFLAGS) $(HARDENCFLAGS) $(LIBGCRYPT_CFLAGS)'"; \
	  echo "DOC_LDFLAGS='$(LDFLAGS)'"; \
	  echo "DOC_LIBS='$(LIBGCRYPT_LIBS)'"; \
	  echo "DOC_LIBTOOL='$(abs_top_builddir)/libtool --quiet'"; \
	  echo "DOC_NM='$(NM)'"; \
	  echo "DOC_DOXYGEN='$(DOXYGEN)'"; \
	} >$@-t && mv $@-t $@
CLEANFILES += tests/doc_env.sh

# doc/kms-backend.md's example program: public headers only, linked with the public library.
check_PROGRAMS += doc/examples/kms_backend
doc_examples_kms_backend_SOURCES = doc/examples/kms_backend.c
doc_examples_kms_backend_CPPFLAGS = -I$(top_srcdir)/include -I$(top_builddir)/include
doc_examples_kms_backend_CFLAGS = $(AM_CFLAGS) -pthread
doc_examples_kms_backend_LDADD = lib/libmikey-ticket.la $(LIBGCRYPT_LIBS) -lpthread
EXTRA_DIST += doc/kms-backend.md
EXTRA_DIST += doc/configuration.md
EXTRA_DIST += doc/security.md
