/*
 * mikey_dump_out.c: renders the dump tree as indented text or as JSON (see mikey_dump_out.h).
 */
#include <stdio.h>
#include <string.h>

#include "codec/mikey_dump_out.h"

void mikey_dout_init(mikey_dout *o, int json, mikey_write_fn write, void *ctx) {
  memset(o, 0, sizeof(*o));
  o->json = json;
  o->write = write;
  o->ctx = ctx;
}

static void out(mikey_dout *o, const char *s, size_t n) {
  if (o->err == 0 && n && o->write(o->ctx, s, n) != 0) {
    o->err = MIKEY_E_CALLBACK;
  }
}

static void outs(mikey_dout *o, const char *s) { out(o, s, strlen(s)); }

static void indent(mikey_dout *o) {
  static const char sp[] = "                                                                ";
  size_t n = 2 * (size_t)(o->depth > 0 ? o->depth - 1 : 0);
  out(o, sp, n < sizeof(sp) - 1 ? n : sizeof(sp) - 1);
}

/* json_str writes |s| as a JSON string, escaping what JSON requires. */
static void json_str(mikey_dout *o, const char *s, size_t n) {
  static const char hexd[] = "0123456789abcdef";
  size_t run = 0;
  outs(o, "\"");
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x7f) {
      run++;
      continue;
    }
    out(o, s + i - run, run);
    run = 0;
    char e[7] = {'\\', 'u', '0', '0', hexd[c >> 4], hexd[c & 15], 0};
    if (c == '"' || c == '\\') {
      e[1] = (char)c;
      e[2] = 0;
    }
    outs(o, e);
  }
  out(o, s + n - run, run);
  outs(o, "\"");
}

/* key_c begins a member: the comma and key in JSON, the indented key in text (without the
 * space after the colon when a container follows). */
static void key_c(mikey_dout *o, const char *k, int container) {
  if (o->json) {
    if (o->depth > 0 && o->more[o->depth]) {
      outs(o, ",");
    }
    if (o->depth > 0) {
      o->more[o->depth] = 1;
    }
    if (k && !o->list[o->depth]) {
      json_str(o, k, strlen(k));
      outs(o, ":");
    }
  } else {
    indent(o);
    if (k) {
      outs(o, k);
      outs(o, container ? ":" : ": ");
    } else if (o->list[o->depth]) {
      outs(o, container ? "-" : "- ");
    }
  }
}

static void key(mikey_dout *o, const char *k) { key_c(o, k, 0); }

static void open_c(mikey_dout *o, const char *k, int list) {
  if (o->depth + 1 >= MIKEY_DUMP_MAX_DEPTH) {
    o->err = o->err ? o->err : MIKEY_E_INTERNAL;
    return;
  }
  key_c(o, k, 1);
  if (o->json) {
    outs(o, list ? "[" : "{");
  } else if (k) {
    outs(o, "\n");
  } else if (o->depth > 0 && o->list[o->depth]) {
    outs(o, "\n");
  }
  o->depth++;
  o->more[o->depth] = 0;
  o->list[o->depth] = (uint8_t)list;
}

void mikey_dout_obj(mikey_dout *o, const char *k) { open_c(o, k, 0); }

void mikey_dout_arr(mikey_dout *o, const char *k) { open_c(o, k, 1); }

void mikey_dout_end(mikey_dout *o) {
  if (o->depth == 0) {
    return;
  }
  if (o->json) {
    outs(o, o->list[o->depth] ? "]" : "}");
  }
  o->depth--;
  if (o->json && o->depth == 0) {
    outs(o, "\n");
  }
}

void mikey_dout_payload(mikey_dout *o, int type, size_t offset, size_t len) {
  if (o->json) {
    open_c(o, NULL, 0);
    mikey_dout_int(o, "type", type);
    mikey_dout_str(o, "name", mikey_payload_name(type));
    mikey_dout_uint(o, "offset", offset);
    mikey_dout_uint(o, "length", len);
    return;
  }
  char line[128];
  indent(o);
  snprintf(line, sizeof(line), "%s (type %d) at %zu, %zu bytes\n", mikey_payload_name(type),
           type, offset, len);
  outs(o, line);
  if (o->depth + 1 >= MIKEY_DUMP_MAX_DEPTH) {
    o->err = o->err ? o->err : MIKEY_E_INTERNAL;
    return;
  }
  o->depth++;
  o->more[o->depth] = 0;
  o->list[o->depth] = 0;
}

void mikey_dout_uint(mikey_dout *o, const char *k, uint64_t v) {
  char s[32];
  key(o, k);
  snprintf(s, sizeof(s), o->json ? "%llu" : "%llu\n", (unsigned long long)v);
  outs(o, s);
}

void mikey_dout_int(mikey_dout *o, const char *k, long v) {
  char s[32];
  key(o, k);
  snprintf(s, sizeof(s), o->json ? "%ld" : "%ld\n", v);
  outs(o, s);
}

void mikey_dout_str(mikey_dout *o, const char *k, const char *s) {
  key(o, k);
  if (o->json) {
    json_str(o, s, strlen(s));
  } else {
    outs(o, s);
    outs(o, "\n");
  }
}

void mikey_dout_reg(mikey_dout *o, const char *k, mikey_reg reg, unsigned v) {
  const char *name = mikey_reg_name(reg, v);
  if (o->json) {
    char nk[64];
    mikey_dout_uint(o, k, v);
    snprintf(nk, sizeof(nk), "%s_name", k);
    if (name) {
      mikey_dout_str(o, nk, name);
    }
    return;
  }
  char s[128];
  key(o, k);
  snprintf(s, sizeof(s), "%u (%s)\n", v, name ? name : "unknown");
  outs(o, s);
}

static void hex_run(mikey_dout *o, mikey_bytes b) {
  static const char hexd[] = "0123456789abcdef";
  char chunk[64];
  size_t n = 0;
  for (size_t i = 0; i < b.len; i++) {
    chunk[n++] = hexd[b.data[i] >> 4];
    chunk[n++] = hexd[b.data[i] & 15];
    if (n == sizeof(chunk)) {
      out(o, chunk, n);
      n = 0;
    }
  }
  out(o, chunk, n);
}

void mikey_dout_hex(mikey_dout *o, const char *k, mikey_bytes b) {
  key(o, k);
  if (o->json) {
    outs(o, "\"");
    hex_run(o, b);
    outs(o, "\"");
  } else {
    char s[32];
    snprintf(s, sizeof(s), b.len ? "[%zu] " : "[%zu]", b.len);
    outs(o, s);
    hex_run(o, b);
    outs(o, "\n");
  }
}

static int printable(mikey_bytes b) {
  if (b.len == 0) {
    return 0;
  }
  for (size_t i = 0; i < b.len; i++) {
    if (b.data[i] < 0x20 || b.data[i] >= 0x7f) {
      return 0;
    }
  }
  return 1;
}

void mikey_dout_text(mikey_dout *o, const char *k, mikey_bytes b) {
  int text = printable(b);
  if (o->json) {
    char tk[64];
    mikey_dout_hex(o, k, b);
    if (text) {
      snprintf(tk, sizeof(tk), "%s_text", k);
      key(o, tk);
      json_str(o, (const char *)b.data, b.len);
    }
    return;
  }
  if (!text) {
    mikey_dout_hex(o, k, b);
    return;
  }
  char s[32];
  key(o, k);
  snprintf(s, sizeof(s), "[%zu] \"", b.len);
  outs(o, s);
  out(o, (const char *)b.data, b.len);
  outs(o, "\"\n");
}

void mikey_dout_secret(mikey_dout *o, const char *k, mikey_bytes b, int show) {
  if (show) {
    mikey_dout_hex(o, k, b);
    return;
  }
  if (o->json) {
    char lk[64];
    key(o, k);
    outs(o, "null");
    snprintf(lk, sizeof(lk), "%s_length", k);
    mikey_dout_uint(o, lk, b.len);
    return;
  }
  char s[48];
  key(o, k);
  snprintf(s, sizeof(s), "[%zu] (hidden)\n", b.len);
  outs(o, s);
}

void mikey_dout_note(mikey_dout *o, const char *s) {
  if (!o->json) {
    indent(o);
    outs(o, s);
    outs(o, "\n");
  }
}
