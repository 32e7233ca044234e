#!/usr/bin/env bash
# Prometheus from Debian's package with our own config and data dir, on loopback, scraping the
# synthetic traffic generator every 2s so tests see a steered value within seconds. It evaluates the
# platform's alert rules of the local environments (render-alerting.ts: `for:` divided by
# PP_ALERT_TIME_DIVISOR) every 2s and sends its alerts to the stack's Alertmanager.
# Usage: prometheus.sh up|down|status|reload
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../config.sh"
source "$PP_STACK_SRC/lib.sh"

DIR="$PP_STACK_DIR/prometheus"
URL="http://$PP_HOST:$PP_PROM_PORT"

render_rules() {
  "$PP_NODE" "$PP_REPO_DIR/node_modules/.bin/tsx" "$PP_STACK_SRC/render-alerting.ts" rules "$DIR/rules" ||
    pp_fail "prometheus: rendering the platform's alert rules failed"
}

up() {
  pp_running prometheus && return 0
  pp_need_cmd prometheus prometheus
  pp_port_free "$PP_PROM_PORT" prometheus
  mkdir -p "$DIR/data"
  render_rules
  cat >"$DIR/prometheus.yml" <<EOF
global:
  scrape_interval: 2s
  evaluation_interval: 2s
rule_files: ["$DIR/rules/*.yml"]
alerting:
  alertmanagers:
    - static_configs:
        - targets: ["$PP_HOST:$PP_ALERTMANAGER_PORT"]
scrape_configs:
  - job_name: personapass-traffic
    static_configs:
      - targets: ["$PP_HOST:$PP_TRAFFIC_PORT"]
  - job_name: prometheus
    static_configs:
      - targets: ["$PP_HOST:$PP_PROM_PORT"]
  - job_name: alertmanager
    static_configs:
      - targets: ["$PP_HOST:$PP_ALERTMANAGER_PORT"]
EOF
  promtool check config "$DIR/prometheus.yml" >/dev/null || pp_fail "prometheus: promtool refuses $DIR/prometheus.yml"
  # --web.enable-lifecycle lets tests and the demo reload rules without a restart.
  pp_start prometheus prometheus --config.file="$DIR/prometheus.yml" --storage.tsdb.path="$DIR/data" \
    --storage.tsdb.retention.time=2d --web.listen-address="$PP_HOST:$PP_PROM_PORT" --web.enable-lifecycle
  pp_wait prometheus 30 curl -fsS --max-time 2 "$URL/-/ready"
  pp_say "prometheus: ready at $URL"
}

status() {
  if ! pp_running prometheus; then echo "prometheus: stopped"; return 1; fi
  if curl -fsS --max-time 2 "$URL/-/ready" >/dev/null 2>&1; then echo "prometheus: running $URL"; else
    echo "prometheus: degraded ($URL/-/ready not ok; see $(pp_log_file prometheus))"; return 1; fi
}

case "${1:-}" in
  up) up ;;
  down) pp_stop prometheus ;;
  status) status ;;
  reload) render_rules && curl -fsS -X POST "$URL/-/reload" ;;
  *) pp_fail "usage: prometheus.sh up|down|status|reload" ;;
esac
