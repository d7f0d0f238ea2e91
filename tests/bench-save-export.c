/* A guest's save while an export of the whole day runs: the save has a worker of its own, so
 * it takes about as long as on an idle booth. Prints both latencies (median of 3) and whether
 * the export was still running when each save finished. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"
#include "check.h"
#include "layout.h"
#include "saver.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int saved, save_failures;
static atomic_int export_started, export_done;

static void on_saved(void *data, const struct saver_result *r)
{
	(void)data;
	pthread_mutex_lock(&lock);
	saved++;
	save_failures += !r->ok;
	pthread_cond_broadcast(&changed);
	pthread_mutex_unlock(&lock);
}

static void on_progress(void *data, int done, int total)
{
	(void)data;
	(void)total;
	if (done > 0) {
		atomic_store(&export_started, 1);
	}
}

static void on_exported(void *data, bool ok, const char *message)
{
	(void)data;
	if (!ok) {
		fprintf(stderr, "export: %s\n", message);
	}
	atomic_store(&export_done, 1);
}

static struct shotset *shots(int n, int w, int h)
{
	struct shotset *s = shotset_create();
	for (int i = 0; i < n; i++) {
		s->shots[i] = image_create(w, h);
		image_fill_rect(s->shots[i], 0, 0, w, h, 0x305070u * (uint32_t)(i + 1));
		image_fill_rect(s->shots[i], w / 4, h / 4, w / 2, h / 2, 0xf2a900);
	}
	s->count = n;
	return s;
}

/* Saves one session and returns how long until the saver said it was done, in ms. */
static double timed_save(struct saver *sv, const struct layout *l, struct shotset *s, bool *during)
{
	pthread_mutex_lock(&lock);
	int before = saved;
	pthread_mutex_unlock(&lock);
	double t0 = bench_now_ms();
	saver_save(sv, &(struct saver_session){.session = 1, .layout = l, .shots = s});
	pthread_mutex_lock(&lock);
	while (saved == before) {
		pthread_cond_wait(&changed, &lock);
	}
	pthread_mutex_unlock(&lock);
	double ms = bench_now_ms() - t0;
	if (during) {
		*during = !atomic_load(&export_done);
	}
	return ms;
}

int main(void)
{
	char *data = check_tmpdir(), *out = check_tmpdir(), err[512], dir[4200];
	snprintf(dir, sizeof(dir), "%s/assets/layouts", getenv("SRCDIR"));
	struct layout strip, grid;
	if (!layout_load(dir, "strip4", &strip, err, sizeof(err)) ||
	    !layout_load(dir, "grid2x2", &grid, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	struct saver_listener sl = {
		.saved = on_saved, .export_progress = on_progress, .exported = on_exported};
	struct saver *sv = saver_create(data, NULL, NULL, &sl, err, sizeof(err));
	if (!sv) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	/* a day at the door: 500 sessions of 4 shots, 2,500 photos with the grids */
	const int day = atoi(getenv("BENCH_SESSIONS") ? getenv("BENCH_SESSIONS") : "500");
	double t0 = bench_now_ms();
	struct shotset *small = shots(4, 160, 90);
	for (int i = 0; i < day; i++) {
		saver_save(sv,
			   &(struct saver_session){.session = 1, .layout = &grid, .shots = small});
	}
	saver_wait_idle(sv);
	shotset_unref(small);
	printf("the day: %d sessions, %d photos saved in %.1f s\n", day, day * 5,
	       (bench_now_ms() - t0) / 1000);

	struct shotset *guest = shots(4, 1920, 1080);
	double idle[3], busy[3];
	for (int i = 0; i < 3; i++) {
		idle[i] = timed_save(sv, &strip, guest, NULL);
	}
	saver_export(sv, out);
	while (!atomic_load(&export_started) && !atomic_load(&export_done)) {
		struct timespec ts = {0, 1000000};
		nanosleep(&ts, NULL);
	}
	double t_export = bench_now_ms();
	int overlapped = 0;
	for (int i = 0; i < 3; i++) {
		bool during = false;
		busy[i] = timed_save(sv, &strip, guest, &during);
		overlapped += during;
	}
	saver_wait_idle(sv);
	double export_s = (bench_now_ms() - t_export) / 1000;
	shotset_unref(guest);
	saver_destroy(sv);

	double idle_ms = bench_quantile(idle, 3, 0.5), busy_ms = bench_quantile(busy, 3, 0.5);
	printf("a guest's 4-shot 1920x1080 strip save, median of 3:\n");
	printf("  idle booth:              %7.1f ms\n", idle_ms);
	printf("  while exporting the day: %7.1f ms (%d of 3 finished before the export, which "
	       "took %.1f s)\n",
	       busy_ms, overlapped, export_s);
	printf("  ratio: %.2fx\n", busy_ms / idle_ms);
	if (save_failures) {
		fprintf(stderr, "%d saves failed\n", save_failures);
		return 1;
	}
	/* the point of the second worker: the saves did not wait for the export to end */
	if (overlapped == 0) {
		fprintf(stderr, "every save waited for the export to finish\n");
		return 1;
	}
	return 0;
}
