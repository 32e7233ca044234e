#!/usr/bin/env bash
# The console as Playwright's webServer: the production build (rebuilt only when sources are newer
# than it) started on loopback with the local stack's settings, pointed at this run's database
# (PP_E2E_DATABASE_NAME, created by e2e/global-setup.ts) and NEXTAUTH_URL on PP_E2E_PORT.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
: "${PP_E2E_PORT:=3210}"
: "${PP_E2E_DATABASE_NAME:?set by playwright.config.ts}"
export NEXTAUTH_URL="http://127.0.0.1:$PP_E2E_PORT"
# The console's own /metrics on a loopback listener of its own (a runtime setting: the same build).
export METRICS_PORT="${PP_E2E_METRICS_PORT:-$((PP_E2E_PORT + 20000))}"

# The issuer must know this run's callback URL; oidc.sh restarts it if it does not.
bash scripts/stack/stack.sh up postgres oidc
set -a
# shellcheck source=../scripts/local-env.sh
PP_DATABASE_NAME="$PP_E2E_DATABASE_NAME" source scripts/local-env.sh
set +a
[[ -n "${DATABASE_URL:-}" ]] || { echo "e2e: scripts/local-env.sh gave no configuration" >&2; exit 1; }

export PATH="$PWD/node_modules/.bin:$PATH" # Node 24 for next, as under npm run

# Rebuild when any source the build reads is newer than the last build.
stale() {
  # A build interrupted or failed elsewhere can leave BUILD_ID behind without the server files.
  [[ -f .next/BUILD_ID && -f .next/server/preview-props.json && -f .next/required-server-files.json ]] || return 0
  [[ -n "$(find app components lib public instrumentation.ts instrumentation-client.ts proxy.ts next.config.js postcss.config.mjs tsconfig.json package.json \
    -newer .next/BUILD_ID -type f ! -name '*.test.ts' ! -name '*.test.tsx' -print -quit 2>/dev/null)" ]]
}
# PP_E2E_SERVER=dev runs `next dev` instead (no build, no type check): for iterating on a spec.
if [[ "${PP_E2E_SERVER:-build}" == dev ]]; then
  exec next dev -H 127.0.0.1 -p "$PP_E2E_PORT"
fi
# .next is shared with whoever else builds in this checkout: wait for their build, then reuse it
# if it is fresh.
for attempt in $(seq 1 40); do
  stale || break
  echo "e2e: building the console (next build)" >&2
  log="$(mktemp)"
  if next build 2>&1 | tee "$log" >&2; then rm -f "$log"; break; fi
  if grep -q 'Another next build process is already running' "$log" && ((attempt < 40)); then
    rm -f "$log"; echo "e2e: another next build is running; waiting" >&2; sleep 15; continue
  fi
  rm -f "$log"; exit 1
done
exec next start -H 127.0.0.1 -p "$PP_E2E_PORT"
