# cms layer: strict DER, AuthEnvelopedData with KEKRecipientInfo (one-shot and streaming),
# and the AEAD wrappers it uses (lib/crypto/mikey_aead.*, owned by this layer).
lib_libmikey_core_la_SOURCES += \
	lib/cms/mikey_der.c lib/cms/mikey_der.h
