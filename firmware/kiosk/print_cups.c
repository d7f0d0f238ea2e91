#include "print_cups.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build-config.h"

#if HAVE_CUPS
#include <cups/cups.h>

bool print_cups_built(void)
{
	return true;
}

/* A request that came back with nothing: cupsd unreachable, or it refused. */
static enum print_cups_reply failed(char *reason, size_t len)
{
	ipp_status_t st = cupsLastError();
	if (reason) {
		snprintf(reason, len, "%s", cupsLastErrorString());
	}
	if (st == IPP_STATUS_ERROR_SERVICE_UNAVAILABLE || st == IPP_STATUS_ERROR_INTERNAL) {
		return PRINT_CUPS_DOWN;
	}
	if (st == IPP_STATUS_ERROR_NOT_FOUND) {
		return PRINT_CUPS_NO_QUEUE;
	}
	return PRINT_CUPS_REFUSED;
}

/* Whether cupsd answers at all: libcups reports an unreachable server as "no default
 * destination" in places, which must not read as a missing queue. */
static bool reachable(void)
{
	http_t *http = httpConnect2(cupsServer(), ippPort(), NULL, AF_UNSPEC,
				    HTTP_ENCRYPTION_IF_REQUESTED, 1, 5000, NULL);
	if (!http) {
		return false;
	}
	httpClose(http);
	return true;
}

static void printer_uri(const char *queue, char *uri, size_t len)
{
	httpAssembleURIf(HTTP_URI_CODING_ALL, uri, (int)len, "ipp", NULL, "localhost", 0,
			 "/printers/%s", queue);
}

enum print_cups_reply print_cups_queues(char *names, size_t len)
{
	names[0] = '\0';
	if (!reachable()) {
		return PRINT_CUPS_DOWN;
	}
	cups_dest_t *dests = NULL;
	int n = cupsGetDests2(CUPS_HTTP_DEFAULT, &dests);
	if (n == 0 && cupsLastError() > IPP_STATUS_OK_EVENTS_COMPLETE) {
		return failed(NULL, 0);
	}
	size_t used = 0;
	for (int i = 0; i < n; i++) {
		if (dests[i].instance) {
			continue;
		}
		int w = snprintf(names + used, len - used, "%s%s", used ? ", " : "", dests[i].name);
		if (w < 0 || (size_t)w >= len - used) {
			break;
		}
		used += (size_t)w;
	}
	cupsFreeDests(n, dests);
	return PRINT_CUPS_OK;
}

static void join_strings(ipp_attribute_t *attr, char *out, size_t len)
{
	out[0] = '\0';
	size_t used = 0;
	for (int i = 0; attr && i < ippGetCount(attr); i++) {
		const char *v = ippGetString(attr, i, NULL);
		int w = snprintf(out + used, len - used, "%s%s", i ? "," : "", v ? v : "");
		if (w < 0 || (size_t)w >= len - used) {
			break;
		}
		used += (size_t)w;
	}
}

static enum print_cups_reply resolve(const char *queue, char *out, size_t len)
{
	if (strcmp(queue, "default") != 0) {
		snprintf(out, len, "%s", queue);
		return PRINT_CUPS_OK;
	}
	cups_dest_t *d = cupsGetNamedDest(CUPS_HTTP_DEFAULT, NULL, NULL);
	if (!d) {
		enum print_cups_reply r = failed(NULL, 0);
		return r == PRINT_CUPS_DOWN ? r : PRINT_CUPS_NO_QUEUE;
	}
	snprintf(out, len, "%s", d->name);
	cupsFreeDests(1, d);
	return PRINT_CUPS_OK;
}

enum print_cups_reply print_cups_printer(const char *queue, struct print_cups_printer *out)
{
	memset(out, 0, sizeof(*out));
	if (!reachable()) {
		return PRINT_CUPS_DOWN;
	}
	enum print_cups_reply r = resolve(queue, out->queue, sizeof(out->queue));
	if (r != PRINT_CUPS_OK) {
		return r;
	}
	static const char *const want[] = {"printer-state", "printer-state-reasons",
					   "printer-state-message", "printer-is-accepting-jobs",
					   "media-supported"};
	char uri[HTTP_MAX_URI];
	printer_uri(out->queue, uri, sizeof(uri));
	ipp_t *req = ippNewRequest(IPP_OP_GET_PRINTER_ATTRIBUTES);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
		      (int)(sizeof(want) / sizeof(want[0])), NULL, want);
	ipp_t *resp = cupsDoRequest(CUPS_HTTP_DEFAULT, req, "/");
	if (!resp || cupsLastError() > IPP_STATUS_OK_EVENTS_COMPLETE) {
		ippDelete(resp);
		return failed(NULL, 0);
	}
	ipp_attribute_t *a;
	if ((a = ippFindAttribute(resp, "printer-state", IPP_TAG_ENUM))) {
		out->state = ippGetInteger(a, 0);
	}
	if ((a = ippFindAttribute(resp, "printer-is-accepting-jobs", IPP_TAG_BOOLEAN))) {
		out->accepting = ippGetBoolean(a, 0);
	}
	join_strings(ippFindAttribute(resp, "printer-state-reasons", IPP_TAG_KEYWORD), out->reasons,
		     sizeof(out->reasons));
	join_strings(ippFindAttribute(resp, "printer-state-message", IPP_TAG_TEXT), out->message,
		     sizeof(out->message));
	join_strings(ippFindAttribute(resp, "media-supported", IPP_TAG_ZERO), out->media,
		     sizeof(out->media));
	ippDelete(resp);
	return PRINT_CUPS_OK;
}

enum print_cups_reply print_cups_submit(const char *queue, const char *title,
					const unsigned char *png, size_t len, const char *media,
					int copies, int *job, char *reason, size_t reasonlen)
{
	char name[128];
	enum print_cups_reply r = resolve(queue, name, sizeof(name));
	if (r != PRINT_CUPS_OK) {
		snprintf(reason, reasonlen, "no printer \"%s\"", queue);
		return r;
	}
	cups_option_t *opts = NULL;
	int n = 0;
	char num[16];
	snprintf(num, sizeof(num), "%d", copies > 0 ? copies : 1);
	n = cupsAddOption("copies", num, n, &opts);
	if (media && *media) {
		n = cupsAddOption("media", media, n, &opts);
	}
	*job = cupsCreateJob(CUPS_HTTP_DEFAULT, name, title, n, opts);
	cupsFreeOptions(n, opts);
	if (!*job) {
		return failed(reason, reasonlen);
	}
	if (cupsStartDocument(CUPS_HTTP_DEFAULT, name, *job, title, "image/png", 1) !=
		    HTTP_STATUS_CONTINUE ||
	    cupsWriteRequestData(CUPS_HTTP_DEFAULT, (const char *)png, len) !=
		    HTTP_STATUS_CONTINUE ||
	    cupsFinishDocument(CUPS_HTTP_DEFAULT, name) > IPP_STATUS_OK_EVENTS_COMPLETE) {
		r = failed(reason, reasonlen);
		/* a job without its document would wait in cupsd for nothing */
		cupsCancelJob2(CUPS_HTTP_DEFAULT, name, *job, 0);
		*job = 0;
		return r;
	}
	return PRINT_CUPS_OK;
}

enum print_cups_reply print_cups_job(int job, enum print_cups_job *state, char *reason,
				     size_t reasonlen)
{
	static const char *const want[] = {"job-state", "job-state-reasons",
					   "job-printer-state-message"};
	char uri[HTTP_MAX_URI];
	httpAssembleURIf(HTTP_URI_CODING_ALL, uri, (int)sizeof(uri), "ipp", NULL, "localhost", 0,
			 "/jobs/%d", job);
	ipp_t *req = ippNewRequest(IPP_OP_GET_JOB_ATTRIBUTES);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "job-uri", NULL, uri);
	ippAddStrings(req, IPP_TAG_OPERATION, IPP_TAG_KEYWORD, "requested-attributes",
		      (int)(sizeof(want) / sizeof(want[0])), NULL, want);
	ipp_t *resp = cupsDoRequest(CUPS_HTTP_DEFAULT, req, "/");
	reason[0] = '\0';
	if (!resp || cupsLastError() > IPP_STATUS_OK_EVENTS_COMPLETE) {
		ippDelete(resp);
		enum print_cups_reply r = failed(reason, reasonlen);
		if (r == PRINT_CUPS_DOWN) {
			return r;
		}
		*state = PRINT_JOB_UNKNOWN;
		return PRINT_CUPS_OK;
	}
	ipp_attribute_t *a = ippFindAttribute(resp, "job-state", IPP_TAG_ENUM);
	int js = a ? ippGetInteger(a, 0) : IPP_JSTATE_PENDING;
	join_strings(ippFindAttribute(resp, "job-printer-state-message", IPP_TAG_TEXT), reason,
		     reasonlen);
	if (!reason[0] && js >= IPP_JSTATE_STOPPED) {
		join_strings(ippFindAttribute(resp, "job-state-reasons", IPP_TAG_KEYWORD), reason,
			     reasonlen);
	}
	ippDelete(resp);
	switch (js) {
	case IPP_JSTATE_STOPPED:
		*state = PRINT_JOB_STOPPED;
		break;
	case IPP_JSTATE_CANCELED:
		*state = PRINT_JOB_CANCELLED;
		break;
	case IPP_JSTATE_ABORTED:
		*state = PRINT_JOB_ABORTED;
		break;
	case IPP_JSTATE_COMPLETED:
		*state = PRINT_JOB_DONE;
		break;
	default:
		*state = PRINT_JOB_WAITING;
		break;
	}
	return PRINT_CUPS_OK;
}

enum print_cups_reply print_cups_resume(const char *queue, char *reason, size_t reasonlen)
{
	char name[128], uri[HTTP_MAX_URI];
	enum print_cups_reply r = resolve(queue, name, sizeof(name));
	if (r != PRINT_CUPS_OK) {
		snprintf(reason, reasonlen, "no printer \"%s\"", queue);
		return r;
	}
	printer_uri(name, uri, sizeof(uri));
	ipp_t *req = ippNewRequest(IPP_OP_RESUME_PRINTER);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_URI, "printer-uri", NULL, uri);
	ippAddString(req, IPP_TAG_OPERATION, IPP_TAG_NAME, "requesting-user-name", NULL,
		     cupsUser());
	ippDelete(cupsDoRequest(CUPS_HTTP_DEFAULT, req, "/admin/"));
	if (cupsLastError() > IPP_STATUS_OK_EVENTS_COMPLETE) {
		return failed(reason, reasonlen);
	}
	return PRINT_CUPS_OK;
}

enum print_cups_reply print_cups_cancel(const char *queue, int job, char *reason, size_t reasonlen)
{
	char name[128];
	if (resolve(queue, name, sizeof(name)) != PRINT_CUPS_OK) {
		snprintf(name, sizeof(name), "%s", queue);
	}
	if (cupsCancelJob2(CUPS_HTTP_DEFAULT, name, job, 0) > IPP_STATUS_OK_EVENTS_COMPLETE) {
		return failed(reason, reasonlen);
	}
	return PRINT_CUPS_OK;
}

static bool same_size(pwg_media_t *m, int w, int h)
{
	return m && ((abs(m->width - w) <= 100 && abs(m->length - h) <= 100) ||
		     (abs(m->width - h) <= 100 && abs(m->length - w) <= 100));
}

void print_cups_media(const char *supported, int w, int h, char *out, size_t outlen, bool *listed)
{
	pwg_media_t *own = pwgMediaForSize(w < h ? w : h, w < h ? h : w);
	snprintf(out, outlen, "%s", own && own->pwg ? own->pwg : "");
	*listed = !supported[0];
	char copy[2048];
	snprintf(copy, sizeof(copy), "%s", supported);
	for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (same_size(pwgMediaForPWG(tok), w, h)) {
			snprintf(out, outlen, "%s", tok);
			*listed = true;
			return;
		}
	}
}

#else /* !HAVE_CUPS */

bool print_cups_built(void)
{
	return false;
}

enum print_cups_reply print_cups_queues(char *names, size_t len)
{
	names[0] = '\0';
	return PRINT_CUPS_DOWN;
}

enum print_cups_reply print_cups_printer(const char *queue, struct print_cups_printer *out)
{
	memset(out, 0, sizeof(*out));
	return PRINT_CUPS_DOWN;
}

enum print_cups_reply print_cups_submit(const char *queue, const char *title,
					const unsigned char *png, size_t len, const char *media,
					int copies, int *job, char *reason, size_t reasonlen)
{
	snprintf(reason, reasonlen, "built without CUPS");
	return PRINT_CUPS_DOWN;
}

enum print_cups_reply print_cups_job(int job, enum print_cups_job *state, char *reason,
				     size_t reasonlen)
{
	return PRINT_CUPS_DOWN;
}

enum print_cups_reply print_cups_resume(const char *queue, char *reason, size_t reasonlen)
{
	snprintf(reason, reasonlen, "built without CUPS");
	return PRINT_CUPS_DOWN;
}

enum print_cups_reply print_cups_cancel(const char *queue, int job, char *reason, size_t reasonlen)
{
	return PRINT_CUPS_DOWN;
}

void print_cups_media(const char *supported, int w, int h, char *out, size_t outlen, bool *listed)
{
	out[0] = '\0';
	*listed = true;
}
#endif
