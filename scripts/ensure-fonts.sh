#!/bin/sh
# Make sure the DejaVu Sans TrueType fonts are present for PDF rendering of requests
# (packages/server/src/modules/requests/document/fonts.ts looks for them; nothing is vendored).
# Idempotent: does nothing when they are installed. Debian/Ubuntu: package fonts-dejavu-core.
set -eu

for dir in /usr/share/fonts/truetype/dejavu /usr/share/fonts/dejavu /usr/share/fonts/TTF /usr/local/share/fonts/dejavu; do
  if [ -f "$dir/DejaVuSans.ttf" ]; then
    exit 0
  fi
done

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-fonts: DejaVuSans.ttf is missing; install your distribution's DejaVu fonts package (e.g. dejavu-sans-fonts)" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "ensure-fonts: DejaVuSans.ttf is missing and this user cannot install packages (not root, no sudo)" >&2
  exit 1
fi

echo "ensure-fonts: installing Debian's fonts-dejavu-core package"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends fonts-dejavu-core

if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  echo "ensure-fonts: fonts-dejavu-core installed but DejaVuSans.ttf is not where expected" >&2
  exit 1
fi
echo "ensure-fonts: DejaVu Sans ready"
