/*
 * pskmime_interop.c: writes what tests/pskmime_openssl.sh hands to 'openssl cms -decrypt':
 * for each case the S/MIME part (DER) of a body mikey_pskmime_protect() wrote, the KEK a
 * second responder engine obtained for its TRANSFER_INIT through the KMS, and the KEK
 * identifier, so that an independent CMS implementation judges the sender's output.
 *
 * usage: pskmime_interop DIR    (writes DIR/mime and DIR/cases: "N KEKHEX KIDHEX" lines)
 * A Check suite, so that the shared world fixture can assert.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "mikey_test.h"
#include "pskmime_test_util.h"

static const char *dir; /* argv[1] */

static const char MIME[] = "Content-Type: text/plain; charset=us-ascii\r\n"
                           "\r\n"
                           "Checked by openssl cms.\r\n";

/* openssl 3 has AES-GCM (not CCM) in CMS */
static const struct {
  uint8_t prf, key_len;
  mikey_cms_alg aead;
} CASES[] = {
    {MIKEY_PRF_HMAC_SHA_256, 16, MIKEY_CMS_AES128_GCM},
    {MIKEY_PRF_MIKEY_1, 16, MIKEY_CMS_AES128_GCM},
    {MIKEY_PRF_HMAC_SHA_256, 32, MIKEY_CMS_AES256_GCM},
    {MIKEY_PRF_HMAC_SHA_256, 32, MIKEY_CMS_AES128_GCM},
};

static int write_file(const char *name, const void *p, size_t n) {
  char path[4096];
  snprintf(path, sizeof(path), "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0) {
    perror(path);
    return -1;
  }
  return 0;
}

static void hex(FILE *f, const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) {
    fprintf(f, "%02x", p[i]);
  }
}

START_TEST(write_cases) {
  ck_assert_int_eq(write_file("mime", MIME, sizeof(MIME) - 1), 0);
  char path[4096];
  snprintf(path, sizeof(path), "%s/cases", dir);
  FILE *list = fopen(path, "w");
  ck_assert_ptr_nonnull(list);
  int n = 0;
  for (size_t c = 0; c < sizeof(CASES) / sizeof(CASES[0]); c++) {
    for (int poo = 0; poo < 2; poo++) {
      mikey_role_profile prof;
      pt_profile(&prof, CASES[c].prf, CASES[c].key_len, poo);
      pt_world *w = pt_world_new(&prof, poo);
      mikey_pskmime_send_opts o = {CASES[c].aead, MIKEY_SMIME_CTE_BINARY, NULL};
      uint8_t dec[8192], kek[64];
      size_t dec_len, kek_len;
      mikey_sipbody sb;
      int rc = pt_ticket(w);
      if (rc == 0) {
        rc = pt_protect(w, &o, (const uint8_t *)MIME, sizeof(MIME) - 1);
      }
      if (rc == 0) {
        rc = mikey_sipbody_parse(w->ctype, strlen(w->ctype), w->body, w->body_len, dec,
                                 sizeof(dec), &dec_len, &sb, NULL);
      }
      if (rc == 0) {
        rc = pt_kek(w, sb.mikey, sb.mikey_len, kek, &kek_len);
      }
      char name[32];
      snprintf(name, sizeof(name), "%d.der", n);
      if (rc == 0) {
        rc = write_file(name, sb.smime.der, sb.smime.der_len);
      }
      ck_assert_msg(rc == 0, "case %d: %s", n, mikey_err_name(rc));
      fprintf(list, "%d ", n);
      hex(list, kek, kek_len);
      fputc(' ', list);
      hex(list, w->sent.kek_id, w->sent.kek_id_len);
      fputc('\n', list);
      pt_world_free(w);
      n++;
    }
  }
  ck_assert_int_eq(fclose(list), 0);
}
END_TEST

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: pskmime_interop DIR\n");
    return 2;
  }
  dir = argv[1];
  Suite *s = suite_create("pskmime_interop");
  TCase *tc = tcase_create("interop");
  tcase_add_test(tc, write_cases);
  suite_add_tcase(s, tc);
  return test_run(s);
}
