#define _GNU_SOURCE
#include "peers.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "names.h"
#include "store.h"
#include "store_sync.h"
#include "xalloc.h"

#define LOG_MODULE "peers"
#include "log.h"

#define SUFFIX ".changeset"

static void say(struct peers *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct peers *p, const char *fmt, ...)
{
	char line[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (p->say) {
		p->say(p->ctx, line);
	} else {
		LOG_INFO("%s", line);
	}
}

static void file_name(char *out, size_t len, const char *device, int64_t seq)
{
	snprintf(out, len, "%s-%08lld" SUFFIX, device, (long long)seq);
}

/* DEVICE-SEQ.changeset: the device a uuid, the number positive */
static bool parse_name(const char *name, char device[37], int64_t *seq)
{
	size_t n = strlen(name), s = strlen(SUFFIX);
	if (n < 36 + 2 + s || name[36] != '-' || strcmp(name + n - s, SUFFIX) != 0) {
		return false;
	}
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		if (dash ? name[i] != '-' : !strchr("0123456789abcdef", name[i])) {
			return false;
		}
	}
	int64_t v = 0;
	for (size_t i = 37; i < n - s; i++) {
		if (name[i] < '0' || name[i] > '9' || v > INT64_MAX / 10 - 10) {
			return false;
		}
		v = v * 10 + (name[i] - '0');
	}
	if (v <= 0) {
		return false;
	}
	memcpy(device, name, 36);
	device[36] = '\0';
	*seq = v;
	return true;
}

static unsigned char *read_file(const char *path, size_t max, size_t *len, int *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	if (fd < 0 || fstat(fd, &sb) != 0) {
		*err = errno;
		if (fd >= 0) {
			close(fd);
		}
		return NULL;
	}
	if ((unsigned long long)sb.st_size > max) {
		close(fd);
		*err = EFBIG;
		return NULL;
	}
	unsigned char *data = xmalloc((size_t)sb.st_size + 1);
	size_t got = 0;
	while (got < (size_t)sb.st_size) {
		ssize_t r = read(fd, data + got, (size_t)sb.st_size - got);
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			break;
		}
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return data;
}

/* What goes into the sync folder is read by Syncthing's user, of the kiosk's group; the data
 * folder stays the kiosk's alone. */
#define SHARED_MODE 0640

/* Copies `from` to `to` (made atomically; folders made as needed) unless `to` exists; shared:
 * readable by the group. */
static bool copy_file(const char *from, const char *to, bool shared, bool *copied, char *err,
		      size_t errlen)
{
	*copied = false;
	if (access(to, F_OK) == 0) {
		return true;
	}
	size_t len;
	int e = 0;
	unsigned char *data = read_file(from, (size_t)STORE_SYNC_MAX_BYTES, &len, &e);
	if (!data) {
		snprintf(err, errlen, "%s: %s", from, strerror(e));
		return false;
	}
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s", to);
	*strrchr(dir, '/') = '\0';
	bool ok = fileio_mkdirs(dir, shared ? 02770 : 0700);
	if (!ok) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
	}
	fileio_drop_stale_tmp(to);
	ok = ok && fileio_write_path(to, data, len, err, errlen);
	if (ok && shared) {
		chmod(to, SHARED_MODE);
	}
	free(data);
	*copied = ok;
	return ok;
}

struct own_photos {
	struct peers *p;
	bool ok;
	char err[PATH_MAX + 128];
};

static void put_own_photo(void *ctx, const struct store_sync_photo *ph)
{
	struct own_photos *o = ctx;
	char from[PATH_MAX * 2], to[PATH_MAX * 2];
	snprintf(from, sizeof(from), "%s/%s", o->p->data_dir, ph->path);
	snprintf(to, sizeof(to), "%s/%s/%s", o->p->folder, ph->device, ph->path);
	bool copied;
	/* a photo withdrawn since has no file, and leaves none behind */
	if (o->ok && access(from, F_OK) == 0 &&
	    !copy_file(from, to, true, &copied, o->err, sizeof(o->err))) {
		o->ok = false;
	}
}

/* This kiosk's changesets into the folder, each after the photos it names. */
static bool send(struct peers *p, const char *me, struct peers_report *r, char *err, size_t errlen)
{
	int64_t last = 0, seq;
	if (!store_sync_collect(p->store, &seq) || !store_sync_last(p->store, &last)) {
		snprintf(err, errlen, "%s: %s", p->data_dir, store_errmsg(p->store));
		return false;
	}
	for (int64_t s = p->written + 1; s <= last; s++) {
		char name[64], path[PATH_MAX + 64];
		file_name(name, sizeof(name), me, s);
		snprintf(path, sizeof(path), "%s/%s", p->folder, name);
		if (access(path, F_OK) == 0) {
			p->written = s;
			continue;
		}
		void *blob;
		int size;
		bool found;
		if (!store_sync_outbox(p->store, s, &blob, &size, &found)) {
			snprintf(err, errlen, "%s: %s", p->data_dir, store_errmsg(p->store));
			return false;
		}
		fileio_drop_stale_tmp(path);
		struct own_photos o = {.p = p, .ok = true};
		bool ok = found && store_sync_each_photo(blob, size, put_own_photo, &o) && o.ok &&
			  fileio_write_buffer(p->folder, name, blob, (size_t)size, err, errlen);
		if (ok) {
			chmod(path, SHARED_MODE);
		}
		free(blob);
		if (!ok) {
			if (!o.ok) {
				snprintf(err, errlen, "%s", o.err);
			} else if (!found) {
				snprintf(err, errlen, "%s: changeset %lld is not in the outbox",
					 p->data_dir, (long long)s);
			}
			return false;
		}
		p->written = s;
		r->sent++;
		say(p, "sent %s", name);
	}
	return true;
}

struct entry {
	char device[37];
	int64_t seq;
};

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->device, y->device);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static bool list_folder(const char *folder, const char *me, struct entry **out, size_t *n,
			char *err, size_t errlen)
{
	*out = NULL;
	*n = 0;
	DIR *d = opendir(folder);
	if (!d) {
		snprintf(err, errlen, "%s: %s", folder, strerror(errno));
		return false;
	}
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		struct entry en;
		if (!parse_name(e->d_name, en.device, &en.seq) || strcmp(en.device, me) == 0) {
			continue;
		}
		*out = xgrow(*out, &cap, *n + 1, sizeof(**out));
		(*out)[(*n)++] = en;
	}
	closedir(d);
	if (*n > 1) {
		qsort(*out, *n, sizeof(**out), cmp_entry);
	}
	return true;
}

/* A photo another kiosk took, copied from the folder into DATA/peers/DEVICE/... once its
 * checksum is right. */
static int take_photo(void *ctx, const struct store_sync_photo *ph, char *why, size_t whylen)
{
	struct peers *p = ctx;
	char from[PATH_MAX * 2], to[PATH_MAX * 2];
	snprintf(from, sizeof(from), "%s/%s/%s", p->folder, ph->device, ph->path);
	snprintf(to, sizeof(to), "%s/peers/%s/%s", p->data_dir, ph->device, ph->path);
	struct stat sb;
	if (stat(to, &sb) == 0 && sb.st_size == ph->bytes) {
		return 0; /* checked when it was copied */
	}
	if (stat(from, &sb) != 0) {
		snprintf(why, whylen, "waits for the photo %.200s", ph->path);
		return 1;
	}
	size_t len;
	int e = 0;
	unsigned char *data = read_file(from, (size_t)STORE_SYNC_MAX_BYTES, &len, &e);
	if (!data) {
		snprintf(why, whylen, "the photo %.200s: %s", ph->path, strerror(e));
		return e == EFBIG ? 2 : 1;
	}
	char sha[65];
	names_sha256_hex(data, len, sha);
	if ((int64_t)len != ph->bytes || strcmp(sha, ph->sha256) != 0) {
		free(data);
		snprintf(why, whylen, "the photo %.200s is not the one its fact describes",
			 ph->path);
		return 2;
	}
	char dir[PATH_MAX * 2];
	snprintf(dir, sizeof(dir), "%s", to);
	*strrchr(dir, '/') = '\0';
	char err[PATH_MAX + 128];
	unlink(to); /* of another size: not what the fact describes, and never from a fact */
	fileio_drop_stale_tmp(to);
	bool ok = fileio_mkdirs(dir, 0700) && fileio_write_path(to, data, len, err, sizeof(err));
	free(data);
	if (!ok) {
		snprintf(why, whylen, "the photo %.200s could not be stored here", ph->path);
		return 1;
	}
	return 0;
}

/* The changesets of one kiosk that can be applied now, in order. */
static bool take_from(struct peers *p, const char *device, const struct entry *have, size_t n,
		      struct peers_report *r, bool *progress, char *err, size_t errlen)
{
	int64_t applied;
	if (!store_sync_applied(p->store, device, &applied)) {
		snprintf(err, errlen, "%s: %s", p->data_dir, store_errmsg(p->store));
		return false;
	}
	size_t i = 0;
	while (i < n && have[i].seq <= applied) {
		i++;
	}
	for (; i < n; i++) {
		int64_t next = applied + 1;
		char name[64], path[PATH_MAX + 64], why[512];
		if (have[i].seq != next) {
			snprintf(why, sizeof(why), "waits for changeset %lld", (long long)next);
			store_sync_note(p->store, device, next, STORE_SYNC_WAITING, why);
			r->waiting++;
			return true;
		}
		file_name(name, sizeof(name), device, next);
		snprintf(path, sizeof(path), "%s/%s", p->folder, name);
		size_t len = 0;
		int e = 0;
		unsigned char *blob = read_file(path, (size_t)STORE_SYNC_MAX_BYTES, &len, &e);
		enum store_sync_verdict v;
		if (!blob && e == EFBIG) {
			snprintf(why, sizeof(why), "larger than %lld MiB",
				 STORE_SYNC_MAX_BYTES / (1024 * 1024));
			v = STORE_SYNC_DAMAGED;
		} else if (!blob) {
			snprintf(err, errlen, "%s: %s", path, strerror(e));
			return false;
		} else if (len > INT32_MAX) {
			snprintf(why, sizeof(why), "too large");
			v = STORE_SYNC_DAMAGED;
		} else {
			v = store_sync_apply(p->store, p->fold, device, next, blob, (int)len,
					     take_photo, p, why, sizeof(why));
		}
		free(blob);
		switch (v) {
		case STORE_SYNC_APPLIED:
			r->applied++;
			*progress = true;
			applied = next;
			say(p, "applied %s", name);
			break;
		case STORE_SYNC_WAITING:
			store_sync_note(p->store, device, next, v, why);
			r->waiting++;
			return true;
		case STORE_SYNC_DAMAGED:
			if (!store_sync_note(p->store, device, next, v, why)) {
				snprintf(err, errlen, "%s: %s", p->data_dir,
					 store_errmsg(p->store));
				return false;
			}
			LOG_WARN("%s: refused: %s", path, why);
			r->refused++;
			*progress = true;
			applied = next;
			say(p, "refused %s: %s", name, why);
			break;
		case STORE_SYNC_FAILED:
			snprintf(err, errlen, "%s: %s", path, why);
			return false;
		}
	}
	return true;
}

void peers_remove_photo(const char *data_dir, const char *folder, const char *device,
			const char *rel)
{
	char path[PATH_MAX * 2];
	snprintf(path, sizeof(path), "%s/%s", data_dir, rel);
	if (unlink(path) != 0 && errno != ENOENT) {
		LOG_WARN("a withdrawn photo could not be deleted: %s", strerror(errno));
	}
	if (folder && folder[0] && strncmp(rel, "photos/", 7) == 0) {
		snprintf(path, sizeof(path), "%s/%s/%s", folder, device, rel);
		if (unlink(path) != 0 && errno != ENOENT) {
			LOG_WARN("a withdrawn photo could not be deleted from the sync folder: %s",
				 strerror(errno));
		}
	}
}

static bool remove_withdrawn(struct peers *p, const char *me, struct peers_report *r, char *err,
			     size_t errlen)
{
	char **paths = NULL;
	int n = 0;
	if (!store_doomed_list(p->store, &paths, &n)) {
		snprintf(err, errlen, "%s: %s", p->data_dir, store_errmsg(p->store));
		return false;
	}
	for (int i = 0; i < n; i++) {
		peers_remove_photo(p->data_dir, p->folder, me, paths[i]);
	}
	bool ok = store_doomed_clear(p->store, paths, n);
	if (!ok) {
		snprintf(err, errlen, "%s: %s", p->data_dir, store_errmsg(p->store));
	} else if (n) {
		r->removed += n;
		say(p, "removed %d photo(s): consent withdrawn", n);
	}
	store_free_paths(paths, n);
	return ok;
}

bool peers_round(struct peers *p, struct peers_report *r, char *err, size_t errlen)
{
	memset(r, 0, sizeof(*r));
	const char *me = store_kiosk_id(p->store);
	struct stat sb;
	if (stat(p->folder, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "%s: %s", p->folder,
			 errno && stat(p->folder, &sb) != 0 ? strerror(errno) : "not a folder");
		return false;
	}
	if (!send(p, me, r, err, errlen)) {
		return false;
	}
	struct entry *have;
	size_t n;
	if (!list_folder(p->folder, me, &have, &n, err, errlen)) {
		return false;
	}
	/* a changeset may name what another kiosk's brings: go round until nothing moves */
	bool ok = true, progress = true;
	while (ok && progress) {
		progress = false;
		int waiting = r->waiting;
		for (size_t i = 0; ok && i < n;) {
			size_t j = i;
			while (j < n && strcmp(have[j].device, have[i].device) == 0) {
				j++;
			}
			ok = take_from(p, have[i].device, have + i, j - i, r, &progress, err,
				       errlen);
			i = j;
		}
		if (progress) {
			r->waiting = waiting; /* counted again on the next pass */
		}
	}
	free(have);
	return ok && remove_withdrawn(p, me, r, err, errlen);
}

static bool carry_dir(const char *from, const char *to, int depth, int *copied, char *err,
		      size_t errlen)
{
	DIR *d = opendir(from);
	if (!d) {
		snprintf(err, errlen, "%s: %s", from, strerror(errno));
		return false;
	}
	bool ok = true;
	struct dirent *e;
	while (ok && (e = readdir(d))) {
		if (e->d_name[0] == '.' || fileio_is_tmp_name(e->d_name)) {
			continue; /* ., .., .stfolder, Syncthing's and our temporary files */
		}
		char a[PATH_MAX], b[PATH_MAX];
		snprintf(a, sizeof(a), "%s/%s", from, e->d_name);
		snprintf(b, sizeof(b), "%s/%s", to, e->d_name);
		struct stat sb;
		if (lstat(a, &sb) != 0) {
			continue;
		}
		char device[37];
		int64_t seq;
		if (S_ISDIR(sb.st_mode) && depth < 4) {
			ok = carry_dir(a, b, depth + 1, copied, err, errlen);
		} else if (S_ISREG(sb.st_mode) &&
			   (depth > 0 || parse_name(e->d_name, device, &seq))) {
			bool did;
			ok = copy_file(a, b, true, &did, err, errlen);
			*copied += did;
		}
	}
	closedir(d);
	return ok;
}

bool peers_carry(const char *from, const char *to, int *copied, char *err, size_t errlen)
{
	*copied = 0;
	struct stat sb;
	if (stat(from, &sb) != 0 && errno == ENOENT) {
		return true; /* a stick that never carried anything */
	}
	if (!fileio_mkdirs(to, 0700)) {
		snprintf(err, errlen, "%s: %s", to, strerror(errno));
		return false;
	}
	return carry_dir(from, to, 0, copied, err, errlen);
}

bool peers_is_syncthing_id(const char *id)
{
	if (strlen(id) != 63) {
		return false;
	}
	for (int i = 0; i < 63; i++) {
		if (i % 8 == 7
			    ? id[i] != '-'
			    : !((id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= '2' && id[i] <= '7'))) {
			return false;
		}
	}
	return true;
}

bool peers_pair_request(const char *dir, const char *id, const char *name, const char *address,
			char *err, size_t errlen)
{
	if (!peers_is_syncthing_id(id)) {
		snprintf(err, errlen, "\"%.80s\" is not a Syncthing device id", id);
		return false;
	}
	char requests[PATH_MAX], line[512], file[80];
	snprintf(requests, sizeof(requests), "%s/requests", dir);
	if (!fileio_mkdirs(requests, 0700)) {
		snprintf(err, errlen, "%s: %s", requests, strerror(errno));
		return false;
	}
	/* one line: the id, where to reach it, and the name (the rest of the line) */
	char word[128] = "";
	size_t w = 0;
	for (const char *c = name && *name ? name : id; *c && w + 1 < sizeof(word); c++) {
		word[w++] = (unsigned char)*c < 0x20 ? ' ' : *c;
	}
	word[w] = '\0';
	if (address && (strpbrk(address, " \t\r\n") || strlen(address) > 200)) {
		snprintf(err, errlen, "\"%.80s\" is not an address", address);
		return false;
	}
	int n = snprintf(line, sizeof(line), "%s %s %s\n", id, address ? address : "dynamic", word);
	snprintf(file, sizeof(file), "%s.pair", id);
	char path[PATH_MAX + 96];
	snprintf(path, sizeof(path), "%s/%s", requests, file);
	unlink(path); /* asked again: the newer request */
	fileio_drop_stale_tmp(path);
	if (!fileio_write_buffer(requests, file, line, (size_t)n, err, errlen)) {
		return false;
	}
	chmod(path, SHARED_MODE); /* read by the helper, Syncthing's user */
	return true;
}

bool peers_syncthing_id(const char *dir, char *out, size_t outlen)
{
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/syncthing-id", dir);
	FILE *f = fopen(path, "r");
	if (!f) {
		return false;
	}
	char line[128] = "";
	bool ok = fgets(line, sizeof(line), f) != NULL;
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	ok = ok && peers_is_syncthing_id(line);
	if (ok) {
		snprintf(out, outlen, "%s", line);
	}
	return ok;
}

/* Whether this kiosk has paired with `id`, or asked to. */
static bool paired_with(const char *dir, const char *id)
{
	char path[PATH_MAX + 96];
	snprintf(path, sizeof(path), "%s/requests/%s.pair", dir, id);
	if (access(path, F_OK) == 0) {
		return true;
	}
	snprintf(path, sizeof(path), "%s/paired", dir);
	FILE *f = fopen(path, "r");
	char line[256];
	bool found = false;
	while (f && !found && fgets(line, sizeof(line), f)) {
		found = strncmp(line, id, strlen(id)) == 0 && line[strlen(id)] == ' ';
	}
	if (f) {
		fclose(f);
	}
	return found;
}

bool peers_pair_by_stick(const char *stick_folder, const char *dir, const char *name, int *asked,
			 char *err, size_t errlen)
{
	*asked = 0;
	char own[80];
	if (!peers_syncthing_id(dir, own, sizeof(own))) {
		return true; /* no Syncthing here (yet): nothing to pair */
	}
	char codes[PATH_MAX + 16], path[PATH_MAX + 96];
	snprintf(codes, sizeof(codes), "%s/.pairing", stick_folder);
	if (!fileio_mkdirs(codes, 0700)) {
		snprintf(err, errlen, "%s: %s", codes, strerror(errno));
		return false;
	}
	/* this kiosk's code, its name inside */
	snprintf(path, sizeof(path), "%s/%s", codes, own);
	unlink(path);
	fileio_drop_stale_tmp(path);
	if (!fileio_write_buffer(codes, own, name, strlen(name), err, errlen)) {
		return false;
	}
	DIR *d = opendir(codes);
	if (!d) {
		snprintf(err, errlen, "%s: %s", codes, strerror(errno));
		return false;
	}
	bool ok = true;
	struct dirent *e;
	while (ok && (e = readdir(d))) {
		if (!peers_is_syncthing_id(e->d_name) || strcmp(e->d_name, own) == 0 ||
		    paired_with(dir, e->d_name)) {
			continue;
		}
		char theirs[64] = "";
		snprintf(path, sizeof(path), "%s/%s", codes, e->d_name);
		FILE *f = fopen(path, "r");
		size_t n = f ? fread(theirs, 1, sizeof(theirs) - 1, f) : 0;
		if (f) {
			fclose(f);
		}
		theirs[n] = '\0';
		theirs[strcspn(theirs, "\r\n")] = '\0';
		ok = peers_pair_request(dir, e->d_name, theirs, NULL, err, errlen);
		*asked += ok;
	}
	closedir(d);
	return ok;
}
