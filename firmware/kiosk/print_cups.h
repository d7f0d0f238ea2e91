/* The booth's few words with cupsd, through libcups over its local socket (CUPS_SERVER, or
 * client.conf's, or /run/cups/cups.sock). Built without CUPS, every call answers "the print
 * service is not running". Called from the print worker only, except print_cups_queues(). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum print_cups_reply {
	PRINT_CUPS_OK,
	PRINT_CUPS_DOWN,    /* cupsd cannot be reached */
	PRINT_CUPS_REFUSED, /* cupsd said no: its reason is given */
	PRINT_CUPS_NO_QUEUE,
};

struct print_cups_printer {
	char queue[128]; /* the queue's name ("default" resolved) */
	int state;       /* 3 idle, 4 printing, 5 stopped */
	bool accepting;
	char reasons[256]; /* printer-state-reasons: keywords, comma-separated; "none" */
	char message[200]; /* printer-state-message, "" when none */
	char media[2048];  /* media-supported: PWG names, comma-separated; "" unknown */
};

enum print_cups_job {
	PRINT_JOB_WAITING, /* pending, held or processing */
	PRINT_JOB_STOPPED, /* the printer stopped while printing it */
	PRINT_JOB_DONE,
	PRINT_JOB_CANCELLED,
	PRINT_JOB_ABORTED,
	PRINT_JOB_UNKNOWN, /* cupsd does not know it (any more) */
};

/* Whether libcups is built in. */
bool print_cups_built(void);

/* The queues cupsd has, comma-separated, into names; DOWN if it cannot be reached. */
enum print_cups_reply print_cups_queues(char *names, size_t len);

/* A queue's state; "default" asks for cupsd's default printer. */
enum print_cups_reply print_cups_printer(const char *queue, struct print_cups_printer *out);

/* Sends a PNG document as one job with `media` (a PWG name, may be "") and `copies`. */
enum print_cups_reply print_cups_submit(const char *queue, const char *title,
					const unsigned char *png, size_t len, const char *media,
					int copies, int *job, char *reason, size_t reasonlen);

/* What became of a job; DOWN when cupsd cannot be reached (the job is then not UNKNOWN). */
enum print_cups_reply print_cups_job(int job, enum print_cups_job *state, char *reason,
				     size_t reasonlen);

/* Restarts a stopped queue (cupsenable): needs CUPS operator rights. */
enum print_cups_reply print_cups_resume(const char *queue, char *reason, size_t reasonlen);

enum print_cups_reply print_cups_cancel(const char *queue, int job, char *reason, size_t reasonlen);

/* The PWG media name the printer uses for a size in hundredths of millimetres, either way
 * round, from its media-supported list; *listed = false when it lists media but none of this
 * size (out then has the PWG name for the size). */
void print_cups_media(const char *supported, int w, int h, char *out, size_t outlen, bool *listed);
