/*
 * mikey_cms_ctx.c: the context that keeps libgcrypt handles between messages.
 */
#include <stdlib.h>

#include "cms/mikey_cms_local.h"

int mikey_cms_ctx_new(mikey_cms_ctx **ctx) {
  if (!ctx) {
    return MIKEY_E_INVAL;
  }
  *ctx = malloc(sizeof(**ctx));
  if (!*ctx) {
    return MIKEY_E_NOMEM;
  }
  mikey_aead_init(&(*ctx)->aead);
  return 0;
}

void mikey_cms_ctx_free(mikey_cms_ctx *ctx) {
  if (!ctx) {
    return;
  }
  mikey_aead_release(&ctx->aead);
  free(ctx);
}
