/* The roster importer, end to end: the bytes as a CSV file, imported (dry run, so the
 * database stays small) into one store opened for the whole run. Every problem must be a line
 * naming the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "fold.h"
#include "fuzz.h"
#include "roster.h"
#include "store.h"

static struct error oe; /* what store_open() said */
static struct store *st;
static struct fold *fold;
static char dir[] = "/tmp/gatherbooth-fuzz-XXXXXX";
static char path[sizeof(dir) + 16];

static void cleanup(void)
{
	store_close(st);
	fold_destroy(fold);
	char cmd[sizeof(dir) + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "could not remove %s\n", dir);
	}
}

static void setup(void)
{
	if (!mkdtemp(dir)) {
		abort();
	}
	char err[512];
	st = store_open(dir, &oe);
	if (!st) {
		fprintf(stderr, "%s\n", err);
		abort();
	}
	fold = fold_create();
	snprintf(path, sizeof(path), "%s/roster.csv", dir);
	atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!st) {
		setup();
	}
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
		abort();
	}
	char *msgs = NULL;
	size_t msgs_len = 0;
	FILE *errs = open_memstream(&msgs, &msgs_len);
	struct roster_options opt = {.path = path, .dry_run = true, .skip_bad = true};
	struct roster_report rep;
	enum error_code rc = roster_import(st, fold, &opt, &rep, errs);
	fclose(errs);
	/* every line of complaint names the file */
	for (char *line = msgs; line && *line;) {
		if (strncmp(line, path, strlen(path)) != 0) {
			fprintf(stderr, "a message without the file name: %s\n", line);
			__builtin_trap();
		}
		char *nl = strchr(line, '\n');
		line = nl ? nl + 1 : NULL;
	}
	if (rc == ERROR_FAILED) {
		__builtin_trap(); /* a storage failure, which a dry run must not have */
	}
	free(msgs);
	return 0;
}
