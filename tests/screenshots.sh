#!/bin/sh
# Writes the README's screenshots into docs/: the library, a call in
# progress and its review, in the light and the dark style. Each call is
# real: the customer speaks into a silent sink and a synthetic trainee
# answers from a file. Needs a display; under Xvfb when headless:
#   xvfb-run -a -s '-screen 0 1400x900x24' meson compile -C _build screenshots
set -eu

shot="$1"
docs="$2"
mkdir -p "$docs"

for style in light dark; do
  flag=""
  [ "$style" = dark ] && flag="--dark"
  "$shot" "$docs/library-$style.png" --size 1200x760 --scenario complaint-late-parcel --lang it $flag
  "$shot" "$docs/practice-$style.png" --size 1200x760 --scenario complaint-late-parcel --view practice $flag
  "$shot" "$docs/review-$style.png" --size 1400x900 --scenario complaint-late-parcel --view review $flag
done
"$shot" "$docs/reflect-it-light.png" --size 1200x900 --scenario complaint-late-parcel --lang it --view reflect
"$shot" "$docs/reflect-en-dark.png" --size 1200x900 --scenario angry-caller-broken-router --view reflect --dark
"$shot" "$docs/history-light.png" --size 1200x900 --scenario sales-mobile-plan-upgrade --view history
"$shot" "$docs/pair-light.png" --size 1200x760 --scenario complaint-late-parcel --view pair
"$shot" "$docs/class-report-light.png" --size 1200x900 --scenario sales-mobile-plan-upgrade --view class-report
echo "screenshots written to $docs"
