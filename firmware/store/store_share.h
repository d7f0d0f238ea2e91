/* The shares table: a session's page for phones (export/share.h) is a row, so that a withdrawn
 * consent or the end of the event finds every page to remove. A token is never reused. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct store;

/* Records that session's page under token. Inside the caller's transaction or alone. */
bool store_share_add(struct store *st, int64_t session, const char *token);

/* The tokens of pages not yet removed: of the attendee's sessions (attendee > 0), or of every
 * session (attendee 0). *tokens is a malloc'd array of malloc'd strings, *n of them. */
bool store_share_tokens(struct store *st, int64_t attendee, char ***tokens, int *n);

/* Marks a page removed (its folder is gone). */
bool store_share_removed(struct store *st, const char *token);
