#include "sound.h"

#include <SDL.h>
#include <espeak-ng/speak_lib.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

#define LOG_MODULE "sound"
#include "log.h"

/* espeak-ng speaks at 22050 Hz; the cues are made at the same rate */
#define RATE 22050
/* never more than this far ahead of what has played (a script on the virtual clock runs ahead
 * of the speaker) */
#define MAX_AHEAD_S 120

struct sound {
	SDL_AudioDeviceID dev;
	float gain;
	uint64_t origin_ms; /* the booth's time at sample 0 */
	/* the timeline: samples [base, base + len) are in buf; the device has played up to
	 * `played`; the furthest sound ends at `end` (all guarded by the device's lock) */
	int16_t *buf;
	size_t cap, len;
	uint64_t base, played, end;

	/* the speech worker */
	pthread_t worker;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool quit, speaking;
	char text[512], language[8];
	uint64_t text_ms;
	bool has_text;
	int16_t *speech;
	size_t speech_len, speech_cap;
};

static void play(void *ctx, Uint8 *stream, int bytes)
{
	struct sound *s = ctx;
	int16_t *out = (int16_t *)(void *)stream;
	size_t n = (size_t)bytes / sizeof(int16_t);
	for (size_t i = 0; i < n; i++, s->played++) {
		out[i] = s->played >= s->base && s->played < s->base + s->len
				 ? s->buf[s->played - s->base]
				 : 0;
	}
}

/* Adds samples at the booth's time `at_ms` (or as soon as can be, if that has played). */
static void mix(struct sound *s, const int16_t *samples, size_t n, uint64_t at_ms)
{
	SDL_LockAudioDevice(s->dev);
	uint64_t pos = at_ms > s->origin_ms ? (at_ms - s->origin_ms) * RATE / 1000 : 0;
	if (pos < s->played) {
		pos = s->played;
	}
	if (pos > s->played + (uint64_t)MAX_AHEAD_S * RATE) {
		SDL_UnlockAudioDevice(s->dev);
		LOG_WARN("a sound %.0f s ahead of the speaker is left out",
			 (double)(pos - s->played) / RATE);
		return;
	}
	/* drop what has played */
	if (s->played > s->base) {
		size_t gone = (size_t)(s->played - s->base) < s->len ? (size_t)(s->played - s->base)
								     : s->len;
		if (gone > 0 && gone < s->len) {
			memmove(s->buf, s->buf + gone, (s->len - gone) * sizeof(int16_t));
		}
		s->len -= gone;
		s->base = s->played;
	}
	size_t need = (size_t)(pos - s->base) + n;
	if (need > s->cap) {
		s->cap = need * 2;
		s->buf = xrealloc(s->buf, s->cap * sizeof(int16_t));
	}
	if (need > s->len) {
		memset(s->buf + s->len, 0, (need - s->len) * sizeof(int16_t));
		s->len = need;
	}
	int16_t *at = s->buf + (pos - s->base);
	for (size_t i = 0; i < n; i++) {
		int v = at[i] + (int)((float)samples[i] * s->gain);
		at[i] = (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
	}
	if (pos + n > s->end) {
		s->end = pos + n;
	}
	SDL_UnlockAudioDevice(s->dev);
}

/* A tone of `hz` for `ms`, shaped so that it clicks at neither end, onto out. */
static size_t tone(int16_t *out, double hz, int ms, double amp)
{
	size_t n = (size_t)RATE * (size_t)ms / 1000;
	size_t edge = RATE / 200; /* 5 ms */
	for (size_t i = 0; i < n; i++) {
		double env = i < edge       ? (double)i / (double)edge
			     : n - i < edge ? (double)(n - i) / (double)edge
					    : 1.0;
		out[i] = (int16_t)(amp * env * 32767.0 * sin(2 * M_PI * hz * (double)i / RATE));
	}
	return n;
}

void sound_cue(struct sound *s, enum sound_cue cue, uint64_t now_ms)
{
	if (!s) {
		return;
	}
	int16_t buf[RATE]; /* up to a second */
	size_t n = 0;
	switch (cue) {
	case SOUND_TICK: /* a short high blip */
		n = tone(buf, 1320, 50, 0.5);
		break;
	case SOUND_SHUTTER: { /* a burst of noise that falls away: a shutter's sound */
		uint32_t seed = 12345;
		n = (size_t)RATE * 160 / 1000;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			double env = exp(-(double)i / ((double)RATE * 0.035));
			buf[i] = (int16_t)(((int)((seed >> 16) & 0x7fff) - 16384) * 1.6 * env);
		}
		break;
	}
	case SOUND_CHIME: /* two notes rising */
		n = tone(buf, 784, 150, 0.45);
		n += tone(buf + n, 1175, 250, 0.45);
		break;
	case SOUND_ERROR: /* two low notes */
		n = tone(buf, 220, 180, 0.6);
		memset(buf + n, 0, (size_t)RATE * 60 / 1000 * sizeof(int16_t));
		n += (size_t)RATE * 60 / 1000;
		n += tone(buf + n, 220, 180, 0.6);
		break;
	}
	mix(s, buf, n, now_ms);
}

static int synth_cb(short *wav, int count, espeak_EVENT *events)
{
	struct sound *s = events ? events->user_data : NULL;
	if (!s || !wav || count <= 0) {
		return 0;
	}
	if (s->speech_len + (size_t)count > s->speech_cap) {
		s->speech_cap = (s->speech_len + (size_t)count) * 2;
		s->speech = xrealloc(s->speech, s->speech_cap * sizeof(int16_t));
	}
	memcpy(s->speech + s->speech_len, wav, (size_t)count * sizeof(int16_t));
	s->speech_len += (size_t)count;
	return 0;
}

/* The speech worker: espeak-ng takes a while for a sentence, which is not the screen's time */
static void *speak_loop(void *ctx)
{
	struct sound *s = ctx;
	int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, 0);
	if (rate != RATE) {
		LOG_ERR("espeak-ng could not start (its data: espeak-ng-data): speech is off");
	} else {
		espeak_SetSynthCallback(synth_cb);
	}
	pthread_mutex_lock(&s->lock);
	for (;;) {
		while (!s->quit && !s->has_text) {
			pthread_cond_wait(&s->wake, &s->lock);
		}
		if (s->quit) {
			break;
		}
		char text[sizeof(s->text)], language[sizeof(s->language)];
		memcpy(text, s->text, sizeof(text));
		memcpy(language, s->language, sizeof(language));
		uint64_t at = s->text_ms;
		s->has_text = false;
		s->speaking = true;
		pthread_mutex_unlock(&s->lock);
		if (rate == RATE) {
			if (espeak_SetVoiceByName(language) != EE_OK) {
				espeak_SetVoiceByName("en");
			}
			s->speech_len = 0;
			espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8,
				     NULL, s);
			mix(s, s->speech, s->speech_len, at);
			LOG_DBG("said (%s, %.1f s): %s", language, (double)s->speech_len / RATE,
				text);
			log_trace("said %s %zu", language, s->speech_len);
		}
		pthread_mutex_lock(&s->lock);
		s->speaking = false;
		pthread_cond_broadcast(&s->wake);
	}
	pthread_mutex_unlock(&s->lock);
	if (rate == RATE) {
		espeak_Terminate();
	}
	return NULL;
}

void sound_say(struct sound *s, const char *text, const char *language, uint64_t now_ms)
{
	if (!s || !text || !text[0]) {
		return;
	}
	pthread_mutex_lock(&s->lock);
	snprintf(s->text, sizeof(s->text), "%s", text);
	snprintf(s->language, sizeof(s->language), "%s", language ? language : "en");
	s->text_ms = now_ms;
	s->has_text = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
}

struct sound *sound_open(int volume, uint64_t now_ms)
{
	if (volume <= 0) {
		LOG_INFO("sound is off ([sound] volume = 0)");
		return NULL;
	}
	if (!SDL_WasInit(SDL_INIT_AUDIO) && SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
		LOG_WARN("no sound: %s", SDL_GetError());
		return NULL;
	}
	struct sound *s = xcalloc(1, sizeof(*s));
	s->gain = (float)(volume > 100 ? 100 : volume) / 100.0f;
	s->origin_ms = now_ms;
	SDL_AudioSpec want = {.freq = RATE,
			      .format = AUDIO_S16SYS,
			      .channels = 1,
			      .samples = 512,
			      .callback = play,
			      .userdata = s};
	SDL_AudioSpec got;
	s->dev = SDL_OpenAudioDevice(NULL, 0, &want, &got, 0);
	if (!s->dev) {
		LOG_WARN("no sound: %s", SDL_GetError());
		free(s);
		return NULL;
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	if (pthread_create(&s->worker, NULL, speak_loop, s) != 0) {
		SDL_CloseAudioDevice(s->dev);
		free(s);
		return NULL;
	}
	SDL_PauseAudioDevice(s->dev, 0);
	LOG_INFO("sound on %s, volume %d", SDL_GetCurrentAudioDriver(), volume);
	return s;
}

void sound_close(struct sound *s)
{
	if (!s) {
		return;
	}
	/* the last words said, then the last sound played (a script on the virtual clock is
	 * ahead of the speaker: this is where it waits for it) */
	pthread_mutex_lock(&s->lock);
	while (s->has_text || s->speaking) {
		pthread_cond_wait(&s->wake, &s->lock);
	}
	s->quit = true;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->worker, NULL);
	uint32_t start = SDL_GetTicks();
	for (;;) {
		SDL_LockAudioDevice(s->dev);
		uint64_t left = s->end > s->played ? s->end - s->played : 0;
		SDL_UnlockAudioDevice(s->dev);
		if (left == 0 || SDL_GetTicks() - start > (MAX_AHEAD_S + 5) * 1000u) {
			break;
		}
		SDL_Delay(10);
	}
	SDL_Delay(100); /* the device's own buffer */
	SDL_CloseAudioDevice(s->dev);
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->wake);
	free(s->buf);
	free(s->speech);
	free(s);
}
