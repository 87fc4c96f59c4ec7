/*
 * bench_main.c: runs the benchmark cases of every layer and prints them, optionally as
 * bench.json.
 *
 * Timed cases: the operation (and its reference, if any) is first calibrated: the count is
 * doubled until one run lasts --min-ms of the thread's CPU time. Then --runs runs of the case and of its reference
 * alternate, on the same state, and the median of each is reported with the spread
 * ((max - min) / median). A case with a reference gets a ratio: the median over the runs of
 * (run i of the case) / (run i of the reference), each pair measured back to back, so that a
 * change of the machine's load during the case cancels out; its targets (on the value and on
 * the ratio) are met or MISSED. Before timing, one call of the
 * operation is recorded (bench_census.c): the census of its libgcrypt calls goes to the JSON,
 * and a floor case replays it on bare handles as its reference.
 *
 * Usage: mikey-bench [--json FILE] [--runs N] [--min-ms MS] [--secmem] [--csprng] [--census]
 *                    [--no-ref] [--list] [NAME-PREFIX | NAME$ ...]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <gcrypt.h>

#include <mikey/common.h>

#include "bench.h"

/* One line per layer: add yours here. */
static const bench_table tables[] = {
    {"codec", bench_codec_cases, &bench_codec_ncases},
    {"crypto", bench_crypto_cases, &bench_crypto_ncases},
    {"kms", bench_kms_cases, &bench_kms_ncases},
    {"cms", bench_cms_cases, &bench_cms_ncases},
    {"e2e", bench_e2e_cases, &bench_e2e_ncases},
};

volatile size_t bench_sink;
double bench_min_ms = 20;
static int g_no_ref; /* --no-ref */

typedef struct stats {
  double value, min, max, spread; /* in the case's unit */
} stats;

typedef struct result {
  const bench_case *c;
  int ok, skipped, has_ref, has_census, has_q;
  stats v, r, q; /* the case, its reference, the per-run ratios */
  double ratio;
  bench_census census;
} result;

uint64_t bench_now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* summarize sorts the |n| samples of |v| and fills |s|. */
static void summarize(double *v, int n, stats *s) {
  qsort(v, (size_t)n, sizeof(*v), cmp_double);
  s->value = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  s->min = v[0];
  s->max = v[n - 1];
  s->spread = s->value > 0 ? (s->max - s->min) / s->value : 0;
}

/* pair_ratios sets r->q from the |runs| samples of the case at |v| and of its reference
 * after them (when |have_ref|), before they are sorted: run i over run i. */
static void pair_ratios(const double *v, int runs, int have_ref, result *r) {
  if (!have_ref) {
    return;
  }
  double *q = calloc((size_t)runs, sizeof(*q));
  if (!q) {
    return;
  }
  for (int i = 0; i < runs; i++) {
    q[i] = v[runs + i] > 0 ? v[i] / v[runs + i] : NAN;
  }
  summarize(q, runs, &r->q);
  r->has_q = 1;
  free(q);
}

typedef int (*op_fn)(void *);

uint64_t bench_cpu_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* time_run runs |op| |iters| times; returns nanoseconds per operation, or -1 on failure.
 * The clock is the thread's CPU time: on a shared machine the time the thread waits for a
 * core is not counted (what other processes do to the caches still is). */
static double time_run(op_fn op, void *st, uint64_t iters) {
  uint64_t t0 = bench_cpu_ns();
  for (uint64_t i = 0; i < iters; i++) {
    if (op(st) != 0) {
      return -1;
    }
  }
  return (double)(bench_cpu_ns() - t0) / (double)iters;
}

/* calibrate doubles the count until one run of |op| lasts |min_ms|; 0 on failure. */
static uint64_t calibrate(op_fn op, void *st, double min_ms) {
  uint64_t iters = 1;
  for (;;) {
    double ns = time_run(op, st, iters);
    if (ns < 0) {
      return 0;
    }
    if (ns * (double)iters >= min_ms * 1e6 || iters >= (UINT64_C(1) << 40)) {
      return iters;
    }
    iters *= 2;
  }
}

/* to_unit turns nanoseconds per operation into the case's unit. */
static double to_unit(const bench_case *c, double ns) {
  return c->bytes > 0 ? c->bytes / ns * 1e9 / 1048576.0 : ns;
}

static int higher_better(const bench_case *c) { return c->bytes > 0 || c->higher_better; }

/* floor_op adapts bench_floor_run to the op signature. */
static int floor_op(void *f) { return bench_floor_run(f); }

/* run_timed measures the timed case |c| (and its reference) on |st|. */
static int run_timed(const bench_case *c, void *st, int runs, double min_ms, result *r) {
  /* one warm-up call (pools, handles), then one recorded call */
  if (c->op(st) != 0) {
    return -1;
  }
  bench_record_start();
  int rc = c->op(st);
  bench_trace *t = bench_record_stop();
  if (rc != 0 || !t) {
    bench_trace_free(t);
    return -1;
  }
  bench_trace_census(t, &r->census);
  r->has_census = 1;
  bench_floor *fl = NULL;
  op_fn ref = g_no_ref ? NULL : c->ref_op;
  void *ref_st = st;
  if (c->floor && !g_no_ref) {
    fl = bench_floor_new(t, 0);
    if (!fl) {
      fprintf(stderr, "mikey-bench: %s: no floor (trace too long or handles unknown)\n",
              c->name);
      bench_trace_free(t);
      return -1;
    }
    ref = floor_op;
    ref_st = fl;
  }
  r->has_ref = ref != NULL;
  double *v = calloc((size_t)runs * 2, sizeof(*v));
  uint64_t it = calibrate(c->op, st, min_ms);
  uint64_t rit = ref ? calibrate(ref, ref_st, min_ms) : 1;
  rc = v && it && rit ? 0 : -1;
  for (int i = 0; rc == 0 && i < runs; i++) {
    v[i] = time_run(c->op, st, it);
    if (ref) {
      v[runs + i] = time_run(ref, ref_st, rit);
    }
    rc = v[i] < 0 || v[runs + i] < 0 ? -1 : 0;
  }
  if (rc == 0) {
    for (int i = 0; i < 2 * runs; i++) {
      v[i] = to_unit(c, v[i]);
    }
    pair_ratios(v, runs, ref != NULL, r);
    summarize(v, runs, &r->v);
    if (ref) {
      summarize(v + runs, runs, &r->r);
    }
  }
  free(v);
  bench_floor_free(fl);
  bench_trace_free(t);
  return rc;
}

/* run_value measures the value case |c| (and its reference) |runs| times, alternately. */
static int run_value(const bench_case *c, void *st, int runs, result *r) {
  double *v = calloc((size_t)runs * 2, sizeof(*v));
  int rc = v ? 0 : -1;
  r->has_ref = c->ref_value != NULL && !g_no_ref;
  for (int i = 0; rc == 0 && i < runs; i++) {
    rc = c->value(st, &v[i]);
    if (rc == 0 && r->has_ref) {
      rc = c->ref_value(st, &v[runs + i]);
    }
  }
  if (rc == 0) {
    pair_ratios(v, runs, r->has_ref, r);
    summarize(v, runs, &r->v);
    if (r->has_ref) {
      summarize(v + runs, runs, &r->r);
    }
  }
  free(v);
  return rc;
}

static int run_case(const bench_case *c, int runs, double min_ms, result *r) {
  void *st = NULL;
  memset(r, 0, sizeof(*r));
  r->c = c;
  int rc = c->setup ? c->setup(&st) : 0;
  if (rc == BENCH_SKIP) {
    r->skipped = 1;
    if (c->teardown) {
      c->teardown(st);
    }
    return 0;
  }
  if (rc == 0) {
    rc = c->op ? run_timed(c, st, runs, min_ms, r) : run_value(c, st, runs, r);
  }
  if (c->teardown) {
    c->teardown(st);
  }
  if (rc == 0 && !r->has_ref && c->reference) {
    r->has_ref = 1;
    r->r.value = c->reference_value;
  }
  if (rc == 0 && r->has_q) {
    r->ratio = r->q.value;
  } else if (rc == 0 && r->has_ref && r->r.value > 0) {
    r->ratio = r->v.value / r->r.value; /* a fixed reference value */
  } else {
    r->ratio = NAN;
  }
  r->ok = rc == 0;
  return rc == 0 ? 0 : -1;
}

/* within tells whether |x| meets |target| in the direction of |c|. */
static int within(const bench_case *c, double x, double target) {
  return higher_better(c) ? x >= target : x <= target;
}

/* met: 1 all targets met, 0 one missed, -1 no target (or no value) */
static int met(const result *r) {
  const bench_case *c = r->c;
  if (!r->ok || r->skipped || (!c->has_target && c->ratio_target <= 0)) {
    return -1;
  }
  int ok = 1;
  if (c->has_target) {
    ok &= within(c, r->v.value, c->target);
  }
  if (c->ratio_target > 0) {
    ok &= isfinite(r->ratio) && within(c, r->ratio, c->ratio_target);
  }
  return ok;
}

static void json_str(FILE *f, const char *s) {
  fputc('"', f);
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      fprintf(f, "\\%c", c);
    } else if (c < 0x20 || c >= 0x7f) {
      fprintf(f, "\\u%04x", c);
    } else {
      fputc(c, f);
    }
  }
  fputc('"', f);
}

static void json_num(FILE *f, double v) {
  if (isfinite(v)) {
    fprintf(f, "%.6g", v);
  } else {
    fputs("null", f);
  }
}

static void json_kv_num(FILE *f, const char *k, double v, int have) {
  fprintf(f, ",\"%s\":", k);
  have ? json_num(f, v) : (void)fputs("null", f);
}

/* cpu_field copies the value of the first /proc/cpuinfo line starting with |key|. */
static void cpu_field(const char *key, char *out, size_t cap) {
  snprintf(out, cap, "unknown");
  FILE *f = fopen("/proc/cpuinfo", "r");
  char line[4096];
  while (f && fgets(line, sizeof(line), f)) {
    if (strncmp(line, key, strlen(key)) == 0) {
      char *p = strchr(line, ':');
      if (p) {
        p += 1 + strspn(p + 1, " \t");
        p[strcspn(p, "\n")] = 0;
        snprintf(out, cap, "%s", p);
      }
      break;
    }
  }
  if (f) {
    fclose(f);
  }
}

/* cpu_flags lists which of the flags that matter here the CPU has. */
static void cpu_flags(char *out, size_t cap) {
  static const char *want[] = {"aes", "pclmulqdq", "sha_ni", "avx2", "vaes", "vpclmulqdq",
                               "avx512f"};
  char all[4096], padded[4100];
  cpu_field("flags", all, sizeof(all));
  snprintf(padded, sizeof(padded), " %s ", all);
  out[0] = 0;
  for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
    char pat[32];
    snprintf(pat, sizeof(pat), " %s ", want[i]);
    if (strstr(padded, pat)) {
      size_t used = strlen(out);
      snprintf(out + used, cap - used, "%s%s", used ? " " : "", want[i]);
    }
  }
}

static int g_secmem, g_csprng;

static void write_machine(FILE *f, int runs, double min_ms) {
  char cpu[128], os[256], flags[128], date[32];
  struct utsname u;
  cpu_field("model name", cpu, sizeof(cpu));
  cpu_flags(flags, sizeof(flags));
  if (uname(&u) == 0) {
    snprintf(os, sizeof(os), "%s %s %s", u.sysname, u.release, u.machine);
  } else {
    snprintf(os, sizeof(os), "unknown");
  }
  time_t now = time(NULL);
  strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
  double load[3] = {0, 0, 0};
  FILE *la = fopen("/proc/loadavg", "r");
  if (la) {
    if (fscanf(la, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3) {
      load[0] = load[1] = load[2] = NAN;
    }
    fclose(la);
  }
  fputs("{\"machine\":{\"cpu\":", f);
  json_str(f, cpu);
  fputs(",\"cpu_flags\":", f);
  json_str(f, flags);
  fprintf(f, ",\"cores\":%ld,\"os\":", sysconf(_SC_NPROCESSORS_ONLN));
  json_str(f, os);
  fputs(",\"compiler\":", f);
#ifdef __VERSION__
  json_str(f, __VERSION__);
#else
  json_str(f, "unknown");
#endif
  fputs(",\"libgcrypt\":", f);
  json_str(f, gcry_check_version(NULL));
  fputs(",\"date\":", f);
  json_str(f, date);
  fputs(",\"loadavg\":[", f);
  json_num(f, load[0]);
  fputc(',', f);
  json_num(f, load[1]);
  fputc(',', f);
  json_num(f, load[2]);
  fprintf(f, "],\"nice\":%d,\"secmem\":%s,\"rng\":\"%s\",\"runs\":%d,\"min_ms\":",
          getpriority(PRIO_PROCESS, 0), g_secmem ? "true" : "false",
          g_csprng ? "libgcrypt CSPRNG (--csprng)" : "system (mikey_global_init)", runs);
  json_num(f, min_ms);
  fputs("},\"cases\":[", f);
}

static void write_case(FILE *f, const result *r, int first) {
  const bench_case *c = r->c;
  int have = r->ok && !r->skipped;
  fputs(first ? "\n{\"name\":" : ",\n{\"name\":", f);
  json_str(f, c->name);
  json_kv_num(f, "value", r->v.value, have);
  fputs(",\"unit\":", f);
  json_str(f, c->unit);
  json_kv_num(f, "min", r->v.min, have);
  json_kv_num(f, "max", r->v.max, have);
  json_kv_num(f, "spread", r->v.spread, have);
  json_kv_num(f, "per_second", 1e9 / r->v.value, have && c->op && c->bytes <= 0);
  fputs(",\"reference\":", f);
  const char *rname = c->floor ? "libgcrypt floor (the same calls on bare kept handles)"
                               : c->reference;
  rname ? json_str(f, rname) : (void)fputs("null", f);
  json_kv_num(f, "reference_value", r->r.value, have && r->has_ref);
  json_kv_num(f, "reference_spread", r->r.spread, have && r->has_ref);
  json_kv_num(f, "ratio", r->ratio, have && r->has_ref);
  json_kv_num(f, "ratio_min", r->q.min, have && r->has_q);
  json_kv_num(f, "ratio_max", r->q.max, have && r->has_q);
  json_kv_num(f, "target", c->target, c->has_target);
  json_kv_num(f, "ratio_target", c->ratio_target, c->ratio_target > 0);
  fprintf(f, ",\"higher_is_better\":%s", higher_better(c) ? "true" : "false");
  int m = met(r);
  fprintf(f, ",\"met\":%s", m < 0 ? "null" : m ? "true" : "false");
  fputs(",\"skipped\":", f);
  r->skipped ? json_str(f, c->skip_note ? c->skip_note : "skipped") : (void)fputs("null", f);
  if (r->has_census) {
    const bench_census *s = &r->census;
    fprintf(f,
            ",\"census\":{\"md_open\":%u,\"md_setkey\":%u,\"md_final\":%u,\"md_hash\":%u,"
            "\"md_bytes\":%lu,\"cipher_open\":%u,\"cipher_setkey\":%u,\"cipher_calls\":%u,"
            "\"cipher_bytes\":%lu,\"rand_calls\":%u,\"rand_bytes\":%lu}",
            s->md_open, s->md_setkey, s->md_final, s->md_hash, s->md_bytes, s->cipher_open,
            s->cipher_setkey, s->cipher_calls, s->cipher_bytes, s->rand_calls, s->rand_bytes);
  }
  fputs("}", f);
}

static int write_json(const char *path, const result *res, size_t n, int runs, double min_ms) {
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "mikey-bench: cannot write %s\n", path);
    return -1;
  }
  write_machine(f, runs, min_ms);
  for (size_t i = 0; i < n; i++) {
    write_case(f, &res[i], i == 0);
  }
  fputs("\n]}\n", f);
  return fclose(f) == 0 ? 0 : -1;
}

/* fmt_num prints |v| with 4 significant digits, or "-" */
static void fmt_num(char *out, size_t cap, double v, int have) {
  if (!have || !isfinite(v)) {
    snprintf(out, cap, "-");
  } else if (fabs(v) >= 1e6) {
    snprintf(out, cap, "%.4g", v);
  } else if (fabs(v) >= 100) {
    snprintf(out, cap, "%.0f", v);
  } else {
    snprintf(out, cap, "%.3g", v);
  }
}

static void print_result(const result *r, int census) {
  const bench_case *c = r->c;
  if (r->skipped) {
    printf("%-44s %10s  (%s)\n", c->name, "skipped", c->skip_note ? c->skip_note : "");
    return;
  }
  if (!r->ok) {
    printf("%-44s %10s\n", c->name, "FAILED");
    return;
  }
  char val[32], ref[32], ratio[32], tgt[48] = "";
  fmt_num(val, sizeof(val), r->v.value, 1);
  fmt_num(ref, sizeof(ref), r->r.value, r->has_ref);
  fmt_num(ratio, sizeof(ratio), r->ratio, r->has_ref);
  const char *dir = higher_better(c) ? ">=" : "<=";
  if (c->has_target) {
    snprintf(tgt, sizeof(tgt), "%s%.6g", dir, c->target);
  }
  if (c->ratio_target > 0) {
    size_t used = strlen(tgt);
    snprintf(tgt + used, sizeof(tgt) - used, "%sx%s%.3g", used ? " " : "", dir, c->ratio_target);
  }
  int m = met(r);
  printf("%-44s %10s %-13s %5.1f%% %10s %6s  %-16s %s\n", c->name, val, c->unit,
         100 * r->v.spread, ref, ratio, tgt, m < 0 ? "" : m ? "met" : "MISSED");
  if (census && r->has_census) {
    const bench_census *s = &r->census;
    printf("    census: md open %u setkey %u final %u hash %u bytes %lu | cipher open %u "
           "setkey %u calls %u bytes %lu | rand %u (%lu B)\n",
           s->md_open, s->md_setkey, s->md_final, s->md_hash, s->md_bytes, s->cipher_open,
           s->cipher_setkey, s->cipher_calls, s->cipher_bytes, s->rand_calls, s->rand_bytes);
  }
}

/* selected: |name| starts with one of the prefixes, or equals one that ends with '$' */
static int selected(const char *name, char **prefix, int np) {
  if (np == 0) {
    return 1;
  }
  for (int i = 0; i < np; i++) {
    size_t n = strlen(prefix[i]);
    if (n && prefix[i][n - 1] == '$') {
      if (strlen(name) == n - 1 && strncmp(name, prefix[i], n - 1) == 0) {
        return 1;
      }
    } else if (strncmp(name, prefix[i], n) == 0) {
      return 1;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  const char *json = NULL;
  int runs = 11, list = 0, np = 0, census = 0;
  double min_ms = 20;
  char **prefix = calloc((size_t)argc, sizeof(*prefix));
  if (!prefix) {
    return 1;
  }
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--json") && i + 1 < argc) {
      json = argv[++i];
    } else if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
      runs = atoi(argv[++i]);
    } else if (!strcmp(argv[i], "--min-ms") && i + 1 < argc) {
      min_ms = atof(argv[++i]);
    } else if (!strcmp(argv[i], "--secmem")) {
      g_secmem = 1;
    } else if (!strcmp(argv[i], "--csprng")) {
      g_csprng = 1;
    } else if (!strcmp(argv[i], "--no-ref")) {
      g_no_ref = 1; /* for profiling: time the operations alone */
    } else if (!strcmp(argv[i], "--census")) {
      census = 1;
    } else if (!strcmp(argv[i], "--list")) {
      list = 1;
    } else if (argv[i][0] == '-') {
      fprintf(stderr,
              "usage: %s [--json FILE] [--runs N] [--min-ms MS] [--secmem] [--csprng] [--census] "
              "[--no-ref] [--list] [PREFIX | NAME$ ...]\n",
              argv[0]);
      free(prefix);
      return 2;
    } else {
      prefix[np++] = argv[i];
    }
  }
  if (runs < 1) {
    runs = 1;
  }
  bench_min_ms = min_ms;
  if (g_csprng) {
    /* the application sets libgcrypt up itself, with its default generator (the CSPRNG):
     * mikey_global_init then keeps that choice (to measure what the system RNG saves) */
    gcry_check_version(NULL);
    gcry_control(g_secmem ? GCRYCTL_INIT_SECMEM : GCRYCTL_DISABLE_SECMEM, g_secmem ? 65536 : 0, 0);
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
  }
  if (mikey_global_init(g_secmem ? MIKEY_INIT_SECMEM : 0) != 0) {
    fprintf(stderr, "mikey-bench: mikey_global_init failed\n");
    free(prefix);
    return 1;
  }
  /* the allocation cases mean nothing unless the malloc wrappers are linked in */
  uint64_t a0 = bench_allocs();
  void *volatile probe = malloc(16);
  free(probe);
  if (bench_allocs() == a0) {
    fprintf(stderr, "mikey-bench: the allocation counter is not linked in\n");
    free(prefix);
    return 1;
  }
  size_t total = 0;
  for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
    total += *tables[t].n;
  }
  result *res = calloc(total ? total : 1, sizeof(*res));
  size_t n = 0;
  int failed = 0;
  if (!res) {
    free(prefix);
    return 1;
  }
  if (!list) {
    printf("%-44s %10s %-13s %6s %10s %6s  %-16s %s\n", "case", "value", "unit", "spread",
           "reference", "ratio", "target", "");
  }
  for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
    for (size_t i = 0; i < *tables[t].n; i++) {
      const bench_case *c = &tables[t].cases[i];
      if (!selected(c->name, prefix, np)) {
        continue;
      }
      if (list) {
        printf("%s (%s)%s%s\n", c->name, c->unit, c->reference || c->floor ? " vs " : "",
               c->floor ? "libgcrypt floor" : c->reference ? c->reference : "");
        continue;
      }
      result *r = &res[n++];
      if (run_case(c, runs, min_ms, r) != 0) {
        failed = 1;
      }
      print_result(r, census);
      fflush(stdout);
    }
  }
  if (json && !list && write_json(json, res, n, runs, min_ms) != 0) {
    failed = 1;
  }
  free(res);
  free(prefix);
  return failed;
}
