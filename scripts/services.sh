#!/usr/bin/env bash
# Make sure PostgreSQL and Redis answer, and the database exists.
# With DATABASE_URL / REDIS_URL set, those servers are only checked; otherwise the local ones are started.
set -euo pipefail

# Default: the local server through its socket, as the current system user (the settings' default too).
database_url="${DATABASE_URL:-postgres:///union_portal}"
redis_url="${REDIS_URL:-redis://127.0.0.1:6379/0}"

wait_for() {  # wait_for NAME COMMAND...
  local name=$1; shift
  for _ in $(seq 1 30); do "$@" >/dev/null 2>&1 && return 0; sleep 1; done
  echo "$name did not answer in 30 s" >&2; return 1
}

if ! pg_isready -d "$database_url" -q 2>/dev/null; then
  if [ -n "${DATABASE_URL:-}" ]; then echo "PostgreSQL at DATABASE_URL does not answer" >&2; exit 1; fi
  echo "Starting the local PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
  wait_for PostgreSQL pg_isready -d "$database_url" -q
fi

if ! redis-cli -u "$redis_url" ping 2>/dev/null | grep -q PONG; then
  if [ -n "${REDIS_URL:-}" ]; then echo "Redis at REDIS_URL does not answer" >&2; exit 1; fi
  echo "Starting the local Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  wait_for Redis sh -c "redis-cli -u '$redis_url' ping | grep -q PONG"
fi

# A fresh local server knows only the 'postgres' role: give the current system user a role of its own.
me="$(id -un)"
if [ -z "${DATABASE_URL:-}" ] && ! psql "${database_url%/*}/postgres" -tAc "SELECT 1" >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Creating the PostgreSQL role $me"
    runuser -u postgres -- psql -qc "CREATE ROLE \"$me\" SUPERUSER LOGIN" || true
  else
    echo "PostgreSQL has no role for $me: run  sudo -u postgres createuser --superuser $me" >&2
    exit 1
  fi
fi

# Create the database if it is missing (the URL's path names it; connect to 'postgres' to create it).
db_name="${database_url##*/}"; db_name="${db_name%%\?*}"
admin_url="${database_url%/*}/postgres"
if ! psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
  echo "Creating database $db_name"
  psql "$admin_url" -qc "CREATE DATABASE \"$db_name\""
fi

# The read-replica test (tests/core/test_replica.py) makes a streaming replica of the local server with
# pg_basebackup: the local server must accept replication connections from 127.0.0.1 (local servers only).
if [ -z "${DATABASE_URL:-}" ] && [ "$(id -u)" -eq 0 ]; then
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    [ -f "$hba" ] || continue
    if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$hba"; then
      # the same authentication method as the server's existing rule for local TCP connections
      method="$(awk '$1 == "host" && $2 == "all" && $4 == "127.0.0.1/32" {print $5; exit}' "$hba")"
      echo "Allowing local replication connections in $hba (${method:-scram-sha-256})"
      echo "host replication all 127.0.0.1/32 ${method:-scram-sha-256}" >> "$hba"
      psql "$admin_url" -qc "SELECT pg_reload_conf()" >/dev/null
    fi
  done
fi
