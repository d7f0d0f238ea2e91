#!/usr/bin/env bash
# The booth's sounds, as SDL's disk audio driver writes them to a file (signed 16-bit, mono,
# 22050 Hz, in the booth's time from the start): a check-in's chime; then the countdown, a tick
# with each numeral one second apart and the shutter a second after the last; an error tone on
# the error screen; spoken prompts in the guest's language when they turn speech on (espeak-ng:
# a second or more of speech where the countdown begins), or for every guest with the config's
# speech = yes; and [sound] volume = 0 is silence.
. "$(dirname "$0")/lib.sh"
export SDL_AUDIODRIVER=disk

# onsets FILE: each sound's start in ms and its pitch (zero crossings a second, halved)
onsets() {
  python3 - "$1" <<'PY'
import struct, sys
data = open(sys.argv[1], "rb").read()
x = struct.unpack("<%dh" % (len(data) // 2), data[: len(data) // 2 * 2])
rate, win = 22050, 220
quiet, inside = 5, False
for i in range(0, len(x) - win, win):
    if max(abs(v) for v in x[i:i + win]) > 1500:
        if not inside and quiet >= 5:
            j = next(k for k in range(i, i + win) if abs(x[k]) > 1500)
            s = x[j:j + rate * 3 // 100]
            zc = sum(1 for a, b in zip(s, s[1:]) if (a < 0) != (b < 0)) / 0.03 / 2
            print(j * 1000 // rate, int(zc))
        inside, quiet = True, 0
    else:
        quiet += 1
        inside = inside and quiet < 5
PY
}

# a check-in with its photo
SDL_DISKAUDIOFILE="$T/checkin.raw" booth "wait 300
scan GB-1004
tap Check in
wait 1000
tap Take photo
wait 4000
expect-screen review
tap Keep
tap Done
quit"
expect_rc 0
mapfile -t got < <(onsets "$T/checkin.raw")
[ ${#got[@]} -eq 5 ] || fail "5 sounds expected (chime, 3 ticks, shutter), heard ${#got[@]}: ${got[*]}"
read -r chime chime_hz <<< "${got[0]}"
[ "$chime_hz" -gt 600 ] && [ "$chime_hz" -lt 1000 ] || fail "the chime's pitch: ${got[0]}"
prev=$chime
for k in 1 2 3; do
  read -r at hz <<< "${got[$k]}"
  [ "$hz" -gt 1150 ] && [ "$hz" -lt 1500 ] || fail "tick $k's pitch: ${got[$k]}"
  [ "$k" = 1 ] || { gap=$((at - prev)); [ $gap -ge 980 ] && [ $gap -le 1020 ] ||
    fail "ticks $((k - 1)) and $k are $gap ms apart"; }
  prev=$at
done
read -r shutter shutter_hz <<< "${got[4]}"
gap=$((shutter - prev))
[ $gap -ge 980 ] && [ $gap -le 1020 ] || fail "the shutter is $gap ms after the last tick"
[ "$shutter_hz" -gt 3000 ] || fail "the shutter is no burst of noise: ${got[4]}"
echo "ok: the chime, then 3 ticks 1 s apart and the shutter 1 s after the last (${got[*]})"

# a photo that cannot be saved: the error tone
printf '[booth]\nlayout = single\n' > "$T/single.conf"
GATHERBOOTH_CONFIG="$T/single.conf" GATHERBOOTH_FAULTS=write=ENOSPC@0 \
  SDL_DISKAUDIOFILE="$T/error.raw" booth "wait 300
press
wait 4000
expect-screen review
tap Keep
expect-screen error
wait 500
quit"
expect_rc 0
read -r at hz <<< "$(onsets "$T/error.raw" | tail -1)"
[ "$hz" -gt 150 ] && [ "$hz" -lt 300 ] || fail "the last sound is no low error tone: $at $hz"
echo "ok: the error tone"

# the run's first prompt was said in language $1 and is 0.7 s or longer; sets $samples
spoken() {
  local said lang
  said=$(grep -m1 '^trace: said ' <<< "$trace") || fail "nothing was said"
  read -r _ _ lang samples <<< "$said"
  expect_eq "$lang" "$1" "the language spoken"
  [ "$samples" -gt 15000 ] || fail "the prompt is $samples samples long, under 0.7 s"
}

# speech, in Spanish: "Foto en 3, 2, 1" where the countdown begins
SDL_DISKAUDIOFILE="$T/speech.raw" booth "wait 300
tap Español
tap Accesibilidad
tap Voz
tap Listo
wait 200
press
wait 2000
quit"
expect_rc 0
spoken es
python3 - "$T/speech.raw" <<'PY' || fail "the prompt is not in the file where the countdown began"
import struct, sys
data = open(sys.argv[1], "rb").read()
x = struct.unpack("<%dh" % (len(data) // 2), data[: len(data) // 2 * 2])
# loud 10 ms windows between the countdown's start (0.5 s in) and 2 s later
start, rate = 22050 // 2, 22050
loud = sum(1 for i in range(start, min(len(x), start + 2 * rate), 220)
           if max(abs(v) for v in x[i:i + 220]) > 1000)
print(f"speech: {loud} loud 10 ms windows of 200")
sys.exit(0 if loud > 60 else 1)
PY
echo "ok: the countdown announced in Spanish ($samples samples)"

# the config's speech: every guest hears the prompts, in the event's language, without asking
printf '[booth]\nspeech = yes\nlanguage = de\n' > "$T/speech.conf"
GATHERBOOTH_CONFIG="$T/speech.conf" SDL_DISKAUDIOFILE="$T/speech-de.raw" booth "wait 300
press
wait 2000
quit"
expect_rc 0
spoken de
echo "ok: speech = yes in the config: the countdown announced in German ($samples samples)"

# volume 0: no sound at all
printf '[sound]\nvolume = 0\n' > "$T/mute.conf"
rm -f "$T/mute.raw"
GATHERBOOTH_CONFIG="$T/mute.conf" SDL_DISKAUDIOFILE="$T/mute.raw" booth "wait 300
press
wait 4000
quit"
expect_rc 0
[ ! -s "$T/mute.raw" ] || fail "volume 0 still made sound"
grep -q "sound is off" <<< "$log" || fail "the log does not say the sound is off"
echo "ok: volume 0 is silence"
