# crypto layer: thin wrappers over libgcrypt
lib_libmikey_core_la_SOURCES += lib/crypto/mikey_kw.c lib/crypto/mikey_kw.h
lib_libmikey_core_la_SOURCES += \
	lib/crypto/mikey_iov.h \
	lib/crypto/mikey_suite.c lib/crypto/mikey_suite.h \
	lib/crypto/mikey_hmac.c lib/crypto/mikey_hmac.h \
	lib/crypto/mikey_prf.c lib/crypto/mikey_prf.h \
	lib/crypto/mikey_kdf.c lib/crypto/mikey_kdf.h \
	lib/crypto/mikey_mac.c lib/crypto/mikey_mac.h \
	lib/crypto/mikey_kemac_crypt.c lib/crypto/mikey_kemac_crypt.h \
	lib/crypto/mikey_key.c
mikeyinclude_HEADERS += include/mikey/key.h
