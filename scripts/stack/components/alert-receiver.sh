#!/usr/bin/env bash
# The test receiver Alertmanager notifies instead of Slack and PagerDuty (scripts/stack/alert-receiver.mjs).
# Usage: alert-receiver.sh up|down|status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../config.sh"
source "$PP_STACK_SRC/lib.sh"

URL="http://$PP_HOST:$PP_ALERT_RECEIVER_PORT"

up() {
  pp_running alert-receiver && return 0
  [[ -n "$PP_NODE" ]] || pp_fail "alert-receiver: node not found (npm ci installs node_modules/.bin/node)"
  pp_port_free "$PP_ALERT_RECEIVER_PORT" alert-receiver
  pp_start alert-receiver "$PP_NODE" "$PP_STACK_SRC/alert-receiver.mjs"
  pp_wait alert-receiver 15 curl -fsS --max-time 2 "$URL/healthz"
  pp_say "alert-receiver: ready at $URL/notifications"
}

status() {
  if ! pp_running alert-receiver; then echo "alert-receiver: stopped"; return 1; fi
  if curl -fsS --max-time 2 "$URL/healthz" >/dev/null 2>&1; then echo "alert-receiver: running $URL/notifications"; else
    echo "alert-receiver: degraded ($URL/healthz not ok; see $(pp_log_file alert-receiver))"; return 1; fi
}

case "${1:-}" in
  up) up ;;
  down) pp_stop alert-receiver ;;
  status) status ;;
  *) pp_fail "usage: alert-receiver.sh up|down|status" ;;
esac
