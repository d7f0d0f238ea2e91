/* Every string a person reads goes through _() so that a language is a .po file away. */
#pragma once

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
#define ngettext_(one, many, n) ngettext(one, many, (unsigned long)(n))
