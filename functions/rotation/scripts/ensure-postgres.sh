#!/usr/bin/env bash
# Idempotent: installs Debian's `postgresql` package when the PostgreSQL server binaries (initdb, pg_ctl) are
# missing. The rotation tests start their own throw-away cluster, so no service is started or configured here.
set -euo pipefail

have_postgres() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "PostgreSQL server binaries found in $d"
      return 0
    fi
  done
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    echo "PostgreSQL server binaries found on PATH: $(command -v initdb)"
    return 0
  fi
  return 1
}

if have_postgres; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-postgres: PostgreSQL server binaries missing and apt-get not available; install the PostgreSQL server (Debian package 'postgresql') by other means" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "ensure-postgres: must run as root (or with sudo) to install the 'postgresql' package" >&2
    exit 1
  fi
fi

echo "ensure-postgres: installing Debian package 'postgresql'"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql

have_postgres || { echo "ensure-postgres: 'postgresql' installed but initdb/pg_ctl still not found" >&2; exit 1; }
