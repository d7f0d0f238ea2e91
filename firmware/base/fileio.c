#define _GNU_SOURCE
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "i18n.h"

#define LOG_MODULE "fileio"
#include "log.h"

static struct {
	int err;
	int after; /* calls to let through before failing; -1 = off */
} injected[FILEIO_OP_COUNT] = {{0, -1}, {0, -1}, {0, -1}, {0, -1}, {0, -1}};

static pthread_mutex_t inject_lock = PTHREAD_MUTEX_INITIALIZER;

void fileio_inject(enum fileio_op op, int err, int after)
{
	pthread_mutex_lock(&inject_lock);
	injected[op].err = err;
	injected[op].after = after;
	pthread_mutex_unlock(&inject_lock);
}

void fileio_inject_clear(void)
{
	for (int i = 0; i < FILEIO_OP_COUNT; i++) {
		fileio_inject((enum fileio_op)i, 0, -1);
	}
}

bool fileio_inject_from_env(char *err, size_t errlen)
{
	const char *env = getenv("GATHERBOOTH_FAULTS");
	if (!env || !*env) {
		return true;
	}
	static const char *const ops[FILEIO_OP_COUNT] = {"write", "fsync", "rename", "commit",
							 "loop"};
	static const struct {
		const char *name;
		int err;
	} errs[] = {{"ENOSPC", ENOSPC},      {"EIO", EIO},
		    {"EROFS", EROFS},        {"EDQUOT", EDQUOT},
		    {"crash", FILEIO_CRASH}, {"kill", FILEIO_KILL},
		    {"skip", FILEIO_SKIP},   {"hang", FILEIO_HANG},
		    {"slow", FILEIO_SLOW}};
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", env);
	char *save = NULL;
	for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char op[16], name[16];
		int after = 0;
		int n = sscanf(tok, "%15[a-z]=%15[A-Za-z]@%d", op, name, &after);
		int oi = -1, ei = -1;
		for (int i = 0; n >= 2 && i < FILEIO_OP_COUNT; i++) {
			oi = strcmp(ops[i], op) == 0 ? i : oi;
		}
		for (int i = 0; n >= 2 && i < (int)(sizeof(errs) / sizeof(errs[0])); i++) {
			ei = strcmp(errs[i].name, name) == 0 ? i : ei;
		}
		if (oi < 0 || ei < 0 || after < 0 ||
		    (errs[ei].err == FILEIO_SKIP && oi != FILEIO_OP_FSYNC)) {
			snprintf(err, errlen,
				 "GATHERBOOTH_FAULTS: cannot read \"%s\" (OP=ERR[@AFTER])", tok);
			return false;
		}
		fileio_inject((enum fileio_op)oi, errs[ei].err, after);
		LOG_WARN("fault injected: %s fails with %s after %d call(s)", op, name, after);
	}
	return true;
}

/* Returns the errno to fail with, or 0 to go ahead. */
static int should_fail(enum fileio_op op)
{
	int err = 0;
	pthread_mutex_lock(&inject_lock);
	if (injected[op].after == 0) {
		err = injected[op].err;
		if (err != FILEIO_SKIP) {
			injected[op].after = -1;
		}
	} else if (injected[op].after > 0) {
		injected[op].after--;
	}
	pthread_mutex_unlock(&inject_lock);
	if (log_tracing() && op != FILEIO_OP_LOOP) {
		static const char *const names[FILEIO_OP_COUNT] = {"write", "fsync", "rename",
								   "commit", "loop"};
		log_trace("op %s", names[op]);
	}
	if (err == FILEIO_HANG) {
		LOG_WARN("fault injected: this thread hangs here for good");
		for (;;) {
			pause();
		}
	}
	if (err == FILEIO_SLOW) {
		LOG_WARN("fault injected: this call waits 60 s");
		sleep(60);
		return 0;
	}
	if (err == FILEIO_CRASH) {
		_exit(99);
	}
	if (err == FILEIO_KILL) {
		raise(SIGKILL);
	}
	return err;
}

int fileio_injected(enum fileio_op op)
{
	return should_fail(op);
}

bool fileio_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		int err = should_fail(FILEIO_OP_WRITE);
		if (err) {
			errno = err;
			return false;
		}
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			return false;
		}
		p += n;
		len -= (size_t)n;
	}
	return true;
}

int fileio_fsync(int fd)
{
	int err = should_fail(FILEIO_OP_FSYNC);
	if (err == FILEIO_SKIP) {
		return 0;
	}
	if (err) {
		errno = err;
		return -1;
	}
	return fsync(fd);
}

static int rename_noreplace(const char *from, const char *to)
{
	int err = should_fail(FILEIO_OP_RENAME);
	if (err) {
		errno = err;
		return -1;
	}
	if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) {
		return 0;
	}
	if (errno != EINVAL && errno != ENOSYS) {
		return -1;
	}
	/* Filesystems without RENAME_NOREPLACE (vfat): check, then rename. Only the saver
	 * writes here, so nothing races the check. */
	struct stat st;
	if (lstat(to, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	return rename(from, to);
}

static int rename_replace(const char *from, const char *to)
{
	int err = should_fail(FILEIO_OP_RENAME);
	if (err) {
		errno = err;
		return -1;
	}
	return rename(from, to);
}

bool fileio_fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		return false;
	}
	int rc = fileio_fsync(fd);
	int saved = errno;
	close(fd);
	errno = saved;
	/* Some filesystems (vfat through some drivers) refuse fsync on directories. */
	return rc == 0 || errno == EINVAL;
}

static bool write_atomic(const char *dir, const char *name, bool (*fill)(int fd, void *ctx),
			 void *ctx, bool replace, char *err, size_t errlen);

bool fileio_write_atomic(const char *dir, const char *name, bool (*fill)(int fd, void *ctx),
			 void *ctx, char *err, size_t errlen)
{
	return write_atomic(dir, name, fill, ctx, false, err, errlen);
}

bool fileio_replace_atomic(const char *dir, const char *name, bool (*fill)(int fd, void *ctx),
			   void *ctx, char *err, size_t errlen)
{
	return write_atomic(dir, name, fill, ctx, true, err, errlen);
}

static bool write_atomic(const char *dir, const char *name, bool (*fill)(int fd, void *ctx),
			 void *ctx, bool replace, char *err, size_t errlen)
{
	char tmp[PATH_MAX], final[PATH_MAX];
	if (snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name) >= (int)sizeof(tmp) ||
	    snprintf(final, sizeof(final), "%s/%s", dir, name) >= (int)sizeof(final)) {
		snprintf(err, errlen, "%s/%s: path too long", dir, name);
		errno = ENAMETOOLONG;
		return false;
	}

	const char *step = "create";
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		goto err_open;
	}
	step = "write";
	if (!fill(fd, ctx)) {
		goto err_tmp;
	}
	step = "sync";
	if (fileio_fsync(fd) != 0) {
		goto err_tmp;
	}
	step = "close";
	if (close(fd) != 0) {
		fd = -1;
		goto err_tmp;
	}
	fd = -1;
	step = "rename";
	if (replace ? rename_replace(tmp, final) != 0 : rename_noreplace(tmp, final) != 0) {
		goto err_tmp;
	}
	if (!fileio_fsync_dir(dir)) {
		/* The file is in place and complete; only its directory entry might not survive
		 * a power cut. Start-up reconciliation covers that, so report and go on. */
		LOG_WARN("%s: sync of folder failed: %s", dir, strerror(errno));
	}
	return true;

err_tmp:;
	int saved = errno;
	if (fd >= 0) {
		close(fd);
	}
	unlink(tmp);
	errno = saved;
err_open:
	saved = errno;
	snprintf(err, errlen, "%s: %s failed: %s", final, step, strerror(saved));
	errno = saved;
	return false;
}

struct buffer {
	const void *data;
	size_t len;
};

static bool fill_buffer(int fd, void *ctx)
{
	const struct buffer *b = ctx;
	return fileio_write_all(fd, b->data, b->len);
}

bool fileio_write_buffer(const char *dir, const char *name, const void *data, size_t len, char *err,
			 size_t errlen)
{
	struct buffer b = {data, len};
	return fileio_write_atomic(dir, name, fill_buffer, &b, err, errlen);
}

bool fileio_replace_buffer(const char *dir, const char *name, const void *data, size_t len,
			   char *err, size_t errlen)
{
	struct buffer b = {data, len};
	return write_atomic(dir, name, fill_buffer, &b, true, err, errlen);
}

bool fileio_write_path(const char *path, const void *data, size_t len, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	const char *name = slash ? slash + 1 : path;
	if (!*name) {
		snprintf(err, errlen, "%s: not a file name", path);
		errno = EINVAL;
		return false;
	}
	if (!slash) {
		snprintf(dir, sizeof(dir), ".");
	} else if (slash == path) {
		snprintf(dir, sizeof(dir), "/");
	} else if ((size_t)(slash - path) >= sizeof(dir)) {
		snprintf(err, errlen, "%s: path too long", path);
		errno = ENAMETOOLONG;
		return false;
	} else {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	}
	return fileio_write_buffer(dir, name, data, len, err, errlen);
}

bool fileio_mkdirs(const char *path, mode_t mode)
{
	char buf[PATH_MAX];
	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		errno = ENAMETOOLONG;
		return false;
	}
	for (char *p = buf + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(buf, mode) != 0 && errno != EEXIST) {
				return false;
			}
			*p = c;
			if (c == '\0') {
				break;
			}
		}
	}
	struct stat st;
	if (stat(buf, &st) != 0) {
		return false;
	}
	if (!S_ISDIR(st.st_mode)) {
		errno = ENOTDIR;
		return false;
	}
	return true;
}

long long fileio_free_mb(const char *dir)
{
	const char *fake = getenv("GATHERBOOTH_FREE_MB");
	if (fake && *fake) {
		return atoll(fake);
	}
	struct statvfs vfs;
	if (statvfs(dir, &vfs) != 0) {
		return -1;
	}
	return (long long)((unsigned long long)vfs.f_bavail * vfs.f_frsize / 1000000);
}

bool fileio_is_tmp_name(const char *name)
{
	size_t n = strlen(name);
	return n > 5 && name[0] == '.' && strcmp(name + n - 4, ".tmp") == 0;
}

void fileio_drop_stale_tmp(const char *path)
{
	char tmp[PATH_MAX * 2];
	const char *slash = strrchr(path, '/');
	snprintf(tmp, sizeof(tmp), "%.*s.%s.tmp", slash ? (int)(slash - path + 1) : 0, path,
		 slash ? slash + 1 : path);
	unlink(tmp);
}

const char *fileio_describe_errno(int err)
{
	switch (err) {
	case ENOSPC:
	case EDQUOT:
		return N_("the storage is full");
	case EROFS:
		return N_("the storage is read-only");
	case EACCES:
	case EPERM:
		return N_("the storage refuses writes (permissions)");
	case EIO:
		return N_("the storage reported a hardware error");
	default:
		return N_("the storage failed");
	}
}
