#!/usr/bin/env bash
# The local OpenID Connect issuer (scripts/oidc/issuer.ts, oidc-provider) on loopback, for sign-in in
# the demo and the e2e tests. Its client secret is generated once under $PP_STACK_DIR/secrets; its
# signing and cookie keys are generated at every start.
# Redirect URIs: the demo's (NEXTAUTH_URL, default port 3000) and the e2e run's (port 3210) callbacks,
# plus any in OIDC_REDIRECT_URIS. A running issuer that lacks a wanted URI is restarted.
# Usage: oidc.sh up|down|status|url
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../config.sh"
source "$PP_STACK_SRC/lib.sh"

DIR="$PP_STACK_DIR/oidc"
URL="http://$PP_HOST:$PP_OIDC_PORT"
SECRETS_DIR="$PP_STACK_DIR/secrets"
SECRET_FILE="$SECRETS_DIR/oidc-client-secret"
URIS_FILE="$DIR/redirect-uris"

callback() { printf '%s/api/auth/callback/oidc' "${1%/}"; }

wanted_uris() {
  {
    callback "${NEXTAUTH_URL:-http://$PP_HOST:${PORT:-3000}}"; echo
    callback "http://$PP_HOST:3000"; echo
    callback "http://$PP_HOST:${PP_E2E_PORT:-3210}"; echo
    tr ',' '\n' <<<"${OIDC_REDIRECT_URIS:-}"
  } | sed 's/^ *//; s/ *$//' | grep -v '^$' | sort -u
}

# True when the running issuer was started with every URI we want now.
has_uris() {
  [[ -f "$URIS_FILE" ]] || return 1
  [[ -z "$(comm -23 <(wanted_uris) <(tr ',' '\n' <"$URIS_FILE" | sort -u))" ]]
}

ready() { curl -fsS --max-time 2 "$URL/.well-known/openid-configuration" >/dev/null; }

up() {
  if pp_running oidc; then
    has_uris && return 0
    pp_say "oidc: restarting to add redirect URIs"
    pp_stop oidc
  fi
  [[ -n "$PP_NODE" ]] || pp_fail "oidc: node not found; run npm ci (it installs Node 24 under node_modules/.bin)"
  [[ -f "$PP_REPO_DIR/node_modules/tsx/dist/cli.mjs" ]] || pp_fail "oidc: tsx is not installed; run npm ci"
  [[ -d "$PP_REPO_DIR/node_modules/oidc-provider" ]] || pp_fail "oidc: oidc-provider is not installed; run npm ci"
  pp_port_free "$PP_OIDC_PORT" oidc
  mkdir -p "$DIR" "$SECRETS_DIR"
  chmod 700 "$SECRETS_DIR"
  [[ -s "$SECRET_FILE" ]] || (umask 077 && openssl rand -hex 32 >"$SECRET_FILE")
  local uris
  # Keep the URIs a previous issuer served: two e2e runs on different ports (worktrees, CI beside a
  # developer) must not take turns restarting it out from under each other.
  uris="$({ wanted_uris; if [[ -f "$URIS_FILE" ]]; then tr ',' '\n' <"$URIS_FILE"; fi; } | grep -v '^$' | sort -u | paste -sd, -)"
  printf '%s\n' "$uris" >"$URIS_FILE"
  # env passes the secret without putting it on a command line other users can read in ps.
  OIDC_CLIENT_SECRET="$(cat "$SECRET_FILE")" OIDC_REDIRECT_URIS="$uris" PP_OIDC_PORT="$PP_OIDC_PORT" \
    pp_start oidc "$PP_NODE" "$PP_REPO_DIR/node_modules/tsx/dist/cli.mjs" "$PP_REPO_DIR/scripts/oidc/issuer.ts"
  pp_wait oidc 30 ready
  pp_say "oidc: ready at $URL (demo users: viewer|operator|approver|admin|nobody@personapass.test)"
}

status() {
  if ! pp_running oidc; then echo "oidc: stopped"; return 1; fi
  if ready 2>/dev/null; then echo "oidc: running $URL"; else
    echo "oidc: degraded ($URL/.well-known/openid-configuration not ok; see $(pp_log_file oidc))"; return 1; fi
}

case "${1:-}" in
  up) up ;;
  down) pp_stop oidc ;;
  status) status ;;
  url) echo "$URL" ;;
  *) pp_fail "usage: oidc.sh up|down|status|url" ;;
esac
