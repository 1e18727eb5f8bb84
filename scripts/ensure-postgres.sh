#!/usr/bin/env bash
# Install Debian's PostgreSQL server for the store tests when it is missing and this machine can
# (root with apt). The tests start their own throw-away cluster on a loopback port.
set -u
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "PostgreSQL not installed and apt-get unavailable: PostgreSQL store tests will skip" >&2
  exit 0
fi
echo "installing PostgreSQL for the store tests (Debian package)..." >&2
apt-get update -qq >/dev/null 2>&1
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1 \
  || echo "PostgreSQL could not be installed: PostgreSQL store tests will skip" >&2
exit 0
