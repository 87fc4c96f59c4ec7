# pskmime layer: the PSK/MIME profile in two calls per side (sender: protect; receiver:
# receive, open) on top of the role engines, CMS and S/MIME layers
mikeyinclude_HEADERS += include/mikey/pskmime.h
lib_libmikey_core_la_SOURCES += \
	lib/pskmime/mikey_pskmime_local.h \
	lib/pskmime/mikey_pskmime_send.c \
	lib/pskmime/mikey_pskmime_receiver.c \
	lib/pskmime/mikey_pskmime_receive.c \
	lib/pskmime/mikey_pskmime_open.c
