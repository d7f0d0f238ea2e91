# `gatherbooth setup`, as a librarian runs it after installing the package: driven by its
# options, then through its questions on a terminal (tests/setup-prompts.py), with wrong PINs
# and a bad guest list. Each run can be repeated; a refused one changes nothing.
. "$(dirname "$0")/lib.sh"
CONF="$T/etc/gatherbooth.conf"
unset GATHERBOOTH_CONFIG
export GATHERBOOTH_CAMERA=synthetic
ROSTER="$SRCDIR/assets/sample-roster.csv"

setup() {
  set +e
  "$GATHERBOOTH" setup --config "$CONF" --data "$DATA" --no-enable --no-wait "$@" > "$T/out" 2> "$T/err"
  rc=$?
  set -e
  out=$(cat "$T/out")
  err=$(grep -Ev '^[a-z]+: (info|warning|debug): ' "$T/err" || true)
}

# the booth, run on the config setup wrote: staff open the staff screen with PIN $1
staff_login() {
  printf 'hold 3000\nexpect-screen staff-pin\ntap %s\ntap %s\ntap %s\ntap %s\ntap OK\nexpect-screen staff\nshot staff\n' \
    "${1:0:1}" "${1:1:1}" "${1:2:1}" "${1:3:1}" > "$T/staff.script"
  set +e
  "$GATHERBOOTH" run --headless --config "$CONF" --data "$DATA" --script "$T/staff.script" \
    --screenshots "$SHOTS" > "$T/run.out" 2> "$T/run.err"
  rc=$?
  set -e
}

lines() { grep -c "^$1 *=" "$CONF" || true; }

# 1. by its options: the list imported, the PIN's hash and the rotation written in the
#    commented default config (which it starts from), the self-test run (no camera here: 1)
setup --roster "$ROSTER" --pin-stdin --rotation 90 <<< '1357'
expect_rc 1
grep -q "sample-roster.csv: 20 added" <<< "$out" || fail "no import: $out"
grep -q "^FAIL camera\|^PASS camera" <<< "$out" || fail "no self-test: $out"
grep -q "Start the booth with" <<< "$out" || fail "no next steps: $out"
expect_eq "$(lines pin_hash)" 1 "pin_hash lines"
expect_eq "$(lines rotation)" 1 "rotation lines"
grep -q '^rotation = 90$' "$CONF" || fail "no rotation = 90 in the config"
grep -q 1357 "$CONF" && fail "the PIN itself is in the config"
grep -q '^# countdown = 3$' "$CONF" || fail "the config lost the commented defaults"
expect_eq "$(stat -c %a "$CONF")" 644 "the config's mode (the kiosk's user reads it)"
expect_eq "$(sql "SELECT count(*) FROM attendees")" 20 "guests"
staff_login 1357
expect_rc 0

# 2. again, the same: nothing added twice; the config keeps one line a key
sum=$(sha256sum "$DATA/gatherbooth.db" | cut -c1-64)
setup --roster "$ROSTER" --pin-stdin --rotation 180 <<< '1357'
expect_rc 1
grep -q "0 added, 0 updated, 20 unchanged" <<< "$out" || fail "the second import changed something: $out"
expect_eq "$(lines pin_hash)" 1 "pin_hash lines after a second run"
expect_eq "$(lines rotation)" 1 "rotation lines after a second run"
grep -q '^rotation = 180$' "$CONF" || fail "rotation not changed to 180"
expect_eq "$(sql "SELECT count(*) FROM attendees")" 20 "guests after a second run"

# 3. a bad guest list: one line naming the file and line, status 2; the config and the
#    guests as they were
before=$(sha256sum "$CONF")
setup --roster "$SRCDIR/tests/data/rosters/unclosed.csv" --pin-stdin --rotation 0 <<< '2468'
expect_rc 2
grep -q "unclosed.csv:[0-9]*:" <<< "$err" || fail "the refusal names no file and line: $err"
expect_eq "$(sha256sum "$CONF")" "$before" "the config after a refused list"
expect_eq "$(sql "SELECT count(*) FROM attendees")" 20 "guests after a refused list"

# 4. a bad PIN on standard input: refused before anything is done, even a good list
setup --roster "$SRCDIR/tests/data/rosters/generic.csv" --pin-stdin <<< '12a4'
expect_rc 2
grep -q "a PIN is 4 to 8 digits" <<< "$err" || fail "no reason for the bad PIN: $err"
grep -q "Guest list" <<< "$out" && fail "setup went on after a bad PIN: $out"
expect_eq "$(sha256sum "$CONF")" "$before" "the config after a bad PIN"
expect_eq "$(sql "SELECT count(*) FROM attendees")" 20 "guests after a bad PIN"
setup --rotation 45
expect_rc 2
grep -q -- "--rotation: one of 0, 90, 180 or 270" <<< "$err" || fail "no reason for --rotation 45: $err"

# 5. a broken config is named and left for a person to fix
cp "$CONF" "$T/good.conf"
printf '[display]\nrotation = 45\n' >> "$CONF"
setup --rotation 0
expect_rc 2
grep -q "gatherbooth.conf:[0-9]*: rotation" <<< "$err" || fail "the broken config is not named: $err"
grep -q '^rotation = 45$' "$CONF" || fail "setup changed a config it could not read"
cp "$T/good.conf" "$CONF"

# 6. through its questions on a terminal: a bad list, then a good one; a short PIN, two that
#    differ, then the PIN; the rotation from the test pattern's dots, after a wrong answer
rm -rf "$DATA" "$CONF"
set +e
python3 "$SRCDIR/tests/setup-prompts.py" "$GATHERBOOTH" setup --config "$CONF" --data "$DATA" \
  --no-wait > "$T/pty.out" 2>&1 <<EOF_ANSWERS
expect A guest list to import
send $SRCDIR/tests/data/rosters/unclosed.csv
expect was not imported
expect A guest list to import
send $ROSTER
expect 20 added
expect Staff PIN (4 to 8 digits
send 12
expect A PIN is 4 to 8 digits
expect Staff PIN (4 to 8 digits
send 2468
expect The same PIN again
send 2486
expect The two PINs differ
expect Staff PIN (4 to 8 digits
send 2468
expect The same PIN again
send 2468
expect How many dots are along the top edge
send 5
expect the number of dots, 1 to 4
expect How many dots
send 4
expect 270 degrees
expect Start the booth on this machine's screen at every boot
send n
expect not enabled
expect Next:
eof
EOF_ANSWERS
rc=$?
set -e
[ $rc -eq 1 ] || { cat "$T/pty.out" >&2; fail "the questions' run ended with $rc, expected 1 (no camera here)"; }
grep -q 2468 "$T/pty.out" && fail "the PIN was echoed"
grep -q '^rotation = 270$' "$CONF" || fail "no rotation = 270 from the test pattern"
expect_eq "$(sql "SELECT count(*) FROM attendees")" 20 "guests from the questions"
staff_login 2468
expect_rc 0
staff_login 1357
[ "$rc" -ne 0 ] || fail "the old PIN still opens the staff screen"

# 7. again on a terminal: the PIN kept, the list skipped, the rotation kept; Ctrl-D at a
#    question stops setup and keeps what was done
set +e
python3 "$SRCDIR/tests/setup-prompts.py" "$GATHERBOOTH" setup --config "$CONF" --data "$DATA" \
  --no-wait > "$T/pty.out" 2>&1 <<EOF_ANSWERS
expect A guest list to import
send
expect A staff PIN is set. Keep it?
send
expect How many dots
send
expect 270 degrees
expect at every boot
eof-send
expect stopped at the end of input
eof
EOF_ANSWERS
rc=$?
set -e
[ $rc -eq 2 ] || { cat "$T/pty.out" >&2; fail "Ctrl-D ended setup with $rc, expected 2"; }
grep -q "unchanged" "$T/pty.out" || { cat "$T/pty.out" >&2; fail "a run that kept everything rewrote the config"; }
staff_login 2468
expect_rc 0
echo "ok: setup"
