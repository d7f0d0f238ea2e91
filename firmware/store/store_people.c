#define _GNU_SOURCE
#include "store_people.h"
#include "timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fold.h"
#include "names.h"
#include "store-private.h"
#include "store.h"
#include "xalloc.h"

#define LOG_MODULE "store"
#include "log.h"

/* Errors are kept on the connection (store_errmsg) and logged once, by the caller that
 * handles them; here only at debug level, with the statement's detail. */

enum stmt_id {
	S_BY_BADGE,
	S_BY_EMAIL,
	S_GET,
	S_FACT,
	S_ID_OF,
	S_FTS_DELETE,
	S_FTS_INSERT,
	S_STANDING,
	S_COUNT,
};

static const char *const sql[S_COUNT] = {
	[S_BY_BADGE] = "SELECT id FROM attendees WHERE badge_code = ?",
	[S_BY_EMAIL] = "SELECT id, coalesce(badge_code, '') FROM attendees WHERE email = ?"
		       " ORDER BY id LIMIT 1",
	[S_GET] = "SELECT id, uuid, display_name, coalesce(organization, ''), coalesce(email, ''),"
		  " coalesce(badge_code, ''), source = 'walkin', first_name, last_name,"
		  " coalesce(job_title, ''), coalesce(ticket_type, '') FROM attendees WHERE id = ?",
	/* an attendee is the newest fact about them (the trigger f_people_derive): a fact's
	 * Lamport number is one more than any fact this kiosk has seen */
	[S_FACT] = "INSERT INTO f_people (uuid, device, at, lamport, attendee, roster, source,"
		   " first_name, last_name, display_name, email, organization, job_title,"
		   " badge_code, ticket_type) VALUES (?1, ?2, ?3,"
		   " (SELECT coalesce(max(lamport), 0) + 1 FROM f_people), ?4, ?5, ?6,"
		   " ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
	[S_ID_OF] = "SELECT id FROM attendees WHERE uuid = ?",
	[S_FTS_DELETE] = "DELETE FROM search_fts WHERE rowid = ?",
	[S_FTS_INSERT] = "INSERT INTO search_fts (rowid, name, organization, email, badge)"
			 " VALUES (?, ?, ?, ?, ?)",
	/* the earliest check-in not undone stands, wherever it was made */
	[S_STANDING] = "SELECT c.id, c.at_wall, c.kiosk_id <> ?2, coalesce((SELECT k.name"
		       " FROM f_kiosks k WHERE k.device = c.kiosk_id"
		       " ORDER BY k.lamport DESC, k.uuid DESC LIMIT 1), '')"
		       " FROM checkins c WHERE c.attendee = ?1 AND c.undone_at IS NULL"
		       " ORDER BY c.at_wall, c.uuid LIMIT 1",
};

static sqlite3_stmt *stmt(struct store *st, enum stmt_id id)
{
	if (!st->people[id] && sqlite3_prepare_v3(st->db, sql[id], -1, SQLITE_PREPARE_PERSISTENT,
						  &st->people[id], NULL) != SQLITE_OK) {
		LOG_DBG("%s: %s", st->path, sqlite3_errmsg(st->db));
		return NULL;
	}
	sqlite3_reset(st->people[id]);
	sqlite3_clear_bindings(st->people[id]);
	return st->people[id];
}

void store_people_finish(struct store *st)
{
	for (int i = 0; i < S_COUNT; i++) {
		sqlite3_finalize(st->people[i]);
		st->people[i] = NULL;
	}
	store_search_finish(st);
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v) {
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(s, i);
	}
}

/* Trims spaces at both ends into out. */
static void trim_into(const char *in, char *out, size_t outlen)
{
	in = nz(in);
	while (*in == ' ' || *in == '\t') {
		in++;
	}
	snprintf(out, outlen, "%s", in);
	size_t n = strlen(out);
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == '\t')) {
		out[--n] = '\0';
	}
}

struct norm {
	char first[PERSON_TEXT], last[PERSON_TEXT], name[PERSON_TEXT], email[PERSON_TEXT];
	char org[PERSON_TEXT], job[PERSON_TEXT], ticket[PERSON_TEXT], badge[128];
};

static void normalise(const struct person_in *in, struct norm *n)
{
	trim_into(in->first_name, n->first, sizeof(n->first));
	trim_into(in->last_name, n->last, sizeof(n->last));
	trim_into(in->name, n->name, sizeof(n->name));
	if (!n->name[0]) {
		snprintf(n->name, sizeof(n->name), "%s%s%s", n->first,
			 n->first[0] && n->last[0] ? " " : "", n->last);
	}
	trim_into(in->email, n->email, sizeof(n->email));
	for (char *p = n->email; *p; p++) {
		*p = (*p >= 'A' && *p <= 'Z') ? (char)(*p + 32) : *p;
	}
	trim_into(in->organization, n->org, sizeof(n->org));
	trim_into(in->job_title, n->job, sizeof(n->job));
	trim_into(in->ticket_type, n->ticket, sizeof(n->ticket));
	trim_into(in->badge_code, n->badge, sizeof(n->badge));
}

/* The eight person columns, in the order the INSERT and UPDATE name them. */
static void bind_fields(sqlite3_stmt *s, int first, const struct norm *n)
{
	sqlite3_bind_text(s, first, n->first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, first + 1, n->last, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, first + 2, n->name, -1, SQLITE_TRANSIENT);
	bind_text_or_null(s, first + 3, n->email);
	bind_text_or_null(s, first + 4, n->org);
	bind_text_or_null(s, first + 5, n->job);
	bind_text_or_null(s, first + 6, n->badge);
	bind_text_or_null(s, first + 7, n->ticket);
}

bool store_index_person(struct store *st, struct fold *fold, int64_t id)
{
	sqlite3_stmt *g = stmt(st, S_GET);
	if (!g) {
		return false;
	}
	sqlite3_bind_int64(g, 1, id);
	if (sqlite3_step(g) != SQLITE_ROW) {
		sqlite3_reset(g);
		return false;
	}
	char name[1024], org[1024], email[512], badge[256];
	fold_name(fold, store_col(g, 2), name, sizeof(name));
	fold_text(fold, store_col(g, 3), org, sizeof(org));
	/* only the part before the @: every address at example.org would otherwise match "o" */
	char local[PERSON_TEXT];
	const char *address = store_col(g, 4);
	snprintf(local, sizeof(local), "%.*s", (int)strcspn(address, "@"), address);
	fold_text(fold, local, email, sizeof(email));
	fold_text(fold, store_col(g, 5), badge, sizeof(badge));
	sqlite3_reset(g); /* never leave a read snapshot open */
	sqlite3_stmt *d = stmt(st, S_FTS_DELETE);
	if (!d) {
		return false;
	}
	sqlite3_bind_int64(d, 1, id);
	int rc = sqlite3_step(d);
	sqlite3_reset(d);
	if (rc != SQLITE_DONE) {
		return false;
	}
	sqlite3_stmt *s = stmt(st, S_FTS_INSERT);
	if (!s) {
		return false;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 3, org, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, email, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 5, badge, -1, SQLITE_TRANSIENT);
	st->words_stale = true;
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE;
}

static int64_t find_existing(struct store *st, const struct norm *n)
{
	if (n->badge[0]) {
		sqlite3_stmt *s = stmt(st, S_BY_BADGE);
		if (!s) {
			return -1;
		}
		sqlite3_bind_text(s, 1, n->badge, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(s) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(s, 0);
			sqlite3_reset(s);
			return id;
		}
		sqlite3_reset(s);
	}
	if (n->email[0]) {
		sqlite3_stmt *s = stmt(st, S_BY_EMAIL);
		if (!s) {
			return -1;
		}
		sqlite3_bind_text(s, 1, n->email, -1, SQLITE_TRANSIENT);
		/* one buyer's email on several tickets: those with their own badge codes are
		 * different people */
		int64_t id = 0;
		if (sqlite3_step(s) == SQLITE_ROW && (!n->badge[0] || !store_col(s, 1)[0])) {
			id = sqlite3_column_int64(s, 0);
		}
		sqlite3_reset(s);
		if (id) {
			return id;
		}
	}
	return 0;
}

/* A new attendee's uuid. Two kiosks that import the same roster must name each person the same
 * way, or the guest would be there twice once they meet: a person with a badge code (else an
 * email) gets a uuid made from it; a walk-in or a name alone, a random one. */
static void attendee_uuid(const struct norm *n, bool walk_in, char out[37])
{
	if (walk_in || (!n->badge[0] && !n->email[0])) {
		store_uuid(out);
		return;
	}
	char key[PERSON_TEXT + 64], hex[65];
	int len = snprintf(key, sizeof(key), "gatherbooth attendee %s:%s",
			   n->badge[0] ? "badge" : "email", n->badge[0] ? n->badge : n->email);
	names_sha256_hex(key, (size_t)len < sizeof(key) ? (size_t)len : sizeof(key) - 1, hex);
	/* the form of a version 8 (name-based, own hash) UUID */
	snprintf(out, 37, "%.8s-%.4s-8%.3s-%c%.3s-%.12s", hex, hex + 8, hex + 13,
		 "89ab"[hex[16] >= 'a' ? (hex[16] - 'a' + 10) & 3 : (hex[16] - '0') & 3], hex + 17,
		 hex + 20);
}

/* Records a fact about the attendee `uuid` (their whole record as it now stands) and indexes
 * the row it makes for search. */
static bool add_fact(struct store *st, struct fold *fold, const char *uuid, const struct norm *n,
		     bool walk_in, const char *now, int64_t *id)
{
	sqlite3_stmt *s = stmt(st, S_FACT);
	if (!s) {
		return false;
	}
	char fact[37];
	store_uuid(fact);
	sqlite3_bind_text(s, 1, fact, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, st->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 4, uuid, -1, SQLITE_TRANSIENT);
	bind_text_or_null(s, 5, st->roster);
	sqlite3_bind_text(s, 6, walk_in ? "walkin" : "roster", -1, SQLITE_STATIC);
	bind_fields(s, 7, n);
	if (sqlite3_step(s) != SQLITE_DONE) {
		LOG_DBG("%s: an attendee: %s", st->path, sqlite3_errmsg(st->db));
		sqlite3_reset(s);
		return false;
	}
	sqlite3_reset(s);
	sqlite3_stmt *q = stmt(st, S_ID_OF);
	if (!q) {
		return false;
	}
	sqlite3_bind_text(q, 1, uuid, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(q);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
	sqlite3_reset(q);
	return *id > 0 && store_index_person(st, fold, *id);
}

static bool insert_person(struct store *st, struct fold *fold, const struct norm *n, bool walk_in,
			  const char *now, int64_t *id)
{
	char uuid[37];
	attendee_uuid(n, walk_in, uuid);
	return add_fact(st, fold, uuid, n, walk_in, now, id);
}

static void keep_stored(char *field, size_t size, const char *stored)
{
	if (!field[0]) {
		snprintf(field, size, "%s", stored);
	}
}

/* The new row over the stored one: a field the new row leaves empty keeps what is stored.
 * *same: nothing would change. False if the stored row cannot be read. */
static bool merge_stored(struct store *st, int64_t id, struct norm *merged, bool *same,
			 char uuid[37], bool *walk_in)
{
	sqlite3_stmt *g = stmt(st, S_GET);
	if (!g) {
		return false;
	}
	sqlite3_bind_int64(g, 1, id);
	if (sqlite3_step(g) != SQLITE_ROW) {
		sqlite3_reset(g);
		return false;
	}
	const char *old_badge = store_col(g, 5), *old_email = store_col(g, 4),
		   *old_org = store_col(g, 3);
	keep_stored(merged->badge, sizeof(merged->badge), old_badge);
	keep_stored(merged->email, sizeof(merged->email), old_email);
	keep_stored(merged->org, sizeof(merged->org), old_org);
	keep_stored(merged->job, sizeof(merged->job), store_col(g, 9));
	keep_stored(merged->ticket, sizeof(merged->ticket), store_col(g, 10));
	snprintf(uuid, 37, "%s", store_col(g, 1));
	*walk_in = sqlite3_column_int(g, 6) != 0;
	*same = strcmp(merged->name, store_col(g, 2)) == 0 && strcmp(merged->org, old_org) == 0 &&
		strcmp(merged->email, old_email) == 0 && strcmp(merged->badge, old_badge) == 0 &&
		strcmp(merged->first, store_col(g, 7)) == 0 &&
		strcmp(merged->last, store_col(g, 8)) == 0 &&
		strcmp(merged->job, store_col(g, 9)) == 0 &&
		strcmp(merged->ticket, store_col(g, 10)) == 0;
	sqlite3_reset(g); /* never leave a read snapshot open */
	return true;
}

bool store_person_upsert(struct store *st, struct fold *fold, const struct person_in *in,
			 enum store_upsert *result, int64_t *id)
{
	struct norm n;
	normalise(in, &n);
	char now[32];
	store_now_iso(now);
	int64_t found = in->walk_in ? 0 : find_existing(st, &n);
	if (found < 0) {
		return false;
	}
	if (found == 0) {
		*result = STORE_ADDED;
		return insert_person(st, fold, &n, in->walk_in, now, id);
	}
	*id = found;
	bool same, walk_in;
	char uuid[37];
	if (!merge_stored(st, found, &n, &same, uuid, &walk_in)) {
		return false;
	}
	if (same) {
		*result = STORE_UNCHANGED;
		return true;
	}
	*result = STORE_UPDATED;
	return add_fact(st, fold, uuid, &n, walk_in, now, id);
}

/* The standing check-in: its id, its time, and the name of the kiosk that made it when that is
 * another kiosk ("" here, or when it has no name). where may be NULL. */
static bool standing(struct store *st, int64_t id, int64_t *checkin, char *at, size_t atlen,
		     char *where, size_t wherelen)
{
	sqlite3_stmt *s = stmt(st, S_STANDING);
	if (!s) {
		return false;
	}
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, st->kiosk, -1, SQLITE_STATIC);
	*checkin = 0;
	at[0] = '\0';
	if (where) {
		where[0] = '\0';
	}
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*checkin = sqlite3_column_int64(s, 0);
		snprintf(at, atlen, "%s", store_col(s, 1));
		if (where && sqlite3_column_int(s, 2)) {
			snprintf(where, wherelen, "%s", store_col(s, 3));
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

bool store_person_get(struct store *st, int64_t id, struct person *out, bool *found)
{
	sqlite3_stmt *s = stmt(st, S_GET);
	if (!s) {
		return false;
	}
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	if (!*found) {
		sqlite3_reset(s);
		return rc == SQLITE_DONE;
	}
	memset(out, 0, sizeof(*out));
	out->id = sqlite3_column_int64(s, 0);
	snprintf(out->uuid, sizeof(out->uuid), "%s", store_col(s, 1));
	snprintf(out->name, sizeof(out->name), "%s", store_col(s, 2));
	snprintf(out->organization, sizeof(out->organization), "%s", store_col(s, 3));
	snprintf(out->email, sizeof(out->email), "%s", store_col(s, 4));
	snprintf(out->badge_code, sizeof(out->badge_code), "%s", store_col(s, 5));
	out->walk_in = sqlite3_column_int(s, 6) != 0;
	sqlite3_reset(s);
	if (!standing(st, out->id, &out->checkin_id, out->checked_in, sizeof(out->checked_in),
		      out->checked_in_kiosk, sizeof(out->checked_in_kiosk))) {
		return false;
	}
	if (out->checked_in[0]) {
		timefmt_local(out->checked_in, true, out->checked_in_at,
			      sizeof(out->checked_in_at));
	}
	return true;
}

bool store_person_by_code(struct store *st, const char *code, struct person *out, bool *found)
{
	*found = false;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(
		    st->db,
		    "SELECT id FROM attendees WHERE badge_code = ?1 UNION ALL "
		    "SELECT id FROM attendees WHERE badge_code = ?1 COLLATE NOCASE LIMIT 1",
		    -1, &s, NULL) != SQLITE_OK) {
		LOG_DBG("%s: %s", st->path, sqlite3_errmsg(st->db));
		return false;
	}
	sqlite3_bind_text(s, 1, code, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW) {
		return rc == SQLITE_DONE;
	}
	return store_person_get(st, id, out, found);
}

static bool exec_bound(struct store *st, const char *q, int64_t a, const char *t1, const char *t2,
		       const char *t3)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, q, -1, &s, NULL) != SQLITE_OK) {
		LOG_DBG("%s: %s", st->path, sqlite3_errmsg(st->db));
		return false;
	}
	int i = 1;
	if (a) {
		sqlite3_bind_int64(s, i++, a);
	}
	const char *texts[3] = {t1, t2, t3};
	for (int k = 0; k < 3; k++) {
		if (texts[k]) {
			sqlite3_bind_text(s, i++, texts[k], -1, SQLITE_TRANSIENT);
		}
	}
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		LOG_DBG("%s: %s", st->path, sqlite3_errmsg(st->db));
	}
	return rc == SQLITE_DONE;
}

bool store_checkin(struct store *st, int64_t attendee, bool by_staff, int64_t *checkin_id,
		   bool *already)
{
	char uuid[37], now[32], who[32], at[32] = "";
	store_uuid(uuid);
	store_now_iso(now);
	snprintf(who, sizeof(who), "%lld", (long long)attendee);
	*already = false;
	if (!store_begin(st)) {
		return false;
	}
	int64_t standing_id = 0;
	if (!standing(st, attendee, &standing_id, at, sizeof(at), NULL, 0)) {
		store_rollback(st);
		return false;
	}
	if (standing_id) {
		store_rollback(st); /* nothing written */
		*already = true;
		*checkin_id = standing_id;
		return true;
	}
	/* the fact; f_checkins_derive makes the row */
	bool ok = exec_bound(
			  st,
			  by_staff ? "INSERT INTO f_checkins (uuid, device, at, attendee, by_staff)"
				     " SELECT ?2, ?4, ?3, uuid, 1 FROM attendees WHERE id = ?1"
				   : "INSERT INTO f_checkins (uuid, device, at, attendee, by_staff)"
				     " SELECT ?2, ?4, ?3, uuid, 0 FROM attendees WHERE id = ?1",
			  attendee, uuid, now, st->kiosk) &&
		  sqlite3_changes(st->db) == 1;
	*checkin_id = 0;
	if (ok) {
		sqlite3_stmt *q = store_prepare(st, "SELECT id FROM checkins WHERE uuid = ?");
		if (q) {
			sqlite3_bind_text(q, 1, uuid, -1, SQLITE_STATIC);
			*checkin_id =
				sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
			sqlite3_finalize(q);
		}
	}
	ok = ok && *checkin_id > 0 && store_event(st, "checkin", uuid, who) && store_commit(st);
	if (!ok) {
		store_rollback(st);
		*checkin_id = 0;
	}
	return ok;
}

bool store_checkin_undo(struct store *st, int64_t checkin_id)
{
	char now[32], id[32];
	store_now_iso(now);
	snprintf(id, sizeof(id), "%lld", (long long)checkin_id);
	if (!store_begin(st)) {
		return false;
	}
	char uuid[37];
	store_uuid(uuid);
	/* the fact; f_undos_derive marks the row */
	bool ok =
		exec_bound(st,
			   "INSERT INTO f_undos (uuid, device, at, checkin) SELECT ?3, ?4, ?2, uuid"
			   " FROM checkins WHERE id = ?1 AND undone_at IS NULL",
			   checkin_id, now, uuid, st->kiosk) &&
		sqlite3_changes(st->db) == 1 && store_event(st, "undo", id, "check-in undone") &&
		store_commit(st);
	if (!ok) {
		store_rollback(st);
	}
	return ok;
}

int store_recent_checkins(struct store *st, struct checkin_row *out, int max)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(
		    st->db,
		    "SELECT c.id, c.attendee, a.display_name, c.at_wall, c.undone_at IS NOT NULL"
		    " FROM checkins c JOIN attendees a ON a.id = c.attendee"
		    " ORDER BY c.id DESC LIMIT ?",
		    -1, &s, NULL) != SQLITE_OK) {
		return -1;
	}
	sqlite3_bind_int(s, 1, max);
	int n = 0;
	while (n < max && sqlite3_step(s) == SQLITE_ROW) {
		out[n].id = sqlite3_column_int64(s, 0);
		out[n].attendee = sqlite3_column_int64(s, 1);
		snprintf(out[n].name, sizeof(out[n].name), "%s", store_col(s, 2));
		snprintf(out[n].at, sizeof(out[n].at), "%s", store_col(s, 3));
		out[n].undone = sqlite3_column_int(s, 4) != 0;
		n++;
	}
	sqlite3_finalize(s);
	return n;
}

bool store_forget_photos(struct store *st, int64_t attendee, char ***paths, int *n)
{
	*paths = NULL;
	*n = 0;
	if (!store_begin(st)) {
		return false;
	}
	/* the fact; f_withdrawals_derive removes the rows here, and on every other kiosk, and
	 * names their files in doomed */
	char uuid[37], now[32], who[32];
	store_uuid(uuid);
	store_now_iso(now);
	snprintf(who, sizeof(who), "%lld", (long long)attendee);
	bool ok = exec_bound(st,
			     "INSERT INTO f_withdrawals (uuid, device, at, attendee)"
			     " SELECT ?2, ?3, ?4, uuid FROM attendees WHERE id = ?1",
			     attendee, uuid, st->kiosk, now);
	ok = ok && store_doomed_list(st, paths, n);
	char detail[64];
	snprintf(detail, sizeof(detail), "%d photo(s) removed: consent withdrawn", *n);
	ok = ok && store_event(st, "photos_forgotten", who, detail) && store_commit(st);
	if (!ok) {
		store_rollback(st);
		store_free_paths(*paths, *n);
		*paths = NULL;
		*n = 0;
	}
	return ok;
}

int store_setting_int(struct store *st, const char *key, int fallback)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = 'setting.' || ?", -1, &s,
			       NULL) != SQLITE_OK) {
		return fallback;
	}
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	int v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : fallback;
	sqlite3_finalize(s);
	return v;
}

bool store_setting_text(struct store *st, const char *key, char *out, size_t outlen)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT value FROM meta WHERE key = 'setting.' || ?", -1, &s,
			       NULL) != SQLITE_OK) {
		return false;
	}
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	bool found = sqlite3_step(s) == SQLITE_ROW;
	if (found) {
		snprintf(out, outlen, "%s", store_col(s, 0));
	}
	sqlite3_finalize(s);
	return found;
}

bool store_set_setting_int(struct store *st, const char *key, int value)
{
	char v[32];
	snprintf(v, sizeof(v), "%d", value);
	return store_set_setting_text(st, key, v);
}

bool store_set_setting_text(struct store *st, const char *key, const char *v)
{
	return exec_bound(st,
			  "INSERT INTO meta (key, value) VALUES ('setting.' || ?, ?)"
			  " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
			  0, key, v, NULL);
}

void store_roster_begin(struct store *st)
{
	store_uuid(st->roster);
}

bool store_roster_end(struct store *st, const char *file, int rows, bool changed)
{
	bool ok = true;
	if (changed && st->roster[0]) {
		const char *base = strrchr(file, '/');
		char now[32];
		store_now_iso(now);
		sqlite3_stmt *s =
			store_prepare(st, "INSERT INTO f_rosters (uuid, device, at, file, rows)"
					  " VALUES (?, ?, ?, ?, ?)");
		ok = s != NULL;
		if (ok) {
			sqlite3_bind_text(s, 1, st->roster, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 2, st->kiosk, -1, SQLITE_STATIC);
			sqlite3_bind_text(s, 3, now, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(s, 4, base ? base + 1 : file, -1, SQLITE_STATIC);
			sqlite3_bind_int(s, 5, rows);
			ok = sqlite3_step(s) == SQLITE_DONE;
			sqlite3_finalize(s);
		}
	}
	st->roster[0] = '\0';
	return ok;
}
