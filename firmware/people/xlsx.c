#include "xlsx.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xalloc.h"
#include "xlsx-private.h"

/* ---- relationships: which part is the workbook, which its sheets, strings and styles ---- */

static void XMLCALL rel_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_book *b = data;
	if (strcmp(xlsx_local(name), "Relationship") != 0 || b->rel_count >= 100000) {
		return;
	}
	const char *id = xlsx_attr(atts, "Id"), *type = xlsx_attr(atts, "Type"),
		   *target = xlsx_attr(atts, "Target");
	if (!id || !type || !target) {
		return;
	}
	if (b->rel_count == b->rel_cap) {
		b->rel_cap = b->rel_cap ? b->rel_cap * 2 : 16;
		b->rels = xrealloc(b->rels, b->rel_cap * sizeof(*b->rels));
	}
	struct xlsx_rel *r = &b->rels[b->rel_count++];
	snprintf(r->id, sizeof(r->id), "%s", id);
	snprintf(r->type, sizeof(r->type), "%s", type);
	snprintf(r->target, sizeof(r->target), "%s", target);
}

static void XMLCALL no_end(void *data, const XML_Char *name)
{
	(void)data, (void)name;
}

/* The relationships of `part` ("xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"). */
static bool read_rels(struct xlsx_book *b, const char *part)
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
	return xlsx_parse_part(b, path, false, rel_start, no_end);
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

static const struct xlsx_rel *rel_of_type(const struct xlsx_book *b, const char *suffix)
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

static bool type_is(const struct xlsx_rel *r, const char *suffix)
{
	size_t n = strlen(suffix), t = strlen(r->type);
	return t >= n && strcmp(r->type + t - n, suffix) == 0;
}

/* ---- the workbook: its sheets in order, and its date system ---- */

static void XMLCALL workbook_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_book *b = data;
	const char *n = xlsx_local(name);
	if (strcmp(n, "workbookPr") == 0) {
		const char *d = xlsx_attr(atts, "date1904");
		b->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
	} else if (strcmp(n, "sheet") == 0 && b->sheet_count < 10000) {
		const char *sname = xlsx_attr(atts, "name"), *rid = xlsx_attr(atts, "id"),
			   *state = xlsx_attr(atts, "state");
		if (!sname || !rid) {
			return;
		}
		if (b->sheet_count == b->sheet_cap) {
			b->sheet_cap = b->sheet_cap ? b->sheet_cap * 2 : 8;
			b->sheets = xrealloc(b->sheets, b->sheet_cap * sizeof(*b->sheets));
		}
		struct xlsx_sheet_entry *s = &b->sheets[b->sheet_count++];
		snprintf(s->name, sizeof(s->name), "%s", sname);
		snprintf(s->rid, sizeof(s->rid), "%s", rid);
		s->hidden = state && strcmp(state, "visible") != 0;
	}
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
static bool describe_zip(struct xlsx_book *b)
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
			return xlsx_fail(
				b, ERROR_BAD_INPUT,
				"an OpenDocument spreadsheet (.ods), which is not read: in "
				"LibreOffice, save it as .xlsx or CSV UTF-8 (File > Save As)");
		}
		if (strstr(mime, "opendocument")) {
			return xlsx_fail(
				b, ERROR_BAD_INPUT,
				"an OpenDocument file, not a spreadsheet: save the guest list "
				"as .xlsx or CSV UTF-8");
		}
	}
	if (zip_name_locate(b->zip, "xl/workbook.bin", 0) >= 0) {
		return xlsx_fail(
			b, ERROR_BAD_INPUT,
			"an Excel binary workbook (.xlsb), which is not read: in Excel, save "
			"it as .xlsx or CSV UTF-8");
	}
	if (zip_name_locate(b->zip, "word/document.xml", 0) >= 0) {
		return xlsx_fail(b, ERROR_BAD_INPUT,
				 "a Word document, not a workbook: save the guest list as .xlsx or "
				 "CSV UTF-8");
	}
	return xlsx_fail(
		b, ERROR_BAD_INPUT,
		"a zip archive, not a workbook: take the roster out of it, as .xlsx or CSV "
		"UTF-8");
}

/* The worksheet to read: by name (as Excel compares them, ignoring case) or the first
 * visible one. Its part name into out. */
static bool choose_sheet(struct xlsx_book *b, const char *workbook, const char *want, char *out,
			 size_t outlen)
{
	const struct xlsx_sheet_entry *found = NULL;
	const struct xlsx_rel *rel = NULL;
	for (size_t i = 0; i < b->sheet_count && !found; i++) {
		const struct xlsx_sheet_entry *s = &b->sheets[i];
		const struct xlsx_rel *r = NULL;
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
		return xlsx_fail(b, ERROR_BAD_INPUT, "no sheet \"%s\" (sheets: %s)", want,
				 n ? list : "none");
	}
	if (!found) {
		return xlsx_fail(b, ERROR_BAD_INPUT, "a workbook with no worksheet in it");
	}
	if (!rel || !type_is(rel, "/worksheet")) {
		return xlsx_fail(b, ERROR_BAD_INPUT, "sheet \"%s\" is a chart, not a worksheet",
				 found->name);
	}
	snprintf(b->out->name, sizeof(b->out->name), "%s", found->name);
	resolve(workbook, rel->target, out, outlen);
	return true;
}

static bool read_book(struct xlsx_book *b, const char *want)
{
	char workbook[512] = "xl/workbook.xml", part[600];
	if (!read_rels(b, "")) {
		return false;
	}
	const struct xlsx_rel *doc = rel_of_type(b, "/officeDocument");
	if (doc) {
		resolve("", doc->target, workbook, sizeof(workbook));
	}
	if (zip_name_locate(b->zip, workbook, 0) < 0) {
		return describe_zip(b);
	}
	if (!xlsx_parse_part(b, workbook, true, workbook_start, no_end) ||
	    !read_rels(b, workbook)) {
		return false;
	}
	const struct xlsx_rel *r = rel_of_type(b, "/styles");
	if (r) {
		resolve(workbook, r->target, part, sizeof(part));
		if (!xlsx_parse_part(b, part, false, xlsx_styles_start, xlsx_styles_end)) {
			return false;
		}
	}
	r = rel_of_type(b, "/sharedStrings");
	if (r) {
		resolve(workbook, r->target, part, sizeof(part));
		if (!xlsx_parse_part(b, part, false, xlsx_strings_start, xlsx_strings_end)) {
			return false;
		}
	}
	if (!choose_sheet(b, workbook, want, part, sizeof(part)) ||
	    !xlsx_parse_part(b, part, true, xlsx_sheet_start, xlsx_sheet_end)) {
		return false;
	}
	struct xlsx_sheet *s = b->out;
	for (size_t i = 1; i < s->count; i++) {
		if (s->rows[i].number <= s->rows[i - 1].number) {
			qsort(s->rows, s->count, sizeof(*s->rows), xlsx_row_order);
			break;
		}
	}
	for (size_t i = 1; i < s->count; i++) {
		if (s->rows[i].number == s->rows[i - 1].number) {
			return xlsx_fail(b, ERROR_BAD_INPUT,
					 "a damaged workbook: row %d is written twice; save it "
					 "again from the spreadsheet program",
					 s->rows[i].number);
		}
	}
	return xlsx_fill_merges(b);
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
	struct xlsx_book b = {.zip = zip, .e = e, .out = s};
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
	xlsx_arena_free(s->arena);
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
