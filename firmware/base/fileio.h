/* Durable files: the atomic write that every photo goes through, and the seam where tests
 * inject faults (ENOSPC, EIO, a crash) into the write, fsync and rename calls.
 * Thread-safe; used from the saver thread. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum fileio_op {
	FILEIO_OP_WRITE,
	FILEIO_OP_FSYNC,
	FILEIO_OP_RENAME,
	FILEIO_OP_COMMIT, /* the store's transaction commits */
	FILEIO_OP_LOOP,   /* the kiosk's main loop, once a turn (never traced) */
	FILEIO_OP_COUNT,
};

/* Error value that, injected, ends the process with _exit(99) at that call, as pulled power
 * would: for crash tests run in a child process. */
#define FILEIO_CRASH (-1)
/* Error value that, injected, sends the process SIGKILL at that call: for the crash harness. */
#define FILEIO_KILL (-2)
/* Error value that, injected into fsync, makes that call and every later one return success
 * without syncing: the power-cut test's proof that it notices an unsynced write. */
#define FILEIO_SKIP (-3)
/* Error value that, injected, blocks the calling thread for good at that call: a hung loop,
 * for the watchdog's test. */
#define FILEIO_HANG (-4)
/* Error value that, injected, makes that call wait 60 s and then go ahead: a slow card, so
 * that a test can act while a save is in flight. */
#define FILEIO_SLOW (-5)

/* From now on, the `after`-th next call (0 = the very next) of `op` fails with errno `err`, or
 * does what a special value above says. Every call after that one succeeds again (but after
 * FILEIO_SKIP, which lasts). Tests only. */
void fileio_inject(enum fileio_op op, int err, int after);
void fileio_inject_clear(void);

/* Reads injections from GATHERBOOTH_FAULTS, for tests of the whole program: a comma-separated
 * list of OP=ERR[@AFTER], OP one of write, fsync, rename, commit or loop (the main loop's
 * turns); ERR one of ENOSPC, EIO, EROFS, EDQUOT, crash (_exit(99)), kill (SIGKILL), hang
 * (blocks for good), slow (60 s, then goes ahead) or, for fsync only, skip (no sync from then
 * on). False with `err` set when
 * the variable is malformed. */
bool fileio_inject_from_env(char *err, size_t errlen);

/* The errno injected for this call of `op` (consuming it), or 0. For other modules' seams. */
int fileio_injected(enum fileio_op op);

/* write() all of buf, retrying short writes; false with errno set on failure. */
bool fileio_write_all(int fd, const void *buf, size_t len);
int fileio_fsync(int fd);

/* Writes `dir/name` so that it is either absent or complete, even across a crash: the content
 * goes to `dir/.name.tmp` (O_EXCL, mode 0600), is fsynced, renamed to `name` without replacing
 * an existing file, and the directory is fsynced. `fill` writes the content to the fd it is
 * given and returns false with errno set on failure. On failure the .tmp is removed, errno is
 * kept, and `err` holds a one-line reason naming the file. */
bool fileio_write_atomic(const char *dir, const char *name, bool (*fill)(int fd, void *ctx),
			 void *ctx, char *err, size_t errlen);

/* fileio_write_atomic() that replaces an existing file, atomically: `fill` can also set the
 * new file's mode and owner (a config the kiosk's user reads). */
bool fileio_replace_atomic(const char *dir, const char *name, bool (*fill)(int fd, void *ctx),
			   void *ctx, char *err, size_t errlen);

/* fileio_write_atomic() of `len` bytes at `data`. */
bool fileio_write_buffer(const char *dir, const char *name, const void *data, size_t len, char *err,
			 size_t errlen);

/* fileio_write_buffer() that replaces an existing file, atomically (badges, which are
 * remade when a photo is retaken or withdrawn). */
bool fileio_replace_buffer(const char *dir, const char *name, const void *data, size_t len,
			   char *err, size_t errlen);

/* The same for a path, split into its folder and name at the last '/'. */
bool fileio_write_path(const char *path, const void *data, size_t len, char *err, size_t errlen);

/* mkdir -p with `mode` for the folders it creates; false with errno set on failure. */
bool fileio_mkdirs(const char *path, mode_t mode);

/* Fsyncs a directory; false with errno set on failure. */
bool fileio_fsync_dir(const char *dir);

/* Megabytes free to this user on the filesystem holding `dir`, or -1 if unknown. Tests set
 * GATHERBOOTH_FREE_MB to play a full card. */
long long fileio_free_mb(const char *dir);

/* Whether `name` is one of our temporary names (".*.tmp"). */
bool fileio_is_tmp_name(const char *name);
/* Removes the unfinished copy of `path` (its ".NAME.tmp") a power cut or a kill may have
 * left; only for a name that no one else can be writing at the moment. */
void fileio_drop_stale_tmp(const char *path);

/* A short description of errno for people ("the storage is full"). Static string. */
const char *fileio_describe_errno(int err);
