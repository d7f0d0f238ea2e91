/* The commands on a data folder: stats, compose, import, search, checkin, export. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "build-config.h"
#include "cli.h"
#include "export.h"
#include "fileio.h"
#include "fold.h"
#include "i18n.h"
#include "parallel.h"
#include "photo.h"
#include "picture.h"
#include "roster.h"
#include "saver.h"
#include "store.h"
#include "store_people.h"
#include "timefmt.h"
#include "xalloc.h"

int cmd_stats(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA, OPT_JSON, 0};
	struct args a = {0};
	int rc = cli_parse(argc, argv, "stats", allowed, &a);
	if (rc) {
		return rc;
	}
	if (a.first_operand < argc) {
		return cli_bad_usage("stats takes no operands: \"%s\"", argv[a.first_operand]);
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
	struct error e;
	struct store *st = store_open(cfg.data_dir, &e);
	if (!st) {
		fprintf(stderr, "%s\n", e.message);
		return cli_exit_status(e.code);
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
	const struct layout *layout;
	struct image **shots;
	char (*errs)[PATH_MAX + 256];
};

/* A JPEG is decoded at the smallest scale that still covers its cell: a 12-megapixel photo
 * for a 850x525 cell decodes at a quarter of each side, 16 times fewer pixels. */
static void decode_one(void *ctx, int i)
{
	struct decode *d = ctx;
	struct layout_cell c = layout_cell(d->layout, i);
	d->shots[i] = picture_read_file(d->paths[i], c.w, c.h, d->errs[i], sizeof(d->errs[i]));
}

int cmd_compose(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_LAYOUT, 'o', 0};
	struct args a = {0};
	int rc = cli_parse(argc, argv, "compose", allowed, &a);
	if (rc) {
		return rc;
	}
	if (!a.layout) {
		return cli_bad_usage("%s", "compose needs --layout NAME");
	}
	if (!a.output) {
		return cli_bad_usage("%s", "compose needs -o OUT.jpg or -o OUT.png");
	}
	enum picture_format format;
	if (!picture_format_of_name(a.output, &format)) {
		return cli_bad_usage("-o %s: name it .jpg or .png, the format to write", a.output);
	}
	int n = argc - a.first_operand;
	if (n < 1) {
		return cli_bad_usage("%s", "compose needs at least one input photo (JPEG or PNG)");
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
			   .layout = &l,
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
	struct photo_exif exif = {.software = "gatherbooth " GATHERBOOTH_VERSION, .dpi = 300};
	if (!picture_encode(out, format, cfg.photo_quality, &exif, &data, &len)) {
		fprintf(stderr, "%s: encoding failed\n", a.output);
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
struct store *cli_open_data(const struct args *a, bool create, struct config *cfg)
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
	struct error e;
	struct store *st = store_open(cfg->data_dir, &e);
	if (!st) {
		fprintf(stderr, "%s\n", e.message);
		exit(cli_exit_status(e.code));
	}
	app_event_language(st, cfg);
	return st;
}

int cmd_import(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG,   OPT_DATA,  OPT_MAP,      OPT_DRY_RUN,
				      OPT_SKIP_BAD, OPT_SHEET, OPT_ENCODING, 0};
	struct args a = {0};
	int rc = cli_parse(argc, argv, "import", allowed, &a);
	if (rc) {
		return rc;
	}
	if (argc - a.first_operand != 1) {
		return cli_bad_usage("%s", "import takes one roster file");
	}
	struct config cfg;
	struct store *st = cli_open_data(&a, true, &cfg);
	struct fold *fold = fold_create();
	struct roster_options opt = {
		.path = argv[a.first_operand],
		.sheet = a.sheet,
		.encoding = a.encoding,
		.maps = a.maps,
		.map_count = a.map_count,
		.dry_run = a.dry_run,
		.skip_bad = a.skip_bad,
		.progress = isatty(STDERR_FILENO),
	};
	struct roster_report r;
	enum error_code code = roster_import(st, fold, &opt, &r, stderr);
	if (code == ERROR_NONE) {
		printf("%s%s: %d added, %d updated, %d unchanged, %d refused\n",
		       a.dry_run ? "dry run, nothing changed: " : "", opt.path, r.added, r.updated,
		       r.unchanged, r.refused);
	}
	fold_destroy(fold);
	store_close(st);
	return cli_exit_status(code);
}

int cmd_search(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA, 0};
	struct args a = {0};
	int rc = cli_parse(argc, argv, "search", allowed, &a);
	if (rc) {
		return rc;
	}
	if (a.first_operand >= argc) {
		return cli_bad_usage("%s", "search needs a QUERY");
	}
	char query[1024] = "";
	for (int i = a.first_operand; i < argc; i++) {
		size_t n = strlen(query);
		snprintf(query + n, sizeof(query) - n, "%s%s", n ? " " : "", argv[i]);
	}
	struct config cfg;
	struct store *st = cli_open_data(&a, false, &cfg);
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

int cmd_checkin(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA, OPT_CODE, OPT_ID, 0};
	struct args a = {0};
	int rc = cli_parse(argc, argv, "checkin", allowed, &a);
	if (rc) {
		return rc;
	}
	if (!a.code == !a.id || a.first_operand < argc) {
		return cli_bad_usage("%s", "checkin takes either --code BADGE or --id N");
	}
	char *end = NULL;
	long long id = a.id ? strtoll(a.id, &end, 10) : 0;
	if (a.id && (*end || id <= 0)) {
		return cli_bad_usage("--id: \"%s\" is not an attendee id", a.id);
	}
	struct config cfg;
	struct store *st = cli_open_data(&a, false, &cfg);
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
	} else {
		int64_t checkin;
		bool already;
		if (!store_checkin(st, p.id, true, &checkin, &already)) {
			fprintf(stderr, "%s: the check-in was not stored: %s\n", cfg.data_dir,
				store_errmsg(st));
			status = APP_EXIT_FAILURE;
		} else {
			bool again;
			store_person_get(st, p.id, &p, &again);
			timefmt_local(p.checked_in, true, when, sizeof(when));
			if (already && p.checked_in_kiosk[0]) {
				printf("%s was already checked in at %s, %s\n", p.name,
				       p.checked_in_kiosk, when);
			} else {
				printf(already ? "%s was already checked in at %s\n"
					       : "Checked in: %s at %s\n",
				       p.name, when);
			}
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

/* The badges that are missing or stale (another kiosk's check-ins and photos brought in by
 * `gatherbooth sync`), drawn before the export as the running kiosk draws them after a round,
 * so that the export holds every badge, the same as any other kiosk's. */
static bool draw_badges(const struct config *cfg, char *err, size_t errlen)
{
	struct saver *sv = saver_create(cfg->data_dir, cfg->font, cfg->font_bold,
					&(struct saver_listener){0}, err, errlen);
	if (!sv) {
		return false;
	}
	saver_badges_refresh(sv);
	saver_wait_idle(sv);
	saver_destroy(sv);
	return true;
}

int cmd_export(int argc, char **argv)
{
	static const int allowed[] = {OPT_CONFIG, OPT_DATA, 0};
	struct args a = {0};
	int rc = cli_parse(argc, argv, "export", allowed, &a);
	if (rc) {
		return rc;
	}
	if (argc - a.first_operand != 1) {
		return cli_bad_usage("%s", "export takes one OUTDIR");
	}
	char err[PATH_MAX + 512];
	if (!fileio_inject_from_env(err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return APP_EXIT_BAD_INPUT;
	}
	struct config cfg;
	struct store *st = cli_open_data(&a, false, &cfg);
	if (!draw_badges(&cfg, err, sizeof(err))) {
		fprintf(stderr, "badges not drawn: %s\n", err);
	}
	struct export_report r;
	const char *out = argv[a.first_operand];
	struct error e;
	bool ok = export_run(st, cfg.data_dir, out, isatty(STDERR_FILENO) ? show_progress : NULL,
			     NULL, &r, &e);
	store_close(st);
	if (!ok) {
		fprintf(stderr, "%s\n", e.message);
		return cli_exit_status(e.code);
	}
	printf("Exported to %s: %d photo%s and %d badge%s; %d file%s copied (%.1f MB), %d already "
	       "there, %d removed\n",
	       out, r.photos, r.photos == 1 ? "" : "s", r.badges, r.badges == 1 ? "" : "s",
	       r.copied, r.copied == 1 ? "" : "s", (double)r.bytes / 1e6, r.kept, r.removed);
	return APP_EXIT_OK;
}
