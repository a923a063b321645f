#!/bin/sh
# Make sure Debian's Chromium is present at /usr/bin/chromium for the browser tests.
# Idempotent: does nothing when it is already installed. Never downloads a Playwright browser
# (see docs: STACK.md gotcha 7); tests point Playwright at this executable instead.
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

sh "$(dirname "$0")/apt-install.sh" ensure-chromium chromium "$CHROMIUM"

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: chromium installed but $CHROMIUM is not executable" >&2
  exit 1
fi
echo "ensure-chromium: $($CHROMIUM --version 2>/dev/null || echo chromium) ready"
