/*
 * bench_main.c: runs the benchmark cases of every layer and prints them, optionally as
 * bench.json. Timed cases: the operation is repeated until one run lasts --min-ms, and the
 * median of --runs such runs is reported with its spread ((max - min) / median).
 * Usage: mikey-bench [--json FILE] [--runs N] [--min-ms MS] [--list] [NAME-PREFIX...]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

/* One line per layer: add yours here. */
static const bench_table tables[] = {
    {"codec", bench_codec_cases, &bench_codec_ncases},
};

typedef struct {
  const bench_case *c;
  double value, min, max, spread;
  int ok;
} result;

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* time_run runs |c| |iters| times; returns nanoseconds per operation, or -1 on failure. */
static double time_run(const bench_case *c, void *st, uint64_t iters) {
  uint64_t t0 = now_ns();
  for (uint64_t i = 0; i < iters; i++) {
    if (c->op(st) != 0) {
      return -1;
    }
  }
  return (double)(now_ns() - t0) / (double)iters;
}

static int run_case(const bench_case *c, int runs, double min_ms, result *r) {
  void *st = NULL;
  memset(r, 0, sizeof(*r));
  r->c = c;
  if (c->setup && c->setup(&st) != 0) {
    if (c->teardown) {
      c->teardown(st);
    }
    return -1;
  }
  int rc = 0;
  if (!c->op) {
    rc = c->value(st, &r->value);
    r->min = r->max = r->value;
  } else {
    uint64_t iters = 1;
    /* calibrate: double the count until one run lasts min_ms */
    for (;;) {
      double ns = time_run(c, st, iters);
      if (ns < 0) {
        rc = -1;
        break;
      }
      if (ns * (double)iters >= min_ms * 1e6 || iters >= (UINT64_C(1) << 40)) {
        break;
      }
      iters *= 2;
    }
    double *v = calloc((size_t)runs, sizeof(*v));
    if (!v) {
      rc = -1;
    }
    for (int i = 0; rc == 0 && i < runs; i++) {
      v[i] = time_run(c, st, iters);
      rc = v[i] < 0 ? -1 : 0;
    }
    if (rc == 0) {
      qsort(v, (size_t)runs, sizeof(*v), cmp_double);
      r->value = runs % 2 ? v[runs / 2] : (v[runs / 2 - 1] + v[runs / 2]) / 2;
      r->min = v[0];
      r->max = v[runs - 1];
      r->spread = r->value > 0 ? (r->max - r->min) / r->value : 0;
    }
    free(v);
  }
  if (c->teardown) {
    c->teardown(st);
  }
  r->ok = rc == 0;
  return rc;
}

static int met(const result *r) { return r->value <= r->c->target; }

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

static void cpu_name(char *out, size_t cap) {
  snprintf(out, cap, "unknown");
  FILE *f = fopen("/proc/cpuinfo", "r");
  char line[256];
  while (f && fgets(line, sizeof(line), f)) {
    if (strncmp(line, "model name", 10) == 0) {
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

static int write_json(const char *path, const result *res, size_t n, int runs, double min_ms) {
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "mikey-bench: cannot write %s\n", path);
    return -1;
  }
  char cpu[128], os[256];
  struct utsname u;
  cpu_name(cpu, sizeof(cpu));
  if (uname(&u) == 0) {
    snprintf(os, sizeof(os), "%s %s %s", u.sysname, u.release, u.machine);
  } else {
    snprintf(os, sizeof(os), "unknown");
  }
  fputs("{\"machine\":{\"cpu\":", f);
  json_str(f, cpu);
  fprintf(f, ",\"cores\":%ld,\"os\":", sysconf(_SC_NPROCESSORS_ONLN));
  json_str(f, os);
  fputs(",\"compiler\":", f);
#ifdef __VERSION__
  json_str(f, __VERSION__);
#else
  json_str(f, "unknown");
#endif
  fprintf(f, ",\"runs\":%d,\"min_ms\":", runs);
  json_num(f, min_ms);
  fputs("},\"cases\":[", f);
  for (size_t i = 0; i < n; i++) {
    const result *r = &res[i];
    const bench_case *c = r->c;
    fputs(i ? ",\n{\"name\":" : "\n{\"name\":", f);
    json_str(f, c->name);
    fputs(",\"value\":", f);
    r->ok ? json_num(f, r->value) : (void)fputs("null", f);
    fputs(",\"unit\":", f);
    json_str(f, c->unit);
    fputs(",\"min\":", f);
    json_num(f, r->min);
    fputs(",\"max\":", f);
    json_num(f, r->max);
    fputs(",\"spread\":", f);
    json_num(f, r->spread);
    fputs(",\"reference\":", f);
    c->reference ? json_str(f, c->reference) : (void)fputs("null", f);
    fputs(",\"reference_value\":", f);
    c->reference ? json_num(f, c->reference_value) : (void)fputs("null", f);
    fputs(",\"ratio\":", f);
    if (c->reference && c->reference_value > 0 && r->ok) {
      json_num(f, r->value / c->reference_value);
    } else {
      fputs("null", f);
    }
    fputs(",\"target\":", f);
    c->has_target ? json_num(f, c->target) : (void)fputs("null", f);
    fputs(",\"met\":", f);
    fputs(!c->has_target || !r->ok ? "null" : met(r) ? "true" : "false", f);
    fputs("}", f);
  }
  fputs("\n]}\n", f);
  return fclose(f) == 0 ? 0 : -1;
}

static int selected(const char *name, char **prefix, int np) {
  if (np == 0) {
    return 1;
  }
  for (int i = 0; i < np; i++) {
    if (strncmp(name, prefix[i], strlen(prefix[i])) == 0) {
      return 1;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  const char *json = NULL;
  int runs = 11, list = 0, np = 0;
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
    } else if (!strcmp(argv[i], "--list")) {
      list = 1;
    } else if (argv[i][0] == '-') {
      fprintf(stderr, "usage: %s [--json FILE] [--runs N] [--min-ms MS] [--list] [PREFIX...]\n",
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
    printf("%-40s %12s %-14s %8s %10s %s\n", "case", "value", "unit", "spread", "target", "");
  }
  for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
    for (size_t i = 0; i < *tables[t].n; i++) {
      const bench_case *c = &tables[t].cases[i];
      if (!selected(c->name, prefix, np)) {
        continue;
      }
      if (list) {
        printf("%s (%s)\n", c->name, c->unit);
        continue;
      }
      result *r = &res[n++];
      if (run_case(c, runs, min_ms, r) != 0) {
        printf("%-40s %12s\n", c->name, "FAILED");
        failed = 1;
        continue;
      }
      char target[32] = "";
      if (c->has_target) {
        snprintf(target, sizeof(target), "%.6g", c->target);
      }
      printf("%-40s %12.2f %-14s %7.1f%% %10s %s\n", c->name, r->value, c->unit,
             100 * r->spread, target, c->has_target ? (met(r) ? "met" : "MISSED") : "");
    }
  }
  if (json && !list && write_json(json, res, n, runs, min_ms) != 0) {
    failed = 1;
  }
  free(res);
  free(prefix);
  return failed;
}
