#!/usr/bin/env bash
# A private PostgreSQL 15 cluster on loopback for the console (Debian's postgresql package).
# initdb refuses to run as root, so as root the cluster belongs to the postgres user and lives
# where that user can reach it. Host connections need the generated password; the socket (trusted,
# for this script's own set-up) sits in a folder and with permissions only that owner can use.
# Two login roles: `personapass` owns the databases and the schema and runs the migrations;
# `personapass_app` is what the console connects as (no ownership, no CREATEDB; `npm run db:migrate`
# grants it table privileges, see CONTRIBUTING.md). `up` creates the missing one on a running
# cluster too, so a cluster made before the split converges.
# Usage: postgres.sh up|down|status|url|app-url   (url: the owner's; app-url: the console's)
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
APP_ROLE=personapass_app
APP_PASSWORD_FILE="$PP_STACK_DIR/postgres-app.password"

pg() { as_owner "$PG_BIN/$1" "${@:2}"; }

url() {
  printf 'postgresql://personapass:%s@%s:%s/personapass\n' "$(cat "$PASSWORD_FILE")" "$PP_HOST" "$PP_PG_PORT"
}

app_url() {
  printf 'postgresql://%s:%s@%s:%s/personapass\n' "$APP_ROLE" "$(cat "$APP_PASSWORD_FILE")" "$PP_HOST" "$PP_PG_PORT"
}

# A password made once; of two concurrent first starts, the file written first wins for both.
ensure_password_file() {
  [[ -s "$1" ]] && return 0
  local tmp
  mkdir -p "$(dirname "$1")"
  tmp="$(mktemp "$1.XXXXXX")"
  (umask 077 && openssl rand -hex 24 >"$tmp")
  mv -n "$tmp" "$1"
  rm -f "$tmp"
}

as_superuser() { pg psql -h "$DIR" -p "$PP_PG_PORT" -U postgres -v ON_ERROR_STOP=1 -q "$@" >/dev/null; }

app_login_works() {
  PGPASSWORD="$(cat "$APP_PASSWORD_FILE")" PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -h "$PP_HOST" -p "$PP_PG_PORT" -U "$APP_ROLE" -d personapass -Atqc 'SELECT 1' >/dev/null 2>&1
}

# Afterwards the application role exists with these attributes and the password in the file. Runs
# at every `up`, also on a running cluster, but changes the catalog only when the role cannot log
# in, under a lock: many test runs call `up` at once, and concurrent ALTER ROLEs of one role fail.
# Only the application role is touched here.
ensure_app_role() {
  ensure_password_file "$APP_PASSWORD_FILE"
  app_login_works && return 0
  local lock
  exec {lock}>"$PP_STACK_DIR/postgres-roles.lock"
  flock "$lock"
  app_login_works || as_superuser -c "DO \$\$ BEGIN
      CREATE ROLE $APP_ROLE LOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END \$\$" \
    -c "ALTER ROLE $APP_ROLE WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT PASSWORD '$(cat "$APP_PASSWORD_FILE")'"
  local status=$?
  exec {lock}>&-
  return $status
}

is_up() { pg pg_ctl -D "$DIR/data" status >/dev/null 2>&1; }

up() {
  [[ -n "$PG_BIN" ]] || pp_fail "postgres: not installed; apt-get install -y postgresql"
  if is_up; then
    ensure_app_role || pp_fail "postgres: could not create the role $APP_ROLE; see $DIR/postgres.log"
    pp_say "postgres: already running on $PP_HOST:$PP_PG_PORT"
    return 0
  fi
  pp_port_free "$PP_PG_PORT" postgres
  mkdir -p "$PP_STACK_DIR" "$PP_LOG_DIR" "$DIR"
  # The socket trusts local connections, so only the cluster's owner may reach it.
  chmod 700 "$DIR"
  [[ $EUID -eq 0 ]] && chown postgres:postgres "$DIR"
  ensure_password_file "$PASSWORD_FILE"
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
    as_superuser -c "CREATE ROLE personapass LOGIN CREATEDB" -c "CREATE DATABASE personapass OWNER personapass"
  fi
  # The data (as root, under /var/tmp) can outlive the stack folder holding the passwords, e.g. after
  # `stack.sh reset`: set the roles' passwords from the files at every start so they always agree.
  as_superuser -c "ALTER ROLE personapass PASSWORD '$(cat "$PASSWORD_FILE")'"
  ensure_app_role
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
  up) up ;; down) down ;; status) status ;; url) url ;; app-url) app_url ;;
  *) pp_fail "usage: postgres.sh up|down|status|url|app-url" ;;
esac
