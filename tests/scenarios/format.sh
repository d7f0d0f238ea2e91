#!/usr/bin/env bash
# The C sources follow .clang-format.
set -euo pipefail
command -v clang-format > /dev/null || { echo "SKIP: clang-format is not installed"; exit 77; }
cd "$SRCDIR"
bad=0
while IFS= read -r f; do
  clang-format --dry-run -Werror "$f" 2> /dev/null || { echo "not formatted: $f"; bad=1; }
done < <(find firmware drivers ui tests -name '*.[ch]' -o -name '*.cpp' | sort)
[ "$bad" -eq 0 ] && echo "ok: every C file is formatted"
exit "$bad"
