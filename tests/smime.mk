# tests of the smime layer (and of base64, which it owns)
if HAVE_CHECK
check_PROGRAMS += tests/base64_test
TESTS += tests/base64_test
tests_base64_test_SOURCES = tests/base64_test.c tests/mikey_test.h tests/mikey_test.c
tests_base64_test_CFLAGS = $(TEST_CFLAGS)
tests_base64_test_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/mime_header_test
TESTS += tests/mime_header_test
tests_mime_header_test_SOURCES = tests/mime_header_test.c tests/mikey_test.h tests/mikey_test.c
tests_mime_header_test_CFLAGS = $(TEST_CFLAGS)
tests_mime_header_test_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/smime_entity_test
TESTS += tests/smime_entity_test
tests_smime_entity_test_SOURCES = tests/smime_entity_test.c tests/mikey_test.h tests/mikey_test.c
tests_smime_entity_test_CFLAGS = $(TEST_CFLAGS)
tests_smime_entity_test_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/smime_canon_test
TESTS += tests/smime_canon_test
tests_smime_canon_test_SOURCES = tests/smime_canon_test.c tests/mikey_test.h tests/mikey_test.c
tests_smime_canon_test_CFLAGS = $(TEST_CFLAGS)
tests_smime_canon_test_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/smime_sipbody_test
TESTS += tests/smime_sipbody_test
tests_smime_sipbody_test_SOURCES = tests/smime_sipbody_test.c tests/mikey_test.h tests/mikey_test.c
tests_smime_sipbody_test_CFLAGS = $(TEST_CFLAGS)
tests_smime_sipbody_test_LDADD = $(TEST_LDADD)
endif

if HAVE_CHECK
check_PROGRAMS += tests/smime_sipmsg_test
TESTS += tests/smime_sipmsg_test
tests_smime_sipmsg_test_SOURCES = tests/smime_sipmsg_test.c tests/mikey_test.h tests/mikey_test.c
tests_smime_sipmsg_test_CFLAGS = $(TEST_CFLAGS)
tests_smime_sipmsg_test_LDADD = $(TEST_LDADD)
endif
