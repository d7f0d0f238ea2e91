/* Reading one part of a workbook with expat: the text of the elements asked for, the part's
 * size capped while it inflates, and any DTD refused before an entity could be expanded. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"
#include "xlsx-private.h"

const char *xlsx_arena_copy(struct xlsx_arena **head, const char *s, size_t n)
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

void xlsx_arena_free(struct xlsx_arena *a)
{
	while (a) {
		struct xlsx_arena *next = a->next;
		free(a);
		a = next;
	}
}

bool xlsx_fail(struct xlsx_book *b, enum error_code code, const char *fmt, ...)
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

const char *xlsx_local(const char *name)
{
	const char *bar = strrchr(name, '|');
	return bar ? bar + 1 : name;
}

const char *xlsx_attr(const char **atts, const char *want)
{
	for (int i = 0; atts[i]; i += 2) {
		if (strcmp(xlsx_local(atts[i]), want) == 0) {
			return atts[i + 1];
		}
	}
	return NULL;
}

void xlsx_text_reset(struct xlsx_book *b)
{
	b->text_len = 0;
	if (b->text) {
		b->text[0] = '\0';
	}
}

static void XMLCALL on_text(void *data, const XML_Char *s, int len)
{
	struct xlsx_book *b = data;
	if (!b->collecting || b->failed) {
		return;
	}
	if (b->text_len + (size_t)len > XLSX_MAX_CELL) {
		xlsx_fail(b, ERROR_TOO_LARGE,
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
size_t xlsx_unescape(char *s, size_t n)
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
	struct xlsx_book *b = data;
	xlsx_fail(
		b, ERROR_BAD_INPUT,
		"%s declares a DTD, which no spreadsheet program writes; refused so that no entity "
		"in it is ever expanded",
		b->part);
}

/* Parses the part `name` with the given handlers; false (with the error set) when it is
 * missing and required, damaged, or too large. */
bool xlsx_parse_part(struct xlsx_book *b, const char *name, bool required,
		     XML_StartElementHandler start, XML_EndElementHandler end)
{
	zip_int64_t idx = zip_name_locate(b->zip, name, 0);
	if (idx < 0) {
		return required
			       ? xlsx_fail(
					 b, ERROR_BAD_INPUT,
					 "a damaged workbook: it has no %s; save it again from the "
					 "spreadsheet program",
					 name)
			       : true;
	}
	zip_stat_t zs;
	if (zip_stat_index(b->zip, (zip_uint64_t)idx, 0, &zs) == 0 && (zs.valid & ZIP_STAT_SIZE) &&
	    zs.size > XLSX_MAX_PART) {
		return xlsx_fail(
			b, ERROR_TOO_LARGE,
			"%s inflates to %llu MB, past the %zu MB a roster may have; is this "
			"the guest list?",
			name, (unsigned long long)(zs.size >> 20), XLSX_MAX_PART >> 20);
	}
	zip_file_t *zf = zip_fopen_index(b->zip, (zip_uint64_t)idx, 0);
	if (!zf) {
		int ze = zip_error_code_zip(zip_get_error(b->zip));
		if (ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_ENCRNOTSUPP || ze == ZIP_ER_WRONGPASSWD) {
			return xlsx_fail(b, ERROR_BAD_INPUT,
					 "an encrypted zip: open it where it was made, remove the "
					 "password, and save it as .xlsx or CSV UTF-8");
		}
		return xlsx_fail(b, ERROR_BAD_INPUT, "a damaged workbook (%s: %s); save it again",
				 name, zip_strerror(b->zip));
	}
	XML_Parser p = XML_ParserCreateNS(NULL, '|');
	XML_SetUserData(p, b);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, on_text);
	XML_SetStartDoctypeDeclHandler(p, refuse_dtd);
	XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
	b->part = name;
	char buf[65536];
	size_t total = 0;
	bool ok = true;
	for (;;) {
		zip_int64_t n = zip_fread(zf, buf, sizeof(buf));
		if (n < 0) {
			ok = xlsx_fail(
				b, ERROR_BAD_INPUT,
				"a damaged or cut-short workbook (%s: %s); copy it again, or "
				"save it again as .xlsx",
				name, zip_file_strerror(zf));
			break;
		}
		total += (size_t)n;
		if (total > XLSX_MAX_PART) {
			ok = xlsx_fail(b, ERROR_TOO_LARGE,
				       "%s inflates past the %zu MB a roster may have; is this the "
				       "guest list?",
				       name, XLSX_MAX_PART >> 20);
			break;
		}
		if (XML_Parse(p, buf, (int)n, n == 0) == XML_STATUS_ERROR) {
			if (!b->failed) {
				xlsx_fail(
					b, ERROR_BAD_INPUT,
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
	return ok && !b->failed;
}
