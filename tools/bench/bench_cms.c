/*
 * bench_cms.c: the S/MIME layer (issue 5).
 */
#include "bench.h"

const bench_case bench_cms_cases[] = {{.name = "cms.placeholder", .unit = "ns/op"}};
const size_t bench_cms_ncases = 0;
