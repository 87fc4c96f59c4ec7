# roles layer: initiator, KMS and responder engines; Error messages; replay cache
mikeyinclude_HEADERS += include/mikey/roles.h
lib_libmikey_core_la_SOURCES += \
	lib/roles/mikey_roles_local.h \
	lib/roles/mikey_role_profile.c \
	lib/roles/mikey_ident.c \
	lib/roles/mikey_party.c \
	lib/roles/mikey_tscheck.c \
	lib/roles/mikey_replay.c \
	lib/roles/mikey_msgkeys.c \
	lib/roles/mikey_vmac.c \
	lib/roles/mikey_role_msg.c \
	lib/roles/mikey_errmsg.c
EXTRA_DIST += doc/engines.md
lib_libmikey_core_la_SOURCES += \
	lib/roles/mikey_kms_local.h \
	lib/roles/mikey_kms.c \
	lib/roles/mikey_kms_request.c \
	lib/roles/mikey_kms_resolve.c
lib_libmikey_core_la_SOURCES += \
	lib/roles/mikey_initiator_local.h \
	lib/roles/mikey_initiator.c \
	lib/roles/mikey_initiator_transfer.c \
	lib/roles/mikey_responder.c
lib_libmikey_core_la_SOURCES += lib/roles/mikey_initiator_update.c
lib_libmikey_core_la_SOURCES += lib/roles/mikey_responder_local.h lib/roles/mikey_responder_update.c
lib_libmikey_core_la_SOURCES += lib/roles/mikey_reuse.c
lib_libmikey_core_la_SOURCES += lib/roles/mikey_csbupd.h lib/roles/mikey_csbupd.c
