# mikeytool: the command-line tool (public API only, plus json-c for KEYS.json and libgcrypt
# for the test-only generator of --seed)
if HAVE_JSONC
bin_PROGRAMS += tools/mikeytool/mikeytool
tools_mikeytool_mikeytool_SOURCES = tools/mikeytool/mikeytool.c tools/mikeytool/mt.h \
	tools/mikeytool/mt_io.c tools/mikeytool/mt_opt.c tools/mikeytool/mt_rand.c \
	tools/mikeytool/mt_decode.c tools/mikeytool/mt_kms.c tools/mikeytool/mt_kek.c \
	tools/mikeytool/mt_resume.c tools/mikeytool/mt_resume.h \
	tools/mikeytool/mt_run.c tools/mikeytool/mt_run.h \
	tools/mikeytool/mt_demo.c tools/mikeytool/mt_flow.c tools/mikeytool/mt_open.c \
	tools/mikeytool/mt_engines.c tools/mikeytool/mt_engines.h \
	tools/mikeytool/mt_keys.c tools/mikeytool/mt_keys.h tools/mikeytool/mt_keys_cmd.c
tools_mikeytool_mikeytool_CFLAGS = $(AM_CFLAGS) $(JSONC_CFLAGS)
tools_mikeytool_mikeytool_LDADD = lib/libmikey-ticket.la $(JSONC_LIBS) $(LIBGCRYPT_LIBS)
endif
