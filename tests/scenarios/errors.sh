#!/usr/bin/env bash
# Bad input is one clear line naming the file, line or field, with exit status 2; a failed
# expectation is exit 3 naming the screen that was showing.
. "$(dirname "$0")/lib.sh"

booth "press
expect-screen review"
expect_rc 3
expect_eq "$(wc -l <<< "$err")" 1 "one line"
grep -q "scenario.script:2: expected the review screen, but countdown was showing" <<< "$err" ||
  fail "expect-screen message: $err"

booth "wait 100
tap Nonexistent"
expect_rc 3
grep -q 'scenario.script:2: no control labelled "Nonexistent" on the attract screen' <<< "$err" ||
  fail "tap message: $err"

booth "wait 100
dance"
expect_rc 2
expect_eq "$err" "$T/scenario.script:2: unknown step (wait, press, hold, next, tap, tap-at, type, key, scan, shot, expect-screen, quit)" "bad step"

booth "key NoSuchKey"
expect_rc 2
grep -q 'scenario.script:1: unknown key name "NoSuchKey"' <<< "$err" || fail "key: $err"

printf '[booth]\ncountdown = 99\n' > "$T/bad.conf"
set +e
e=$("$GATHERBOOTH" run --headless --demo --config "$T/bad.conf" --data "$DATA" 2>&1 >/dev/null)
r=$?
set -e
expect_eq "$r" 2 "bad config status"
expect_eq "$e" "$T/bad.conf:2: countdown: must be a whole number from 1 to 10" "bad config"

printf '[booth]\nlayout = nosuch\n' > "$T/bad.conf"
set +e
e=$("$GATHERBOOTH" run --headless --demo --config "$T/bad.conf" --data "$DATA" 2>&1 >/dev/null)
r=$?
set -e
expect_eq "$r" 2 "missing layout status"
grep -q "nosuch.layout" <<< "$e" || fail "missing layout: $e"

set +e
"$GATHERBOOTH" run --frobnicate > /dev/null 2>&1; expect_eq $? 2 "unknown option"
"$GATHERBOOTH" frobnicate > /dev/null 2>&1; expect_eq $? 2 "unknown command"
"$GATHERBOOTH" run --json > /dev/null 2>&1; expect_eq $? 2 "option of another command"
"$GATHERBOOTH" stats --data "$T/nothing-here" > /dev/null 2>&1; expect_eq $? 1 "stats without data"
"$GATHERBOOTH" run --headless --demo --data "$DATA" --script "$T/missing.script" 2> "$T/e"
expect_eq $? 2 "missing script"
set -e
grep -q "missing.script: No such file" "$T/e" || fail "missing script message"
grep -q "gatherbooth run" <<< "$("$GATHERBOOTH" --help)" || fail "--help"
grep -Eq '^gatherbooth [0-9]+\.[0-9]+' <<< "$("$GATHERBOOTH" --version)" || fail "--version"
echo "ok: bad scripts, configs and usage are refused with one line"
