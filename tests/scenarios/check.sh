#!/usr/bin/env bash
# `gatherbooth check` on this machine: no camera and no GPIO chip, so those FAIL with their
# fixes; storage and fonts PASS; the exit status says something required failed.
. "$(dirname "$0")/lib.sh"
set +e
"$GATHERBOOTH" check --data "$DATA" --no-wait > "$T/out" 2> "$T/err"
rc=$?
set -e
cat "$T/out"
expect_rc 1
grep -q "^PASS storage  $DATA on .*, writable, .* GB free" "$T/out" || fail "storage"
grep -q "^PASS fonts" "$T/out" || fail "fonts"
grep -Eq "^(PASS|WARN) clock" "$T/out" || fail "clock"
if [ ! -e /dev/video0 ]; then
  grep -q "^FAIL camera   no camera found" "$T/out" || fail "camera"
  grep -A1 "^FAIL camera" "$T/out" | grep -q "fix: .*rpicam-hello --list-cameras" || fail "camera fix"
fi
if ! compgen -G "/dev/gpiochip*" > /dev/null; then
  grep -q "^FAIL button   GPIO line GPIO17: no GPIO chip found" "$T/out" || fail "button"
  grep -A1 "^FAIL button" "$T/out" | grep -q "fix: wire the button" || fail "button fix"
fi
grep -q "^FAIL display" "$T/out" || fail "the dummy driver passed as a screen"
grep -q "Something required failed" "$T/out" || fail "summary"
echo "ok: check"
