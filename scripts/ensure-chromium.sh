#!/bin/sh
# Make sure Debian's Chromium is present at /usr/bin/chromium for the browser tests.
# Idempotent: does nothing when it is already installed. Never downloads a Playwright browser
# (see docs: STACK.md gotcha 7); tests point Playwright at this executable instead.
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "ensure-chromium: $CHROMIUM is missing and this user cannot install packages (not root, no sudo)" >&2
  exit 1
fi

echo "ensure-chromium: installing Debian's chromium package"
export DEBIAN_FRONTEND=noninteractive
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium

if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: chromium installed but $CHROMIUM is not executable" >&2
  exit 1
fi
echo "ensure-chromium: $($CHROMIUM --version 2>/dev/null || echo chromium) ready"
