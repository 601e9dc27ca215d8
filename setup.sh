#!/usr/bin/env bash
# Hearken's one-step set-up for Debian 12 and its derivatives.
#
#   ./setup.sh run               install what is missing, build, launch Hearken
#   ./setup.sh test              install what is missing, build with -Werror, run every test
#   ./setup.sh test --sanitize   the same under AddressSanitizer and UndefinedBehaviorSanitizer
#
# Packages come from apt (with sudo when not root). The app is installed into
# ./_install, never into the system.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

packages=(
  meson ninja-build pkg-config gcc gettext itstool
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libadwaita-1-dev libjson-glib-dev
  libcairo2-dev libpango1.0-dev fonts-dejavu-core
  libespeak-ng-dev espeak-ng-data
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good
  gstreamer1.0-pulseaudio
  desktop-file-utils appstream
)
test_packages=(xvfb xauth dbus dbus-x11 librsvg2-common pulseaudio pulseaudio-utils poppler-utils libxml2-utils)

usage() {
  sed -n '3,7p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

install_missing() {
  local missing=() pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  echo "Installing: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "error: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
}

configure() {
  local dir=$1; shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
}

with_display() {
  # Widget tests need a display and a session bus; make both when absent.
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    xvfb-run -a -s '-screen 0 1280x800x24' dbus-run-session -- "$@"
  elif [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    dbus-run-session -- "$@"
  else
    "$@"
  fi
}

cmd=${1:-}
case "$cmd" in
  run)
    install_missing "${packages[@]}"
    configure _build --prefix="$PWD/_install" -Dwerror=false
    meson install -C _build --quiet
    export XDG_DATA_DIRS="$PWD/_install/share:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
    export GSETTINGS_SCHEMA_DIR="$PWD/_install/share/glib-2.0/schemas"
    exec "$PWD/_install/bin/hearken"
    ;;
  test)
    install_missing "${packages[@]}" "${test_packages[@]}"
    if [ "${2:-}" = "--sanitize" ]; then
      configure _build-sanitize -Dwerror=true -Db_sanitize=address,undefined -Db_lundef=false \
        -Dbuildtype=debug
      # Leak checking is off: GLib's test harness and GTK keep allocations to
      # the end that only the slow unwinder could attribute, and that unwinder
      # deadlocks once GTK's threads run.
      export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
      export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
      meson compile -C _build-sanitize
      with_display meson test -C _build-sanitize --print-errorlogs --timeout-multiplier 4
    elif [ -z "${2:-}" ]; then
      configure _build -Dwerror=true
      meson compile -C _build
      with_display meson test -C _build --print-errorlogs
    else
      usage
    fi
    ;;
  *)
    usage
    ;;
esac
