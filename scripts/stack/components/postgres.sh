#!/usr/bin/env bash
# A private PostgreSQL 15 cluster on loopback for the console (Debian's postgresql package).
# initdb refuses to run as root, so as root the cluster belongs to the postgres user and lives
# where that user can reach it. Host connections need the generated password; the socket (trusted,
# for this script's own set-up) sits in a folder and with permissions only that owner can use.
# Usage: postgres.sh up|down|status|url
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../config.sh"
source "$PP_STACK_SRC/lib.sh"

PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [[ $EUID -eq 0 ]]; then
  DIR="${PP_PG_DIR:-/var/tmp/personapass-postgres-$PP_PG_PORT}"
  as_owner() { runuser -u postgres -- "$@"; }
else
  DIR="${PP_PG_DIR:-$PP_STACK_DIR/postgres}"
  as_owner() { "$@"; }
fi
PASSWORD_FILE="$PP_STACK_DIR/postgres.password"

pg() { as_owner "$PG_BIN/$1" "${@:2}"; }

url() {
  printf 'postgresql://personapass:%s@%s:%s/personapass\n' "$(cat "$PASSWORD_FILE")" "$PP_HOST" "$PP_PG_PORT"
}

is_up() { pg pg_ctl -D "$DIR/data" status >/dev/null 2>&1; }

up() {
  [[ -n "$PG_BIN" ]] || pp_fail "postgres: not installed; apt-get install -y postgresql"
  is_up && { pp_say "postgres: already running on $PP_HOST:$PP_PG_PORT"; return 0; }
  pp_port_free "$PP_PG_PORT" postgres
  mkdir -p "$PP_STACK_DIR" "$PP_LOG_DIR" "$DIR"
  # The socket trusts local connections, so only the cluster's owner may reach it.
  chmod 700 "$DIR"
  [[ $EUID -eq 0 ]] && chown postgres:postgres "$DIR"
  [[ -s "$PASSWORD_FILE" ]] || (umask 077 && openssl rand -hex 24 >"$PASSWORD_FILE")
  local fresh=0
  if [[ ! -f "$DIR/data/PG_VERSION" ]]; then
    pg initdb -D "$DIR/data" --auth-local=trust --auth-host=scram-sha-256 -U postgres >"$DIR/initdb.log" 2>&1 ||
      pp_fail "postgres: initdb failed; see $DIR/initdb.log"
    fresh=1
  fi
  pg pg_ctl -D "$DIR/data" -l "$DIR/postgres.log" -w -t 30 \
    -o "-p $PP_PG_PORT -k $DIR -c unix_socket_permissions=0700 -c listen_addresses=$PP_HOST -c max_connections=200 -c fsync=off -c synchronous_commit=off" start >/dev/null ||
    pp_fail "postgres: did not start; see $DIR/postgres.log"
  if ((fresh)); then
    pg psql -h "$DIR" -p "$PP_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q \
      -c "CREATE ROLE personapass LOGIN CREATEDB" -c "CREATE DATABASE personapass OWNER personapass" >/dev/null
  fi
  # The data (as root, under /var/tmp) can outlive the stack folder holding the password, e.g. after
  # `stack.sh reset`: set the role's password from the file at every start so the two always agree.
  pg psql -h "$DIR" -p "$PP_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q \
    -c "ALTER ROLE personapass PASSWORD '$(cat "$PASSWORD_FILE")'" >/dev/null
  pp_say "postgres: ready on $PP_HOST:$PP_PG_PORT (data $DIR/data, log $DIR/postgres.log)"
}

down() {
  is_up && pg pg_ctl -D "$DIR/data" -m fast -w stop >/dev/null
  pp_say "postgres: stopped"
}

status() {
  if is_up; then echo "postgres: running $PP_HOST:$PP_PG_PORT"; else echo "postgres: stopped"; return 1; fi
}

case "${1:-}" in
  up) up ;; down) down ;; status) status ;; url) url ;;
  *) pp_fail "usage: postgres.sh up|down|status|url" ;;
esac
