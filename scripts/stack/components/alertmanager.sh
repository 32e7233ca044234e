#!/usr/bin/env bash
# Alertmanager from Debian's package (prometheus-alertmanager) with the platform's routing for the
# local environments, its receivers pointed at the stack's test receiver (render-alerting.ts), its
# own data dir, on loopback, clustering off.
# Usage: alertmanager.sh up|down|status|reload
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../config.sh"
source "$PP_STACK_SRC/lib.sh"

DIR="$PP_STACK_DIR/alertmanager"
URL="http://$PP_HOST:$PP_ALERTMANAGER_PORT"

render() {
  mkdir -p "$DIR/data"
  PP_ALERT_RECEIVER_URL="http://$PP_HOST:$PP_ALERT_RECEIVER_PORT" \
    "$PP_NODE" "$PP_REPO_DIR/node_modules/.bin/tsx" "$PP_STACK_SRC/render-alerting.ts" alertmanager "$DIR/alertmanager.yml" ||
    pp_fail "alertmanager: rendering its configuration failed"
  amtool check-config "$DIR/alertmanager.yml" >/dev/null || pp_fail "alertmanager: amtool refuses $DIR/alertmanager.yml"
}

up() {
  pp_running alertmanager && return 0
  pp_need_cmd prometheus-alertmanager prometheus-alertmanager
  pp_port_free "$PP_ALERTMANAGER_PORT" alertmanager
  render
  pp_start alertmanager prometheus-alertmanager --config.file="$DIR/alertmanager.yml" --storage.path="$DIR/data" \
    --web.listen-address="$PP_HOST:$PP_ALERTMANAGER_PORT" --cluster.listen-address= --data.retention=24h
  pp_wait alertmanager 30 curl -fsS --max-time 2 "$URL/-/ready"
  pp_say "alertmanager: ready at $URL (notifications recorded at http://$PP_HOST:$PP_ALERT_RECEIVER_PORT/notifications)"
}

status() {
  if ! pp_running alertmanager; then echo "alertmanager: stopped"; return 1; fi
  if curl -fsS --max-time 2 "$URL/-/ready" >/dev/null 2>&1; then echo "alertmanager: running $URL"; else
    echo "alertmanager: degraded ($URL/-/ready not ok; see $(pp_log_file alertmanager))"; return 1; fi
}

case "${1:-}" in
  up) up ;;
  down) pp_stop alertmanager ;;
  status) status ;;
  reload) render && curl -fsS -X POST "$URL/-/reload" ;;
  *) pp_fail "usage: alertmanager.sh up|down|status|reload" ;;
esac
