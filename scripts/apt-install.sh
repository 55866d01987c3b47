#!/usr/bin/env bash
# Install one Debian package the tests need: apt-install.sh PACKAGE "what it is for".
# Called by install-browser.sh and install-postgres.sh once they find it missing.
set -euo pipefail
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing Debian's $1 for $2..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$1" >/dev/null
