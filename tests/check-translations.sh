#!/bin/sh
# Every UI string translated in every language of po/LINGUAS, nothing fuzzy,
# and every .po file compiles with format checks.
set -eu
podir=$1
status=0
for lang in $(grep -v '^#' "$podir/LINGUAS"); do
  po="$podir/$lang.po"
  if [ ! -f "$po" ]; then
    echo "$po: missing"; status=1; continue
  fi
  stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1) || { echo "$po: $stats"; status=1; continue; }
  case "$stats" in
    *untranslated*|*fuzzy*) echo "$po: $stats"; status=1 ;;
    *) echo "$po: $stats" ;;
  esac
  # The template must not hold strings the .po file lacks.
  if [ -f "$podir/hearken.pot" ]; then
    missing=$(LC_ALL=C msgcmp --use-untranslated "$po" "$podir/hearken.pot" 2>&1 | grep -c 'this message is used but not defined' || true)
    if [ "$missing" != "0" ]; then
      echo "$po: $missing strings of hearken.pot are missing; run the update-po target"; status=1
    fi
  fi
done
exit $status
