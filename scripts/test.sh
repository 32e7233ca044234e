#!/usr/bin/env bash
# `npm test`: starts the local stack it needs, then runs every suite: lint and types, unit,
# integration (fresh Postgres database), the stack proofs (Kubernetes, Prometheus, Jaeger) and
# Playwright in Chromium. Every suite runs even when an earlier one fails; the exit code is
# non-zero if any failed. PERSONAPASS_TEST_SUITES="unit integration" runs a subset.
set -uo pipefail
export NEXT_TELEMETRY_DISABLED=1
cd "$(dirname "$0")/.."

bash scripts/ensure-prerequisites.sh || exit 1

suites=(${PERSONAPASS_TEST_SUITES:-static unit integration stack e2e})
wants() { [[ " ${suites[*]} " == *" $1 "* ]]; }

failed=()
passed_tests=0 failed_tests=0
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# Adds up what vitest ("Tests  3 failed | 60 passed (63)") and Playwright ("11 passed") report.
count() {
  local text n
  text="$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^\s*(Tests\s+.*\([0-9]+\)|[0-9]+ (passed|failed|flaky)\b)' || true)"
  n="$(grep -oE '[0-9]+ passed' <<<"$text" | awk '{s+=$1} END {print s+0}')"; passed_tests=$((passed_tests + n))
  n="$(grep -oE '[0-9]+ failed' <<<"$text" | awk '{s+=$1} END {print s+0}')"; failed_tests=$((failed_tests + n))
}
run() {
  local name="$1"; shift
  printf '\n=== %s: %s\n' "$name" "$*"
  if "$@" 2>&1 | tee "$log"; then printf '=== %s: ok\n' "$name"; else failed+=("$name"); printf '=== %s: FAILED\n' "$name"; fi
  count
}

components=(postgres)
wants e2e && components+=(oidc)
# Cluster registrations run a connection test, so the integration suite needs the testbed too.
(wants integration || wants stack) && components+=(kube)
# The alert adapter's integration tests read the platform's rules from Prometheus and Alertmanager.
(wants integration || wants stack) && components+=(alert-receiver alertmanager prometheus traffic)
wants stack && components+=(jaeger)
if ! bash scripts/stack/stack.sh up "${components[@]}"; then
  echo "npm test: the local stack did not start (see the message above); nothing was tested" >&2
  exit 1
fi
# The export test runs helm lint/template on the exported chart: helm is built like the testbed's
# binaries (cached; a cold build takes several minutes) and never needed at runtime.
if wants stack && ! bash scripts/stack/build-binaries.sh helm; then
  echo "npm test: building helm for the export test failed (see the message above)" >&2
  failed+=(helm-build)
fi
export DATABASE_URL="${DATABASE_URL:-$(bash scripts/stack/components/postgres.sh url)}"

# The render's checks run amtool at the Alertmanager version the platform renders (Debian's 0.25
# refuses the dead man's switch's url_file): built from the Go module proxy like the testbed's
# binaries, once (warm afterwards; lib/adapters/tools/run-tool.ts finds it).
if (wants unit || wants integration || wants stack) && ! bash scripts/stack/build-binaries.sh alertmanager; then
  echo "npm test: building amtool failed (see the message above)" >&2
  failed+=(amtool-build)
fi

wants static && run lint npx eslint .
wants static && run typecheck npx tsc --noEmit -p .
wants unit && run unit npx vitest run --project unit
wants integration && run integration npx vitest run --project integration
wants stack && run stack npx vitest run --project stack
wants e2e && run e2e npx playwright test

echo
if ((${#failed[@]})); then
  echo "npm test: FAILED suites: ${failed[*]}"
  status=1
else
  echo "npm test: all suites passed (${suites[*]})"
  status=0
fi
echo "tests: $passed_tests passed, $failed_tests failed"
exit $status
