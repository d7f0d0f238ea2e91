/* The peers worker (peers.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "fold.h"
#include "parallel.h"
#include "peers.h"
#include "store.h"
#include "store_sync.h"
#include "xalloc.h"

#define LOG_MODULE "peers"
#include "log.h"

#define POLL_MS 1000

struct peers_worker {
	char data_dir[PATH_MAX], folder[PATH_MAX], name[64], syncthing_dir[PATH_MAX];
	struct peers_listener listener;
	struct store *store;
	struct fold *fold;
	struct peers p;
	struct peers_status status;
	char carry[PATH_MAX]; /* a stick to carry to, "" when none */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool woken, stopping;
};

static void report(struct peers_worker *pw, bool changed)
{
	if (changed && pw->listener.status) {
		pw->listener.status(pw->listener.data, &pw->status);
	}
}

static void round_once(struct peers_worker *pw, const char *carry)
{
	char err[PATH_MAX * 2 + 256] = "";
	struct peers_report r = {0};
	bool ok = true;
	int in = 0, out = 0;
	if (carry[0]) {
		ok = peers_carry(carry, pw->folder, &in, err, sizeof(err));
	}
	ok = ok && peers_round(&pw->p, &r, err, sizeof(err));
	if (ok && carry[0]) {
		ok = peers_carry(pw->folder, carry, &out, err, sizeof(err));
		/* on the stick for good before staff are told they may pull it */
		int fd = ok ? open(carry, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
		if (fd >= 0) {
			if (syncfs(fd) != 0) {
				snprintf(err, sizeof(err), "%s: %s", carry, strerror(errno));
				ok = false;
			}
			close(fd);
		}
		if (ok) {
			LOG_INFO("carried %d file(s) in from a stick and %d out to it", in, out);
		}
		int asked = 0;
		if (ok && pw->syncthing_dir[0]) {
			ok = peers_pair_by_stick(carry, pw->syncthing_dir, pw->name, &asked, err,
						 sizeof(err));
		}
		if (asked) {
			LOG_INFO("asked to pair with %d kiosk(s) whose codes a stick carried",
				 asked);
		}
	}
	struct peers_status before = pw->status;
	pw->status.ok = ok;
	snprintf(pw->status.problem, sizeof(pw->status.problem), "%s", ok ? "" : err);
	pw->status.waiting = r.waiting;
	pw->status.applied += r.applied;
	pw->status.refused += r.refused;
	pw->status.sent += r.sent;
	pw->status.carried = carry[0] ? (ok ? 1 : -1) : 0;
	pw->status.carried_in = in;
	pw->status.carried_out = out;
	if (!ok && strcmp(before.problem, pw->status.problem) != 0) {
		LOG_WARN("%s", err);
	}
	report(pw, memcmp(&before, &pw->status, sizeof(before)) != 0 || carry[0] || r.removed);
	pw->status.carried = 0; /* told once */
}

static void *thread_main(void *arg)
{
	struct peers_worker *pw = arg;
	parallel_background();
	if (!store_sync_set_name(pw->store, pw->name)) {
		LOG_WARN("%s: the kiosk's name is not recorded: %s", pw->data_dir,
			 store_errmsg(pw->store));
	}
	pthread_mutex_lock(&pw->lock);
	for (;;) {
		bool last = pw->stopping;
		char carry[PATH_MAX];
		snprintf(carry, sizeof(carry), "%s", pw->carry);
		pw->carry[0] = '\0';
		pw->woken = false;
		pthread_mutex_unlock(&pw->lock);
		round_once(pw, carry);
		pthread_mutex_lock(&pw->lock);
		if (last) {
			break;
		}
		if (pw->woken || pw->stopping || pw->carry[0]) {
			continue;
		}
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += POLL_MS % 1000 * 1000000L;
		until.tv_sec += POLL_MS / 1000 + until.tv_nsec / 1000000000L;
		until.tv_nsec %= 1000000000L;
		while (!pw->woken && !pw->stopping && !pw->carry[0] &&
		       pthread_cond_timedwait(&pw->wake, &pw->lock, &until) != ETIMEDOUT) {
		}
	}
	pthread_mutex_unlock(&pw->lock);
	return NULL;
}

struct peers_worker *peers_worker_create(const char *data_dir, const char *folder, const char *name,
					 const char *syncthing_dir,
					 const struct peers_listener *listener, char *err,
					 size_t errlen)
{
	struct peers_worker *pw = xcalloc(1, sizeof(*pw));
	snprintf(pw->data_dir, sizeof(pw->data_dir), "%s", data_dir);
	snprintf(pw->folder, sizeof(pw->folder), "%s", folder);
	snprintf(pw->name, sizeof(pw->name), "%s", name);
	snprintf(pw->syncthing_dir, sizeof(pw->syncthing_dir), "%s", syncthing_dir);
	pw->listener = *listener;
	struct error e;
	pw->store = store_open(data_dir, &e);
	if (!pw->store) {
		snprintf(err, errlen, "%s", e.message);
		free(pw);
		return NULL;
	}
	pw->fold = fold_create();
	pw->p = (struct peers){
		.data_dir = pw->data_dir,
		.folder = pw->folder,
		.store = pw->store,
		.fold = pw->fold,
	};
	pw->status.ok = true;
	pthread_mutex_init(&pw->lock, NULL);
	pthread_cond_init(&pw->wake, NULL);
	int rc = pthread_create(&pw->thread, NULL, thread_main, pw);
	if (rc) {
		snprintf(err, errlen, "peers worker: %s", strerror(rc));
		pw->thread = 0;
		peers_worker_destroy(pw);
		return NULL;
	}
	return pw;
}

void peers_worker_destroy(struct peers_worker *pw)
{
	if (!pw) {
		return;
	}
	if (pw->thread) {
		pthread_mutex_lock(&pw->lock);
		pw->stopping = true;
		pthread_cond_signal(&pw->wake);
		pthread_mutex_unlock(&pw->lock);
		pthread_join(pw->thread, NULL);
	}
	pthread_mutex_destroy(&pw->lock);
	pthread_cond_destroy(&pw->wake);
	fold_destroy(pw->fold);
	store_close(pw->store);
	free(pw);
}

void peers_worker_wake(struct peers_worker *pw)
{
	if (!pw) {
		return;
	}
	pthread_mutex_lock(&pw->lock);
	pw->woken = true;
	pthread_cond_signal(&pw->wake);
	pthread_mutex_unlock(&pw->lock);
}

void peers_worker_carry(struct peers_worker *pw, const char *stick_folder)
{
	if (!pw) {
		return;
	}
	pthread_mutex_lock(&pw->lock);
	snprintf(pw->carry, sizeof(pw->carry), "%s", stick_folder);
	pthread_cond_signal(&pw->wake);
	pthread_mutex_unlock(&pw->lock);
}
