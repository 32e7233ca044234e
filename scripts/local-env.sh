#!/usr/bin/env bash
# The console's configuration for the local stack (every setting lib/env.ts validates).
#   bash scripts/local-env.sh          prints KEY=value lines (dotenv format, no quoting needed)
#   source scripts/local-env.sh        exports them into the current shell
# Secrets are generated once with openssl into $PERSONAPASS_STACK_DIR/secrets (mode 600), never
# into the repository. Overrides: PORT or NEXTAUTH_URL (where the console listens), PP_DATABASE_NAME
# (another database on the stack's Postgres, e.g. a fresh one per e2e run).
# DATABASE_URL is the console's own role (personapass_app), which may not migrate: `npm run db:migrate`
# also needs the owner's URL, MIGRATION_DATABASE_URL="$(bash scripts/stack/components/postgres.sh url)".

pp_local_env() {
  local repo stack_dir secrets pg_url owner_url db_name
  repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  stack_dir="${PERSONAPASS_STACK_DIR:-${PERSONAPASS_CACHE:-$HOME/.cache/personapass}/stack}"
  secrets="$stack_dir/secrets"

  pg_url="$(bash "$repo/scripts/stack/components/postgres.sh" app-url 2>/dev/null)" || {
    printf 'local-env: no Postgres password yet; start the stack first: npm run stack:up (or bash scripts/stack/stack.sh up postgres oidc)\n' >&2
    return 1
  }
  owner_url="$(bash "$repo/scripts/stack/components/postgres.sh" url 2>/dev/null)" || return 1
  db_name="${PP_DATABASE_NAME:-}"
  [[ -n "$db_name" ]] && pg_url="${pg_url%/*}/$db_name" && owner_url="${owner_url%/*}/$db_name"

  (umask 077 && mkdir -p "$secrets") && chmod 700 "$secrets" || return 1
  pp_secret() { # NAME COMMAND...: the secret in secrets/NAME, made by COMMAND the first time
    local file="$secrets/$1"; shift
    [[ -s "$file" ]] || (umask 077 && "$@" >"$file") || return 1
    chmod 600 "$file" && cat "$file"
  }
  local nextauth_secret client_secret credential_key backup_key
  nextauth_secret="$(pp_secret nextauth-secret openssl rand -hex 32)" || return 1
  # Shared with scripts/stack/components/oidc.sh, which registers the client with the issuer.
  client_secret="$(pp_secret oidc-client-secret openssl rand -hex 32)" || return 1
  credential_key="$(pp_secret credential-key-local1 openssl rand -base64 32)" || return 1
  backup_key="$(pp_secret backup-key-local1 openssl rand -base64 32)" || return 1

  PP_LOCAL_ENV=(
    "DATABASE_URL=$pg_url"
    "NEXTAUTH_URL=${NEXTAUTH_URL:-http://127.0.0.1:${PORT:-3000}}"
    "NEXTAUTH_SECRET=$nextauth_secret"
    "OIDC_ISSUER=http://127.0.0.1:${PP_OIDC_PORT:-55480}"
    "OIDC_CLIENT_ID=personapass-console"
    # The local issuer, like oidc-provider and the OIDC specification, grants offline_access (a refresh
    # token for the 15-minute role re-check) only when consent is prompted; it consents on its own.
    "OIDC_PROMPT=consent"
    "OIDC_CLIENT_SECRET=$client_secret"
    "CREDENTIAL_KEYS=local1:$credential_key"
    "CREDENTIAL_ACTIVE_KEY_ID=local1"
    # The console's database backups: encrypted with their own key, into the stack's folder (or PP_BACKUP_DIR).
    "BACKUP_KEYS=local1:$backup_key"
    "BACKUP_ACTIVE_KEY_ID=local1"
    "BACKUP_DIR=${PP_BACKUP_DIR:-$stack_dir/backups${db_name:+/$db_name}}"
    # pg_dump reads every table, the migration ledger too: locally the owner (in production a role
    # granted pg_read_all_data, given to the worker only).
    "BACKUP_DATABASE_URL=$owner_url"
    # Plans and deploy runs traced to the stack's Jaeger (OTLP/HTTP).
    "OTEL_EXPORTER_OTLP_ENDPOINT=${OTEL_EXPORTER_OTLP_ENDPOINT:-http://127.0.0.1:${PP_OTLP_HTTP_PORT:-54318}}"
  )
  unset -f pp_secret
}

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  # Sourced: export into the caller's shell without changing its options or exiting it.
  if pp_local_env; then
    for pp_kv in "${PP_LOCAL_ENV[@]}"; do export "$pp_kv"; done
    unset pp_kv
  fi
  unset PP_LOCAL_ENV
  unset -f pp_local_env
else
  set -euo pipefail
  pp_local_env || exit 1
  printf '%s\n' "${PP_LOCAL_ENV[@]}"
fi
