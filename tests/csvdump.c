/* Test helper: prints a CSV file's rows as a JSON array of arrays of strings, or the reader's
 * error with exit 2. */
#include <stdio.h>
#include <stdlib.h>

#include "csv.h"
#include "error.h"
#include "textfile.h"

static void json_string(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\') {
			printf("\\%c", *p);
		} else if (*p < 0x20) {
			printf("\\u%04x", *p);
		} else {
			putchar(*p);
		}
	}
	putchar('"');
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: csvdump FILE.csv\n");
		return 2;
	}
	char err[512];
	struct error e;
	size_t len;
	char *data = textfile_read(argv[1], 64 << 20, &len, &e);
	if (!data) {
		fprintf(stderr, "%s\n", e.message);
		return 2;
	}
	struct csv_reader *r = csv_open(data, len, 0);
	struct csv_row row;
	enum csv_status st;
	printf("[");
	for (int n = 0; (st = csv_next(r, &row, err, sizeof(err))) == CSV_ROW; n++) {
		printf("%s[", n ? ",\n" : "");
		for (size_t i = 0; i < row.count; i++) {
			if (i) {
				putchar(',');
			}
			json_string(row.fields[i]);
		}
		putchar(']');
	}
	printf("]\n");
	csv_close(r);
	free(data);
	if (st == CSV_ERROR) {
		fprintf(stderr, "%s: %s\n", argv[1], err);
		return 2;
	}
	return 0;
}
