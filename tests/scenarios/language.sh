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
