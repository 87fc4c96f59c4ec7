# smime layer: base64 (wire code, listed here because this layer owns it), MIME header
# parsing, S/MIME entity, SIP multipart/mixed body, message/sip tunnelling
lib_libmikey_core_la_SOURCES += lib/wire/mikey_base64.c lib/wire/mikey_base64.h
mikeyinclude_HEADERS += include/mikey/base64.h
mikeyinclude_HEADERS += include/mikey/smime.h
lib_libmikey_core_la_SOURCES += lib/smime/mikey_mime_header.c lib/smime/mikey_mime_header.h
lib_libmikey_core_la_SOURCES += lib/smime/mikey_smime_local.h lib/smime/mikey_canon.c \
	lib/smime/mikey_smime_entity.c
lib_libmikey_core_la_SOURCES += lib/smime/mikey_multipart.c lib/smime/mikey_multipart.h \
	lib/smime/mikey_sipbody.c
lib_libmikey_core_la_SOURCES += lib/smime/mikey_sipmsg.c
