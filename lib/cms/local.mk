# cms layer: strict DER, AuthEnvelopedData with KEKRecipientInfo (one-shot and streaming),
# and the AEAD wrappers it uses (lib/crypto/mikey_aead.*, owned by this layer).
lib_libmikey_core_la_SOURCES += \
	lib/crypto/mikey_aead.c lib/crypto/mikey_aead.h \
	lib/cms/mikey_der.c lib/cms/mikey_der.h \
	lib/cms/mikey_cms_local.h \
	lib/cms/mikey_cms_profile.c \
	lib/cms/mikey_cms_ctx.c \
	lib/cms/mikey_cms_aed_build.c \
	lib/cms/mikey_cms_aed_parse.c \
	lib/cms/mikey_cms_aed_open.c \
	lib/cms/mikey_cms_stream_build.c \
	lib/cms/mikey_cms_stream_open.c \
	lib/cms/mikey_cms_ed.c
mikeyinclude_HEADERS += include/mikey/cms.h
