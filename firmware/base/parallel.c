#define _GNU_SOURCE
#include "parallel.h"

#include <pthread.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <unistd.h>

#define MAX_THREADS 8

struct job {
	void (*fn)(void *ctx, int i);
	void *ctx;
	int n;
	atomic_int next;
};

static void *worker(void *arg)
{
	struct job *j = arg;
	for (int i; (i = atomic_fetch_add(&j->next, 1)) < j->n;) {
		j->fn(j->ctx, i);
	}
	return NULL;
}

void parallel_for(int n, void (*fn)(void *ctx, int i), void *ctx)
{
	struct job j = {.fn = fn, .ctx = ctx, .n = n};
	atomic_init(&j.next, 0);
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int threads = (int)(cores < 1 ? 1 : cores > MAX_THREADS ? MAX_THREADS : cores);
	if (threads > n) {
		threads = n;
	}
	pthread_t tid[MAX_THREADS];
	int started = 0;
	for (int t = 1; t < threads; t++) {
		if (pthread_create(&tid[started], NULL, worker, &j) == 0) {
			started++;
		}
	}
	worker(&j); /* the caller works too */
	for (int t = 0; t < started; t++) {
		pthread_join(tid[t], NULL);
	}
}

void parallel_background(void)
{
	/* Linux keeps a nice value per thread: this one's, inherited by those it starts */
	setpriority(PRIO_PROCESS, (id_t)gettid(), 10);
}
