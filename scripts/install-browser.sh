#!/bin/sh
# Installs Debian's Chromium and a CJK font for the browser tests, Java for the Nu Html Checker, and
# node/npm for the npm packages the tests use (package.json), unless they are already there.
# Playwright drives /usr/bin/chromium directly: it never downloads a browser of its own.
set -e
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -qi -e "wenquanyi" -e "noto sans cjk" \
   && command -v java >/dev/null && command -v npm >/dev/null; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
echo "Installing Chromium, a Chinese font, Java and npm for the browser and quality tests (apt-get)..."
$SUDO apt-get update -qq
PACKAGES="chromium fonts-wqy-microhei fontconfig default-jre-headless"
if ! command -v npm >/dev/null; then PACKAGES="$PACKAGES nodejs npm"; fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
