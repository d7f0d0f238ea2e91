/* The workbook reader: the bytes as an .xlsx, read into rows. It either refuses them with one
 * line or gives rows in order, each cell valid UTF-8 within its limits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "error.h"
#include "fuzz.h"
#include "xlsx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error e = {0};
	struct xlsx_sheet *s = xlsx_read(data, size, NULL, &e);
	if (!s) {
		if (!e.message[0] || strchr(e.message, '\n')) {
			__builtin_trap(); /* a refusal is one line */
		}
		return 0;
	}
	int last = 0;
	for (size_t i = 0; i < s->count; i++) {
		const struct xlsx_row *r = &s->rows[i];
		if (r->number <= last || r->number > XLSX_MAX_ROWS || r->count == 0 ||
		    r->count > XLSX_MAX_COLUMNS) {
			__builtin_trap();
		}
		last = r->number;
		for (size_t c = 0; c < r->count; c++) {
			const char *v = r->cells[c];
			if (v && (strlen(v) > XLSX_MAX_CELL || !csv_valid_utf8(v, strlen(v)))) {
				__builtin_trap();
			}
		}
	}
	xlsx_free(s);
	return 0;
}
