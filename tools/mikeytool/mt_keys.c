/*
 * mt_keys.c: KEYS.json loading for mikeytool (json-c).
 */
#include "mt_keys.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include <mikey/common.h>

/* Bound on the file: KEYS.json holds a few identities and keys. */
#define MT_KEYS_MAX_FILE (64 * 1024)

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...) {
  if (!err || errlen == 0) {
    return;
  }
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
}

static int hex_nibble(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

/* hex_decode turns |n| hex digits at |s| into a fresh buffer; -1 on a bad digit or odd n. */
static int hex_decode(const char *s, size_t n, mt_blob *out) {
  if (n % 2 != 0) {
    return -1;
  }
  out->len = n / 2;
  out->data = malloc(out->len ? out->len : 1);
  if (!out->data) {
    return -1;
  }
  for (size_t i = 0; i < out->len; i++) {
    int hi = hex_nibble(s[2 * i]), lo = hex_nibble(s[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      free(out->data);
      out->data = NULL;
      out->len = 0;
      return -1;
    }
    out->data[i] = (uint8_t)(hi << 4 | lo);
  }
  return 0;
}

static void blob_free(mt_blob *b) {
  if (b->data) {
    mikey_memzero(b->data, b->len);
    free(b->data);
  }
  b->data = NULL;
  b->len = 0;
}

/* get_string finds the string member |name| of |obj|; NULL with a reason when it is absent or
 * not a string. */
static const char *get_string(json_object *obj, const char *path, const char *name, size_t *len,
                              char *err, size_t errlen) {
  json_object *v;
  if (!json_object_object_get_ex(obj, name, &v)) {
    set_err(err, errlen, "%s.%s: missing", path, name);
    return NULL;
  }
  if (!json_object_is_type(v, json_type_string)) {
    set_err(err, errlen, "%s.%s: not a string", path, name);
    return NULL;
  }
  *len = (size_t)json_object_get_string_len(v);
  return json_object_get_string(v);
}

/* read_id reads an identity or key id: text, or "hex:..." for binary. */
static int read_id(json_object *obj, const char *path, const char *name, mt_blob *out, char *err,
                   size_t errlen) {
  size_t n;
  const char *s = get_string(obj, path, name, &n, err, errlen);
  if (!s) {
    return -1;
  }
  if (n >= 4 && strncmp(s, "hex:", 4) == 0) {
    if (hex_decode(s + 4, n - 4, out) != 0 || out->len == 0) {
      set_err(err, errlen, "%s.%s: bad hex after \"hex:\"", path, name);
      return -1;
    }
    return 0;
  }
  if (n == 0 || n > 65535) {
    set_err(err, errlen, "%s.%s: empty or longer than 65535 bytes", path, name);
    return -1;
  }
  out->data = malloc(n);
  if (!out->data) {
    set_err(err, errlen, "out of memory");
    return -1;
  }
  memcpy(out->data, s, n);
  out->len = n;
  return 0;
}

/* read_key reads a hex key of 16 or 32 bytes (128- or 256-bit keys, PROFILE.md section 3). */
static int read_key(json_object *obj, const char *path, const char *name, mt_blob *out, char *err,
                    size_t errlen) {
  size_t n;
  const char *s = get_string(obj, path, name, &n, err, errlen);
  if (!s) {
    return -1;
  }
  if (hex_decode(s, n, out) != 0) {
    set_err(err, errlen, "%s.%s: not a hex string", path, name);
    return -1;
  }
  if (out->len != 16 && out->len != 32) {
    set_err(err, errlen, "%s.%s: %zu bytes, want 16 or 32", path, name, out->len);
    blob_free(out);
    return -1;
  }
  return 0;
}

static int read_party(json_object *root, const char *name, mt_party *p, char *err,
                      size_t errlen) {
  json_object *obj;
  if (!json_object_object_get_ex(root, name, &obj) ||
      !json_object_is_type(obj, json_type_object)) {
    set_err(err, errlen, "%s: missing or not an object", name);
    return -1;
  }
  if (read_id(obj, name, "identity", &p->identity, err, errlen) ||
      read_id(obj, name, "psk_id", &p->psk_id, err, errlen) ||
      read_key(obj, name, "psk", &p->psk, err, errlen)) {
    return -1;
  }
  return 0;
}

static int read_kms(json_object *root, mt_kms *k, char *err, size_t errlen) {
  json_object *obj;
  if (!json_object_object_get_ex(root, "kms", &obj) ||
      !json_object_is_type(obj, json_type_object)) {
    set_err(err, errlen, "kms: missing or not an object");
    return -1;
  }
  if (read_id(obj, "kms", "identity", &k->identity, err, errlen)) {
    return -1;
  }
  size_t n;
  const char *s = get_string(obj, "kms", "kms_id", &n, err, errlen);
  if (!s) {
    return -1;
  }
  mt_blob id = {NULL, 0};
  if (n != 12 || hex_decode(s, n, &id) != 0) {
    set_err(err, errlen, "kms.kms_id: want 12 hex digits (48 bits)");
    return -1;
  }
  memcpy(k->kms_id, id.data, sizeof(k->kms_id));
  blob_free(&id);
  if (read_id(obj, "kms", "tpk_id", &k->tpk_id, err, errlen) ||
      read_key(obj, "kms", "tpk", &k->tpk, err, errlen)) {
    return -1;
  }
  return 0;
}

/* read_u8_opt reads an optional integer member 0..255, keeping |*v| when absent. */
static int read_u8_opt(json_object *root, const char *name, int *v, char *err, size_t errlen) {
  json_object *o;
  if (!json_object_object_get_ex(root, name, &o)) {
    return 0;
  }
  if (!json_object_is_type(o, json_type_int)) {
    set_err(err, errlen, "%s: not an integer", name);
    return -1;
  }
  int64_t x = json_object_get_int64(o);
  if (x < 0 || x > 255) {
    set_err(err, errlen, "%s: %lld is not 0..255", name, (long long)x);
    return -1;
  }
  *v = (int)x;
  return 0;
}

int mt_keys_parse(const char *json, size_t len, mt_keys *k, char *err, size_t errlen) {
  memset(k, 0, sizeof(*k));
  k->prot_type = 241;
  k->ext_type = 241;
  if (len > MT_KEYS_MAX_FILE || len > (size_t)INT32_MAX) {
    set_err(err, errlen, "larger than %d bytes", MT_KEYS_MAX_FILE);
    return -1;
  }
  json_tokener *tok = json_tokener_new();
  if (!tok) {
    set_err(err, errlen, "out of memory");
    return -1;
  }
  json_object *root = json_tokener_parse_ex(tok, json, (int)len);
  enum json_tokener_error jerr = json_tokener_get_error(tok);
  size_t used = json_tokener_get_parse_end(tok);
  json_tokener_free(tok);
  if (!root || jerr != json_tokener_success) {
    set_err(err, errlen, "not valid JSON: %s at byte %zu",
            json_tokener_error_desc(jerr == json_tokener_success ? json_tokener_continue : jerr),
            used);
    json_object_put(root);
    return -1;
  }
  for (size_t i = used; i < len; i++) {
    if (json[i] != ' ' && json[i] != '\n' && json[i] != '\r' && json[i] != '\t') {
      set_err(err, errlen, "not valid JSON: trailing data at byte %zu", i);
      json_object_put(root);
      return -1;
    }
  }
  int rv = -1;
  json_object *p;
  if (!json_object_is_type(root, json_type_object)) {
    set_err(err, errlen, "top level is not an object");
  } else if (json_object_object_get_ex(root, "profile", &p) &&
             (!json_object_is_type(p, json_type_string) ||
              strcmp(json_object_get_string(p), "psk-mime") != 0)) {
    set_err(err, errlen, "profile: only \"psk-mime\" is supported");
  } else if (read_party(root, "initiator", &k->initiator, err, errlen) == 0 &&
             read_party(root, "responder", &k->responder, err, errlen) == 0 &&
             read_kms(root, &k->kms, err, errlen) == 0 &&
             read_u8_opt(root, "prot_type", &k->prot_type, err, errlen) == 0 &&
             read_u8_opt(root, "ext_type", &k->ext_type, err, errlen) == 0) {
    rv = 0;
  }
  json_object_put(root);
  if (rv != 0) {
    mt_keys_free(k);
  }
  return rv;
}

int mt_keys_load(const char *path, mt_keys *k, char *err, size_t errlen) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    set_err(err, errlen, "%s: %s", path, strerror(errno));
    return MT_KEYS_UNREADABLE;
  }
  char *buf = malloc(MT_KEYS_MAX_FILE + 1);
  if (!buf) {
    fclose(f);
    set_err(err, errlen, "out of memory");
    return MT_KEYS_UNREADABLE;
  }
  size_t n = fread(buf, 1, MT_KEYS_MAX_FILE + 1, f);
  int rd_err = ferror(f);
  fclose(f);
  int rv;
  if (rd_err) {
    set_err(err, errlen, "%s: read error", path);
    rv = MT_KEYS_UNREADABLE;
  } else {
    char sub[200];
    rv = mt_keys_parse(buf, n, k, sub, sizeof(sub));
    if (rv != 0) {
      set_err(err, errlen, "%s: %s", path, sub);
    }
  }
  mikey_memzero(buf, n);
  free(buf);
  return rv;
}

void mt_keys_free(mt_keys *k) {
  mt_party *parties[2] = {&k->initiator, &k->responder};
  for (size_t i = 0; i < 2; i++) {
    blob_free(&parties[i]->identity);
    blob_free(&parties[i]->psk_id);
    blob_free(&parties[i]->psk);
  }
  blob_free(&k->kms.identity);
  blob_free(&k->kms.tpk_id);
  blob_free(&k->kms.tpk);
  mikey_memzero(k->kms.kms_id, sizeof(k->kms.kms_id));
}
