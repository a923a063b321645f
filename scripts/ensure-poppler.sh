#!/bin/sh
# Make sure poppler's pdftotext is present: the PDF tests read back the text of the documents the
# server renders (requests, custody reports). Idempotent: does nothing when it is installed.
set -eu

if command -v pdftotext >/dev/null 2>&1; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "ensure-poppler: pdftotext is missing and this user cannot install packages (not root, no sudo)" >&2
  exit 1
fi

echo "ensure-poppler: installing Debian's poppler-utils package"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends poppler-utils

command -v pdftotext >/dev/null 2>&1 || {
  echo "ensure-poppler: poppler-utils installed but pdftotext is not on the PATH" >&2
  exit 1
}
echo "ensure-poppler: $(pdftotext -v 2>&1 | head -n 1) ready"
