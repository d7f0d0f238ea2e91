/* An attendee: the one record the store reads, the booth state holds, the saver names files
 * and badges by, and the screens show. Plain data, copied by value; every text field has one
 * size everywhere, so nothing is cut short on the way from the roster to the badge. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#define PERSON_TEXT 256 /* name, organization, email: bytes with the NUL */
#define PERSON_CODE 128 /* badge code */

struct person {
	int64_t id; /* the store's row id; 0 for nobody */
	char uuid[37];
	char name[PERSON_TEXT];
	char organization[PERSON_TEXT];
	char email[PERSON_TEXT];
	char badge_code[PERSON_CODE];
	bool walk_in;
	int64_t checkin_id;     /* the standing check-in, 0 if none */
	char checked_in[32];    /* its time, UTC ISO 8601; "" if none */
	char checked_in_at[16]; /* the same as a local clock time, "09:14"; "" if none */
	char checked_in_kiosk[PERSON_TEXT]; /* the other kiosk's name ("Door A"); "" if here */
};
