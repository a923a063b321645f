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

sh "$(dirname "$0")/apt-install.sh" ensure-fonts fonts-dejavu-core DejaVuSans.ttf

if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  echo "ensure-fonts: fonts-dejavu-core installed but DejaVuSans.ttf is not where expected" >&2
  exit 1
fi
echo "ensure-fonts: DejaVu Sans ready"
