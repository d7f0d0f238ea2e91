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

/* Errors are kept on the connection (store_errmsg) and logged once, by the caller that
 * handles them; here only at debug level, with the statement's detail. */

#define MAX_WORDS 8
#define MAX_ROWS 200
#define MAX_CANDIDATES 24

void store_search_finish(struct store *st)
{
	sqlite3_finalize(st->search);
	st->search = NULL;
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
		LOG_DBG("%s: %s", st->path, sqlite3_errmsg(st->db));
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
	int64_t id;
	enum search_match match;
	char folded[256];
};

static int cmp_found(const void *a, const void *b)
{
	const struct found *x = a, *y = b;
	if (x->match != y->match) {
		return (int)x->match - (int)y->match;
	}
	int c = strcmp(x->folded, y->folded);
	return c ? c : (x->id > y->id) - (x->id < y->id);
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

struct results {
	struct found *list;
	int count;
	size_t cap;
};

static bool seen(const struct results *r, int64_t id)
{
	for (int i = 0; i < r->count; i++) {
		if (r->list[i].id == id) {
			return true;
		}
	}
	return false;
}

static void add(struct results *r, int64_t id, enum search_match match, const char *folded)
{
	r->list = xgrow(r->list, &r->cap, (size_t)r->count + 1, sizeof(*r->list));
	struct found *f = &r->list[r->count++];
	f->id = id;
	f->match = match;
	snprintf(f->folded, sizeof(f->folded), "%s", folded);
}

/* Runs one MATCH expression over the index alone (no join: details are read only for the hits
 * shown), adding rows not yet found. */
static bool run_match(struct store *st, const char *expr, enum search_match forced,
		      char words[][64], int nwords, int limit, struct results *r)
{
	sqlite3_stmt *s = st->search;
	if (!s &&
	    sqlite3_prepare_v3(
		    st->db, "SELECT rowid, name FROM search_fts WHERE search_fts MATCH ? LIMIT ?",
		    -1, SQLITE_PREPARE_PERSISTENT, &st->search, NULL) != SQLITE_OK) {
		LOG_DBG("%s: %s", st->path, sqlite3_errmsg(st->db));
		return false;
	}
	s = st->search;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, expr, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, limit);
	int before = r->count, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		if (before > 0 && seen(r, id)) {
			continue;
		}
		const char *folded = (const char *)sqlite3_column_text(s, 1);
		add(r, id, forced == SEARCH_PREFIX ? classify(folded, words, nwords) : forced,
		    folded);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE;
}

static void append(char *expr, size_t len, const char *fmt, const char *word)
{
	size_t n = strlen(expr);
	snprintf(expr + n, len - n, fmt, word);
}

/* A badge code, exactly as printed: the person it is, first of all. */
static bool match_code(struct store *st, const char *query, struct results *r)
{
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
		return false;
	}
	if (is_code) {
		add(r, p.id, SEARCH_BADGE, "");
	}
	return true;
}

/* Nothing found: names that are one typo away in each word. */
static bool match_typos(struct store *st, char words[][64], int nwords, int limit,
			struct results *r)
{
	if (!load_words(st)) {
		return false;
	}
	char typo[4096] = "";
	for (int i = 0; i < nwords; i++) {
		size_t lq = strlen(words[i]);
		int cands = 0;
		append(typo, sizeof(typo), i ? " AND (" : "(", "");
		for (int k = 0; k < st->word_count && cands < MAX_CANDIDATES; k++) {
			if (typo_match(words[i], lq, st->words[k])) {
				append(typo, sizeof(typo),
				       cands ? " OR name:\"%s\"" : "name:\"%s\"", st->words[k]);
				cands++;
			}
		}
		append(typo, sizeof(typo), ")", "");
		if (cands == 0) {
			return true; /* a word with no near name: nobody */
		}
	}
	return run_match(st, typo, SEARCH_TYPO, words, nwords, limit, r);
}

/* Whole words of names first, so that "jo" finds Jo before the many Johns; then prefixes in
 * any column; then one typo a word. Words are [a-z0-9] only, so quoting keeps them literal. */
static bool match_words(struct store *st, char words[][64], int nwords, int max, struct results *r)
{
	char exact[1024] = "", prefix[1024] = "";
	for (int i = 0; i < nwords; i++) {
		append(exact, sizeof(exact), i ? " AND name:\"%s\"" : "name:\"%s\"", words[i]);
		append(prefix, sizeof(prefix), i ? " AND \"%s\"*" : "\"%s\"*", words[i]);
	}
	int before = r->count;
	/* enough candidates to rank a page of hits, not every Maria in the roster */
	int limit = max * 3 < MAX_ROWS ? (max * 3 > 30 ? max * 3 : 30) : MAX_ROWS;
	bool ok = run_match(st, exact, SEARCH_EXACT, words, nwords, limit, r);
	if (ok && r->count < max) {
		ok = run_match(st, prefix, SEARCH_PREFIX, words, nwords, limit, r);
	}
	if (ok && r->count == before) {
		ok = match_typos(st, words, nwords, limit, r);
	}
	return ok;
}

int store_search(struct store *st, struct fold *fold, const char *query, struct search_hit *out,
		 int max)
{
	char folded[512], words[MAX_WORDS][64];
	int nwords = 0;
	struct results r = {0};
	if (!match_code(st, query, &r)) {
		return -1;
	}
	fold_text(fold, query, folded, sizeof(folded));
	for (char *w = strtok(folded, " "); w && nwords < MAX_WORDS; w = strtok(NULL, " ")) {
		snprintf(words[nwords++], sizeof(words[0]), "%s", w);
	}
	if (nwords > 0 && !match_words(st, words, nwords, max, &r)) {
		free(r.list);
		return -1;
	}
	if (r.count > 1) { /* no match leaves no list to sort */
		qsort(r.list, (size_t)r.count, sizeof(*r.list), cmp_found);
	}
	int n = 0;
	for (int i = 0; i < r.count && n < max; i++) {
		bool present = false;
		if (!store_person_get(st, r.list[i].id, &out[n].person, &present)) {
			free(r.list);
			return -1;
		}
		if (present) {
			out[n++].match = r.list[i].match;
		}
	}
	free(r.list);
	return n;
}
