#!/usr/bin/env bash
# Every case of the csv-spectrum suite reads exactly as its json/ file says.
set -euo pipefail
dir="$SRCDIR/tests/data/csv-spectrum"
# through qemu when cross-built (scripts/cross-arm64), natively beside a packaged booth
csvdump() { ${GATHERBOOTH_TOOLS_WRAP-${GATHERBOOTH_WRAP:-}} "$BUILDDIR/tests/csvdump" "$@"; }
fails=0
for csv in "$dir"/csvs/*.csv; do
  name=$(basename "$csv" .csv)
  got=$(csvdump "$csv")
  if python3 - "$dir/json/$name.json" "$got" <<'PY'; then echo "ok: $name"; else echo "FAIL: $name"; fails=$((fails + 1)); fi
import json, sys
want = json.load(open(sys.argv[1]))
rows = json.loads(sys.argv[2])
header, body = rows[0], rows[1:]
got = [dict(zip(header, r)) for r in body]
if got != want or any(len(r) != len(header) for r in body):
    print("want", want, "\ngot ", got, file=sys.stderr)
    sys.exit(1)
PY
done
[ "$fails" -eq 0 ]
