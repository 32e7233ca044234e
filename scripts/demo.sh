#!/usr/bin/env bash
# npm run demo: the local stack, a migrated and seeded database, and the console's production build
# on http://127.0.0.1:$PORT (default 3000), signed in through the local OIDC issuer.
# PERSONAPASS_DEMO_COMPONENTS="postgres oidc" starts only those parts of the stack (default: all of
# postgres oidc kube prometheus traffic jaeger; only postgres and oidc are required).
# Ctrl-C stops the console; the stack keeps running until `npm run stack:down`.
set -euo pipefail
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$PWD/node_modules/.bin:$PATH" # Node 24 and the project's CLIs, as under npm run

say() { printf 'demo: %s\n' "$*" >&2; }
fail() { printf 'demo: %s\n' "$*" >&2; exit 1; }

: "${PORT:=3000}"
export PORT NEXTAUTH_URL="http://127.0.0.1:$PORT"
read -r -a components <<<"${PERSONAPASS_DEMO_COMPONENTS:-postgres oidc kube prometheus traffic alertmanager alert-receiver jaeger}"

# What is missing is installed (Debian packages as root, node modules); what cannot be is named.
bash scripts/ensure-prerequisites.sh --packages "postgresql prometheus prometheus-alertmanager openssl curl iproute2 ca-certificates" || fail "prerequisites are missing (see above)"
[[ -d lib/generated/prisma ]] || npm run --silent db:generate
if ss -Hltn "sport = :$PORT" | grep -q .; then fail "port $PORT is already in use; stop that process or run PORT=3001 npm run demo"; fi

# Postgres and the issuer are required; every other part only adds live data, so its failure is
# reported and the demo goes on without it.
required=() optional=()
for c in "${components[@]}"; do
  case "$c" in postgres | oidc) required+=("$c") ;; *) optional+=("$c") ;; esac
done
for c in postgres oidc; do [[ " ${required[*]} " == *" $c "* ]] || required+=("$c"); done
bash scripts/stack/stack.sh up "${required[@]}" || fail "the stack's ${required[*]} did not start (see the message above; logs in ${PERSONAPASS_STACK_DIR:-~/.cache/personapass/stack}/logs)"

# shellcheck source=local-env.sh
source scripts/local-env.sh
[[ -n "${DATABASE_URL:-}" ]] || fail "scripts/local-env.sh gave no configuration"

# Migrations run as the schema owner, who then grants the console's role (DATABASE_URL) its privileges.
owner_url="$(bash scripts/stack/components/postgres.sh url)"
MIGRATION_DATABASE_URL="${owner_url%/*}/${DATABASE_URL##*/}" npm run --silent db:migrate
npm run --silent db:seed
# The testbed (cluster "local", which the seeded environments name) and the live-data parts come up
# in the background: a cold first run builds Kubernetes for minutes, and the console need not wait.
# Until the cluster is registered, the console says it is starting and how long it should take.
testbed_pid=
if ((${#optional[@]})); then
  bash scripts/demo-testbed.sh "${optional[@]}" &
  testbed_pid=$!
fi

stale() {
  # A build interrupted or failed elsewhere can leave BUILD_ID behind without the server files.
  [[ -f .next/BUILD_ID && -f .next/server/preview-props.json && -f .next/required-server-files.json ]] || return 0
  [[ -n "$(find app components lib public instrumentation.ts next.config.js postcss.config.mjs tsconfig.json package.json \
    -newer .next/BUILD_ID -type f ! -name '*.test.ts' ! -name '*.test.tsx' -print -quit 2>/dev/null)" ]]
}
if stale; then
  say "building the console (next build; a few minutes on two cores)"
  next build || fail "next build failed (see above)"
else
  say "the build in .next is newer than the sources; not rebuilding"
fi

# Its own session, so that stopping it is this script's job alone (next signals its process group).
setsid next start -H 127.0.0.1 -p "$PORT" &
console_pid=$!
# The deploy worker executes deploy runs (durable jobs in Postgres) beside the web server; more can
# be started with npm run worker, and each run is still executed by exactly one.
setsid node --import tsx scripts/worker.ts &
worker_pid=$!
trap 'kill -TERM -- "-$console_pid" "-$worker_pid" 2>/dev/null; [[ -n "$testbed_pid" ]] && kill "$testbed_pid" 2>/dev/null; wait "$console_pid" "$worker_pid" 2>/dev/null || true; say "console and deploy worker stopped; the stack is still running (npm run stack:down stops it)"; exit 0' INT TERM
for _ in $(seq 1 60); do
  curl -fs --max-time 2 -o /dev/null "$NEXTAUTH_URL/api/auth/providers" && break
  kill -0 "$console_pid" 2>/dev/null || fail "the console exited while starting (see above)"
  kill -0 "$worker_pid" 2>/dev/null || fail "the deploy worker exited while starting (see above)"
  sleep 0.5
done

cat >&2 <<EOF

  PersonaPass Platform Console: $NEXTAUTH_URL
  Sign in with PersonaPass SSO as any of these (password: ${OIDC_DEMO_PASSWORD:-personapass-demo}):
    viewer@personapass.test     viewer
    operator@personapass.test   operator
    approver@personapass.test   approver
    admin@personapass.test      admin
    nobody@personapass.test     no role (refused)
    visitor@personapass.test    viewer, leaver@personapass.test operator (spares to try sign-out and Users → Disable on)
  Seeded environments: dev, staging, prod.
$( [[ -n "$testbed_pid" ]] && printf '  The testbed (%s) comes up in the background; its progress is printed here as "demo: testbed:".\n' "${optional[*]}")
  A deploy worker runs beside it (more: npm run worker).
  Ctrl-C stops the console and the worker; npm run stack:down stops the stack.

EOF
wait "$console_pid"
