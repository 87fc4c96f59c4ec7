# wire layer: bounded reader/writer (header-only) and base64
lib_libmikey_core_la_SOURCES += lib/wire/mikey_rd.h lib/wire/mikey_wr.h
