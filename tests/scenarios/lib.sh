# Shared by the scenario tests: they run the real program headless, scripted on a virtual
# clock, and assert on the screen shown, the rows in the database and the files on disk.
set -euo pipefail
: "${GATHERBOOTH:?run through meson test}" "${SRCDIR:?}" "${BUILDDIR:?}"
PNGTOOL="$BUILDDIR/tests/pngtool"
XLSXDUMP="$BUILDDIR/tests/xlsxdump"
T=$(mktemp -d "${TMPDIR:-/tmp}/gatherbooth-scenario-XXXXXX")
trap 'rm -rf "$T"' EXIT
DATA="$T/data"
SHOTS="$T/shots"
mkdir -p "$SHOTS"
export GATHERBOOTH_CONFIG=/dev/null
CSVDUMP="$BUILDDIR/tests/csvdump"
GATHERBOOTH_PROGRAM=$GATHERBOOTH # the program file itself, even when run through qemu
# cross-built (scripts/cross-arm64): the programs run through qemu. GATHERBOOTH_TOOLS_WRAP, when
# set, runs the test's own tools another way: empty for a packaged arm64 booth tested with the
# native tools (scripts/package-arm64)
if [ -n "${GATHERBOOTH_WRAP:-}" ]; then
  mkdir -p "$T/bin"
  for pair in "gatherbooth:$GATHERBOOTH" "pngtool:$PNGTOOL" "csvdump:$CSVDUMP" \
    "xlsxdump:$XLSXDUMP"; do
    wrap=${GATHERBOOTH_TOOLS_WRAP-$GATHERBOOTH_WRAP}
    [ "${pair%%:*}" = gatherbooth ] && wrap=$GATHERBOOTH_WRAP
    printf '#!/bin/sh\nexec %s %s "$@"\n' "$wrap" "${pair#*:}" > "$T/bin/${pair%%:*}"
    chmod +x "$T/bin/${pair%%:*}"
  done
  GATHERBOOTH="$T/bin/gatherbooth"
  PNGTOOL="$T/bin/pngtool"
  CSVDUMP="$T/bin/csvdump"
  XLSXDUMP="$T/bin/xlsxdump"
  # arm64's FreeType and pixman round a few anti-aliased edge pixels differently (0.8% of the
  # attract screen's pixels, by 0.005 on average, none far off): compared with the tolerance a
  # GL renderer gets
  GOLDEN_TOLERANT=${GOLDEN_TOLERANT:-1}
fi

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# script steps from attract to the staff screen: a long press and the demo's PIN, 1234
STAFF_LOGIN="hold 3000
tap 1
tap 2
tap 3
tap 4
tap OK
expect-screen staff"

# booth SCRIPT_TEXT [extra args]: runs a script given on stdin-like text; sets $out, $err, $rc
booth() {
  local text=$1
  shift
  printf '%s\n' "$text" > "$T/scenario.script"
  set +e
  GATHERBOOTH_TRACE=1 "$GATHERBOOTH" run --headless --demo --data "$DATA" \
    --script "$T/scenario.script" --screenshots "$SHOTS" "$@" > "$T/out" 2> "$T/err"
  rc=$?
  set -e
  out=$(cat "$T/out")
  # log lines (module: level: ...) and the trace aside, what is left is what the run said went
  # wrong
  err=$(grep -Ev '^([a-z]+: (info|warning|debug): |trace: )' "$T/err" || true)
  log=$(grep -v '^trace: ' "$T/err" || true)
  trace=$(grep '^trace: ' "$T/err" || true)
}

# expect_text WORDS [RRGGBB]: the last run drew a line containing WORDS (in that colour)
expect_text() {
  grep -qF -- "trace: text ${2:-}${2:+ }" <<< "$(grep -F -- "$1" <<< "$trace")" ||
    fail "no \"$1\"${2:+ in #$2} on screen; the words drawn were: $(grep '^trace: text ' <<< "$trace" | cut -c13- | sort -u | tr '\n' '|' | cut -c1-600)"
}

# expect_no_text WORDS: the last run never drew WORDS
expect_no_text() {
  if grep -q '^trace: text ' <<< "$(grep -F -- "$1" <<< "$trace")"; then
    fail "\"$1\" was on screen: $(grep -F -- "$1" <<< "$trace" | head -3)"
  fi
}

# wait_for FILE PATTERN [SECONDS]: waits until FILE has a line matching PATTERN (grep -E), up to
# SECONDS (60); false if it never came. Tests wait for what they need, never a fixed time.
wait_for() {
  local file=$1 pattern=$2 end=$((SECONDS + ${3:-60}))
  until grep -qE -- "$pattern" "$file" 2> /dev/null; do
    [ $SECONDS -lt $end ] || return 1
    sleep 0.05
  done
}

expect_rc() {
  [ "$rc" -eq "$1" ] || { cat "$T/err" >&2; fail "exit status $rc, expected $1"; }
}

sql() {
  python3 - "$DATA/gatherbooth.db" "$1" <<'PY'
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()
print(row[0] if row else "")
PY
}

expect_eq() {
  [ "$1" = "$2" ] || fail "$3: got '$1', expected '$2'"
}

# every photo file decodes in full and has exactly one row, and no .tmp is left
check_files_and_rows() {
  local files rows f dirs=()
  for f in photos badges; do [ -d "$DATA/$f" ] && dirs+=("$DATA/$f"); done
  [ ${#dirs[@]} -gt 0 ] || dirs=("$DATA")
  files=$(find "${dirs[@]}" \( -name '*.png' -o -name '*.jpg' -o -name '*.gif' -o -name '*.webp' \) | wc -l)
  rows=$(sql "SELECT count(*) FROM photos")
  expect_eq "$files" "$rows" "photo files vs rows"
  [ -z "$(find "$DATA" -name '*.tmp')" ] || fail "a .tmp file was left: $(find "$DATA" -name '*.tmp')"
  while IFS= read -r f; do
    case "$f" in
      *.gif | *.webp) identify "$f" > /dev/null || fail "$f does not decode" ;;
      *) "$PNGTOOL" info "$f" > /dev/null || fail "$f does not decode" ;;
    esac
    local rel=${f#"$DATA"/}
    expect_eq "$(sql "SELECT count(*) FROM photos WHERE path = '$rel'")" 1 "row for $rel"
  done < <(find "${dirs[@]}" \( -name '*.png' -o -name '*.jpg' \))
}

# compare a screenshot with tests/golden/NAME.png (UPDATE_GOLDEN=1 rewrites the golden)
golden() {
  local name=$1
  if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$SHOTS/$name.png" "$SRCDIR/tests/golden/$name.png"
    return
  fi
  # exact for SDL's software renderer; GOLDEN_TOLERANT=1 for another renderer (a GL driver)
  "$PNGTOOL" diff ${GOLDEN_TOLERANT:+--tolerant} "$SHOTS/$name.png" \
    "$SRCDIR/tests/golden/$name.png" || fail "screenshot $name differs from tests/golden/$name.png"
}
