/*
 * mt.h: what mikeytool's subcommands share: exit codes, error reporting, input.
 */
#ifndef MT_H
#define MT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <mikey/common.h>

/* Exit codes (doc/mikeytool.1, EXIT STATUS). */
#define MT_EXIT_OK 0       /* done */
#define MT_EXIT_REFUSED 1  /* the input was refused: malformed, or a check failed */
#define MT_EXIT_KMS_ERROR 2 /* the KMS answered with a MIKEY Error message */
#define MT_EXIT_USAGE 64   /* bad command line (sysexits EX_USAGE) */
#define MT_EXIT_NOINPUT 66 /* an input file cannot be read (EX_NOINPUT) */
#define MT_EXIT_SOFTWARE 70 /* the library or the system failed (EX_SOFTWARE) */

/* Largest input mikeytool reads: MIKEY messages are small; S/MIME bodies may be larger. */
#define MT_MAX_INPUT (16u * 1024u * 1024u)

/* mt_err prints "error: <message>" as one line on stderr. */
void mt_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* mt_read_all reads all of |path| ("-" or NULL for stdin) into a fresh buffer (*buf, *len).
 * Returns MT_EXIT_OK, or MT_EXIT_NOINPUT / MT_EXIT_REFUSED (too large) after saying why. */
int mt_read_all(const char *path, uint8_t **buf, size_t *len);

/* mt_unarmor turns |*buf| into binary when it holds base64 text (a MIKEY message starts with
 * version byte 0x01, which is not a base64 character, so the two cannot be confused).
 * Returns MT_EXIT_OK or MT_EXIT_REFUSED (bad base64, reported with its offset). */
int mt_unarmor(uint8_t **buf, size_t *len);

/* mt_write_all writes |len| bytes to |f| and flushes it; says why and returns
 * MT_EXIT_SOFTWARE when that fails, else MT_EXIT_OK. |what| names the output. */
int mt_write_all(FILE *f, const char *what, const uint8_t *buf, size_t len);

/* mt_split_header reads a header section (lines ending in LF or CRLF, up to an empty line)
 * at the start of |in| and finds field |name| (case-insensitive), folded lines included:
 * its value is |in|[*val_off, *val_off + *val_len) without leading blanks, and the body
 * starts at *body_off. Returns 0, -1 (no empty line ends the header section), -2 (no such
 * field), -3 (the field is given twice). */
int mt_split_header(const uint8_t *in, size_t len, const char *name, size_t *val_off,
                    size_t *val_len, size_t *body_off);

/* mt_print_ident prints an identity: as text when it is printable ASCII, else as "hex:...". */
void mt_print_ident(FILE *f, const uint8_t *p, size_t n);

/* --- command lines (mt_opt.c) ------------------------------------------------------- */

/* One long option: "--name" alone, or "--name VALUE" / "--name=VALUE". */
typedef struct mt_optspec {
  const char *name;
  int takes_value;
} mt_optspec;

/* The parser's state over one subcommand's arguments. */
typedef struct mt_opts {
  const char *cmd; /* for the error lines */
  int argc;
  char **argv;
  int i;
  int only_args; /* after "--" */
  const mt_optspec *spec;
  size_t n_spec;
} mt_opts;

/* What mt_opts_next returns besides the index of an option of the table. */
#define MT_OPT_DONE (-1) /* no more arguments */
#define MT_OPT_ARG (-2)  /* a positional argument, in *val */
#define MT_OPT_HELP (-3) /* -h or --help */
#define MT_OPT_BAD (-4)  /* unknown option or missing value: the error line was printed */

/* mt_opts_init starts parsing |argv| (argv[0] is the subcommand's name). */
void mt_opts_init(mt_opts *o, const char *cmd, int argc, char **argv, const mt_optspec *spec,
                  size_t n_spec);

/* mt_opts_next returns the index in the table of the next option (its value in *val), or
 * one of MT_OPT_*. */
int mt_opts_next(mt_opts *o, const char **val);

/* mt_parse_u64 reads a decimal number 0..|max| (digits only). Returns 0 or -1. */
int mt_parse_u64(const char *s, uint64_t max, uint64_t *out);

/* The options every engine-running subcommand takes. */
typedef struct mt_common {
  int has_seed;  /* --seed N given: the test-only generator (mt_rand.c) */
  uint64_t seed;
  int has_now;   /* --now S given */
  uint64_t now;  /* then: S as 64-bit NTP-UTC */
} mt_common;

/* mt_common_option handles --seed and --now (|name| without the dashes): returns 1 when it
 * took the option, 0 when |name| is not one of them, -1 after an error line (bad value).
 * --seed prints its warning on stderr. */
int mt_common_option(mt_common *c, const char *cmd, const char *name, const char *val);

/* --- time and randomness (mt_rand.c) ------------------------------------------------ */

/* The test-only deterministic generator: an AES-256-CTR keystream (mt_rand.c). */
typedef struct mt_rng {
  void *hd; /* gcry_cipher_hd_t; NULL when not seeded */
} mt_rng;

/* mt_rng_seed keys |r| from |seed|, the stream name and an optional context (any bytes). */
int mt_rng_seed(mt_rng *r, uint64_t seed, const char *stream, const uint8_t *ctx,
                size_t ctx_len);
/* mt_rng_fill writes the next |len| bytes of the keystream. Returns 0 or -1. */
int mt_rng_fill(mt_rng *r, uint8_t *out, size_t len);
/* mt_rng_free releases |r| (a zeroed mt_rng is fine). */
void mt_rng_free(mt_rng *r);

/* One engine's source of time and randomness, made from the common options. */
typedef struct mt_source {
  mt_rng rng;
  int seeded;
  uint64_t seed;
  const char *stream;
  int fixed_now;
  uint64_t now;
} mt_source;

/* mt_source_init sets |s| up for the party named |stream| ("initiator", "kms", ...): the
 * defaults, or the fixed clock and the test generator of |c|. Returns 0 or -1 (said why). */
int mt_source_init(mt_source *s, const mt_common *c, const char *stream);
/* mt_source_reseed restarts a seeded source's stream with |ctx| as context (nothing when not
 * seeded). Returns 0 or -1 (said why). */
int mt_source_reseed(mt_source *s, const uint8_t *ctx, size_t ctx_len);
/* mt_source_env returns a mikey_env drawing from |s| (which must outlive its use). */
mikey_env mt_source_env(mt_source *s);
/* mt_source_fill draws |len| bytes from |s|. Returns 0 or non-zero. */
int mt_source_fill(mt_source *s, uint8_t *out, size_t len);
void mt_source_free(mt_source *s);

/* --- subcommands: argc/argv start at the subcommand's name ----------------------------- */
int mt_cmd_decode(int argc, char **argv);
void mt_usage_decode(FILE *f);
int mt_cmd_kms(int argc, char **argv);
void mt_usage_kms(FILE *f);
int mt_cmd_kek(int argc, char **argv);
void mt_usage_kek(FILE *f);
int mt_cmd_demo(int argc, char **argv);
void mt_usage_demo(FILE *f);
int mt_cmd_flow(int argc, char **argv);
void mt_usage_flow(FILE *f);
int mt_cmd_open(int argc, char **argv);
void mt_usage_open(FILE *f);

#endif /* MT_H */
