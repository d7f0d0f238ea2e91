/*
 * Reads and replays a device-mapper log-writes log (the kernel's
 * Documentation/admin-guide/device-mapper/log-writes.rst): the power-cut test's view of
 * what reached the card, in the order it reached it.
 *
 *   write-log list LOG               one line per flush and mark: "flush I" or "mark I NAME",
 *                                    then "entries N"
 *   write-log apply LOG IMAGE FROM TO
 *                                    writes entries FROM to TO-1 onto IMAGE (a copy of the
 *                                    device as it was when logging began), so that IMAGE is
 *                                    the device as a power cut after entry TO-1 leaves it
 *
 * The log: a superblock in its first sector (magic, version, entry count, sector size), then
 * the entries, each one sector of header (sector, sector count, flags, data length; a mark's
 * name follows the header in the same sector) and, but for flushes, marks and discards, its
 * data in the sectors after it. All fields are little-endian.
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LOG_MAGIC 0x6a736677736872ULL
#define LOG_VERSION 1
#define FLAG_FLUSH (1u << 0)
#define FLAG_FUA (1u << 1)
#define FLAG_DISCARD (1u << 2)
#define FLAG_MARK (1u << 3)

struct entry {
	uint64_t sector, nr_sectors, flags, data_len;
	char mark[64];
};

struct log {
	int fd;
	const char *path;
	uint64_t entries;
	uint32_t sectorsize;
	off_t next; /* byte offset of the next entry's header */
};

static void die(const char *what, const char *path)
{
	fprintf(stderr, "write-log: %s: %s%s%s\n", path, what, errno ? ": " : "",
		errno ? strerror(errno) : "");
	exit(2);
}

static void read_at(const struct log *log, void *buf, size_t len, off_t at)
{
	errno = 0;
	if (pread(log->fd, buf, len, at) != (ssize_t)len) {
		die("cut short", log->path);
	}
}

static void open_log(struct log *log, const char *path)
{
	log->path = path;
	log->fd = open(path, O_RDONLY);
	if (log->fd < 0) {
		die("cannot open", path);
	}
	uint64_t super[3];
	uint32_t sectorsize;
	read_at(log, super, sizeof(super), 0);
	read_at(log, &sectorsize, sizeof(sectorsize), sizeof(super));
	errno = 0;
	if (le64toh(super[0]) != LOG_MAGIC || le64toh(super[1]) != LOG_VERSION) {
		die("not a log-writes log (magic or version)", path);
	}
	log->entries = le64toh(super[2]);
	log->sectorsize = le32toh(sectorsize);
	if (log->sectorsize < 512 || log->sectorsize > 65536 ||
	    (log->sectorsize & (log->sectorsize - 1))) {
		die("sector size out of range", path);
	}
	log->next = log->sectorsize;
}

/* Reads the next entry's header; returns the byte offset of its data. */
static off_t next_entry(struct log *log, struct entry *e)
{
	char *sector = malloc(log->sectorsize);
	if (!sector) {
		die("out of memory", log->path);
	}
	read_at(log, sector, log->sectorsize, log->next);
	uint64_t f[4];
	memcpy(f, sector, sizeof(f));
	e->sector = le64toh(f[0]);
	e->nr_sectors = le64toh(f[1]);
	e->flags = le64toh(f[2]);
	e->data_len = le64toh(f[3]);
	e->mark[0] = 0;
	if (e->flags & FLAG_MARK) {
		size_t n = e->data_len < sizeof(e->mark) - 1 ? e->data_len : sizeof(e->mark) - 1;
		memcpy(e->mark, sector + sizeof(f), n);
		e->mark[n] = 0;
	}
	free(sector);
	off_t data = log->next + log->sectorsize;
	log->next = data;
	if (!(e->flags & (FLAG_DISCARD | FLAG_MARK))) {
		log->next += (off_t)(e->nr_sectors * log->sectorsize);
	}
	return data;
}

static int list(const char *path)
{
	struct log log;
	open_log(&log, path);
	for (uint64_t i = 0; i < log.entries; i++) {
		struct entry e;
		next_entry(&log, &e);
		if (e.flags & FLAG_MARK) {
			printf("mark %" PRIu64 " %s\n", i, e.mark);
		} else if (e.flags & FLAG_FLUSH) {
			printf("flush %" PRIu64 "\n", i);
		}
	}
	printf("entries %" PRIu64 "\n", log.entries);
	return 0;
}

static int apply(const char *path, const char *image, uint64_t from, uint64_t to)
{
	struct log log;
	open_log(&log, path);
	if (to > log.entries || from > to) {
		errno = 0;
		die("entry range out of the log", path);
	}
	int out = open(image, O_WRONLY);
	if (out < 0) {
		die("cannot open", image);
	}
	size_t cap = 1 << 20;
	char *buf = malloc(cap);
	if (!buf) {
		die("out of memory", path);
	}
	for (uint64_t i = 0; i < to; i++) {
		struct entry e;
		off_t data = next_entry(&log, &e);
		if (i < from || (e.flags & FLAG_MARK) || e.nr_sectors == 0) {
			continue;
		}
		size_t len = (size_t)(e.nr_sectors * log.sectorsize);
		if (len > cap) {
			cap = len;
			buf = realloc(buf, cap);
			if (!buf) {
				die("out of memory", path);
			}
		}
		if (e.flags & FLAG_DISCARD) {
			memset(buf, 0, len); /* what a discarded range reads as, at worst */
		} else {
			read_at(&log, buf, len, data);
		}
		errno = 0;
		if (pwrite(out, buf, len, (off_t)(e.sector * log.sectorsize)) != (ssize_t)len) {
			die("cannot write", image);
		}
	}
	free(buf);
	if (fsync(out) != 0 || close(out) != 0) {
		die("cannot write", image);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "list") == 0) {
		return list(argv[2]);
	}
	if (argc == 6 && strcmp(argv[1], "apply") == 0) {
		return apply(argv[2], argv[3], strtoull(argv[4], NULL, 10),
			     strtoull(argv[5], NULL, 10));
	}
	fprintf(stderr, "usage: write-log list LOG | write-log apply LOG IMAGE FROM TO\n");
	return 2;
}
