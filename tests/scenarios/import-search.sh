#!/usr/bin/env bash
# Roster import from the real exports and the kiosk search, through the command line.
. "$(dirname "$0")/lib.sh"
R="$SRCDIR/tests/data/rosters"
gb() { "$GATHERBOOTH" "$@" --data "$DATA"; }
count() { sql "SELECT count(*) FROM attendees"; }
refused() { # refused STATUS WANT_LINE ARGS...: exit status, and WANT_LINE among stderr's lines
  local want_rc=$1 want=$2
  shift 2
  set +e
  gb "$@" > "$T/o" 2> "$T/e"
  local r=$?
  set -e
  expect_eq "$r" "$want_rc" "exit status of import $*"
  grep -qF -- "$want" "$T/e" || fail "import $*: stderr lacks '$want': $(cat "$T/e")"
}

out=$(gb import "$R/eventbrite.csv")
expect_eq "$out" "$R/eventbrite.csv: 4 added, 0 updated, 0 unchanged, 0 refused" "eventbrite"
expect_eq "$(sql "SELECT badge_code FROM attendees WHERE display_name = 'José García'")" EB5001-77 "badge from Barcode #"
expect_eq "$(sql "SELECT organization FROM attendees WHERE badge_code = 'EB5003-79'")" "Trinity College, Dublin" "quoted comma"
expect_eq "$(sql "SELECT job_title FROM attendees WHERE badge_code = 'EB5001-77'")" Librarian "job title"
# one buyer's email on two tickets with their own codes: two people
expect_eq "$(sql "SELECT count(*) FROM attendees WHERE email = 'jose@example.org'")" 2 "shared email"

out=$(gb import "$R/pretix.csv")
expect_eq "$out" "$R/pretix.csv: 3 added, 0 updated, 0 unchanged, 0 refused" "pretix (BOM, ;, CRLF)"
expect_eq "$(sql "SELECT badge_code FROM attendees WHERE email = 'lukasz@example.pl'")" ABC12 "badge from Order code"
expect_eq "$(sql "SELECT display_name FROM attendees WHERE badge_code = 'ABC13'")" 'Chloé "Clo" Dubois' "doubled quotes"
expect_eq "$(sql "SELECT organization FROM attendees WHERE badge_code = 'ABC12'")" "Biblioteka; Kraków" "quoted ;"
expect_eq "$(sql "SELECT ticket_type FROM attendees WHERE badge_code = 'ABC14'")" Conference "Product"

gb import "$R/hievents.csv" > /dev/null
expect_eq "$(sql "SELECT badge_code FROM attendees WHERE email = 'tomas@example.ie'")" HE-901 "Ticket ID"
gb import "$R/attendize.csv" > /dev/null
expect_eq "$(sql "SELECT badge_code FROM attendees WHERE email = 'kim@example.kr'")" ATT-55-2 "Reference"
gb import "$R/generic.csv" > /dev/null
expect_eq "$(sql "SELECT display_name FROM attendees WHERE badge_code = 'G-3'")" "Multi
Line Name" "newline in a quoted name"
expect_eq "$(sql "SELECT organization FROM attendees WHERE badge_code = 'G-2'")" "Tools, Inc." "generic"
expect_eq "$(count)" 16 "attendees after five imports"

# re-importing changes nothing and keeps check-ins
gb checkin --code EB5003-79 > /dev/null
out=$(gb import "$R/eventbrite.csv")
expect_eq "$out" "$R/eventbrite.csv: 0 added, 0 updated, 4 unchanged, 0 refused" "re-import"
expect_eq "$(count)" 16 "no duplicates"
expect_eq "$(sql "SELECT count(*) FROM checkins WHERE undone_at IS NULL")" 1 "check-in kept"
# a changed row updates the same person
sed 's/Curator/Head Curator/' "$R/eventbrite.csv" > "$T/changed.csv"
expect_eq "$(gb import "$T/changed.csv")" "$T/changed.csv: 0 added, 1 updated, 3 unchanged, 0 refused" "update"
expect_eq "$(sql "SELECT job_title FROM attendees WHERE badge_code = 'EB5003-79'")" "Head Curator" "updated field"
expect_eq "$(sql "SELECT count(*) FROM checkins c JOIN attendees a ON a.id = c.attendee WHERE a.badge_code = 'EB5003-79'")" 1 "check-in survives the update"

# bad files: every bad row listed, exit 2, nothing changed
# bytes that are neither UTF-8 nor Windows-1252 (0x81 0x8D): the line, and what to do
refused 2 "$R/bad-utf8.csv:3: neither UTF-8 nor Windows-1252 nor UTF-16" import "$R/bad-utf8.csv"
grep -qF 'save it from the spreadsheet as "CSV UTF-8"' "$T/e" || fail "no advice on refusal"
expect_eq "$(wc -l < "$T/e")" 1 "one line for a file that is not text"
expect_eq "$(count)" 16 "bad UTF-8 changed nothing"
refused 2 "$R/unclosed.csv:3: unclosed quote" import "$R/unclosed.csv"
refused 2 "$R/short-row.csv:3: 2 fields, but the header has 3" import "$R/short-row.csv"
expect_eq "$(count)" 16 "bad files changed nothing"
refused 2 "no name column" import "$R/no-name.csv"
grep -qF 'columns: "Title", "Email", "Notes"' "$T/e" || fail "the columns seen are not listed"
refused 2 "--map Nope=name: $R/custom.csv has no column \"Nope\"" import "$R/custom.csv" --map Nope=name
refused 2 "unknown field \"nickname\"" import "$R/custom.csv" --map Participant=nickname
refused 2 "missing.csv: No such file or directory" import "$T/missing.csv"
printf '' > "$T/empty.csv"
refused 2 "empty file" import "$T/empty.csv"
# hostile files: each refused with its reason, or read as the text it is
printf 'name,email\nAn\0n,a@x\n' > "$T/nul.csv"
refused 2 "$T/nul.csv:2: NUL byte in a field" import "$T/nul.csv"
python3 -c "print(','.join(['name'] + ['c%d' % i for i in range(10000)]))" > "$T/wide.csv"
refused 2 "$T/wide.csv:1: more than 1000 columns" import "$T/wide.csv"
python3 -c "print('name,email'); print('A' * 10240 + ',a@example.org')" > "$T/field.csv"
refused 2 "$T/field.csv:2: the name field is 10240 bytes long (at most 500)" import "$T/field.csv"
truncate -s 1G "$T/huge.csv" # sparse: no disk used
refused 2 "$T/huge.csv: larger than 256 MB, too big for a roster; split the file" import "$T/huge.csv"
rm "$T/huge.csv"
head -c 4096 /dev/urandom > "$T/binary.csv"
set +e
gb import "$T/binary.csv" > /dev/null 2> "$T/e"
r=$?
set -e
expect_eq "$r" 2 "a binary file is refused"
expect_eq "$(wc -l < "$T/e")" 1 "one line for a binary file"
expect_eq "$(count)" 16 "hostile files changed nothing"
printf 'name,email\n' > "$T/header.csv"
expect_eq "$(gb import "$T/header.csv")" "$T/header.csv: 0 added, 0 updated, 0 unchanged, 0 refused" "only a header"

# --skip-bad imports the good rows and reports the bad
set +e
out=$(gb import "$R/short-row.csv" --skip-bad 2> "$T/e")
r=$?
set -e
expect_eq "$r" 0 "--skip-bad status"
expect_eq "$out" "$R/short-row.csv: 2 added, 0 updated, 0 unchanged, 1 refused" "--skip-bad"
grep -qF "short-row.csv:3:" "$T/e" || fail "--skip-bad does not report the bad row"

# --map and --dry-run
out=$(gb import "$R/custom.csv" --map Participant=name --map Mail=email --map "Ticket No=badge" --dry-run)
expect_eq "$out" "dry run, nothing changed: $R/custom.csv: 1 added, 0 updated, 0 unchanged, 0 refused" "dry run"
expect_eq "$(sql "SELECT count(*) FROM attendees WHERE email = 'grace@example.org'")" 0 "dry run stored nothing"
gb import "$R/custom.csv" --map Participant=name --map Mail=email --map "Ticket No=badge" > /dev/null
expect_eq "$(sql "SELECT badge_code FROM attendees WHERE email = 'grace@example.org'")" N-1 "--map"

# search: one line per hit, id TAB name TAB organization TAB badge TAB check-in time or -
first() { gb search "$1" | head -1 | cut -f2; }
expect_eq "$(first jose)" "José García" "jose finds José (exact, before María García's prefix)"
expect_eq "$(first muller)" "Anna Müller-Lüdenscheidt" "muller"
expect_eq "$(first obrien)" "Siobhán O'Brien" "obrien"
expect_eq "$(first "o'brien")" "Siobhán O'Brien" "o'brien"
expect_eq "$(first ludenscheidt)" "Anna Müller-Lüdenscheidt" "a hyphenated part"
expect_eq "$(first mullerludenscheidt)" "Anna Müller-Lüdenscheidt" "the hyphen folded away"
expect_eq "$(first garica)" "José García" "a typo"
expect_eq "$(first "sorenson lukas")" "Łukasz Sørensen" "two typos, any order"
expect_eq "$(first ivanov)" "Иван Иванов" "Cyrillic, typed in Latin"
expect_eq "$(first "فاطمة")" "فاطمة الزهراء" "Arabic script"
expect_eq "$(first "ana lima")" "Ana 🎉 Lima" "a name with an emoji"
expect_eq "$(first "ATT-55-1")" "Priya Raman" "a badge code"
expect_eq "$(first "eb5004-80")" "Anna Müller-Lüdenscheidt" "a badge code in lower case"
expect_eq "$(gb search "'; DROP TABLE attendees; --" | wc -l)" 0 "SQL taken literally"
expect_eq "$(gb search '"jose"' | head -1 | cut -f2)" "José García" "quotes taken literally"
for q in 'jose" OR "a' 'NEAR(jose garcia)' 'jose*' 'name:jose' '^jose' '-' '"' '*'; do
  gb search "$q" > /dev/null 2> "$T/e" || fail "search $q failed: $(cat "$T/e")"
done
expect_eq "$(count)" 19 "attendees still there"
line=$(gb search "O'Brien" | head -1)
IFS=$'\t' read -r id name org badge when <<< "$line"
expect_eq "$org" "Trinity College, Dublin" "organization column"
expect_eq "$badge" EB5003-79 "badge column"
[[ "$when" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[+-][0-9]{2}:[0-9]{2}$ ]] ||
  fail "check-in time is not ISO 8601 local time: $when"
expect_eq "$(gb search garcia | tail -1 | cut -f5)" "-" "not checked in"
# ranking: a badge code first, then whole names, then prefixes
printf 'Name,Badge\nBob Builder,ADA\nAda Lovelace,L-1\nAdam Ant,L-2\n' > "$T/rank.csv"
gb import "$T/rank.csv" > /dev/null
expect_eq "$(gb search ada | cut -f2 | tr '\n' '|')" "Bob Builder|Ada Lovelace|Adam Ant|" "ranking"

# checkin command
expect_eq "$(gb checkin --code HE-900 | sed 's/ at .*//')" "Checked in: Ngozi Adichie" "checkin"
expect_eq "$(gb checkin --code HE-900 | sed 's/ at .*//')" "Ngozi Adichie was already checked in" "checkin twice"
expect_eq "$(sql "SELECT count(*) FROM checkins c JOIN attendees a ON a.id = c.attendee WHERE a.badge_code = 'HE-900'")" 1 "one row"
set +e
gb checkin --code NOPE > /dev/null 2> "$T/e"; expect_eq $? 2 "unknown badge"
gb checkin --id 12x > /dev/null 2>&1; expect_eq $? 2 "bad id"
gb checkin > /dev/null 2>&1; expect_eq $? 2 "no --code or --id"
set -e
grep -qF 'no attendee has the badge code "NOPE"' "$T/e" || fail "unknown badge message"
json=$(gb stats --json)
python3 -c 'import json,sys; s=json.loads(sys.argv[1]); assert s["checked_in"] == 2 and s["walk_ins"] == 0 and s["attendees"] == 22, s' "$json"

# 100,000 rows
python3 - "$T/big.csv" <<'PY'
import sys, random
random.seed(7)
first = ["José", "Anna", "Siobhán", "Łukasz", "Maria", "John", "Priya", "Chen", "Olu", "Zoë"]
last = ["García", "Müller", "O'Brien", "Sørensen", "Smith", "Nguyen", "Okafor", "Kowalski"]
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write("First Name,Last Name,Email,Company,Barcode #\n")
    for i in range(100000):
        f.write(f"{random.choice(first)},{random.choice(last)}-{i % 977},p{i}@example.org,\"Library {i % 313}, Branch\",B{i:06d}\n")
PY
out=$(gb import "$T/big.csv")
expect_eq "$out" "$T/big.csv: 100000 added, 0 updated, 0 unchanged, 0 refused" "100,000 rows"
expect_eq "$(first B054321)" "$(sql "SELECT display_name FROM attendees WHERE badge_code = 'B054321'")" "a badge among 100,000"
# old Mac line ends
printf 'name,email\rLone Cr,lone@example.org\r' > "$T/cr.csv"
gb import "$T/cr.csv" > /dev/null
expect_eq "$(sql "SELECT email FROM attendees WHERE display_name = 'Lone Cr'")" lone@example.org "lone CR line ends"
echo "ok: imports and searches"
