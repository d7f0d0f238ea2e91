#include "i18n.h"

#include <libintl.h>
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* glibc's count of catalog changes: raised after LANGUAGE changes, so that gettext forgets the
 * translations it looked up for the language before (the gettext manual's advice) */
extern int _nl_msg_cat_cntr;

const struct i18n_language i18n_languages[] = {
	{"en", "English"}, {"es", "Español"}, {"fr", "Français"},
	{"de", "Deutsch"}, {"pl", "Polski"},  {NULL, NULL},
};

#define CODE 8

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static char spoken[CODE] = "";        /* what LANGUAGE says now */
static char locale_code[CODE] = "en"; /* the locale's language, when one of ours */
static char event_code[CODE] = "";    /* the event's, "" for the locale's */
static _Thread_local char own[CODE];  /* this thread's, "" for the event's */

const char *i18n_language_name(const char *code)
{
	for (int i = 0; code && i18n_languages[i].code; i++) {
		if (strcmp(code, i18n_languages[i].code) == 0) {
			return i18n_languages[i].name;
		}
	}
	return NULL;
}

void i18n_init(const char *localedir)
{
	const char *name = setlocale(LC_ALL, "");
	const char *messages = setlocale(LC_MESSAGES, NULL);
	if (!name || !messages || strcmp(messages, "C") == 0 || strcmp(messages, "POSIX") == 0) {
		/* gettext ignores LANGUAGE in the "C" locale; C.UTF-8 is glibc's own and always
		 * there */
		setlocale(LC_ALL, "C.UTF-8");
	} else {
		char code[CODE];
		snprintf(code, sizeof(code), "%.2s", messages);
		if (i18n_language_name(code)) {
			snprintf(locale_code, sizeof(locale_code), "%s", code);
		}
	}
	bindtextdomain("gatherbooth", localedir);
	bind_textdomain_codeset("gatherbooth", "UTF-8");
	textdomain("gatherbooth");
	/* LANGUAGE is set once here, before any thread, and later only replaced: replacing a
	 * variable that exists never moves the environment under another thread's getenv */
	setenv("LANGUAGE", locale_code, 1);
	snprintf(spoken, sizeof(spoken), "%s", locale_code);
}

void i18n_set_default(const char *code)
{
	pthread_mutex_lock(&lock);
	snprintf(event_code, sizeof(event_code), "%s", i18n_language_name(code) ? code : "");
	pthread_mutex_unlock(&lock);
}

void i18n_set_language(const char *code)
{
	snprintf(own, sizeof(own), "%s", i18n_language_name(code) ? code : "");
}

/* with the lock held */
static const char *wanted(void)
{
	return own[0] ? own : event_code[0] ? event_code : locale_code;
}

const char *i18n_language(void)
{
	pthread_mutex_lock(&lock);
	const char *code = wanted();
	/* the codes are i18n_languages' own strings, so the pointer outlives the lock */
	for (int i = 0; i18n_languages[i].code; i++) {
		if (strcmp(code, i18n_languages[i].code) == 0) {
			code = i18n_languages[i].code;
		}
	}
	pthread_mutex_unlock(&lock);
	return code;
}

const char *i18n_default(void)
{
	pthread_mutex_lock(&lock);
	const char *code = event_code[0] ? event_code : locale_code;
	for (int i = 0; i18n_languages[i].code; i++) {
		if (strcmp(code, i18n_languages[i].code) == 0) {
			code = i18n_languages[i].code;
		}
	}
	pthread_mutex_unlock(&lock);
	return code;
}

/* with the lock held: LANGUAGE names this thread's language */
static void speak(void)
{
	const char *code = wanted();
	if (strcmp(spoken, code) != 0) {
		setenv("LANGUAGE", code, 1);
		snprintf(spoken, sizeof(spoken), "%s", code);
		++_nl_msg_cat_cntr;
	}
}

/* The catalogs stay mapped for the life of the process, so what gettext returns stays valid
 * after the lock is let go. */
const char *i18n_gettext(const char *msgid)
{
	if (!msgid[0]) {
		return msgid; /* "" would be the catalog's header */
	}
	pthread_mutex_lock(&lock);
	speak();
	const char *s = gettext(msgid);
	pthread_mutex_unlock(&lock);
	return s;
}

const char *i18n_ngettext(const char *one, const char *many, unsigned long n)
{
	pthread_mutex_lock(&lock);
	speak();
	const char *s = ngettext(one, many, n);
	pthread_mutex_unlock(&lock);
	return s;
}
