/* A workbook's styles (which formats show dates), its shared strings, and the sheet's rows and
 * cells, each value as text the way Excel shows it in General format. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "xlsx-private.h"

/* ---- styles: which cell formats show dates and times ---- */

static bool builtin_date(int id)
{
	return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) ||
	       (id >= 50 && id <= 58);
}

/* Whether a number format code shows a date or time: a d, m, y, h or s outside quoted text,
 * escapes and [colour] or [$-locale] brackets. */
static bool code_is_date(const char *c)
{
	for (; *c; c++) {
		if (*c == '"') {
			c = strchr(c + 1, '"');
			if (!c) {
				return false;
			}
		} else if (*c == '\\' || *c == '_' || *c == '*') {
			if (!c[1]) {
				return false;
			}
			c++;
		} else if (*c == '[') {
			bool elapsed = strchr("hHmMsS", c[1]) && c[1];
			if (elapsed) {
				return true;
			}
			c = strchr(c, ']');
			if (!c) {
				return false;
			}
		} else if (strchr("dDmMyYhHsS", *c)) {
			return true;
		}
	}
	return false;
}

void XMLCALL xlsx_styles_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_book *b = data;
	const char *n = xlsx_local(name);
	if (strcmp(n, "numFmt") == 0) {
		const char *id = xlsx_attr(atts, "numFmtId"), *code = xlsx_attr(atts, "formatCode");
		if (id && code && code_is_date(code) && b->date_fmt_count < 100000) {
			if (b->date_fmt_count == b->date_fmt_cap) {
				b->date_fmt_cap = b->date_fmt_cap ? b->date_fmt_cap * 2 : 16;
				b->date_fmts =
					xrealloc(b->date_fmts, b->date_fmt_cap * sizeof(int));
			}
			b->date_fmts[b->date_fmt_count++] = atoi(id);
		}
	} else if (strcmp(n, "cellXfs") == 0) {
		b->in_cellxfs = true;
	} else if (strcmp(n, "xf") == 0 && b->in_cellxfs && b->style_count < 100000) {
		const char *id = xlsx_attr(atts, "numFmtId");
		int fmt = id ? atoi(id) : 0;
		bool date = builtin_date(fmt);
		for (size_t i = 0; i < b->date_fmt_count && !date; i++) {
			date = b->date_fmts[i] == fmt;
		}
		if (b->style_count == b->style_cap) {
			b->style_cap = b->style_cap ? b->style_cap * 2 : 64;
			b->date_style = xrealloc(b->date_style, b->style_cap * sizeof(bool));
		}
		b->date_style[b->style_count++] = date;
	}
}

void XMLCALL xlsx_styles_end(void *data, const XML_Char *name)
{
	struct xlsx_book *b = data;
	if (strcmp(xlsx_local(name), "cellXfs") == 0) {
		b->in_cellxfs = false;
	}
}

/* ---- shared strings ---- */

void XMLCALL xlsx_strings_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_book *b = data;
	const char *n = xlsx_local(name);
	if (strcmp(n, "si") == 0) {
		b->si_depth = 1;
		xlsx_text_reset(b);
	} else if (b->si_depth) {
		b->si_depth++;
		if (strcmp(n, "rPh") == 0) {
			b->in_phonetic = true;
		} else if (strcmp(n, "t") == 0 && !b->in_phonetic) {
			b->collecting = true;
		}
	}
}

void XMLCALL xlsx_strings_end(void *data, const XML_Char *name)
{
	struct xlsx_book *b = data;
	const char *n = xlsx_local(name);
	if (!b->si_depth) {
		return;
	}
	if (strcmp(n, "t") == 0) {
		b->collecting = false;
	} else if (strcmp(n, "rPh") == 0) {
		b->in_phonetic = false;
	}
	if (--b->si_depth > 0 || strcmp(n, "si") != 0) {
		return;
	}
	if (b->string_count == b->string_cap) {
		b->string_cap = b->string_cap ? b->string_cap * 2 : 256;
		b->strings = xrealloc(b->strings, b->string_cap * sizeof(char *));
	}
	size_t len = b->text ? xlsx_unescape(b->text, b->text_len) : 0;
	b->strings[b->string_count++] = xlsx_arena_copy(&b->arena, b->text ? b->text : "", len);
}

/* ---- the sheet ---- */

/* "BC12" -> column 54 (0-based) and row 12; false for anything else. */
static bool parse_ref(const char *ref, int *col, int *row)
{
	int c = 0, letters = 0;
	for (; *ref >= 'A' && *ref <= 'Z' && letters < 4; ref++, letters++) {
		c = c * 26 + (*ref - 'A' + 1);
	}
	if (letters == 0 || letters > 3 || c > 16384) {
		return false;
	}
	*col = c - 1;
	if (row) {
		char *end;
		long r = strtol(ref, &end, 10);
		if (end == ref || *end || r < 1 || r > 1048576) {
			return false;
		}
		*row = (int)r;
	}
	return true;
}

static void col_name(int col, char *out)
{
	char tmp[8];
	int n = 0;
	for (col++; col > 0 && n < 7; col = (col - 1) / 26) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
	}
	for (int i = 0; i < n; i++) {
		out[i] = tmp[n - 1 - i];
	}
	out[n] = '\0';
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void civil(long long z, int *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* An Excel date serial as ISO 8601: a date, a time of day, or both. False if out of range. */
static bool serial_iso(double v, bool date1904, char *out, size_t outlen)
{
	if (!(v >= 0 && v < 2958466)) {
		return false;
	}
	long long secs = llround(v * 86400.0);
	long long days = secs / 86400, rem = secs % 86400;
	int h = (int)(rem / 3600), mi = (int)(rem / 60 % 60), s = (int)(rem % 60);
	if (days == 0 && !date1904) {
		snprintf(out, outlen, "%02d:%02d:%02d", h, mi, s);
		return true;
	}
	/* 1900 dates count a 29 February 1900 that never was: before it, one day fewer */
	long long epoch = date1904 ? -24107 : (days < 61 ? -25568 : -25569);
	int y, m, d;
	civil(days + epoch, &y, &m, &d);
	if (rem) {
		snprintf(out, outlen, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, h, mi, s);
	} else {
		snprintf(out, outlen, "%04d-%02d-%02d", y, m, d);
	}
	return true;
}

/* A number as Excel's General format shows it, never in exponent form for a whole number:
 * badge codes stay codes. The thread's locale is C while a sheet is read. */
static void number_text(const char *v, char *out, size_t outlen)
{
	const char *digits = v + (*v == '-');
	if (*digits && strspn(digits, "0123456789") == strlen(digits)) {
		snprintf(out, outlen, "%s", v);
		return;
	}
	char *end;
	double x = strtod(v, &end);
	if (end == v || *end || !isfinite(x)) {
		snprintf(out, outlen, "%s", v);
	} else if (x == floor(x) && fabs(x) < 1e17) {
		snprintf(out, outlen, "%.0f", x);
	} else {
		snprintf(out, outlen, "%.15g", x);
		if (strtod(out, NULL) != x) {
			snprintf(out, outlen, "%.17g", x);
		}
	}
}

static void cell_value(struct xlsx_book *b, char *out, size_t outlen, const char **value)
{
	const char *t = b->cell_type, *v = b->text ? b->text : "";
	*value = NULL;
	if (!b->cell_has_value) {
		return;
	}
	if (strcmp(t, "s") == 0) {
		char *end;
		long i = strtol(v, &end, 10);
		if (end == v || i < 0 || (size_t)i >= b->string_count) {
			char c[8];
			col_name(b->col, c);
			xlsx_fail(
				b, ERROR_BAD_INPUT,
				"a damaged workbook: cell %s%d names text %s of %zu; save it again",
				c, b->row_number, v, b->string_count);
			return;
		}
		*value = b->strings[i];
	} else if (strcmp(t, "inlineStr") == 0) {
		if (b->text) {
			b->text_len = xlsx_unescape(b->text, b->text_len);
		}
		*value = v;
	} else if (strcmp(t, "str") == 0 || strcmp(t, "e") == 0 || strcmp(t, "d") == 0) {
		*value = v;
	} else if (strcmp(t, "b") == 0) {
		*value = strcmp(v, "1") == 0 ? "TRUE" : "FALSE";
	} else if (*v) {
		bool date = b->cell_style >= 0 && (size_t)b->cell_style < b->style_count &&
			    b->date_style[b->cell_style];
		if (!date || !serial_iso(strtod(v, NULL), b->date1904, out, outlen)) {
			number_text(v, out, outlen);
		}
		*value = out;
	}
}

void XMLCALL xlsx_sheet_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_book *b = data;
	const char *n = xlsx_local(name);
	if (b->failed) {
		return;
	}
	if (strcmp(n, "row") == 0) {
		const char *r = xlsx_attr(atts, "r");
		b->row_number = r ? atoi(r) : b->row_number + 1;
		b->cell_count = 0;
		b->col = -1;
		if (b->row_number < 1 || b->row_number > 1048576) {
			xlsx_fail(b, ERROR_BAD_INPUT, "a damaged workbook: a row numbered %s", r);
		} else if (b->row_number > XLSX_MAX_ROWS) {
			xlsx_fail(b, ERROR_TOO_LARGE,
				  "the sheet reaches row %d, past the %d rows a roster may have; "
				  "delete "
				  "the empty rows below the guest list and save it again",
				  b->row_number, XLSX_MAX_ROWS);
		}
	} else if (strcmp(n, "c") == 0) {
		const char *r = xlsx_attr(atts, "r"), *t = xlsx_attr(atts, "t"),
			   *s = xlsx_attr(atts, "s");
		int col = b->col + 1;
		if (r && !parse_ref(r, &col, NULL)) {
			xlsx_fail(b, ERROR_BAD_INPUT, "a damaged workbook: a cell named \"%.20s\"",
				  r);
			return;
		}
		b->col = col;
		snprintf(b->cell_type, sizeof(b->cell_type), "%s", t ? t : "n");
		b->cell_style = s ? atoi(s) : 0;
		b->cell_has_value = false;
		b->in_inline = false;
		xlsx_text_reset(b);
	} else if (strcmp(n, "v") == 0) {
		b->collecting = b->cell_has_value = true;
	} else if (strcmp(n, "is") == 0) {
		b->in_inline = b->cell_has_value = true;
	} else if (strcmp(n, "rPh") == 0) {
		b->in_phonetic = true;
	} else if (strcmp(n, "t") == 0 && b->in_inline && !b->in_phonetic) {
		b->collecting = true;
	} else if (strcmp(n, "mergeCell") == 0 && b->out->merge_count < 100000) {
		const char *ref = xlsx_attr(atts, "ref");
		const char *colon = ref ? strchr(ref, ':') : NULL;
		struct xlsx_merge m;
		char first[16];
		if (!colon || colon - ref >= (long)sizeof(first)) {
			return;
		}
		snprintf(first, sizeof(first), "%.*s", (int)(colon - ref), ref);
		if (!parse_ref(first, &m.first_col, &m.first_row) ||
		    !parse_ref(colon + 1, &m.last_col, &m.last_row) || m.last_row < m.first_row ||
		    m.last_col < m.first_col) {
			return;
		}
		if (b->out->merge_count == b->merge_cap) {
			b->merge_cap = b->merge_cap ? b->merge_cap * 2 : 16;
			b->out->merges = xrealloc(b->out->merges, b->merge_cap * sizeof(m));
		}
		b->out->merges[b->out->merge_count++] = m;
	}
}

static void end_cell(struct xlsx_book *b)
{
	char num[64];
	const char *value;
	cell_value(b, num, sizeof(num), &value);
	if (b->failed || !value || !*value) {
		return;
	}
	if (b->col >= XLSX_MAX_COLUMNS) {
		char c[8];
		col_name(b->col, c);
		xlsx_fail(
			b, ERROR_TOO_LARGE,
			"a value in cell %s%d, past the %d columns a roster may have; is this the "
			"guest list?",
			c, b->row_number, XLSX_MAX_COLUMNS);
		return;
	}
	if ((size_t)b->col >= b->cell_cap) {
		size_t cap = (size_t)b->col + 16;
		b->cells = xrealloc(b->cells, cap * sizeof(char *));
		memset(b->cells + b->cell_cap, 0, (cap - b->cell_cap) * sizeof(char *));
		b->cell_cap = cap;
	}
	while (b->cell_count <= (size_t)b->col) {
		b->cells[b->cell_count++] = NULL;
	}
	bool lasting = strcmp(b->cell_type, "s") == 0 || strcmp(b->cell_type, "b") == 0;
	b->cells[b->col] = lasting ? value : xlsx_arena_copy(&b->arena, value, strlen(value));
}

static void end_row(struct xlsx_book *b)
{
	struct xlsx_sheet *s = b->out;
	if (b->cell_count == 0) {
		return;
	}
	if (s->count >= XLSX_MAX_ROWS) { /* rows that repeat a number are counted too */
		xlsx_fail(
			b, ERROR_TOO_LARGE,
			"the sheet has more than %d rows, past what a roster may have; is this the "
			"guest list?",
			XLSX_MAX_ROWS);
		return;
	}
	if (s->count == b->row_cap) {
		b->row_cap = b->row_cap ? b->row_cap * 2 : 256;
		s->rows = xrealloc(s->rows, b->row_cap * sizeof(*s->rows));
	}
	struct xlsx_row *r = &s->rows[s->count++];
	r->number = b->row_number;
	r->count = b->cell_count;
	r->cells = xmalloc(b->cell_count * sizeof(char *));
	memcpy(r->cells, b->cells, b->cell_count * sizeof(char *));
	b->cell_count = 0;
}

void XMLCALL xlsx_sheet_end(void *data, const XML_Char *name)
{
	struct xlsx_book *b = data;
	const char *n = xlsx_local(name);
	if (b->failed) {
		return;
	}
	if (strcmp(n, "v") == 0 || strcmp(n, "t") == 0) {
		b->collecting = false;
	} else if (strcmp(n, "rPh") == 0) {
		b->in_phonetic = false;
	} else if (strcmp(n, "is") == 0) {
		b->in_inline = false;
	} else if (strcmp(n, "c") == 0) {
		end_cell(b);
	} else if (strcmp(n, "row") == 0) {
		end_row(b);
	}
}

int xlsx_row_order(const void *x, const void *y)
{
	const struct xlsx_row *a = x, *b = y;
	return (a->number > b->number) - (a->number < b->number);
}

static struct xlsx_row *row_at(struct xlsx_sheet *s, int number)
{
	struct xlsx_row key = {.number = number};
	return bsearch(&key, s->rows, s->count, sizeof(key), xlsx_row_order);
}

/* Each merged range's value in every cell it covers, in the rows that have values: an
 * organization merged down over its guests belongs to each of them. */
/* The index of the first row numbered `number` or later. */
static size_t first_at_or_after(const struct xlsx_sheet *s, int number)
{
	size_t lo = 0, hi = s->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->rows[mid].number < number) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

bool xlsx_fill_merges(struct xlsx_book *b)
{
	struct xlsx_sheet *s = b->out;
	size_t work = 0;
	for (size_t k = 0; k < s->merge_count; k++) {
		const struct xlsx_merge *m = &s->merges[k];
		struct xlsx_row *top = row_at(s, m->first_row);
		if (!top || (size_t)m->first_col >= top->count || !top->cells[m->first_col]) {
			continue;
		}
		const char *v = top->cells[m->first_col];
		int last_col = m->last_col < XLSX_MAX_COLUMNS ? m->last_col : XLSX_MAX_COLUMNS - 1;
		for (size_t i = first_at_or_after(s, m->first_row);
		     i < s->count && s->rows[i].number <= m->last_row; i++) {
			struct xlsx_row *r = &s->rows[i];
			work += (size_t)(last_col - m->first_col + 1);
			if (work > 20000000) {
				return xlsx_fail(
					b, ERROR_TOO_LARGE,
					"merged cells cover more than 20 million cells; is "
					"this the guest list?");
			}
			if (r->count <= (size_t)last_col) {
				r->cells =
					xrealloc(r->cells, ((size_t)last_col + 1) * sizeof(char *));
				memset(r->cells + r->count, 0,
				       ((size_t)last_col + 1 - r->count) * sizeof(char *));
				r->count = (size_t)last_col + 1;
			}
			for (int c = m->first_col; c <= last_col; c++) {
				r->cells[c] = r->cells[c] ? r->cells[c] : v;
			}
		}
	}
	return true;
}
