#!/usr/bin/env bash
# The desktop path `scripts/demo` takes: a real X11 window (Xvfb) with SDL's accelerated
# renderer instead of the dummy driver. The same scripted session must show the same screens.
. "$(dirname "$0")/lib.sh"
command -v xvfb-run > /dev/null || { echo "SKIP: xvfb-run is not installed (package xvfb)"; exit 77; }
unset SDL_VIDEODRIVER
# In a sanitizer build: the X11 and GL driver stack keeps a few blocks past exit in libraries it
# has unloaded, which no suppression can name; the dummy-driver scenarios check for leaks.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
printf 'wait 1000\nshot attract\npress\nwait 1500\nshot countdown\nwait 14500\nexpect-screen review\nwait 500\nshot review\ntap Keep\nwait 1000\nexpect-screen saved\n' > "$T/w.script"
set +e
xvfb-run -a -s "-screen 0 1024x768x24" "$GATHERBOOTH" run --demo --data "$DATA" \
  --script "$T/w.script" --screenshots "$SHOTS" > "$T/out" 2> "$T/err"
rc=$?
set -e
expect_rc 0
grep -q "display: info: x11" "$T/err" || fail "not in an X11 window: $(grep display: "$T/err")"
grep -q "vsync on" "$T/err" || fail "vsync is off in a window"
# a GL driver's scaler and text differ slightly from the software renderer's goldens
GOLDEN_TOLERANT=1 golden attract
GOLDEN_TOLERANT=1 golden countdown
GOLDEN_TOLERANT=1 golden review
check_files_and_rows
expect_eq "$(sql "SELECT count(*) FROM photos")" 5 "photos"
echo "ok: the windowed booth shows the same screens and saves the same files"
