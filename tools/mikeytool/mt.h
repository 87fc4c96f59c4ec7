/*
 * mt.h: what mikeytool's subcommands share: exit codes, error reporting, input.
 */
#ifndef MT_H
#define MT_H

#include <stddef.h>
#include <stdint.h>

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

/* Subcommands: argc/argv start at the subcommand's name. */
int mt_cmd_decode(int argc, char **argv);

#endif /* MT_H */
