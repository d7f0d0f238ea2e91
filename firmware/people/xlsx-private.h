/* Inside the workbook reader: shared by xlsx.c (the container: what the file is, its parts and
 * sheets), xlsx_xml.c (reading one part with expat, safely) and xlsx_cells.c (styles, shared
 * strings, and the sheet's rows and cells). */
#pragma once

#include <expat.h>
#include <stdbool.h>
#include <stddef.h>
#include <zip.h>

#include "error.h"
#include "xlsx.h"

/* Text that lives as long as the sheet: a list of blocks that never move. */
struct xlsx_arena {
	struct xlsx_arena *next;
	size_t used, cap;
	char data[];
};

struct xlsx_rel {
	char id[64], type[160], target[256];
};

struct xlsx_sheet_entry {
	char name[128], rid[64];
	bool hidden;
};

struct xlsx_book {
	zip_t *zip;
	struct error *e;
	bool failed;
	const char *part; /* the part being read */
	/* text gathered from the current element */
	char *text;
	size_t text_len, text_cap;
	bool collecting;
	/* relationships of the part being read */
	struct xlsx_rel *rels;
	size_t rel_count, rel_cap;
	/* the workbook */
	struct xlsx_sheet_entry *sheets;
	size_t sheet_count, sheet_cap;
	bool date1904;
	/* shared strings */
	const char **strings;
	size_t string_count, string_cap;
	int si_depth;     /* inside <si>: the element depth below it */
	bool in_phonetic; /* inside <rPh>, whose text is a reading aid, not the value */
	/* styles: which cell formats show a date or time */
	int *date_fmts; /* custom numFmt ids whose code is a date or time */
	size_t date_fmt_count, date_fmt_cap;
	bool in_cellxfs;
	bool *date_style;
	size_t style_count, style_cap;
	/* the sheet */
	struct xlsx_sheet *out;
	size_t row_cap, merge_cap;
	int row_number, col;
	const char **cells;
	size_t cell_count, cell_cap;
	char cell_type[16];
	int cell_style;
	bool in_value, in_inline;
	bool cell_has_value;
	struct xlsx_arena *arena;
};

/* xlsx_xml.c */
const char *xlsx_arena_copy(struct xlsx_arena **head, const char *s, size_t n);
void xlsx_arena_free(struct xlsx_arena *a);
/* Sets the book's error once (the first failure is the one people see); returns false. */
bool xlsx_fail(struct xlsx_book *b, enum error_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* An element's or attribute's name without its namespace. */
const char *xlsx_local(const char *name);
/* An attribute's value by its local name, or NULL. */
const char *xlsx_attr(const char **atts, const char *want);
void xlsx_text_reset(struct xlsx_book *b);
/* Decodes OOXML's _xHHHH_ escapes in place; returns the new length. */
size_t xlsx_unescape(char *s, size_t n);
/* Parses the part `name` with the given handlers (the book is their data); false, with the
 * error set, when it is missing and required, damaged, too large, or declares a DTD. */
bool xlsx_parse_part(struct xlsx_book *b, const char *name, bool required,
		     XML_StartElementHandler start, XML_EndElementHandler end);

/* xlsx_cells.c: the handlers for styles, shared strings and the sheet */
void XMLCALL xlsx_styles_start(void *data, const XML_Char *name, const XML_Char **atts);
void XMLCALL xlsx_styles_end(void *data, const XML_Char *name);
void XMLCALL xlsx_strings_start(void *data, const XML_Char *name, const XML_Char **atts);
void XMLCALL xlsx_strings_end(void *data, const XML_Char *name);
void XMLCALL xlsx_sheet_start(void *data, const XML_Char *name, const XML_Char **atts);
void XMLCALL xlsx_sheet_end(void *data, const XML_Char *name);
/* Rows in order of their number, for qsort and bsearch. */
int xlsx_row_order(const void *x, const void *y);
/* Each merged range's value in every cell it covers, in the rows that have values. */
bool xlsx_fill_merges(struct xlsx_book *b);
