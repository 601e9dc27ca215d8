#!/bin/sh
# Every user-visible string of the current sources is translated in every
# language of po/LINGUAS: the template is made afresh from POTFILES.in, so a
# string added without a translation fails here, not in front of a user.
set -eu
srcroot=$1
podir=$srcroot/po
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

grep -v '^#' "$podir/POTFILES.in" | sed '/^$/d' > "$tmp/files"
(cd "$srcroot" && xgettext --package-name=hearken --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --keyword=hk_i18n_gettext --keyword=hk_i18n_ngettext:1,2 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=hk_i18n_ngettext:1:pass-c-format \
  --flag=g_strdup_printf:1:c-format \
  --flag=g_set_error:4:c-format --flag=g_printerr:1:c-format \
  -f "$tmp/files" -o "$tmp/hearken.pot")

status=0
for lang in $(grep -v '^#' "$podir/LINGUAS"); do
  po="$podir/$lang.po"
  if [ ! -f "$po" ]; then
    echo "$po: missing"; status=1; continue
  fi
  if ! stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1); then
    echo "$po: $stats"; status=1; continue
  fi
  echo "$lang: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*) status=1 ;;
  esac
  if ! LC_ALL=C msgcmp "$po" "$tmp/hearken.pot" > "$tmp/cmp" 2>&1; then
    echo "$po lacks strings the sources use (run: meson compile -C _build hearken-update-po):"
    grep 'used but not defined' -B1 "$tmp/cmp" | head -20
    status=1
  fi
done
exit $status
