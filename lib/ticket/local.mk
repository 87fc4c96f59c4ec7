# ticket layer: Ticket Policy checks, MIKEY base ticket (type 1) and 3GPP base ticket (type 2)
mikeyinclude_HEADERS += include/mikey/ticket.h
lib_libmikey_core_la_SOURCES += \
	lib/ticket/mikey_policy.h \
	lib/ticket/mikey_ticket.h
lib_libmikey_core_la_SOURCES += \
	lib/ticket/mikey_profile.c \
	lib/ticket/mikey_policy.c \
	lib/ticket/mikey_policy_check.c
lib_libmikey_core_la_SOURCES += \
	lib/ticket/mikey_ticket_local.h \
	lib/ticket/mikey_ticket_keys.c \
	lib/ticket/mikey_ticket_ctx.c \
	lib/ticket/mikey_ticket_parse.c \
	lib/ticket/mikey_ticket_build.c \
	lib/ticket/mikey_ticket_open.c
lib_libmikey_core_la_SOURCES += \
	lib/ticket/mikey_initiator_data.c \
	lib/ticket/mikey_fork.c
EXTRA_DIST += doc/ticket.md
