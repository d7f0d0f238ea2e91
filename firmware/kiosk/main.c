/* gatherbooth: one binary, several commands. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "build-config.h"
#include "check.h"
#include "export.h"
#include "fileio.h"
#include "fold.h"
#include "glyphs.h"
#include "i18n.h"
#include "layout.h"
#include "parallel.h"
#include "photo.h"
#include "pin.h"
#include "pngimage.h"
#include "roster.h"
#include "store.h"
#include "store_people.h"
#include "timefmt.h"
#include "xalloc.h"

static const char usage[] =
	"Usage:\n"
	"  gatherbooth run     [--config F] [--data DIR] [--demo] [--headless] [--script F]\n"
	"                      [--screenshots DIR]\n"
	"  gatherbooth stats   [--config F] [--data DIR] [--json]\n"
	"  gatherbooth export  [--config F] [--data DIR] OUTDIR\n"
	"  gatherbooth check   [--config F] [--data DIR] [--no-wait]   (on-device self-test)\n"
	"  gatherbooth hash-pin   (reads a 4 to 8 digit staff PIN; prints the config line)\n"
	"  gatherbooth set-clock [--data DIR] [--dry-run]   (as root: applies the staff screen's\n"
	"                      request to set the clock)\n"
	"  gatherbooth compose [--config F] --layout NAME -o OUT.png IN.png...\n"
	"  gatherbooth --help | --version\n"
	"\n"
	"The data folder comes from --data, else GATHERBOOTH_DATA, else the config file\n"
	"(/etc/gatherbooth/gatherbooth.conf, or GATHERBOOTH_CONFIG).\n"
	"Exit status: 0 success, 1 runtime failure, 2 bad usage or input, 3 a script's\n"
	"expectation failed.\n";

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "gatherbooth: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see gatherbooth --help)\n");
	return APP_EXIT_BAD_INPUT;
}

enum {
	OPT_CONFIG = 1000,
	OPT_DATA,
	OPT_DEMO,
	OPT_HEADLESS,
	OPT_SCRIPT,
	OPT_SCREENSHOTS,
	OPT_JSON,
	OPT_LAYOUT,
	OPT_MAP,
	OPT_DRY_RUN,
	OPT_SKIP_BAD,
	OPT_CODE,
	OPT_ID,
	OPT_NO_WAIT,
};

static const struct option long_options[] = {
	{"config", required_argument, NULL, OPT_CONFIG},
	{"data", required_argument, NULL, OPT_DATA},
	{"demo", no_argument, NULL, OPT_DEMO},
	{"headless", no_argument, NULL, OPT_HEADLESS},
	{"script", required_argument, NULL, OPT_SCRIPT},
	{"screenshots", required_argument, NULL, OPT_SCREENSHOTS},
	{"json", no_argument, NULL, OPT_JSON},
	{"layout", required_argument, NULL, OPT_LAYOUT},
	{"map", required_argument, NULL, OPT_MAP},
	{"dry-run", no_argument, NULL, OPT_DRY_RUN},
	{"skip-bad", no_argument, NULL, OPT_SKIP_BAD},
	{"code", required_argument, NULL, OPT_CODE},
	{"id", required_argument, NULL, OPT_ID},
	{"no-wait", no_argument, NULL, OPT_NO_WAIT},
	{"output", required_argument, NULL, 'o'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

struct args {
	struct app_options app;
	bool json;
	const char *layout;
	const char *output;
	const char *maps[64];
	int map_count;
	bool dry_run, skip_bad;
	const char *code, *id;
	bool no_wait;
	int first_operand;
};

/* Parses options valid for `cmd` (a list of the OPT_ values it takes). */
static int parse(int argc, char **argv, const char *cmd, const int *allowed, struct args *a)
{
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, "o:h", long_options, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage, stdout);
			exit(0);
		}
		if (c == '?') {
			return bad_usage("unknown or incomplete option \"%s\"", argv[optind - 1]);
		}
		bool ok = false;
		for (const int *p = allowed; *p; p++) {
			ok = ok || *p == c;
		}
		if (!ok) {
			return bad_usage("this option does not go with this command: \"%s\"",
					 argv[optind - 1]);
		}
		switch (c) {
		case OPT_CONFIG:
			a->app.config_path = optarg;
			break;
		case OPT_DATA:
			a->app.data_dir = optarg;
			break;
		case OPT_DEMO:
			a->app.demo = true;
			break;
		case OPT_HEADLESS:
			a->app.headless = true;
			break;
		case OPT_SCRIPT:
			a->app.script_path = optarg;
			break;
		case OPT_SCREENSHOTS:
			a->app.screenshots_dir = optarg;
			break;
		case OPT_JSON:
			a->json = true;
			break;
		case OPT_LAYOUT:
			a->layout = optarg;
			break;
		case 'o':
			a->output = optarg;
			break;
		case OPT_MAP:
			if (a->map_count == (int)(sizeof(a->maps) / sizeof(a->maps[0]))) {
				return bad_usage("%s", "at most 64 --map options");
			}
			a->maps[a->map_count++] = optarg;
			break;
		case OPT_DRY_RUN:
			a->dry_run = true;
			break;
		case OPT_SKIP_BAD:
			a->skip_bad = true;
			break;
		case OPT_CODE:
			a->code = optarg;
			break;
		case OPT_ID:
			a->id = optarg;
			break;
		case OPT_NO_WAIT:
			a->no_wait = true;
			break;
		}
	}
	(void)cmd;
	a->first_operand = optind;
	return 0;
}

static int cmd_run(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA,        OPT_DEMO, OPT_HEADLESS,
				      OPT_SCRIPT, OPT_SCREENSHOTS, 0};
	struct args a = {0};
	int rc = parse(argc, argv, "run", allowed, &a);
	if (rc) {
		return rc;
	}
	if (a.first_operand < argc) {
		return bad_usage("run takes no operands: \"%s\"", argv[a.first_operand]);
	}
	return app_run(&a.app);
}

static int cmd_stats(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA, OPT_JSON, 0};
	struct args a = {0};
	int rc = parse(argc, argv, "stats", allowed, &a);
	if (rc) {
		return rc;
	}
	if (a.first_operand < argc) {
		return bad_usage("stats takes no operands: \"%s\"", argv[a.first_operand]);
	}
	struct config cfg;
	char err[PATH_MAX + 256];
	if (!app_load_config(a.app.config_path, a.app.data_dir, &cfg, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return APP_EXIT_BAD_INPUT;
	}
	char db[PATH_MAX + 32];
	snprintf(db, sizeof(db), "%s/%s", cfg.data_dir, STORE_DB_NAME);
	if (access(db, F_OK) != 0) {
		fprintf(stderr, "%s: no booth data here (no %s)\n", cfg.data_dir, STORE_DB_NAME);
		return APP_EXIT_FAILURE;
	}
	struct store *st = store_open(cfg.data_dir, err, sizeof(err));
	if (!st) {
		fprintf(stderr, "%s\n", err);
		return APP_EXIT_FAILURE;
	}
	struct store_stats s;
	bool ok = store_stats(st, &s);
	if (!ok) {
		fprintf(stderr, "%s: %s\n", db, store_errmsg(st));
	}
	store_close(st);
	if (!ok) {
		return APP_EXIT_FAILURE;
	}
	if (a.json) {
		printf("{\"attendees\": %lld, \"checked_in\": %lld, \"walk_ins\": %lld, "
		       "\"photos\": %lld, \"shots\": %lld, \"strips\": %lld, \"sessions\": %lld}\n",
		       (long long)s.attendees, (long long)s.checked_in, (long long)s.walk_ins,
		       (long long)s.photos, (long long)s.shots, (long long)s.strips,
		       (long long)s.sessions);
	} else {
		printf(_("Attendees:   %lld\nChecked in:  %lld\nWalk-ins:    %lld\n"
			 "Photos:      %lld (%lld shots, %lld strips)\nSessions:    %lld\n"),
		       (long long)s.attendees, (long long)s.checked_in, (long long)s.walk_ins,
		       (long long)s.photos, (long long)s.shots, (long long)s.strips,
		       (long long)s.sessions);
	}
	return APP_EXIT_OK;
}

struct decode {
	char **paths;
	struct image **shots;
	char (*errs)[PATH_MAX + 256];
};

static void decode_one(void *ctx, int i)
{
	struct decode *d = ctx;
	d->shots[i] = png_read_file(d->paths[i], d->errs[i], sizeof(d->errs[i]));
}

static int cmd_compose(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_LAYOUT, 'o', 0};
	struct args a = {0};
	int rc = parse(argc, argv, "compose", allowed, &a);
	if (rc) {
		return rc;
	}
	if (!a.layout) {
		return bad_usage("%s", "compose needs --layout NAME");
	}
	if (!a.output) {
		return bad_usage("%s", "compose needs -o OUT.png");
	}
	int n = argc - a.first_operand;
	if (n < 1) {
		return bad_usage("%s", "compose needs at least one input PNG");
	}
	struct config cfg;
	char err[PATH_MAX + 256];
	if (!app_load_config(a.app.config_path, NULL, &cfg, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return APP_EXIT_BAD_INPUT;
	}
	struct layout l;
	char dir[PATH_MAX + 16];
	snprintf(dir, sizeof(dir), "%s/layouts", cfg.assets_dir);
	if (!layout_load(dir, a.layout, &l, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return APP_EXIT_BAD_INPUT;
	}
	if (n > layout_shots(&l)) {
		fprintf(stderr, "compose: layout %s takes %d photo(s), %d given\n", l.name,
			layout_shots(&l), n);
		return APP_EXIT_BAD_INPUT;
	}
	struct decode d = {.paths = argv + a.first_operand,
			   .shots = xcalloc((size_t)n, sizeof(struct image *)),
			   .errs = xcalloc((size_t)n, sizeof(*d.errs))};
	struct image **shots = d.shots;
	int status = APP_EXIT_OK;
	parallel_for(n, decode_one, &d);
	for (int i = 0; i < n; i++) {
		if (!shots[i]) {
			fprintf(stderr, "%s\n", d.errs[i]);
			status = APP_EXIT_BAD_INPUT;
			goto out;
		}
	}
	struct glyphs *g = glyphs_create(cfg.font_bold);
	struct image *out = photo_compose(&l, shots, n, g);
	glyphs_destroy(g);
	unsigned char *data;
	size_t len;
	if (!png_encode(out, &data, &len)) {
		fprintf(stderr, "%s: PNG encoding failed\n", a.output);
		image_destroy(out);
		status = APP_EXIT_FAILURE;
		goto out;
	}
	image_destroy(out);
	if (!fileio_write_path(a.output, data, len, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		status = errno == EINVAL ? APP_EXIT_BAD_INPUT : APP_EXIT_FAILURE;
	}
	free(data);
out:
	for (int i = 0; i < n; i++) {
		image_destroy(shots[i]);
	}
	free(shots);
	free(d.errs);
	return status;
}

/* Opens the store of the data folder the options name; create: make it if missing. */
static struct store *open_data(const struct args *a, bool create, struct config *cfg)
{
	char err[PATH_MAX + 256];
	if (!app_load_config(a->app.config_path, a->app.data_dir, cfg, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		exit(APP_EXIT_BAD_INPUT);
	}
	char db[PATH_MAX + 32];
	snprintf(db, sizeof(db), "%s/%s", cfg->data_dir, STORE_DB_NAME);
	if (!create && access(db, F_OK) != 0) {
		fprintf(stderr, "%s: no booth data here (no %s)\n", cfg->data_dir, STORE_DB_NAME);
		exit(APP_EXIT_FAILURE);
	}
	if (create && !fileio_mkdirs(cfg->data_dir, 0700)) {
		fprintf(stderr, "%s: cannot create the data folder: %s\n", cfg->data_dir,
			strerror(errno));
		exit(APP_EXIT_FAILURE);
	}
	struct store *st = store_open(cfg->data_dir, err, sizeof(err));
	if (!st) {
		fprintf(stderr, "%s\n", err);
		exit(APP_EXIT_FAILURE);
	}
	return st;
}

static int cmd_import(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA, OPT_MAP, OPT_DRY_RUN, OPT_SKIP_BAD, 0};
	struct args a = {0};
	int rc = parse(argc, argv, "import", allowed, &a);
	if (rc) {
		return rc;
	}
	if (argc - a.first_operand != 1) {
		return bad_usage("%s", "import takes one roster file");
	}
	struct config cfg;
	struct store *st = open_data(&a, true, &cfg);
	struct fold *fold = fold_create();
	struct roster_options opt = {
		.path = argv[a.first_operand],
		.maps = a.maps,
		.map_count = a.map_count,
		.dry_run = a.dry_run,
		.skip_bad = a.skip_bad,
		.progress = isatty(STDERR_FILENO),
	};
	struct roster_report r;
	int status = roster_import(st, fold, &opt, &r, stderr);
	if (status == 0) {
		printf("%s%s: %d added, %d updated, %d unchanged, %d refused\n",
		       a.dry_run ? "dry run, nothing changed: " : "", opt.path, r.added, r.updated,
		       r.unchanged, r.refused);
	}
	fold_destroy(fold);
	store_close(st);
	return status;
}

static int cmd_search(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA, 0};
	struct args a = {0};
	int rc = parse(argc, argv, "search", allowed, &a);
	if (rc) {
		return rc;
	}
	if (a.first_operand >= argc) {
		return bad_usage("%s", "search needs a QUERY");
	}
	char query[1024] = "";
	for (int i = a.first_operand; i < argc; i++) {
		size_t n = strlen(query);
		snprintf(query + n, sizeof(query) - n, "%s%s", n ? " " : "", argv[i]);
	}
	struct config cfg;
	struct store *st = open_data(&a, false, &cfg);
	struct fold *fold = fold_create();
	struct search_hit hits[50];
	int n = store_search(st, fold, query, hits, 50);
	if (n < 0) {
		fprintf(stderr, "%s: search failed: %s\n", cfg.data_dir, store_errmsg(st));
	}
	for (int i = 0; i < n; i++) {
		const struct person *p = &hits[i].person;
		char when[48];
		timefmt_local(p->checked_in, false, when, sizeof(when));
		printf("%lld\t%s\t%s\t%s\t%s\n", (long long)p->id, p->name,
		       p->organization[0] ? p->organization : "-",
		       p->badge_code[0] ? p->badge_code : "-", when);
	}
	fold_destroy(fold);
	store_close(st);
	return n < 0 ? APP_EXIT_FAILURE : APP_EXIT_OK;
}

static int cmd_checkin(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA, OPT_CODE, OPT_ID, 0};
	struct args a = {0};
	int rc = parse(argc, argv, "checkin", allowed, &a);
	if (rc) {
		return rc;
	}
	if (!a.code == !a.id || a.first_operand < argc) {
		return bad_usage("%s", "checkin takes either --code BADGE or --id N");
	}
	char *end = NULL;
	long long id = a.id ? strtoll(a.id, &end, 10) : 0;
	if (a.id && (*end || id <= 0)) {
		return bad_usage("--id: \"%s\" is not an attendee id", a.id);
	}
	struct config cfg;
	struct store *st = open_data(&a, false, &cfg);
	struct person p;
	bool found = false;
	bool ok = a.code ? store_person_by_code(st, a.code, &p, &found)
			 : store_person_get(st, id, &p, &found);
	int status = APP_EXIT_OK;
	char when[48];
	if (!ok) {
		fprintf(stderr, "%s: %s\n", cfg.data_dir, store_errmsg(st));
		status = APP_EXIT_FAILURE;
	} else if (!found) {
		if (a.code) {
			fprintf(stderr, "no attendee has the badge code \"%s\"\n", a.code);
		} else {
			fprintf(stderr, "no attendee has the id %lld\n", id);
		}
		status = APP_EXIT_BAD_INPUT;
	} else if (p.checkin_id) {
		timefmt_local(p.checked_in, true, when, sizeof(when));
		printf("%s was already checked in at %s\n", p.name, when);
	} else {
		int64_t checkin;
		if (!store_checkin(st, p.id, true, &checkin)) {
			fprintf(stderr, "%s: the check-in was not stored: %s\n", cfg.data_dir,
				store_errmsg(st));
			status = APP_EXIT_FAILURE;
		} else {
			bool again;
			store_person_get(st, p.id, &p, &again);
			timefmt_local(p.checked_in, true, when, sizeof(when));
			printf("Checked in: %s at %s\n", p.name, when);
		}
	}
	store_close(st);
	return status;
}

static void show_progress(void *ctx, int done, int total)
{
	(void)ctx;
	if (total > 50 && (done % 10 == 0 || done == total)) {
		fprintf(stderr, "\rExporting: %d of %d files%s", done, total,
			done == total ? "\n" : "");
	}
}

static int cmd_export(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA, 0};
	struct args a = {0};
	int rc = parse(argc, argv, "export", allowed, &a);
	if (rc) {
		return rc;
	}
	if (argc - a.first_operand != 1) {
		return bad_usage("%s", "export takes one OUTDIR");
	}
	char err[PATH_MAX + 512];
	if (!fileio_inject_from_env(err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return APP_EXIT_BAD_INPUT;
	}
	struct config cfg;
	struct store *st = open_data(&a, false, &cfg);
	struct export_report r;
	const char *out = argv[a.first_operand];
	int status = export_run(st, cfg.data_dir, out, isatty(STDERR_FILENO) ? show_progress : NULL,
				NULL, &r, err, sizeof(err));
	store_close(st);
	if (status != 0) {
		fprintf(stderr, "%s\n", err);
		return status;
	}
	printf("Exported to %s: %d photos and %d badges; %d files copied (%.1f MB), %d already "
	       "there, %d removed\n",
	       out, r.photos, r.badges, r.copied, (double)r.bytes / 1e6, r.kept, r.removed);
	return APP_EXIT_OK;
}

static int cmd_check(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA, OPT_NO_WAIT, 0};
	struct args a = {0};
	int rc = parse(argc, argv, "check", allowed, &a);
	if (rc) {
		return rc;
	}
	struct check_options o = {
		.config_path = a.app.config_path, .data_dir = a.app.data_dir, .no_wait = a.no_wait};
	return check_run(&o);
}

static int cmd_set_clock(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA, OPT_DRY_RUN, 0};
	struct args a = {0};
	int rc = parse(argc, argv, "set-clock", allowed, &a);
	if (rc) {
		return rc;
	}
	struct config cfg;
	char err[PATH_MAX + 256];
	if (!app_load_config(a.app.config_path, a.app.data_dir, &cfg, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return APP_EXIT_BAD_INPUT;
	}
	char path[PATH_MAX + 32];
	snprintf(path, sizeof(path), "%s/%s", cfg.data_dir, CLOCK_REQUEST);
	FILE *f = fopen(path, "r");
	if (!f) {
		printf("%s: no request to set the clock\n", path);
		return APP_EXIT_OK;
	}
	long long when = 0;
	char extra;
	int n = fscanf(f, "%lld %c", &when, &extra);
	fclose(f);
	/* a booth's clock is set to a time of this century or not at all */
	if (n != 1 || when < 1577836800LL || when > 4102444800LL) {
		fprintf(stderr, "%s: not a time between 2020 and 2100\n", path);
		if (!a.dry_run) {
			unlink(path);
		}
		return APP_EXIT_BAD_INPUT;
	}
	char shown[64];
	time_t t = (time_t)when;
	struct tm tm;
	strftime(shown, sizeof(shown), "%Y-%m-%d %H:%M:%S %Z", localtime_r(&t, &tm));
	if (a.dry_run) {
		printf("would set the clock to %s\n", shown);
		return APP_EXIT_OK;
	}
	struct timespec ts = {.tv_sec = t};
	if (clock_settime(CLOCK_REALTIME, &ts) != 0) {
		fprintf(stderr, "set-clock: cannot set the clock: %s\n", strerror(errno));
		return APP_EXIT_FAILURE;
	}
	unlink(path);
	printf("clock set to %s\n", shown);
	return APP_EXIT_OK;
}

static int cmd_hash_pin(int argc, char **argv)
{
	if (argc > 1) {
		return bad_usage("hash-pin takes no arguments: \"%s\"", argv[1]);
	}
	if (isatty(STDIN_FILENO)) {
		fprintf(stderr, "Staff PIN (4 to 8 digits): ");
	}
	char pin[64] = "";
	if (!fgets(pin, sizeof(pin), stdin)) {
		fprintf(stderr, "hash-pin: no PIN given on standard input\n");
		return APP_EXIT_BAD_INPUT;
	}
	pin[strcspn(pin, "\r\n")] = '\0';
	char hash[PIN_HASH_MAX];
	if (!pin_hash(pin, hash, sizeof(hash))) {
		memset(pin, 0, sizeof(pin));
		fprintf(stderr, "hash-pin: a PIN is 4 to 8 digits\n");
		return APP_EXIT_BAD_INPUT;
	}
	memset(pin, 0, sizeof(pin));
	printf("[staff]\npin_hash = %s\n", hash);
	return APP_EXIT_OK;
}

int main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	bindtextdomain("gatherbooth", GATHERBOOTH_LOCALEDIR);
	textdomain("gatherbooth");

	if (argc < 2) {
		fputs(usage, stderr);
		return APP_EXIT_BAD_INPUT;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage, stdout);
		return APP_EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0) {
		printf("gatherbooth %s\n", GATHERBOOTH_VERSION);
		return APP_EXIT_OK;
	}
	if (strcmp(cmd, "run") == 0) {
		return cmd_run(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "import") == 0) {
		return cmd_import(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "search") == 0) {
		return cmd_search(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "checkin") == 0) {
		return cmd_checkin(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "export") == 0) {
		return cmd_export(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "check") == 0) {
		return cmd_check(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "set-clock") == 0) {
		return cmd_set_clock(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "hash-pin") == 0) {
		return cmd_hash_pin(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "stats") == 0) {
		return cmd_stats(argc - 1, argv + 1);
	}
	if (strcmp(cmd, "compose") == 0) {
		return cmd_compose(argc - 1, argv + 1);
	}
	return bad_usage("unknown command \"%s\"", cmd);
}
