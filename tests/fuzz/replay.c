/* Runs files through a fuzz target without libFuzzer, so that every build checks the seed
 * corpora and the inputs that once crashed: replay-NAME FILE|DIR... */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int count;

static void run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(1);
	}
	size_t cap = 4096, len = 0;
	unsigned char *buf = malloc(cap);
	size_t n;
	while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
		len += n;
		if (len == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
	}
	if (!buf || ferror(f)) {
		perror(path);
		exit(1);
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	count++;
}

static void run(const char *path)
{
	struct stat s;
	if (stat(path, &s) != 0) {
		perror(path);
		exit(1);
	}
	if (!S_ISDIR(s.st_mode)) {
		run_file(path);
		return;
	}
	struct dirent **names;
	int n = scandir(path, &names, NULL, alphasort);
	if (n < 0) {
		perror(path);
		exit(1);
	}
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.') {
			char child[4096];
			snprintf(child, sizeof(child), "%s/%s", path, names[i]->d_name);
			run(child);
		}
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		run(argv[i]);
	}
	printf("ok: %d input(s)\n", count);
	return 0;
}
