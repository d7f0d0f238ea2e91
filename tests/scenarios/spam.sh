#!/usr/bin/env bash
# Children at the touchscreen: thousands of random taps, keys, scans and button presses at random
# intervals (seeded, so a failure replays). The booth must not crash or stick: afterwards it is
# back at the attract screen on its own, a press still starts a session, and every file on disk
# has its row and every row its file.
. "$(dirname "$0")/lib.sh"
EVENTS=${SPAM_EVENTS:-2000}
SEED=${SPAM_SEED:-20261128}

gb() { "$GATHERBOOTH" "$@" --data "$DATA"; }
gb import "$SRCDIR/tests/data/rosters/eventbrite.csv" > /dev/null
# a staff PIN no random tapping finds, so the staff screen stays shut
hash=$(printf '73194628\n' | "$GATHERBOOTH" hash-pin | sed -n 's/^pin_hash *= *//p')
[ -n "$hash" ] || fail "hash-pin printed no pin_hash line"
printf '[camera]\nbackend = synthetic\n[button]\nbackend = none\n[staff]\npin_hash = %s\n' \
  "$hash" > "$T/spam.conf"

python3 - "$EVENTS" "$SEED" > "$T/spam.script" <<'PY'
import random, sys
n, seed = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)
keys = ["Return", "Escape", "Backspace", "Space", "Tab", "A", "J", "1", "9"]
for _ in range(n):
    r = rnd.random()
    if r < 0.70:
        print(f"tap-at {rnd.random():.3f} {rnd.random():.3f}")
    elif r < 0.80:
        print("press")
    elif r < 0.90:
        print(f"key {rnd.choice(keys)}")
    elif r < 0.95:
        print(f"type {rnd.choice(['jo', 'mu', 'zz', 'a'])}")
    elif r < 0.99:
        print(f"scan {rnd.choice(['EB5001-77', 'EB5003-79', 'NOPE-1'])}")
    else:
        print(f"hold {rnd.choice([500, 3500])}")
    print(f"wait {rnd.randint(0, 120)}")
print("wait 90000")  # quiet: every screen times out (the longest, idle check-in, at 60 s)
print("expect-screen attract")
print("press")
print("expect-screen countdown")
print("quit")
PY

set +e
"$GATHERBOOTH" run --headless --config "$T/spam.conf" --data "$DATA" --script "$T/spam.script" \
  > "$T/out" 2> "$T/err"
rc=$?
set -e
log=$(cat "$T/err")
expect_rc 0
grep -q "shut down from the staff screen" "$T/err" && fail "the staff screen was reached"
check_files_and_rows
expect_eq "$(sql "PRAGMA integrity_check")" ok "integrity"
# one session at a time: no session holds another's photos twice over, or a second strip
expect_eq "$(sql "SELECT count(*) FROM (SELECT session FROM photos WHERE kind = 'strip'
  GROUP BY session HAVING count(*) > 1)")" 0 "sessions with two strips"
echo "ok: $EVENTS random inputs (seed $SEED): $(sql "SELECT count(*) FROM sessions") session(s), \
$(sql "SELECT count(*) FROM checkins") check-in(s), back at attract"
