#!/bin/sh
# A CUPS backend for the tests: a simulated printer that keeps what it receives.
# Device URI gbtest:/FOLDER/NAME. Each job is copied to FOLDER/NAME-JOBID-PID.doc with its
# options in FOLDER/NAME-JOBID-PID.opts (the backend's PID: job ids start again at 1 when a
# cupsd loses its spool). FOLDER/NAME.stop makes it report no paper and stop the queue
# (CUPS_BACKEND_STOP, as an out-of-paper printer does); FOLDER/NAME.hang makes the printer
# hang mid-job (FOLDER/NAME-JOBID-PID.hanging says so) and die when NAME.hang is removed; while
# FOLDER/NAME.dead exists it does not answer at all (the backend fails, CUPS_BACKEND_FAILED).
if [ $# -eq 0 ]; then
	echo 'direct gbtest "Unknown" "gatherbooth test printer"'
	exit 0
fi
path=${DEVICE_URI#gbtest:}
if [ -e "$path.stop" ]; then
	echo "STATE: +media-empty-error" >&2
	echo "ERROR: Out of paper" >&2
	exit 4
fi
if [ -e "$path.dead" ]; then
	echo "ERROR: The printer stopped answering" >&2
	exit 1
fi
echo "STATE: -media-empty-error" >&2
base="$path-$1-$$"
tmp="$base.part"
if [ $# -ge 6 ]; then
	cat "$6" >"$tmp"
else
	cat >"$tmp"
fi
if [ -e "$path.hang" ]; then
	# the printer takes part of the job, then dies when NAME.hang goes: the backend fails, as
	# one does when its printer stops answering
	touch "$base.hanging"
	while [ -e "$path.hang" ]; do sleep 0.05; done
	rm -f "$tmp" "$base.hanging"
	echo "ERROR: The printer stopped answering" >&2
	exit 1
fi
printf '%s\n' "$5" >"$base.opts"
printf 'copies=%s\n' "$4" >>"$base.opts"
mv "$tmp" "$base.doc"
exit 0
