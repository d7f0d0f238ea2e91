#include "xlsx.h"

#include <expat.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "xalloc.h"

/* ---- text that lives as long as the sheet: a list of blocks that never move ---- */

struct xlsx_arena {
	struct xlsx_arena *next;
	size_t used, cap;
	char data[];
};

static const char *arena_copy(struct xlsx_arena **head, const char *s, size_t n)
{
	struct xlsx_arena *a = *head;
	if (!a || a->cap - a->used < n + 1) {
		size_t cap = n + 1 > (1u << 20) ? n + 1 : (1u << 20);
		struct xlsx_arena *b = xmalloc(sizeof(*b) + cap);
		b->next = a, b->used = 0, b->cap = cap;
		*head = a = b;
	}
	char *out = a->data + a->used;
	memcpy(out, s, n);
	out[n] = '\0';
	a->used += n + 1;
	return out;
}

static void arena_free(struct xlsx_arena *a)
{
	while (a) {
		struct xlsx_arena *next = a->next;
		free(a);
		a = next;
	}
}

/* ---- one workbook being read ---- */

struct rel {
	char id[64], type[160], target[256];
};

struct sheet_entry {
	char name[128], rid[64];
	bool hidden;
};

struct book {
	zip_t *zip;
	struct error *e;
	bool failed;
	/* text gathered from the current element */
	char *text;
	size_t text_len, text_cap;
	bool collecting;
	/* relationships of the part being read */
	struct rel *rels;
	size_t rel_count, rel_cap;
	/* the workbook */
	struct sheet_entry *sheets;
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

static bool failf(struct book *b, enum error_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool failf(struct book *b, enum error_code code, const char *fmt, ...)
{
	if (!b->failed) {
		b->failed = true;
		b->e->code = code;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(b->e->message, sizeof(b->e->message), fmt, ap);
		va_end(ap);
	}
	return false;
}

static const char *local(const char *name)
{
	const char *bar = strrchr(name, '|');
	return bar ? bar + 1 : name;
}

static const char *attr(const char **atts, const char *want)
{
	for (int i = 0; atts[i]; i += 2) {
		if (strcmp(local(atts[i]), want) == 0) {
			return atts[i + 1];
		}
	}
	return NULL;
}

static void text_reset(struct book *b)
{
	b->text_len = 0;
	if (b->text) {
		b->text[0] = '\0';
	}
}

static void XMLCALL on_text(void *data, const XML_Char *s, int len)
{
	struct book *b = data;
	if (!b->collecting || b->failed) {
		return;
	}
	if (b->text_len + (size_t)len > XLSX_MAX_CELL) {
		failf(b, ERROR_TOO_LARGE,
		      "a cell holds more than %d KB of text, more than any "
		      "roster needs; is this the guest list?",
		      XLSX_MAX_CELL / 1024);
		return;
	}
	if (b->text_len + (size_t)len + 1 > b->text_cap) {
		b->text_cap = (b->text_len + (size_t)len + 1) * 2;
		b->text = xrealloc(b->text, b->text_cap);
	}
	memcpy(b->text + b->text_len, s, (size_t)len);
	b->text_len += (size_t)len;
	b->text[b->text_len] = '\0';
}

/* OOXML writes characters XML cannot hold as _xHHHH_ (Excel's line breaks are _x000D_). */
static size_t unescape(char *s, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		unsigned v;
		if (i + 7 <= n && s[i] == '_' && s[i + 1] == 'x' && s[i + 6] == '_' &&
		    sscanf(s + i + 2, "%4x", &v) == 1 &&
		    strspn(s + i + 2, "0123456789abcdefABCDEF") >= 4) {
			if (v < 0x80) {
				s[o++] = (char)v;
			} else if (v < 0x800) {
				s[o++] = (char)(0xC0 | (v >> 6));
				s[o++] = (char)(0x80 | (v & 0x3F));
			} else if (v < 0xD800 || v > 0xDFFF) {
				s[o++] = (char)(0xE0 | (v >> 12));
				s[o++] = (char)(0x80 | ((v >> 6) & 0x3F));
				s[o++] = (char)(0x80 | (v & 0x3F));
			}
			i += 7;
		} else {
			s[o++] = s[i++];
		}
	}
	s[o] = '\0';
	return o;
}

static void XMLCALL refuse_dtd(void *data, const XML_Char *name, const XML_Char *sysid,
			       const XML_Char *pubid, int has_internal)
{
	struct book *b = data;
	failf(b, ERROR_BAD_INPUT,
	      "declares a DTD, which no spreadsheet program writes; refused so that no entity "
	      "in it is ever expanded");
}

/* Parses the part `name` with the given handlers; false (with the error set) when it is
 * missing and required, damaged, or too large. */
static bool parse_part(struct book *b, const char *name, bool required,
		       XML_StartElementHandler start, XML_EndElementHandler end, void *ud)
{
	zip_int64_t idx = zip_name_locate(b->zip, name, 0);
	if (idx < 0) {
		return required ? failf(b, ERROR_BAD_INPUT,
					"a damaged workbook: it has no %s; save it again from the "
					"spreadsheet program",
					name)
				: true;
	}
	zip_stat_t zs;
	if (zip_stat_index(b->zip, (zip_uint64_t)idx, 0, &zs) == 0 && (zs.valid & ZIP_STAT_SIZE) &&
	    zs.size > XLSX_MAX_PART) {
		return failf(b, ERROR_TOO_LARGE,
			     "%s inflates to %llu MB, past the %zu MB a roster may have; is this "
			     "the guest list?",
			     name, (unsigned long long)(zs.size >> 20), XLSX_MAX_PART >> 20);
	}
	zip_file_t *zf = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
	if (!zf) {
		int ze = zip_error_code_zip(zip_get_error(b->zip));
		if (ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_ENCRNOTSUPP || ze == ZIP_ER_WRONGPASSWD) {
			return failf(b, ERROR_BAD_INPUT,
				     "an encrypted zip: open it where it was made, remove the "
				     "password, and save it as .xlsx or CSV UTF-8");
		}
		return failf(b, ERROR_BAD_INPUT, "a damaged workbook (%s: %s); save it again", name,
			     zip_strerror(b->zip));
	}
	XML_Parser p = XML_ParserCreateNS(NULL, '|');
	XML_SetUserData(p, b);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, on_text);
	XML_SetStartDoctypeDeclHandler(p, refuse_dtd);
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	(void)ud;
	char buf[65536];
	size_t total = 0;
	bool ok = true;
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf, sizeof(buf));
		if (n < 0) {
			ok = failf(b, ERROR_BAD_INPUT,
				   "a damaged or cut-short workbook (%s: %s); copy it again, or "
				   "save it again as .xlsx",
				   name, zip_file_strerror(zf));
			break;
		}
		total += (size_t)n;
		if (total > XLSX_MAX_PART) {
			ok = failf(b, ERROR_TOO_LARGE,
				   "%s inflates past the %zu MB a roster may have; is this the "
				   "guest list?",
				   name, XLSX_MAX_PART >> 20);
			break;
		}
		if (XML_Parse(p, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (!b->failed) {
				failf(b, ERROR_BAD_INPUT,
				      "a damaged workbook (%s line %lu: %s); save it again from "
				      "the "
				      "spreadsheet program",
				      name, (unsigned long)XML_GetCurrentLineNumber(p),
				      XML_ErrorString(XML_GetErrorCode(p)));
			}
			ok = false;
			break;
		}
		if (b->failed) {
			ok = false;
			break;
		}
		if (n == 0) {
			break;
		}
	}
	XML_ParserFree(p);
	zip_fclose(zf);
	if (ok && b->failed) {
		ok = false;
	}
	if (!ok && b->failed && strncmp(b->e->message, "declares", 8) == 0) {
		char m[sizeof(b->e->message)];
		snprintf(m, sizeof(m), "%s %s", name, b->e->message);
		snprintf(b->e->message, sizeof(b->e->message), "%s", m);
	}
	return ok;
}

/* ---- relationships: which part is the workbook, which its sheets, strings and styles ---- */

static void XMLCALL rel_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct book *b = data;
	if (strcmp(local(name), "Relationship") != 0 || b->rel_count >= 100000) {
		return;
	}
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"),
		   *target = attr(atts, "Target");
	if (!id || !type || !target) {
		return;
	}
	if (b->rel_count == b->rel_cap) {
		b->rel_cap = b->rel_cap ? b->rel_cap * 2 : 16;
		b->rels = xrealloc(b->rels, b->rel_cap * sizeof(*b->rels));
	}
	struct rel *r = &b->rels[b->rel_count++];
	snprintf(r->id, sizeof(r->id), "%s", id);
	snprintf(r->type, sizeof(r->type), "%s", type);
	snprintf(r->target, sizeof(r->target), "%s", target);
}

static void XMLCALL no_end(void *data, const XML_Char *name)
{
	(void)data, (void)name;
}

/* The relationships of `part` ("xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"). */
static bool read_rels(struct book *b, const char *part)
{
	b->rel_count = 0;
	const char *slash = strrchr(part, '/');
	char path[600];
	if (slash) {
		snprintf(path, sizeof(path), "%.*s/_rels/%s.rels", (int)(slash - part), part,
			 slash + 1);
	} else {
		snprintf(path, sizeof(path), "_rels/%s.rels", part);
	}
	return parse_part(b, path, false, rel_start, no_end, NULL);
}

/* A relationship's target as a part name, resolved against the part that has it. */
static void resolve(const char *part, const char *target, char *out, size_t outlen)
{
	if (target[0] == '/') {
		snprintf(out, outlen, "%s", target + 1);
		return;
	}
	const char *slash = strrchr(part, '/');
	int dir = slash ? (int)(slash - part) : 0;
	while (strncmp(target, "../", 3) == 0 && dir > 0) {
		target += 3;
		while (dir > 0 && part[dir - 1] != '/') {
			dir--;
		}
		dir = dir > 0 ? dir - 1 : 0;
	}
	snprintf(out, outlen, "%.*s%s%s", dir, part, dir ? "/" : "", target);
}

static const struct rel *rel_of_type(const struct book *b, const char *suffix)
{
	size_t n = strlen(suffix);
	for (size_t i = 0; i < b->rel_count; i++) {
		size_t t = strlen(b->rels[i].type);
		if (t >= n && strcmp(b->rels[i].type + t - n, suffix) == 0) {
			return &b->rels[i];
		}
	}
	return NULL;
}

static bool type_is(const struct rel *r, const char *suffix)
{
	size_t n = strlen(suffix), t = strlen(r->type);
	return t >= n && strcmp(r->type + t - n, suffix) == 0;
}

/* ---- the workbook: its sheets in order, and its date system ---- */

static void XMLCALL workbook_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct book *b = data;
	const char *n = local(name);
	if (strcmp(n, "workbookPr") == 0) {
		const char *d = attr(atts, "date1904");
		b->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
	} else if (strcmp(n, "sheet") == 0 && b->sheet_count < 10000) {
		const char *sname = attr(atts, "name"), *rid = attr(atts, "id"),
			   *state = attr(atts, "state");
		if (!sname || !rid) {
			return;
		}
		if (b->sheet_count == b->sheet_cap) {
			b->sheet_cap = b->sheet_cap ? b->sheet_cap * 2 : 8;
			b->sheets = xrealloc(b->sheets, b->sheet_cap * sizeof(*b->sheets));
		}
		struct sheet_entry *s = &b->sheets[b->sheet_count++];
		snprintf(s->name, sizeof(s->name), "%s", sname);
		snprintf(s->rid, sizeof(s->rid), "%s", rid);
		s->hidden = state && strcmp(state, "visible") != 0;
	}
}

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

static void XMLCALL styles_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct book *b = data;
	const char *n = local(name);
	if (strcmp(n, "numFmt") == 0) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
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
		const char *id = attr(atts, "numFmtId");
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

static void XMLCALL styles_end(void *data, const XML_Char *name)
{
	struct book *b = data;
	if (strcmp(local(name), "cellXfs") == 0) {
		b->in_cellxfs = false;
	}
}

/* ---- shared strings ---- */

static void XMLCALL strings_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct book *b = data;
	const char *n = local(name);
	if (strcmp(n, "si") == 0) {
		b->si_depth = 1;
		text_reset(b);
	} else if (b->si_depth) {
		b->si_depth++;
		if (strcmp(n, "rPh") == 0) {
			b->in_phonetic = true;
		} else if (strcmp(n, "t") == 0 && !b->in_phonetic) {
			b->collecting = true;
		}
	}
}

static void XMLCALL strings_end(void *data, const XML_Char *name)
{
	struct book *b = data;
	const char *n = local(name);
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
	size_t len = b->text ? unescape(b->text, b->text_len) : 0;
	b->strings[b->string_count++] = arena_copy(&b->arena, b->text ? b->text : "", len);
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

static void cell_value(struct book *b, char *out, size_t outlen, const char **value)
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
			failf(b, ERROR_BAD_INPUT,
			      "a damaged workbook: cell %s%d names text %s of %zu; save it again",
			      c, b->row_number, v, b->string_count);
			return;
		}
		*value = b->strings[i];
	} else if (strcmp(t, "inlineStr") == 0) {
		if (b->text) {
			b->text_len = unescape(b->text, b->text_len);
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

static void XMLCALL sheet_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct book *b = data;
	const char *n = local(name);
	if (b->failed) {
		return;
	}
	if (strcmp(n, "row") == 0) {
		const char *r = attr(atts, "r");
		b->row_number = r ? atoi(r) : b->row_number + 1;
		b->cell_count = 0;
		b->col = -1;
		if (b->row_number < 1 || b->row_number > 1048576) {
			failf(b, ERROR_BAD_INPUT, "a damaged workbook: a row numbered %s", r);
		} else if (b->row_number > XLSX_MAX_ROWS) {
			failf(b, ERROR_TOO_LARGE,
			      "the sheet reaches row %d, past the %d rows a roster may have; "
			      "delete "
			      "the empty rows below the guest list and save it again",
			      b->row_number, XLSX_MAX_ROWS);
		}
	} else if (strcmp(n, "c") == 0) {
		const char *r = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
		int col = b->col + 1;
		if (r && !parse_ref(r, &col, NULL)) {
			failf(b, ERROR_BAD_INPUT, "a damaged workbook: a cell named \"%.20s\"", r);
			return;
		}
		b->col = col;
		snprintf(b->cell_type, sizeof(b->cell_type), "%s", t ? t : "n");
		b->cell_style = s ? atoi(s) : 0;
		b->cell_has_value = false;
		b->in_inline = false;
		text_reset(b);
	} else if (strcmp(n, "v") == 0) {
		b->collecting = b->cell_has_value = true;
	} else if (strcmp(n, "is") == 0) {
		b->in_inline = b->cell_has_value = true;
	} else if (strcmp(n, "rPh") == 0) {
		b->in_phonetic = true;
	} else if (strcmp(n, "t") == 0 && b->in_inline && !b->in_phonetic) {
		b->collecting = true;
	} else if (strcmp(n, "mergeCell") == 0 && b->out->merge_count < 100000) {
		const char *ref = attr(atts, "ref");
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

static void end_cell(struct book *b)
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
		failf(b, ERROR_TOO_LARGE,
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
	b->cells[b->col] = lasting ? value : arena_copy(&b->arena, value, strlen(value));
}

static void end_row(struct book *b)
{
	struct xlsx_sheet *s = b->out;
	if (b->cell_count == 0) {
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

static void XMLCALL sheet_end(void *data, const XML_Char *name)
{
	struct book *b = data;
	const char *n = local(name);
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

static int by_number(const void *x, const void *y)
{
	const struct xlsx_row *a = x, *b = y;
	return (a->number > b->number) - (a->number < b->number);
}

static struct xlsx_row *row_at(struct xlsx_sheet *s, int number)
{
	struct xlsx_row key = {.number = number};
	return bsearch(&key, s->rows, s->count, sizeof(key), by_number);
}

/* Each merged range's value in every cell it covers, in the rows that have values: an
 * organization merged down over its guests belongs to each of them. */
static bool fill_merges(struct book *b)
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
		for (size_t i = 0; i < s->count; i++) {
			struct xlsx_row *r = &s->rows[i];
			if (r->number < m->first_row || r->number > m->last_row) {
				continue;
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
			work += (size_t)(last_col - m->first_col + 1);
		}
		work += s->count / 64;
		if (work > 20000000) {
			return failf(b, ERROR_TOO_LARGE,
				     "merged cells cover more than 20 million cells; is this the "
				     "guest list?");
		}
	}
	return true;
}

/* ---- what the file is ---- */

static bool has_utf16(const unsigned char *p, size_t len, const char *ascii)
{
	size_t n = strlen(ascii);
	for (size_t i = 0; i + 2 * n <= len; i++) {
		size_t k = 0;
		while (k < n && p[i + 2 * k] == (unsigned char)ascii[k] && p[i + 2 * k + 1] == 0) {
			k++;
		}
		if (k == n) {
			return true;
		}
	}
	return false;
}

static const unsigned char ole_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

bool xlsx_looks_binary(const void *data, size_t len)
{
	return (len >= 4 &&
		(memcmp(data, "PK\x03\x04", 4) == 0 || memcmp(data, "PK\x05\x06", 4) == 0)) ||
	       (len >= 8 && memcmp(data, ole_magic, 8) == 0);
}

/* An Office 97-2003 compound file: a password-protected workbook of any age is one. */
static bool describe_ole(const void *data, size_t len, struct error *e)
{
	if (has_utf16(data, len, "EncryptedPackage") || has_utf16(data, len, "EncryptionInfo")) {
		return error_set(e, ERROR_BAD_INPUT,
				 "a password-protected workbook: open it in Excel, remove the "
				 "password (File > Info > Protect Workbook), and save it as .xlsx "
				 "or CSV UTF-8");
	}
	if (has_utf16(data, len, "Workbook") || has_utf16(data, len, "Book")) {
		return error_set(e, ERROR_BAD_INPUT,
				 "an Excel 97-2003 workbook (.xls), which is not read: open it in "
				 "Excel or LibreOffice and save it as .xlsx or CSV UTF-8");
	}
	return error_set(e, ERROR_BAD_INPUT,
			 "an Office 97-2003 document, not a workbook: export the guest list as "
			 ".xlsx or CSV UTF-8");
}

/* A zip that has no workbook: say what it is instead. */
static bool describe_zip(struct book *b)
{
	zip_int64_t idx = zip_name_locate(b->zip, "mimetype", 0);
	if (idx >= 0) {
		char mime[128] = "";
		zip_file_t *f = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
		zip_int64_t n = f ? zip_fread(f, mime, sizeof(mime) - 1) : -1;
		if (f) {
			zip_fclose(f);
		}
		mime[n > 0 ? n : 0] = '\0';
		if (strstr(mime, "opendocument.spreadsheet")) {
			return failf(b, ERROR_BAD_INPUT,
				     "an OpenDocument spreadsheet (.ods), which is not read: in "
				     "LibreOffice, save it as .xlsx or CSV UTF-8 (File > Save As)");
		}
		if (strstr(mime, "opendocument")) {
			return failf(b, ERROR_BAD_INPUT,
				     "an OpenDocument file, not a spreadsheet: save the guest list "
				     "as .xlsx or CSV UTF-8");
		}
	}
	if (zip_name_locate(b->zip, "xl/workbook.bin", 0) >= 0) {
		return failf(b, ERROR_BAD_INPUT,
			     "an Excel binary workbook (.xlsb), which is not read: in Excel, save "
			     "it as .xlsx or CSV UTF-8");
	}
	if (zip_name_locate(b->zip, "word/document.xml", 0) >= 0) {
		return failf(b, ERROR_BAD_INPUT,
			     "a Word document, not a workbook: save the guest list as .xlsx or "
			     "CSV UTF-8");
	}
	return failf(b, ERROR_BAD_INPUT,
		     "a zip archive, not a workbook: take the roster out of it, as .xlsx or CSV "
		     "UTF-8");
}

/* The worksheet to read: by name (as Excel compares them, ignoring case) or the first
 * visible one. Its part name into out. */
static bool choose_sheet(struct book *b, const char *workbook, const char *want, char *out,
			 size_t outlen)
{
	const struct sheet_entry *found = NULL;
	const struct rel *rel = NULL;
	for (size_t i = 0; i < b->sheet_count && !found; i++) {
		const struct sheet_entry *s = &b->sheets[i];
		const struct rel *r = NULL;
		for (size_t k = 0; k < b->rel_count && !r; k++) {
			r = strcmp(b->rels[k].id, s->rid) == 0 ? &b->rels[k] : NULL;
		}
		if (want ? strcasecmp(s->name, want) == 0
			 : r && type_is(r, "/worksheet") && !s->hidden) {
			found = s, rel = r;
		}
	}
	if (!found && want) {
		char list[512] = "";
		size_t n = 0;
		for (size_t i = 0; i < b->sheet_count && n + 4 < sizeof(list); i++) {
			n += (size_t)snprintf(list + n, sizeof(list) - n, "%s\"%s\"", i ? ", " : "",
					      b->sheets[i].name);
		}
		return failf(b, ERROR_BAD_INPUT, "no sheet \"%s\" (sheets: %s)", want,
			     n ? list : "none");
	}
	if (!found) {
		return failf(b, ERROR_BAD_INPUT, "a workbook with no worksheet in it");
	}
	if (!rel || !type_is(rel, "/worksheet")) {
		return failf(b, ERROR_BAD_INPUT, "sheet \"%s\" is a chart, not a worksheet",
			     found->name);
	}
	snprintf(b->out->name, sizeof(b->out->name), "%s", found->name);
	resolve(workbook, rel->target, out, outlen);
	return true;
}

static bool read_book(struct book *b, const char *want)
{
	char workbook[512] = "xl/workbook.xml", part[600];
	if (!read_rels(b, "")) {
		return false;
	}
	const struct rel *doc = rel_of_type(b, "/officeDocument");
	if (doc) {
		resolve("", doc->target, workbook, sizeof(workbook));
	}
	if (zip_name_locate(b->zip, workbook, 0) < 0) {
		return describe_zip(b);
	}
	if (!parse_part(b, workbook, true, workbook_start, no_end, NULL) ||
	    !read_rels(b, workbook)) {
		return false;
	}
	const struct rel *r = rel_of_type(b, "/styles");
	if (r) {
		resolve(workbook, r->target, part, sizeof(part));
		if (!parse_part(b, part, false, styles_start, styles_end, NULL)) {
			return false;
		}
	}
	r = rel_of_type(b, "/sharedStrings");
	if (r) {
		resolve(workbook, r->target, part, sizeof(part));
		if (!parse_part(b, part, false, strings_start, strings_end, NULL)) {
			return false;
		}
	}
	if (!choose_sheet(b, workbook, want, part, sizeof(part)) ||
	    !parse_part(b, part, true, sheet_start, sheet_end, NULL)) {
		return false;
	}
	struct xlsx_sheet *s = b->out;
	for (size_t i = 1; i < s->count; i++) {
		if (s->rows[i].number <= s->rows[i - 1].number) {
			qsort(s->rows, s->count, sizeof(*s->rows), by_number);
			break;
		}
	}
	return fill_merges(b);
}

struct xlsx_sheet *xlsx_read(const void *data, size_t len, const char *sheet, struct error *e)
{
	if (len >= 8 && memcmp(data, ole_magic, 8) == 0) {
		describe_ole(data, len, e);
		return NULL;
	}
	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
	zip_t *zip = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &zerr) : NULL;
	if (!zip) {
		error_set(e, ERROR_BAD_INPUT,
			  "a damaged or cut-short zip (%s), not a workbook that can be read; copy "
			  "it again, or save it again as .xlsx or CSV UTF-8",
			  zip_error_strerror(&zerr));
		zip_error_fini(&zerr);
		zip_source_free(src);
		return NULL;
	}
	zip_error_fini(&zerr);
	locale_t c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	locale_t old = c ? uselocale(c) : (locale_t)0;
	struct xlsx_sheet *s = xcalloc(1, sizeof(*s));
	struct book b = {.zip = zip, .e = e, .out = s};
	bool ok = read_book(&b, sheet);
	if (c) {
		uselocale(old);
		freelocale(c);
	}
	zip_discard(zip);
	free(b.text), free(b.rels), free(b.sheets), free(b.strings), free(b.date_fmts);
	free(b.date_style), free(b.cells);
	s->arena = b.arena;
	if (!ok) {
		xlsx_free(s);
		return NULL;
	}
	return s;
}

void xlsx_free(struct xlsx_sheet *s)
{
	if (!s) {
		return;
	}
	for (size_t i = 0; i < s->count; i++) {
		free(s->rows[i].cells);
	}
	free(s->rows);
	free(s->merges);
	arena_free(s->arena);
	free(s);
}

void xlsx_sheet_ref(const struct xlsx_sheet *s, char *out, size_t outlen)
{
	bool plain = s->name[0] != '\0';
	for (const char *p = s->name; *p && plain; p++) {
		plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
			(*p >= '0' && *p <= '9') || *p == '_' || (unsigned char)*p >= 0x80;
	}
	if (plain) {
		snprintf(out, outlen, "%s", s->name);
		return;
	}
	size_t n = 0;
	out[n++] = '\'';
	for (const char *p = s->name; *p && n + 3 < outlen; p++) {
		if (*p == '\'') {
			out[n++] = '\'';
		}
		out[n++] = *p;
	}
	out[n++] = '\'';
	out[n] = '\0';
}
