/* xlsxdump FILE [SHEET]: a workbook's sheet as the roster import reads it, one line a row:
 * the row's number, then its cells, tab-separated (an empty cell is empty). Exit 2 with the
 * reader's one line when it refuses the file. */
#include <stdio.h>
#include <stdlib.h>

#include "error.h"
#include "textfile.h"
#include "xlsx.h"

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: xlsxdump FILE [SHEET]\n");
		return 2;
	}
	struct error e;
	size_t len;
	char *data = textfile_read(argv[1], (size_t)256 << 20, &len, &e);
	if (!data) {
		fprintf(stderr, "%s\n", e.message);
		return 2;
	}
	struct xlsx_sheet *s = xlsx_read(data, len, argc == 3 ? argv[2] : NULL, &e);
	free(data);
	if (!s) {
		fprintf(stderr, "%s: %s\n", argv[1], e.message);
		return 2;
	}
	char ref[300];
	xlsx_sheet_ref(s, ref, sizeof(ref));
	printf("sheet\t%s\n", ref);
	for (size_t i = 0; i < s->count; i++) {
		printf("%d", s->rows[i].number);
		for (size_t c = 0; c < s->rows[i].count; c++) {
			printf("\t%s", s->rows[i].cells[c] ? s->rows[i].cells[c] : "");
		}
		printf("\n");
	}
	xlsx_free(s);
	return 0;
}
