/* Search over attendees: FTS5 on folded names, organizations, emails and badge codes, every
 * word a prefix, with a typo-tolerant retry. Part of the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fold.h"
#include "store-private.h"
#include "store.h"
#include "store_people.h"
#include "xalloc.h"

#define LOG_MODULE "search"
#include "log.h"

#define MAX_WORDS 8
#define MAX_ROWS 400
#define MAX_CANDIDATES 24

void store_search_finish(struct store *st)
{
	for (int i = 0; i < st->word_count; i++) {
		free(st->words[i]);
	}
	free(st->words);
	st->words = NULL;
	st->word_count = 0;
}

static int data_version(struct store *st)
{
	sqlite3_stmt *s;
	int v = -1;
	if (sqlite3_prepare_v2(st->db, "PRAGMA data_version", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW) {
			v = sqlite3_column_int(s, 0);
		}
		sqlite3_finalize(s);
	}
	return v;
}

/* Every distinct word of every name, for the typo retry; read again after any change. */
static bool load_words(struct store *st)
{
	int version = data_version(st);
	if (st->words && !st->words_stale && version == st->words_version) {
		return true;
	}
	store_search_finish(st);
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT term FROM search_vocab WHERE col = 'name'", -1, &s,
	                       NULL) != SQLITE_OK) {
		LOG_ERR("%s: %s", st->path, sqlite3_errmsg(st->db));
		return false;
	}
	size_t cap = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		st->words = xgrow(st->words, &cap, (size_t)st->word_count + 1, sizeof(char *));
		st->words[st->word_count++] = xstrdup((const char *)sqlite3_column_text(s, 0));
	}
	sqlite3_finalize(s);
	if (!st->words) {
		st->words = xmalloc(sizeof(char *));
	}
	st->words_stale = false;
	st->words_version = version;
	return true;
}

/* One edit at most: an insertion, deletion, substitution or swap of two neighbours (the
 * slip people make most: garica for garcia). */
static bool within_one(const char *a, size_t la, const char *b, size_t lb)
{
	if (la > lb) {
		const char *t = a;
		a = b;
		b = t;
		size_t tl = la;
		la = lb;
		lb = tl;
	}
	if (lb - la > 1) {
		return false;
	}
	size_t i = 0;
	while (i < la && a[i] == b[i]) {
		i++;
	}
	if (la == lb) {
		if (i == la || memcmp(a + i + 1, b + i + 1, la - i - 1) == 0) {
			return true;
		}
		return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		       memcmp(a + i + 2, b + i + 2, la - i - 2) == 0;
	}
	return memcmp(a + i, b + i + 1, la - i) == 0;
}

static bool typo_match(const char *q, size_t lq, const char *w)
{
	size_t lw = strlen(w);
	if (within_one(q, lq, w, lw)) {
		return true;
	}
	/* while typing: the start of a longer word, with one slip */
	if (lq >= 4 && lw > lq) {
		return within_one(q, lq, w, lq) || within_one(q, lq, w, lq + 1) ||
		       within_one(q, lq, w, lq - 1);
	}
	return false;
}

struct found {
	struct search_hit hit;
	char folded[512];
};

static int cmp_found(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	if (x->hit.match != y->hit.match) {
		return (int)x->hit.match - (int)y->hit.match;
	}
	return strcasecmp(x->hit.name, y->hit.name);
}

static enum search_match classify(const char *folded, char words[][64], int nwords)
{
	bool all_exact = true, all_prefix = true;
	for (int i = 0; i < nwords; i++) {
		size_t n = strlen(words[i]);
		bool exact = false, prefix = false;
		for (const char *p = folded; *p;) {
			size_t m = strcspn(p, " ");
			exact = exact || (m == n && strncmp(p, words[i], n) == 0);
			prefix = prefix || (m >= n && strncmp(p, words[i], n) == 0);
			p += m;
			p += *p == ' ';
		}
		all_exact = all_exact && exact;
		all_prefix = all_prefix && prefix;
	}
	return all_exact ? SEARCH_EXACT : all_prefix ? SEARCH_PREFIX : SEARCH_OTHER;
}

/* Runs one MATCH expression, adding rows not yet found. */
static bool run_match(struct store *st, const char *expr, enum search_match forced,
                      char words[][64], int nwords, struct found **found, int *count, size_t *cap)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(
	        st->db,
	        "SELECT a.id, f.name, a.display_name, coalesce(a.organization, ''),"
	        " coalesce(a.badge_code, '') FROM search_fts f"
	        " JOIN attendees a ON a.id = f.rowid WHERE search_fts MATCH ? LIMIT ?",
	        -1, &s, NULL) != SQLITE_OK) {
		LOG_ERR("%s: %s", st->path, sqlite3_errmsg(st->db));
		return false;
	}
	sqlite3_bind_text(s, 1, expr, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, MAX_ROWS);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		bool seen = false;
		for (int i = 0; i < *count && !seen; i++) {
			seen = (*found)[i].hit.id == id;
		}
		if (seen) {
			continue;
		}
		*found = xgrow(*found, cap, (size_t)*count + 1, sizeof(**found));
		struct found *f = &(*found)[(*count)++];
		memset(f, 0, sizeof(*f));
		f->hit.id = id;
		snprintf(f->folded, sizeof(f->folded), "%s",
		         (const char *)sqlite3_column_text(s, 1));
		snprintf(f->hit.name, sizeof(f->hit.name), "%s",
		         (const char *)sqlite3_column_text(s, 2));
		snprintf(f->hit.organization, sizeof(f->hit.organization), "%s",
		         (const char *)sqlite3_column_text(s, 3));
		snprintf(f->hit.badge_code, sizeof(f->hit.badge_code), "%s",
		         (const char *)sqlite3_column_text(s, 4));
		f->hit.match =
		    forced == SEARCH_TYPO ? SEARCH_TYPO : classify(f->folded, words, nwords);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE;
}

static void append(char *expr, size_t len, const char *fmt, const char *word)
{
	size_t n = strlen(expr);
	snprintf(expr + n, len - n, fmt, word);
}

int store_search(struct store *st, struct fold *fold, const char *query, struct search_hit *out,
                 int max)
{
	char folded[512], words[MAX_WORDS][64];
	int nwords = 0, count = 0;
	size_t cap = 0;
	struct found *found = NULL;

	/* a badge code, exactly as printed */
	char code[128];
	snprintf(code, sizeof(code), "%s", query);
	char *c = code;
	while (*c == ' ') {
		c++;
	}
	c[strcspn(c, "\r\n")] = '\0';
	struct person p;
	bool is_code = false;
	if (*c && !store_person_by_code(st, c, &p, &is_code)) {
		return -1;
	}
	if (is_code) {
		found = xgrow(found, &cap, 1, sizeof(*found));
		memset(found, 0, sizeof(*found));
		found[0].hit.id = p.id;
		found[0].hit.match = SEARCH_BADGE;
		snprintf(found[0].hit.name, sizeof(found[0].hit.name), "%s", p.name);
		snprintf(found[0].hit.organization, sizeof(found[0].hit.organization), "%s",
		         p.organization);
		snprintf(found[0].hit.badge_code, sizeof(found[0].hit.badge_code), "%s",
		         p.badge_code);
		count = 1;
	}

	fold_text(fold, query, folded, sizeof(folded));
	for (char *w = strtok(folded, " "); w && nwords < MAX_WORDS; w = strtok(NULL, " ")) {
		snprintf(words[nwords++], sizeof(words[0]), "%s", w);
	}
	bool ok = true;
	if (nwords > 0) {
		/* whole words first, so that "jo" finds Jo before the many Johns; then prefixes.
		 * Words are [a-z0-9] only, so quoting them is enough to keep them literal. */
		char exact[1024] = "", prefix[1024] = "";
		for (int i = 0; i < nwords; i++) {
			append(exact, sizeof(exact), i ? " AND \"%s\"" : "\"%s\"", words[i]);
			append(prefix, sizeof(prefix), i ? " AND \"%s\"*" : "\"%s\"*", words[i]);
		}
		int before = count;
		ok = run_match(st, exact, SEARCH_EXACT, words, nwords, &found, &count, &cap) &&
		     run_match(st, prefix, SEARCH_PREFIX, words, nwords, &found, &count, &cap);
		if (ok && count == before) {
			/* nothing: allow one typo in each word of the name */
			ok = load_words(st);
			char typo[4096] = "";
			bool possible = ok;
			for (int i = 0; possible && i < nwords; i++) {
				size_t lq = strlen(words[i]);
				int cands = 0;
				append(typo, sizeof(typo), i ? " AND (" : "(", "");
				for (int k = 0; k < st->word_count && cands < MAX_CANDIDATES; k++) {
					if (typo_match(words[i], lq, st->words[k])) {
						append(typo, sizeof(typo),
						       cands ? " OR name:\"%s\"" : "name:\"%s\"",
						       st->words[k]);
						cands++;
					}
				}
				append(typo, sizeof(typo), ")", "");
				possible = cands > 0;
			}
			if (possible) {
				ok = run_match(st, typo, SEARCH_TYPO, words, nwords, &found, &count,
				               &cap);
			}
		}
	}
	if (!ok) {
		free(found);
		return -1;
	}
	qsort(found, (size_t)count, sizeof(*found), cmp_found);
	int n = count < max ? count : max;
	for (int i = 0; i < n; i++) {
		out[i] = found[i].hit;
		bool present;
		struct person who;
		if (store_person_get(st, out[i].id, &who, &present) && present) {
			snprintf(out[i].checked_in, sizeof(out[i].checked_in), "%s",
			         who.checked_in);
		}
	}
	free(found);
	return n;
}
