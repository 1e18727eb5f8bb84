#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests when it is missing and this machine can
# (root with apt). Elsewhere the browser tests skip and say why.
set -u
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium not installed and apt-get unavailable: browser tests will skip" >&2
  exit 0
fi
echo "installing chromium for the browser tests (Debian package)..." >&2
apt-get update -qq >/dev/null 2>&1
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
  || echo "chromium could not be installed: browser tests will skip" >&2
exit 0
