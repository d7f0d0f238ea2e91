/* Benchmark: a 100,000-attendee roster imported, then names typed a letter at a time as at the
 * kiosk, each keystroke one search. Prints the import time and p50, p99 and worst per keystroke
 * (goal: under 2 ms). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench.h"
#include "check.h"
#include "error.h"
#include "fold.h"
#include "roster.h"
#include "store.h"
#include "store_people.h"

static struct error oe; /* what store_open() said */
static const char *const first[] = {"José",  "Anna",  "Siobhán", "Łukasz", "Maria", "John",
				    "Priya", "Chen",  "Olu",     "Zoë",    "Ngozi", "Mateo",
				    "Aiko",  "Fatma", "Ivan",    "Grace",  "Tomás", "Ines"};
static const char *const last[] = {"García", "Müller",  "O'Brien",  "Sørensen", "Smith",
				   "Nguyen", "Okafor",  "Kowalski", "Rossi",    "Tanaka",
				   "Yılmaz", "Ivanova", "Hopper",   "Ó Briain", "Dubois"};
#define N_FIRST (sizeof(first) / sizeof(first[0]))
#define N_LAST (sizeof(last) / sizeof(last[0]))

int main(void)
{
	char *dir = check_tmpdir(), path[4200], err[512];
	snprintf(path, sizeof(path), "%s/roster.csv", dir);
	FILE *f = fopen(path, "w");
	fprintf(f, "First Name,Last Name,Email,Company,Barcode #\n");
	srand(42);
	for (int i = 0; i < 100000; i++) {
		/* a number in every surname keeps the names varied, as 100,000 real ones are */
		fprintf(f, "%s,%s %c%c%c,p%d@example.org,\"Library %d\",B%06d\n",
			first[rand() % N_FIRST], last[rand() % N_LAST], 'a' + rand() % 26,
			'a' + rand() % 26, 'a' + rand() % 26, i, i % 997, i);
	}
	fclose(f);

	struct store *st = store_open(dir, &oe);
	if (!st) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	struct fold *fold = fold_create();
	struct roster_options opt = {.path = path};
	struct roster_report rep;
	double t0 = bench_now_ms();
	if (roster_import(st, fold, &opt, &rep, stderr) != ERROR_NONE) {
		return 1;
	}
	printf("import of 100,000 rows: %.0f ms (%d added)\n", bench_now_ms() - t0, rep.added);

	/* what people type: names as written, plain ASCII, a typo, badge codes, a miss */
	const char *queries[] = {
		"jose garcia",    "Jose Garcia", "siobhan obrien", "lukasz sorensen",
		"anna muller",    "garica",      "grace hoper",    "B054321",
		"b000007",        "priya",       "ngozi okafor",   "zoe dubois",
		"tomas o briain", "xylophone",   "maria rossi",    "aiko tanaka"};
	int nq = (int)(sizeof(queries) / sizeof(queries[0]));
	double *lat = malloc(sizeof(double) * 4096);
	int n = 0;
	struct search_hit hits[20];
	/* a first search loads what later ones reuse, as at the kiosk after start */
	store_search(st, fold, "warm", hits, 20);
	for (int round = 0; round < 3; round++) {
		for (int q = 0; q < nq; q++) {
			size_t len = strlen(queries[q]);
			char typed[128];
			for (size_t k = 1; k <= len; k++) {
				memcpy(typed, queries[q], k);
				typed[k] = '\0';
				double s = bench_now_ms();
				int got = store_search(st, fold, typed, hits, 20);
				lat[n++] = bench_now_ms() - s;
				if (getenv("BENCH_SLOW") && lat[n - 1] > 1.5) {
					printf("slow: %.2f ms \"%s\" (%d hits)\n", lat[n - 1],
					       typed, got);
				}
				if (got < 0) {
					return 1;
				}
			}
		}
	}
	qsort(lat, (size_t)n, sizeof(double), bench_cmp_double);
	printf("search at 100,000 attendees, %d keystrokes: p50 %.3f ms, p99 %.3f ms, worst %.3f "
	       "ms "
	       "(goal: under 2 ms)%s\n",
	       n, lat[n / 2], lat[n * 99 / 100], lat[n - 1],
	       lat[n * 99 / 100] < 2.0 ? ", met" : ", NOT MET on this run");
	int found = store_search(st, fold, "garica", hits, 20);
	printf("\"garica\" finds %d, first: %s\n", found, found > 0 ? hits[0].person.name : "-");
	free(lat);
	fold_destroy(fold);
	store_close(st);
	return 0;
}
