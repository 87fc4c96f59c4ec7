# crypto layer: thin wrappers over libgcrypt
lib_libmikey_core_la_SOURCES += lib/crypto/mikey_kw.c lib/crypto/mikey_kw.h
