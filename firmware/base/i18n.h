/* Every string a person reads goes through _(), so that a language is a .po file away (po/).
 *
 * The language belongs to the thread that asks: the main thread speaks the guest's language
 * during their session, and every other thread, like the main thread otherwise, speaks the
 * event's (i18n_set_default). Badges, exports and staff notices made on a worker therefore
 * never come out in a guest's language. Translations come from gettext's catalogs. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#define _(s) i18n_gettext(s)
#define N_(s) (s)
#define ngettext_(one, many, n) i18n_ngettext(one, many, (unsigned long)(n))

/* The languages the kiosk speaks, in the order a guest sees them: code ("es") and the name in
 * that language ("Español"). English first; the list ends with {NULL, NULL}. */
struct i18n_language {
	const char *code, *name;
};
extern const struct i18n_language i18n_languages[];

/* Sets the program's locale from the environment and finds the catalogs in `localedir`.
 * Once, at start, before any thread. */
void i18n_init(const char *localedir);

/* The event's language for every thread that has none of its own: a code from i18n_languages,
 * or "" for the locale's language (English when the locale's is not one of ours). */
void i18n_set_default(const char *code);
/* This thread's own language, or "" to speak the event's again. */
void i18n_set_language(const char *code);
/* The language this thread speaks now: a code from i18n_languages. */
const char *i18n_language(void);
/* The event's language. */
const char *i18n_default(void);

/* Whether `code` is one of i18n_languages; its name in itself, or NULL. */
const char *i18n_language_name(const char *code);

const char *i18n_gettext(const char *msgid);
const char *i18n_ngettext(const char *one, const char *many, unsigned long n);
