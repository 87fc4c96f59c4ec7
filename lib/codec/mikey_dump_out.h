/*
 * mikey_dump_out.h: the output side of dumps (internal). One walker (mikey_dump.c) describes
 * payloads as a tree of named fields; this emitter renders the tree as indented text or as
 * JSON. Nothing is allocated: text goes to the caller's write callback in small pieces, and
 * the first failure of the callback is kept and stops all further output.
 */
#ifndef MIKEY_DUMP_OUT_H
#define MIKEY_DUMP_OUT_H

#include <stddef.h>
#include <stdint.h>

#include <mikey/codec.h>

#include "codec/mikey_codec_local.h"

#define MIKEY_DUMP_MAX_DEPTH 48 /* containers open at once; the walker nests far less */

typedef struct mikey_dout {
  mikey_write_fn write;
  void *ctx;
  int err;     /* first error; sticky */
  int json;    /* JSON rather than text */
  int depth;   /* containers open */
  uint8_t more[MIKEY_DUMP_MAX_DEPTH]; /* JSON: a member was already written at this depth */
  uint8_t list[MIKEY_DUMP_MAX_DEPTH]; /* the container at this depth is an array */
} mikey_dout;

void mikey_dout_init(mikey_dout *o, int json, mikey_write_fn write, void *ctx);
/* containers: |key| is NULL inside arrays */
void mikey_dout_obj(mikey_dout *o, const char *key);
void mikey_dout_arr(mikey_dout *o, const char *key);
void mikey_dout_end(mikey_dout *o);
/* a payload: an object with type, name, offset and length, and a title line in text */
void mikey_dout_payload(mikey_dout *o, int type, size_t offset, size_t len);
/* fields */
void mikey_dout_uint(mikey_dout *o, const char *key, uint64_t v);
void mikey_dout_int(mikey_dout *o, const char *key, long v);
void mikey_dout_str(mikey_dout *o, const char *key, const char *s);
void mikey_dout_reg(mikey_dout *o, const char *key, mikey_reg reg, unsigned v);
void mikey_dout_hex(mikey_dout *o, const char *key, mikey_bytes b);
/* bytes that may be text (identities): hex always, plus the text when it is printable */
void mikey_dout_text(mikey_dout *o, const char *key, mikey_bytes b);
/* key material: hex only when |show|, else null and a length */
void mikey_dout_secret(mikey_dout *o, const char *key, mikey_bytes b, int show);
/* a line of free text (text dumps only; JSON ignores it) */
void mikey_dout_note(mikey_dout *o, const char *s);

#endif /* MIKEY_DUMP_OUT_H */
