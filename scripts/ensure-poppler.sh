#!/bin/sh
# Make sure poppler's pdftotext is present: the PDF tests read back the text of the documents the
# server renders (requests, custody reports). Idempotent: does nothing when it is installed.
set -eu

if command -v pdftotext >/dev/null 2>&1; then
  exit 0
fi

sh "$(dirname "$0")/apt-install.sh" ensure-poppler poppler-utils pdftotext

command -v pdftotext >/dev/null 2>&1 || {
  echo "ensure-poppler: poppler-utils installed but pdftotext is not on the PATH" >&2
  exit 1
}
echo "ensure-poppler: $(pdftotext -v 2>&1 | head -n 1) ready"
