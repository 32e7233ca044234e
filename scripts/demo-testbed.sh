#!/usr/bin/env bash
# The demo's Kubernetes testbed and live data, brought up in the background so that the console is
# served as soon as Postgres, the issuer and its build are ready. A cold first run builds Kubernetes
# from the Go module proxy (about 13 minutes on two cores): meanwhile the console shows "cluster
# local is starting (building Kubernetes, about N min left)" on the cluster and environment pages
# and on deploy buttons, and this script prints the same to the terminal. When the cluster answers,
# it is registered as "local" and the notice goes; Alertmanager and its test receiver, Prometheus,
# the traffic generator and Jaeger follow.
# Usage: demo-testbed.sh COMPONENT...   (of kube alert-receiver alertmanager prometheus traffic jaeger); needs DATABASE_URL.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/stack/config.sh
source scripts/stack/lib.sh
export PATH="$PWD/node_modules/.bin:$PATH"

say() { printf 'demo: testbed: %s\n' "$*" >&2; }
notice() { tsx scripts/db/cluster-provisioning.ts "$@" >/dev/null 2>&1 || true; }

# Cold build times measured on two cores (build-binaries.sh logs them), for the estimate only.
declare -A cold_seconds=([kube]=550 [etcd]=40 [kwok]=170 [jaeger]=810 [alertmanager]=270)
built() {
  local dir bin
  dir="$(pp_bin_dir "$1")"
  case "$1" in
    kube) for bin in kube-apiserver kube-controller-manager kube-scheduler kubectl; do [[ -x "$dir/$bin" ]] || return 1; done ;;
    alertmanager) [[ -x "$dir/amtool" ]] || return 1 ;;
    *) [[ -x "$dir/$1" ]] || return 1 ;;
  esac
}
seconds_left() { local total=20 m; for m in "$@"; do built "$m" || total=$((total + cold_seconds[$m])); done; echo "$total"; }

components=("$@")
wants() { [[ " ${components[*]} " == *" $1 "* ]]; }
logs="$PP_STACK_DIR/logs/demo-testbed.log"
mkdir -p "$PP_STACK_DIR/logs"

if wants kube; then
  for m in kube etcd kwok; do
    if ! built "$m"; then
      left="$(seconds_left kube etcd kwok)"
      say "building $m from the Go module proxy (cluster local ready in about $(((left + 59) / 60)) min; log $PP_CACHE/bin/build-$m.log)"
      notice set local building "building Kubernetes ($m)" "$left"
      bash scripts/stack/build-binaries.sh "$m" >>"$logs" 2>&1 || { notice set local failed "the $m build failed; see $PP_CACHE/bin/build-$m.log"; say "the $m build failed (see $PP_CACHE/bin/build-$m.log)"; exit 1; }
    fi
  done
  notice set local starting "starting the API server and its nodes" 30
  if bash scripts/stack/stack.sh up kube >>"$logs" 2>&1 && tsx scripts/db/register-local-cluster.ts "$PP_CONSOLE_KUBECONFIG" >>"$logs" 2>&1; then
    notice clear local
    say "cluster local is ready and registered"
  else
    notice set local failed "see $logs"
    say "cluster local did not start (see $logs)"
  fi
fi
for c in alert-receiver alertmanager prometheus traffic jaeger; do
  wants "$c" || continue
  if [[ "$c" == jaeger ]] && ! built jaeger; then say "building Jaeger (about $((cold_seconds[jaeger] / 60)) min)"; fi
  if bash scripts/stack/stack.sh up "$c" >>"$logs" 2>&1; then say "$c is running"; else say "$c did not start (see $logs)"; fi
done
# Plans check the Alertmanager routing with amtool at the rendered Alertmanager's version (Debian's
# 0.25 refuses its url_file); until it is built, plans skip those checks and say so.
if wants kube && ! built alertmanager; then
  say "building amtool (about $((cold_seconds[alertmanager] / 60)) min; plans skip the Alertmanager routing checks until then)"
  bash scripts/stack/build-binaries.sh alertmanager >>"$logs" 2>&1 && say "amtool is built" || say "the amtool build failed (see $PP_CACHE/bin/build-alertmanager.log)"
fi
