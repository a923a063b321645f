#!/bin/sh
# Installs one Debian package for an ensure-*.sh script: as root, or through sudo, or fails naming
# what is missing. Usage: apt-install.sh TAG PACKAGE MISSING  (TAG prefixes the messages; MISSING
# says what the caller did not find).
set -eu

TAG=$1
PACKAGE=$2
MISSING=$3

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "$TAG: $MISSING is missing and this user cannot install packages (not root, no sudo)" >&2
  exit 1
fi

echo "$TAG: installing Debian's $PACKAGE package"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -q
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$PACKAGE"
