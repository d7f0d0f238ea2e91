# Sourced by the print tests: a private cupsd (own configuration, socket, spool and logs in a
# temporary folder, no network port) with simulated printers from backend.sh; CUPS_RETRY_LIMIT
# sets how often it tries a job whose printer failed (100). cups_start exports CUPS_SERVER so that lpadmin, lpstat and the booth all talk to it; cups_stop ends it.
CUPS_TEST_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

cups_start() { # FOLDER
	CUPS_DIR=$1
	mkdir -p "$CUPS_DIR"/{root,spool,spool/tmp,state,cache,logs,bin,out}
	for d in /usr/lib/cups/*; do
		[ "$(basename "$d")" = backend ] || ln -sfn "$d" "$CUPS_DIR/bin/"
	done
	mkdir -p "$CUPS_DIR/bin/backend"
	install -m 0700 "$CUPS_TEST_SRC/backend.sh" "$CUPS_DIR/bin/backend/gbtest"
	chmod 0755 "$CUPS_DIR" "$CUPS_DIR/bin" "$CUPS_DIR/bin/backend"
	chmod 0777 "$CUPS_DIR/out"
	cat >"$CUPS_DIR/root/cups-files.conf" <<CONF
ServerRoot $CUPS_DIR/root
ServerBin $CUPS_DIR/bin
RequestRoot $CUPS_DIR/spool
TempDir $CUPS_DIR/spool/tmp
StateDir $CUPS_DIR/state
CacheDir $CUPS_DIR/cache
DataDir /usr/share/cups
DocumentRoot /usr/share/cups/doc-root
AccessLog $CUPS_DIR/logs/access_log
ErrorLog $CUPS_DIR/logs/error_log
PageLog $CUPS_DIR/logs/page_log
SystemGroup root
CONF
	cat >"$CUPS_DIR/root/cupsd.conf" <<CONF
Listen $CUPS_DIR/cups.sock
LogLevel debug
Browsing No
WebInterface No
# Debian's policy for a job whose backend failed (retry it later), but sooner and longer
ErrorPolicy retry-job
JobRetryInterval 1
JobRetryLimit ${CUPS_RETRY_LIMIT:-100}
<Location />
  Order allow,deny
  Allow localhost
</Location>
CONF
	export CUPS_SERVER=$CUPS_DIR/cups.sock
	cupsd -f -c "$CUPS_DIR/root/cupsd.conf" -s "$CUPS_DIR/root/cups-files.conf" \
		>"$CUPS_DIR/logs/stdout" 2>&1 &
	CUPS_PID=$!
	local i
	for i in $(seq 1 200); do
		lpstat -r >/dev/null 2>&1 && return 0
		kill -0 "$CUPS_PID" 2>/dev/null || break
		sleep 0.05
	done
	echo "cupsd did not start:" >&2
	cat "$CUPS_DIR/logs/stdout" "$CUPS_DIR/logs/error_log" >&2 2>/dev/null
	return 1
}

cups_queue() { # NAME [PPD]: a simulated printer gbtest:/$CUPS_DIR/out/NAME
	cups_do lpadmin -p "$1" -E -v "gbtest:$CUPS_DIR/out/$1" -P "${2:-$CUPS_TEST_SRC/test.ppd}"
}

# cups_do CMD...: an lp* command, tried again while cupsd is still loading (at most 10 s)
cups_do() {
	local i
	for i in $(seq 1 200); do
		"$@" 2>/dev/null && return 0
		sleep 0.05
	done
	"$@"
}

# cups_stop: ends the test's cupsd, whichever shell started it, and waits until it is gone.
cups_stop() {
	local pid
	for pid in ${CUPS_PID:-} $(pgrep -f "cupsd -f -c ${CUPS_DIR:-/nonexistent}/root/cupsd.conf"); do
		kill "$pid" 2>/dev/null || continue
		while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
	done
	CUPS_PID=
}
