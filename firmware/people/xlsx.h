/* Reading one worksheet of an Excel workbook (.xlsx, Office Open XML) into rows of text,
 * through libzip and expat: shared and inline strings, numbers as Excel shows them in General
 * format (1007, never 1007.0; 1234567890123, never 1.23E+12), dates and times as ISO 8601,
 * booleans, merged cells, and `_xHHHH_` escapes. Formulas give their cached value.
 *
 * Everything else that looks like a workbook is refused with what it is and what to do: an
 * encrypted or password-protected workbook, an .xls or .xlsb, an OpenDocument spreadsheet, a
 * zip that is not a workbook, a damaged or cut-short one. Hostile files too: a part that
 * inflates past XLSX_MAX_PART, any XML with a DTD (so no entity is ever expanded), rows past
 * XLSX_MAX_ROWS, columns past XLSX_MAX_COLUMNS. Pure; any thread, one sheet per caller. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* How large any one part of the workbook (a sheet, its strings) may inflate to. */
#define XLSX_MAX_PART ((size_t)256 << 20)
/* The last row a roster's sheet may reach, empty rows and all. */
#define XLSX_MAX_ROWS 200000
#define XLSX_MAX_COLUMNS 1000
/* The longest cell, in bytes. */
#define XLSX_MAX_CELL (64 * 1024)

struct xlsx_row {
	int number;         /* Excel's row number, 1-based */
	size_t count;       /* columns, up to the last one with a value */
	const char **cells; /* UTF-8; NULL for an empty cell */
};

struct xlsx_merge {
	int first_row, first_col, last_row, last_col; /* 1-based rows, 0-based columns */
};

struct xlsx_sheet {
	char name[128];
	struct xlsx_row *rows; /* rows with at least one value, in order */
	size_t count;
	struct xlsx_merge *merges;
	size_t merge_count;
	struct xlsx_arena *arena; /* owns every cell's text */
};

/* Whether the data starts as a zip archive or an Office 97-2003 compound file does: a file to
 * hand to xlsx_read() rather than to a text reader. */
bool xlsx_looks_binary(const void *data, size_t len);

/* Reads worksheet `sheet` (NULL: the first) of the workbook in data (len bytes; the caller keeps
 * it until this returns). NULL with e set otherwise: ERROR_TOO_LARGE past a limit, else
 * ERROR_BAD_INPUT; the message says what the file is and what to do, without the file's name.
 * Merged cells are filled with their value in every row that has one. Free with xlsx_free(). */
struct xlsx_sheet *xlsx_read(const void *data, size_t len, const char *sheet, struct error *e);
void xlsx_free(struct xlsx_sheet *s); /* accepts NULL */

/* The sheet's name as an Excel reference writes it: Attendees, or 'Guest list' when quoting is
 * needed. */
void xlsx_sheet_ref(const struct xlsx_sheet *s, char *out, size_t outlen);
