/* The atomic write: faults at every step leave either nothing or the whole file, never a
 * partial one under the final name; a crash before the rename leaves only a .tmp that the
 * start-up reconciliation removes. */
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "error.h"
#include "fileio.h"
#include "reconcile.h"
#include "store.h"

static struct error oe; /* what store_open() said */
static const char payload[] = "a complete photo, every byte of it";

static bool fill(int fd, void *ctx)
{
	(void)ctx;
	return fileio_write_all(fd, payload, sizeof(payload));
}

static int count_entries(const char *dir, bool tmp_only)
{
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.' &&
		    (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2]))) {
			continue;
		}
		n += !tmp_only || fileio_is_tmp_name(e->d_name);
	}
	if (d) {
		closedir(d);
	}
	return n;
}

static bool whole(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		return false;
	}
	char buf[128];
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return n == sizeof(payload) && memcmp(buf, payload, n) == 0;
}

static void test_success(const char *dir)
{
	char err[512], path[4200];
	CHECK(fileio_write_atomic(dir, "a.png", fill, NULL, err, sizeof(err)));
	snprintf(path, sizeof(path), "%s/a.png", dir);
	CHECK(whole(path));
	struct stat st;
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK_INT(count_entries(dir, true), 0);
	/* never overwritten */
	CHECK(!fileio_write_atomic(dir, "a.png", fill, NULL, err, sizeof(err)));
	CHECK_INT(errno, EEXIST);
	CHECK(strstr(err, "a.png") != NULL);
	CHECK(whole(path));
	CHECK_INT(count_entries(dir, true), 0);
	unlink(path);
}

static void test_faults(const char *dir)
{
	static const struct {
		enum fileio_op op;
		int err;
		const char *step;
	} faults[] = {
		{FILEIO_OP_WRITE, ENOSPC, "write failed"},
		{FILEIO_OP_WRITE, EIO, "write failed"},
		{FILEIO_OP_FSYNC, EIO, "sync failed"},
		{FILEIO_OP_FSYNC, ENOSPC, "sync failed"},
		{FILEIO_OP_RENAME, EIO, "rename failed"},
		{FILEIO_OP_RENAME, ENOSPC, "rename failed"},
	};
	for (size_t i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		char err[512];
		fileio_inject(faults[i].op, faults[i].err, 0);
		CHECK(!fileio_write_atomic(dir, "b.png", fill, NULL, err, sizeof(err)));
		CHECK_INT(errno, faults[i].err);
		CHECK(strstr(err, faults[i].step) != NULL);
		CHECK(strstr(err, strerror(faults[i].err)) != NULL);
		CHECK_INT(count_entries(dir, false), 0); /* nothing visible, no .tmp left */
		/* the fault goes: the next write works */
		CHECK(fileio_write_atomic(dir, "b.png", fill, NULL, err, sizeof(err)));
		char path[4200];
		snprintf(path, sizeof(path), "%s/b.png", dir);
		CHECK(whole(path));
		unlink(path);
	}
	/* after = 2: the third write fails, the first two go through */
	fileio_inject(FILEIO_OP_WRITE, ENOSPC, 2);
	char err[512];
	CHECK(fileio_write_atomic(dir, "c1", fill, NULL, err, sizeof(err)));
	CHECK(fileio_write_atomic(dir, "c2", fill, NULL, err, sizeof(err)));
	CHECK(!fileio_write_atomic(dir, "c3", fill, NULL, err, sizeof(err)));
	CHECK_INT(count_entries(dir, false), 2);
	fileio_inject_clear();
}

static void test_crash(const char *data)
{
	char dir[4200], err[512];
	snprintf(dir, sizeof(dir), "%s/photos/2026-01-01", data);
	CHECK(fileio_mkdirs(dir, 0700));
	/* pulled power between the write and the rename: the child dies there */
	pid_t pid = fork();
	if (pid == 0) {
		fileio_inject(FILEIO_OP_RENAME, FILEIO_CRASH, 0);
		fileio_write_atomic(dir, "120000-deadbeef-shot1-booth.png", fill, NULL, err,
				    sizeof(err));
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 99);
	char path[4300];
	snprintf(path, sizeof(path), "%s/120000-deadbeef-shot1-booth.png", dir);
	CHECK(access(path, F_OK) != 0); /* nothing under the final name */
	CHECK_INT(count_entries(dir, true), 1);

	/* the next start cleans up */
	struct store *st = store_open(data, &oe);
	CHECK(st != NULL);
	struct reconcile_report r;
	CHECK(reconcile_run(data, st, &r, err, sizeof(err)));
	CHECK_INT(r.tmp_removed, 1);
	CHECK_INT(r.adopted, 0);
	CHECK_INT(count_entries(dir, false), 0);
	store_close(st);
}

static void test_env(void)
{
	char err[256];
	setenv("GATHERBOOTH_FAULTS", "write=ENOSPC@1,rename=EIO", 1);
	CHECK(fileio_inject_from_env(err, sizeof(err)));
	fileio_inject_clear();
	setenv("GATHERBOOTH_FAULTS", "write=ENOPE", 1);
	CHECK(!fileio_inject_from_env(err, sizeof(err)));
	CHECK(strstr(err, "GATHERBOOTH_FAULTS") != NULL);
	/* skip is for fsync alone, and lasts: every later fsync "succeeds" */
	setenv("GATHERBOOTH_FAULTS", "write=skip", 1);
	CHECK(!fileio_inject_from_env(err, sizeof(err)));
	setenv("GATHERBOOTH_FAULTS", "fsync=skip@1", 1);
	CHECK(fileio_inject_from_env(err, sizeof(err)));
	CHECK_INT(fileio_fsync(-1), -1); /* the first still syncs, and fails on a bad fd */
	for (int i = 0; i < 3; i++) {
		CHECK_INT(fileio_fsync(-1), 0);
	}
	fileio_inject_clear();
	CHECK_INT(fileio_fsync(-1), -1);
	unsetenv("GATHERBOOTH_FAULTS");
}

int main(void)
{
	char *dir = check_tmpdir();
	test_success(dir);
	test_faults(dir);
	char *data = check_tmpdir();
	test_crash(data);
	test_env();
	CHECK(fileio_is_tmp_name(".x.png.tmp"));
	CHECK(!fileio_is_tmp_name("x.png"));
	CHECK(!fileio_is_tmp_name(".tmp"));
	return check_exit("fileio");
}
