# codec layer: every MIKEY payload and message (RFC 3830, RFC 6043, RFC 4563, RFC 6509)
mikeyinclude_HEADERS += include/mikey/codec.h include/mikey/payload.h
lib_libmikey_core_la_SOURCES += \
	lib/codec/mikey_codec_local.h \
	lib/codec/mikey_chain.c \
	lib/codec/mikey_chash.c \
	lib/codec/mikey_dh.c \
	lib/codec/mikey_err_payload.c \
	lib/codec/mikey_gext.c \
	lib/codec/mikey_hdr.c \
	lib/codec/mikey_id.c \
	lib/codec/mikey_kemac.c \
	lib/codec/mikey_keydata.c \
	lib/codec/mikey_msg.c \
	lib/codec/mikey_names.c \
	lib/codec/mikey_payload.c \
	lib/codec/mikey_pke.c \
	lib/codec/mikey_plist.c \
	lib/codec/mikey_rand.c \
	lib/codec/mikey_sakke.c \
	lib/codec/mikey_sign.c \
	lib/codec/mikey_sp.c \
	lib/codec/mikey_thdr.c \
	lib/codec/mikey_ticket_payload.c \
	lib/codec/mikey_tlv.c \
	lib/codec/mikey_ts.c \
	lib/codec/mikey_v.c \
	lib/codec/mikey_validate.c
