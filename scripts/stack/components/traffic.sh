#!/usr/bin/env bash
# The synthetic traffic generator Prometheus scrapes (scripts/stack/traffic-generator.mjs).
# Usage: traffic.sh up|down|status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../config.sh"
source "$PP_STACK_SRC/lib.sh"

URL="http://$PP_HOST:$PP_TRAFFIC_PORT"

up() {
  pp_running traffic && return 0
  [[ -n "$PP_NODE" ]] || pp_fail "traffic: node not found (npm ci installs node_modules/.bin/node)"
  pp_port_free "$PP_TRAFFIC_PORT" traffic
  pp_start traffic "$PP_NODE" "$PP_STACK_SRC/traffic-generator.mjs"
  pp_wait traffic 15 curl -fsS --max-time 2 "$URL/healthz"
  pp_say "traffic: ready at $URL/metrics (steer with POST $URL/control)"
}

status() {
  if ! pp_running traffic; then echo "traffic: stopped"; return 1; fi
  if curl -fsS --max-time 2 "$URL/healthz" >/dev/null 2>&1; then echo "traffic: running $URL/metrics"; else
    echo "traffic: degraded ($URL/healthz not ok; see $(pp_log_file traffic))"; return 1; fi
}

case "${1:-}" in
  up) up ;;
  down) pp_stop traffic ;;
  status) status ;;
  *) pp_fail "usage: traffic.sh up|down|status" ;;
esac
