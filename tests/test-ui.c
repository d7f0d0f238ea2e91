/* Every screen lays itself out from the display size: at each supported size, every control is
 * on screen, at least 0.14 s tall (9 mm on a 7" panel), clear of the others, and the primary
 * action is at least half the width (landscape) or the full width less margins (portrait). With
 * the controls low (BOOTH_ACCESS_LOW) on a tall screen, a guest's controls are in its lower
 * half: all but the staff corner, and the names found and the walk-in's fields, which stand
 * straight on the keyboard that fills that half. */
#include <SDL.h>
#include <SDL_ttf.h>
#include <math.h>
#include <stdarg.h>
#include <unistd.h>

#include "bidi.h"
#include "build-config.h"
#include "check.h"
#include "config.h"
#include "display.h"
#include "i18n.h"
#include "transform.h"
#include "ui-private.h"

static const struct {
	int w, h;
} sizes[] = {{800, 480}, {1024, 600}, {720, 1280}, {1920, 1080}};

static void check_controls(struct ui *ui, const char *what)
{
	int s = ui->w < ui->h ? ui->w : ui->h;
	for (int i = 0; i < ui->control_count; i++) {
		const struct ui_control *c = &ui->controls[i];
		bool ok = c->x >= 0 && c->y >= 0 && c->x + c->w <= ui->w && c->y + c->h <= ui->h &&
			  c->h >= (int)(0.14f * (float)s) && c->w >= (int)(0.09f * (float)s);
		if (!ok) {
			fprintf(stderr, "%dx%d %s: control \"%s\" at %d,%d %dx%d\n", ui->w, ui->h,
				what, c->label, c->x, c->y, c->w, c->h);
		}
		CHECK(ok);
		bool low = !ui->low || c->y >= ui->h / 2 || c->action == BOOTH_ACTION_STAFF ||
			   c->action == BOOTH_ACTION_PICK || c->action == BOOTH_ACTION_FIELD;
		if (!low) {
			fprintf(stderr, "%dx%d %s: \"%s\" at %d,%d, above the lower half\n", ui->w,
				ui->h, what, c->label, c->x, c->y);
		}
		CHECK(low);
		if (c->kind == WIDGET_PRIMARY) {
			/* with the controls low, a tall screen's primary shares its row */
			bool wide = ui->portrait && !ui->low ? c->w >= ui->w - 6 * ui->u
							     : c->w >= ui->w / 2 - 4 * ui->u;
			if (!wide) {
				fprintf(stderr, "%dx%d %s: primary \"%s\" only %d wide\n", ui->w,
					ui->h, what, c->label, c->w);
			}
			CHECK(wide);
		}
		for (int j = 0; j < i; j++) {
			const struct ui_control *d = &ui->controls[j];
			bool apart = c->x >= d->x + d->w || d->x >= c->x + c->w ||
				     c->y >= d->y + d->h || d->y >= c->y + c->h;
			if (!apart) {
				fprintf(stderr, "%dx%d %s: \"%s\" on \"%s\"\n", ui->w, ui->h, what,
					c->label, d->label);
			}
			CHECK(apart);
		}
	}
}

/* printf into a buffer of its own, for the words a screen should show in this language */
static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...)
{
	static char buf[4][256];
	static int next;
	char *b = buf[next++ % 4];
	va_list ap;
	va_start(ap, f);
	vsnprintf(b, sizeof(buf[0]), f, ap);
	va_end(ap);
	return b;
}

/* A marker drawn at logical fractions (fx, fy) is found on the physical screen and mapped back
 * through transform_touch(): a touch there must land where the marker was drawn. */
/* Whether the last frame drew a string containing `words`. */
static bool drew(struct ui *ui, const char *words)
{
	return strstr(ui_drawn_text(ui), words) != NULL;
}

static void check_rotation(int degrees)
{
	struct config cfg;
	config_defaults(&cfg);
	cfg.width = 800;
	cfg.height = 480;
	cfg.rotation = degrees;
	struct display_options dopt;
	config_display_options(&cfg, &dopt);
	char err[512];
	struct display *d = display_create(&dopt, true, err, sizeof(err));
	CHECK(d != NULL);
	if (!d) {
		return;
	}
	CHECK_INT(d->phys_width, 800);
	CHECK_INT(d->width, degrees % 180 ? 480 : 800);
	const float fx = 0.2f, fy = 0.15f;
	display_begin(d);
	SDL_SetRenderDrawColor(d->renderer, 0, 0, 0, 255);
	SDL_RenderClear(d->renderer);
	SDL_SetRenderDrawColor(d->renderer, 255, 0, 0, 255);
	SDL_Rect mark = {(int)(fx * (float)d->width) - 10, (int)(fy * (float)d->height) - 10, 20,
			 20};
	SDL_RenderFillRect(d->renderer, &mark);
	display_finish(d);
	SDL_SetRenderTarget(d->renderer, NULL);
	uint32_t *px = malloc(800 * 480 * 4);
	CHECK(SDL_RenderReadPixels(d->renderer, NULL, SDL_PIXELFORMAT_RGB888, px, 800 * 4) == 0);
	long sx = 0, sy = 0, n = 0;
	for (int y = 0; y < 480; y++) {
		for (int x = 0; x < 800; x++) {
			if (((px[y * 800 + x] >> 16) & 0xff) > 128) {
				sx += x;
				sy += y;
				n++;
			}
		}
	}
	free(px);
	CHECK(n > 300);
	if (n > 0) {
		float lx, ly;
		transform_touch(degrees, ((float)sx / (float)n + 0.5f) / 800.0f,
				((float)sy / (float)n + 0.5f) / 480.0f, &lx, &ly);
		bool ok = fabsf(lx - fx) < 0.02f && fabsf(ly - fy) < 0.02f;
		if (!ok) {
			fprintf(stderr,
				"rotation %d: marker drawn at %.2f,%.2f, touch maps to %.2f,%.2f\n",
				degrees, fx, fy, lx, ly);
		}
		CHECK(ok);
	}
	display_destroy(d);
}

/* Names in Arabic and Hebrew: each run of a line in its direction, in the order the screen
 * shows them, and shaped (joined letters, not the isolated forms in memory's order). */
static void check_rtl(const char *font)
{
	struct bidi_run runs[8];
	int n = bidi_runs("Welcome, \xd9\x85\xd8\xad\xd9\x85\xd8\xaf!", runs, 8);
	CHECK_INT(n, 3);
	if (n == 3) {
		CHECK_STR(runs[0].text, "Welcome, ");
		CHECK(!runs[0].rtl && runs[1].rtl && !runs[2].rtl);
		CHECK_STR(runs[1].script, "Arab");
		CHECK_STR(runs[2].text, "!");
	}
	/* a Hebrew name alone: one run, right to left, the space inside it */
	n = bidi_runs("\xd7\xa9\xd7\xa8\xd7\x94 \xd7\x9b\xd7\x94\xd7\x9f", runs, 8);
	CHECK(n == 1 && runs[0].rtl);
	CHECK_STR(runs[0].script, "Hebr");
	/* an Arabic name and a Latin one in a right-to-left line: the Latin run to the left */
	n = bidi_runs("\xd9\x85\xd8\xad\xd9\x85\xd8\xaf Smith", runs, 8);
	CHECK(n >= 2 && !runs[0].rtl && strstr(runs[0].text, "Smith") && runs[n - 1].rtl);
	CHECK(bidi_has_rtl("\xd9\x85\xd8\xad\xd9\x85\xd8\xaf") && !bidi_has_rtl("José Müller"));
	/* HarfBuzz in SDL_ttf joins the letters: shaped right to left in Arabic script, the name
	 * is narrower than its letters' isolated forms side by side */
	TTF_Font *f = TTF_OpenFont(font, 48);
	CHECK(f != NULL);
	if (f) {
		const char *name = "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf"; /* محمد */
		int shaped, h, isolated = 0;
		TTF_SetFontDirection(f, TTF_DIRECTION_RTL);
		TTF_SetFontScriptName(f, "Arab");
		TTF_SizeUTF8(f, name, &shaped, &h);
		for (const char *p = name; *p; p += 2) {
			char one[3] = {p[0], p[1], 0};
			int w;
			TTF_SizeUTF8(f, one, &w, &h);
			isolated += w;
		}
		if (shaped >= isolated) {
			fprintf(stderr, "Arabic not shaped: %d px joined, %d px isolated\n", shaped,
				isolated);
		}
		CHECK(shaped < isolated);
		TTF_CloseFont(f);
	}
}

int main(void)
{
	const char *font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
	if (access(font, R_OK) != 0) {
		printf("SKIP: DejaVu fonts not installed (fonts-dejavu-core)\n");
		return 77;
	}
	struct image *strip = image_create(600, 1800);
	image_fill_rect(strip, 0, 0, 600, 1800, 0xffffff);
	i18n_init(GATHERBOOTH_BUILD_LOCALEDIR);

	/* every screen in every language at every size: nothing off the screen, no control too
	 * small or on another, no label cut short */
	for (int l = 0; i18n_languages[l].code; l++) {
		const char *lang = i18n_languages[l].code;
		i18n_set_default(lang);
		bool english = strcmp(lang, "en") == 0;
		/* the catalog is there and used */
		CHECK(english || strcmp(_("Keep"), "Keep") != 0);
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			struct config cfg;
			config_defaults(&cfg);
			cfg.width = sizes[i].w;
			cfg.height = sizes[i].h;
			struct display_options dopt;
			config_display_options(&cfg, &dopt);
			char err[512];
			struct display *d = display_create(&dopt, true, err, sizeof(err));
			CHECK(d != NULL);
			if (!d) {
				fprintf(stderr, "%s\n", err);
				continue;
			}
			CHECK_INT(d->width, sizes[i].w);
			CHECK_INT(d->height, sizes[i].h);
			struct ui *ui = ui_create(d, cfg.font, cfg.font_bold, err, sizeof(err));
			CHECK(ui != NULL);
			ui_set_review(ui, strip);

			/* as UI.md draws it, in large text, and in high contrast */
			static const int modes[] = {0, BOOTH_ACCESS_LARGE_TEXT,
						    BOOTH_ACCESS_HIGH_CONTRAST,
						    BOOTH_ACCESS_LOW | BOOTH_ACCESS_LARGE_TEXT};
			for (size_t mode = 0; mode < sizeof(modes) / sizeof(modes[0]); mode++) {
				struct booth_config bc;
				booth_config_defaults(&bc);
				bc.access = modes[mode];
				struct booth_state st;
				booth_init(&st, &bc, 1);
				struct ui_model m = {.booth = &st,
						     .now = 1,
						     .camera_present = true,
						     .button_present = true,
						     .shots = 4,
						     .photos = 12};

				ui_render(ui, &m);
				check_controls(ui, "attract");
				CHECK(ui_find(ui, _("Press the button")) != NULL);
				/* the languages, each in itself, the event's chosen */
				CHECK(ui_find(ui, "Español") != NULL &&
				      ui_find(ui, "Polski") != NULL);
				CHECK_INT(ui_find(ui, i18n_language_name(lang))->kind,
					  WIDGET_CHOSEN);
				CHECK_STR(ui_find(ui, "Français")->text, "fr");
				/* accessibility in its corner, and its panel */
				CHECK(ui_find(ui, _("Accessibility")) != NULL);
				st.access_open = true;
				ui_render(ui, &m);
				check_controls(ui, "accessibility");
				const struct ui_control *large = ui_find(ui, _("Large text"));
				CHECK(large && large->id == BOOTH_ACCESS_LARGE_TEXT);
				CHECK_INT(large->kind, modes[mode] & BOOTH_ACCESS_LARGE_TEXT
							       ? WIDGET_CHOSEN
							       : WIDGET_SECONDARY);
				CHECK(ui_find(ui, _("High contrast")) != NULL);
				/* controls lower down: offered where it moves them, a tall screen
				 */
				CHECK((ui_find(ui, _("Lower buttons")) != NULL) == ui->portrait);
				CHECK(ui->low ==
				      (ui->portrait && (modes[mode] & BOOTH_ACCESS_LOW)));
				CHECK(ui_find(ui, _("Done")) != NULL &&
				      ui_find(ui, _("Check in")) == NULL);
				st.access_open = false;
				m.button_present = false;
				ui_render(ui, &m);
				CHECK(ui_find(ui, _("Tap to start")) != NULL);
				m.camera_present = false;
				ui_render(ui, &m);
				check_controls(ui, "attract without a camera");
				CHECK(ui_find(ui, _("Tap to start")) ==
				      NULL); /* no photos without a camera */
				m.camera_present = true;

				st.screen = BOOTH_SCREEN_COUNTDOWN;
				st.deadline = 3000;
				ui_render(ui, &m);
				check_controls(ui, "countdown");
				CHECK_INT(ui->control_count,
					  0); /* nothing to mis-tap during the countdown */
				CHECK(drew(ui, fmt(_("Photo %d of %d"), 1, 4)));
				/* a check-in photo is one shot, whatever the walk-up layout takes
				 */
				st.checkin_session = true;
				ui_render(ui, &m);
				CHECK(!drew(ui, fmt(_("Photo %d of %d"), 1, 4)));
				st.checkin_session = false;

				st.screen = BOOTH_SCREEN_REVIEW;
				st.composed = true;
				st.deadline = 20000;
				ui_render(ui, &m);
				check_controls(ui, "review");
				CHECK(ui_find(ui, _("Keep")) != NULL &&
				      ui_find(ui, _("Retake")) != NULL);
				const struct ui_control *keep = ui_find(ui, _("Keep"));
				CHECK(ui_hit(ui, keep->x + 1, keep->y + 1) == keep);
				CHECK_INT(keep->action, BOOTH_ACTION_KEEP);
				CHECK(drew(ui,
					   ngettext_("Keep this photo?", "Keep these photos?", 4)));
				st.checkin_session = true;
				ui_render(ui, &m);
				CHECK(drew(ui,
					   ngettext_("Keep this photo?", "Keep these photos?", 1)));
				st.checkin_session = false;

				st.screen = BOOTH_SCREEN_SAVED;
				st.saving = false;
				snprintf(st.message, sizeof(st.message),
					 "photos/2026-11-28/221503-a1b2c3d4-strip-booth.png");
				ui_render(ui, &m);
				check_controls(ui, "saved");
				CHECK(ui_find(ui, _("Done")) != NULL);
				CHECK(drew(ui, _("Thanks!")));
				/* the file's path is for staff, never on the guest's screen */
				CHECK(!drew(ui, "photos/2026-11-28"));

				/* the check-in screens */
				struct person jose = {
					.id = 7,
					.name = "José García Fernández de la Torre",
					.organization = "Kansas City Public Library, Plaza Branch",
					.badge_code = "EB5001-77",
					.checkin_id = 3,
					.checked_in = "2026-11-28T09:14:03Z",
					.checked_in_at = "09:14"};
				st.screen = BOOTH_SCREEN_SEARCH;
				snprintf(st.query, sizeof(st.query),
					 "jose garcia fernandez de la torre");
				st.result_count = BOOTH_MAX_RESULTS;
				for (int k = 0; k < BOOTH_MAX_RESULTS; k++) {
					st.results[k] = jose;
					st.results[k].id = k + 1;
				}
				ui_render(ui, &m);
				check_controls(ui, "search");
				CHECK(ui_find(ui, "q") != NULL && ui_find(ui, "Delete") != NULL);
				CHECK(ui_find(ui, _("Not on the list?")) != NULL &&
				      ui_find(ui, _("Back")) != NULL);
				CHECK(ui_find(ui, jose.name) != NULL);
				CHECK_INT(ui_find(ui, jose.name)->action, BOOTH_ACTION_PICK);
				st.screen = BOOTH_SCREEN_CONFIRM;
				st.person = jose;
				ui_render(ui, &m);
				check_controls(ui, "confirm");
				CHECK(ui_find(ui, _("Check in")) != NULL);
				/* a name written right to left, on its own and in the welcome */
				struct person rtl = jose;
				snprintf(rtl.name, sizeof(rtl.name), "%s",
					 "\xd9\x85\xd8\xad\xd9\x85\xd8\xaf "
					 "\xd8\xb9\xd9\x84\xd9\x8a");
				st.person = rtl;
				ui_render(ui, &m);
				check_controls(ui, "confirm, a name right to left");
				CHECK(drew(ui, rtl.name));
				st.person = jose;
				st.screen = BOOTH_SCREEN_CONSENT;
				ui_render(ui, &m);
				check_controls(ui, "consent");
				CHECK(ui_find(ui, _("Take photo")) != NULL &&
				      ui_find(ui, _("Skip photo")) != NULL);
				st.screen = BOOTH_SCREEN_WALKIN;
				snprintf(st.walkin.field[0], BOOTH_TEXT, "%s", jose.name);
				ui_render(ui, &m);
				check_controls(ui, "walkin");
				CHECK(ui_find(ui, _("Add and check in")) != NULL &&
				      ui_find(ui, _("Email")) != NULL);
				st.screen = BOOTH_SCREEN_STAFF_PIN;
				st.cfg.pin_set = true;
				ui_render(ui, &m);
				check_controls(ui, "staff-pin");
				CHECK(ui_find(ui, "0") != NULL && ui_find(ui, "OK") != NULL);
				struct ui_stats stats = {.attendees = 2000,
							 .checked_in = 1234,
							 .walk_ins = 56,
							 .photos = 789,
							 .sessions = 321};
				struct ui_checkin recent[20];
				for (int k = 0; k < 20; k++) {
					recent[k] = (struct ui_checkin){
						.id = k + 1, .attendee = k + 1, .at = "10:02"};
					snprintf(recent[k].name, sizeof(recent[k].name), "%s",
						 jose.name);
				}
				m.stats = &stats;
				m.recent = recent;
				m.recent_count = 20;
				st.screen = BOOTH_SCREEN_STAFF;
				for (int page = 0; page <= BOOTH_STAFF_LANGUAGE; page++) {
					if (page == BOOTH_STAFF_IMPORT ||
					    page == BOOTH_STAFF_PEERS) {
						continue; /* below, with what they show */
					}
					st.staff_page = (enum booth_staff_page)page;
					ui_render(ui, &m);
					check_controls(ui, "staff");
				}
				/* pages for phones set up: their switch beside Back, apart from the
				 * rest */
				st.staff_page = BOOTH_STAFF_SETTINGS;
				st.cfg.share_available = st.cfg.share = true;
				ui_render(ui, &m);
				check_controls(ui, "staff settings with pages for phones");
				CHECK(ui_find(ui, _("Phones: on")) != NULL);
				CHECK(ui_find(ui, _("Language")) != NULL);
				st.staff_page = BOOTH_STAFF_LANGUAGE;
				ui_render(ui, &m);
				CHECK_INT(ui_find(ui, "Deutsch")->action, BOOTH_ACTION_LANGUAGE);
				st.cfg.share_available = st.cfg.share = false;
				/* a guest list's preview at its longest: a note, every column, five
				 * guests with long names, and rows left out */
				struct ui_import im = {
					.file = "Spring Gathering 2026 guest list (final, v3).xlsx",
					.sheet = "Attendees for the main hall",
					.sample_count = UI_IMPORT_ROWS,
					.refused = 12,
					.first_bad =
						"17: the name field is 612 bytes long (at most "
						"500)"};
				snprintf(im.note, sizeof(im.note),
					 "read as Windows-1252 (Excel's \"CSV (Comma "
					 "delimited)\"); names "
					 "with "
					 "letters outside Western Europe may be wrong: \"CSV "
					 "UTF-8\" keeps "
					 "every "
					 "name");
				for (int f = 0; f < UI_IMPORT_FIELDS; f++) {
					snprintf(im.columns[f], sizeof(im.columns[f]),
						 "Attendee column %d", f);
				}
				for (int k = 0; k < UI_IMPORT_ROWS; k++) {
					snprintf(im.sample[k].name, sizeof(im.sample[k].name), "%s",
						 jose.name);
					snprintf(im.sample[k].organization,
						 sizeof(im.sample[k].organization), "%s",
						 jose.organization);
					snprintf(im.sample[k].badge, sizeof(im.sample[k].badge),
						 "EB5001-77-%d", k);
				}
				m.import = &im;
				st.staff_page = BOOTH_STAFF_IMPORT;
				st.import = BOOTH_IMPORT_READY;
				st.import_rows = 1988;
				ui_render(ui, &m);
				check_controls(ui, "staff import");
				CHECK(ui_find(ui, _("Import from USB")) == NULL);
				CHECK(ui_find(ui, _("Import")) != NULL &&
				      ui_find(ui, _("Back")) != NULL);
				CHECK(drew(ui, fmt(ngettext_("%d guest to import.",
							     "%d guests to import.", 1988),
						   1988)));
				st.import = BOOTH_IMPORT_FAILED;
				snprintf(st.import_error, sizeof(st.import_error),
					 "guests.xlsx: a password-protected workbook: open it in "
					 "Excel, "
					 "remove the "
					 "password (File > Info > Protect Workbook), and save it "
					 "as .xlsx "
					 "or CSV "
					 "UTF-8");
				ui_render(ui, &m);
				check_controls(ui, "staff import refused");
				CHECK(ui_find(ui, _("Import")) == NULL &&
				      ui_find(ui, _("Back")) != NULL);
				st.import = BOOTH_IMPORT_NONE;
				m.import = NULL;
				st.staff_page = BOOTH_STAFF_HOME;
				m.last_saved = "photos/2026-11-28/221503-a1b2c3d4-strip-booth.png";
				ui_render(ui, &m);
				CHECK(drew(ui, fmt(_("Last saved: %s"), "photos/")));
				CHECK(ui_find(ui, _("Exit staff")) != NULL &&
				      ui_find(ui, _("Shut down")) != NULL);
				CHECK(ui_find(ui, _("Export to USB")) != NULL &&
				      ui_find(ui, _("Clock")) != NULL);
				st.exporting = true;
				st.export_done = 120;
				st.export_total = 560;
				ui_render(ui, &m);
				check_controls(ui, "staff exporting");
				CHECK(drew(ui, fmt(_("Exporting to the USB stick: %d of %d files"),
						   120, 560)));

				st.screen = BOOTH_SCREEN_ERROR;
				snprintf(st.message, sizeof(st.message),
					 "Photos are not being saved: the storage is full. "
					 "Check-in still "
					 "works.");
				ui_render(ui, &m);
				check_controls(ui, "error");
				CHECK(ui_find(ui, _("OK")) != NULL);
			}

			if (ui->overflows) {
				fprintf(stderr, "%s %dx%d: %d text(s) drawn off the screen\n", lang,
					ui->w, ui->h, ui->overflows);
			}
			CHECK_INT(ui->overflows, 0);
			/* only people's names and the guest list's own words may be cut short */
			if (ui->cut_labels != 0) {
				fprintf(stderr, "%s %dx%d: a label cut short: \"%s\"\n", lang,
					ui->w, ui->h, ui->cut_label);
			}
			CHECK_INT(ui->cut_labels, 0);
			ui_destroy(ui);
			display_destroy(d);
		}
	}
	i18n_set_default("en");
	check_rtl(font);
	image_destroy(strip);
	for (int deg = 0; deg < 360; deg += 90) {
		check_rotation(deg);
	}
	SDL_Quit();
	return check_exit("ui");
}
