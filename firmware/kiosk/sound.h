/* The kiosk's sounds: short cues (a tick with each numeral of the countdown, the shutter, the
 * check-in's chime, an error tone) and, for a guest who turns speech on, spoken prompts in their
 * language (espeak-ng). Everything is mixed onto one timeline kept in the booth's time, so a
 * script on the virtual clock hears each sound where it belongs, and SDL plays the timeline
 * (on the Pi through ALSA; in tests into a file with SDL's disk driver). Main thread, but for
 * the speech worker inside. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

struct sound;

enum sound_cue {
	SOUND_TICK,
	SOUND_SHUTTER,
	SOUND_CHIME,
	SOUND_ERROR,
};

/* volume 0..100 (0: no sound at all, no device opened); now_ms: the booth's time now. NULL
 * when there is no sound to make, or no audio device (logged). */
struct sound *sound_open(int volume, uint64_t now_ms);
/* Waits (at most a few seconds more than what is queued) until everything queued has played,
 * then closes. NULL is fine. */
void sound_close(struct sound *s);

void sound_cue(struct sound *s, enum sound_cue cue, uint64_t now_ms);
/* Says `text` in `language` (an i18n code) on the speech worker; a newer prompt replaces one not
 * yet begun. */
void sound_say(struct sound *s, const char *text, const char *language, uint64_t now_ms);
