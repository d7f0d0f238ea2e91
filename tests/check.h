/* Minimal assertions for the unit tests: each failure prints file:line and the expression, the
 * test goes on, and check_exit() returns 1 if anything failed. */
#pragma once

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(expr)                                                                                \
	do {                                                                                       \
		check_count++;                                                                     \
		if (!(expr)) {                                                                     \
			check_failures++;                                                          \
			fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #expr);         \
		}                                                                                  \
	} while (0)

#define CHECK_INT(a, b)                                                                            \
	do {                                                                                       \
		long long check_a_ = (long long)(a), check_b_ = (long long)(b);                    \
		check_count++;                                                                     \
		if (check_a_ != check_b_) {                                                        \
			check_failures++;                                                          \
			fprintf(stderr, "%s:%d: FAILED: %s == %s (%lld != %lld)\n", __FILE__,      \
				__LINE__, #a, #b, check_a_, check_b_);                             \
		}                                                                                  \
	} while (0)

#define CHECK_STR(a, b)                                                                            \
	do {                                                                                       \
		const char *check_a_ = (a), *check_b_ = (b);                                       \
		check_count++;                                                                     \
		if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) {                   \
			check_failures++;                                                          \
			fprintf(stderr, "%s:%d: FAILED: %s == %s (\"%s\" != \"%s\")\n", __FILE__,  \
				__LINE__, #a, #b, check_a_ ? check_a_ : "(null)",                  \
				check_b_ ? check_b_ : "(null)");                                   \
		}                                                                                  \
	} while (0)

static inline int check_exit(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, check_count, check_failures);
	return check_failures ? 1 : 0;
}

static char *check_dirs[32];
static int check_ndirs;

static inline void check_free_dirs(void)
{
	while (check_ndirs > 0) {
		free(check_dirs[--check_ndirs]);
	}
}

/* A fresh empty folder under TMPDIR; never NULL. The name lives until exit; the folder stays. */
static inline char *check_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char *tmpl = malloc(4096);
	if (check_ndirs == 0) {
		atexit(check_free_dirs);
	}
	if (check_ndirs < (int)(sizeof(check_dirs) / sizeof(check_dirs[0]))) {
		check_dirs[check_ndirs++] = tmpl;
	}
	snprintf(tmpl, 4096, "%s/gatherbooth-test-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		exit(1);
	}
	return tmpl;
}
