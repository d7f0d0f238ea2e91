/* Shared by the benchmarks: a monotonic clock in milliseconds and medians. */
#pragma once

#include <stdlib.h>
#include <time.h>

static inline double bench_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Sorts v in place; returns the value at fraction q (0.5: the median, 0.99: p99). */
static inline double bench_quantile(double *v, int n, double q)
{
	qsort(v, (size_t)n, sizeof(double), bench_cmp_double);
	int i = (int)(q * n);
	return v[i < n ? i : n - 1];
}
