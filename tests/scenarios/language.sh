#!/usr/bin/env bash
# The guest's language and the event's: a guest who taps Español goes through check-in, photo
# and thank-you in Spanish, and the next guest is greeted in the event's language again; staff
# change the event's language on the staff screen, and it stays over a restart; the config's
# [booth] language sets it too, and a language the kiosk does not speak is refused.
. "$(dirname "$0")/lib.sh"

# a Spanish guest, by their badge, with their photo; each screen compared with its golden
# (tests/golden/es-*.png; UPDATE_GOLDEN=1 rewrites them)
booth "wait 500
expect-screen attract
tap Español
wait 100
shot es-attract
tap Registrarse
type jo
wait 100
expect-screen search
shot es-search
tap Atrás
expect-screen attract
wait 100
scan GB-1004
expect-screen confirm
shot es-confirm
tap Registrarse
expect-screen consent
shot es-consent
tap Hacer foto
expect-screen countdown
wait 1500
shot es-countdown
wait 2500
expect-screen review
wait 200
shot es-review
tap Guardar
expect-screen saved
wait 500
shot es-saved
tap Listo
expect-screen attract
shot attract
quit"
expect_rc 0
for words in "Pulsa el botón" "¿No apareces?" "Credencial GB-1004" "¿Podemos guardar tu foto?" \
  "Mira a la cámara" "¿Guardar esta foto?" "Tu foto está guardada con tu credencial."; do
  expect_text "$words"
done
expect_text "Español" F2A900 # the language chosen, marked
for name in attract search confirm consent countdown review saved; do
  golden "es-$name"
done
# the thank-you was the last Spanish; then the event's English again
last_es=$(grep -n "Tu foto está guardada" <<< "$trace" | tail -1 | cut -d: -f1)
last_en=$(grep -n "^trace: text .*Press the button" <<< "$trace" | tail -1 | cut -d: -f1)
[ "$last_en" -gt "$last_es" ] || fail "the next guest was not greeted in the event's language"
expect_eq "$(sql "SELECT count(*) FROM f_checkins")" 1 "check-ins"
expect_eq "$(sql "SELECT count(*) FROM photos WHERE kind = 'shot'")" 1 "the guest's photo"
echo "ok: a guest's visit in Spanish, and the next guest's in the event's language"

# staff make German the event's language; it is kept
booth "wait 500
$STAFF_LOGIN
tap Settings
tap Language
expect-screen staff
tap Deutsch
wait 100
tap Zurück
expect-screen staff
tap Verlassen
expect-screen attract
shot de
quit"
expect_rc 0
expect_text "Sprache"
expect_text "Knopf drücken"
expect_eq "$(sql "SELECT value FROM meta WHERE key = 'setting.language'")" de "the setting kept"
booth "wait 500
shot de
quit"
expect_rc 0
expect_text "Knopf drücken"
expect_text "Deutsch" F2A900
echo "ok: staff set the event's language, and it stays over a restart"

# the export speaks the event's language (German now); its gallery, the browser's
"$GATHERBOOTH" export --data "$DATA" "$T/export" > /dev/null 2>&1 || fail "the export"
head -1 "$T/export/attendees.csv" | grep -q "Vorname,Nachname,E-Mail,Organisation" ||
  fail "the guest list's columns are not in German: $(head -1 "$T/export/attendees.csv")"
head -1 "$T/export/checkins.csv" | grep -q "Zeit" || fail "checkins.csv's columns are not in German"
grep -q '<html lang="de">' "$T/export/index.html" || fail "the gallery is not German by default"
if command -v chromium > /dev/null; then
  for want in es:Fotos fr:Photos pl:Zdjęcia; do
    chromium --headless --no-sandbox --disable-gpu --lang="${want%%:*}" \
      --accept-lang="${want%%:*}" --user-data-dir="$T/chromium" --dump-dom \
      "file://$T/export/index.html" > "$T/dom" 2> /dev/null || fail "chromium did not open the gallery"
    grep -q "<h1 data-t=\"photos\">${want#*:}</h1>" "$T/dom" ||
      fail "a browser in ${want%%:*} does not see the gallery in it: $(grep -m1 '<h1' "$T/dom")"
  done
  echo "ok: the gallery in the browser's language (es, fr, pl)"
fi

# the config's, when staff have chosen none
rm -rf "$DATA"
printf '[booth]\nlanguage = fr\n' > "$T/fr.conf"
GATHERBOOTH_CONFIG="$T/fr.conf" booth "wait 500
shot fr
quit"
expect_rc 0
expect_text "Appuyez sur le bouton"
expect_text "Français" F2A900
printf '[booth]\nlanguage = xx\n' > "$T/xx.conf"
GATHERBOOTH_CONFIG="$T/xx.conf" booth "wait 500
quit"
expect_rc 2
expect_eq "$(wc -l <<< "$err")" 1 "lines said about the bad language"
grep -q "xx.conf:2: language" <<< "$err" || fail "the bad language is not named: $err"
echo "ok: the config's language, and a language the kiosk does not speak refused"

# names written right to left: in order and shaped on the confirm screen and in the welcome
# (goldens tests/golden/rtl-*.png)
rm -rf "$DATA"
printf '%s\n' "First Name,Last Name,Email,Company,Job Title,Ticket Type,Barcode #" \
  "محمد,علي,m.ali@example.org,مكتبة الإسكندرية,Librarian,Full,RTL-1" \
  "שרה,כהן,sarah@example.org,הספרייה הלאומית,Archivist,Full,RTL-2" > "$T/rtl.csv"
"$GATHERBOOTH" import --data "$DATA" "$T/rtl.csv" > /dev/null || fail "the roster with names right to left"
booth "wait 500
scan RTL-1
expect-screen confirm
shot rtl-confirm
tap Check in
expect-screen consent
shot rtl-welcome
tap Skip photo
tap Done
scan RTL-2
expect-screen confirm
shot rtl-hebrew
quit"
expect_rc 0
expect_text "محمد علي"
# the badge too, drawn with FreeType and HarfBuzz
cp "$(ls "$DATA"/badges/RTL-1-*.png)" "$SHOTS/rtl-badge.png" || fail "no badge for the Arabic name"
for name in confirm welcome hebrew badge; do
  golden "rtl-$name"
done
echo "ok: names right to left, in order and shaped"
