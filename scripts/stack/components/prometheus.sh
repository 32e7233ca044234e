#!/usr/bin/env bash
# Prometheus from Debian's package with our own config and data dir, on loopback, scraping the
# synthetic traffic generator every 2s so tests see a steered value within seconds.
# Usage: prometheus.sh up|down|status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../config.sh"
source "$PP_STACK_SRC/lib.sh"

DIR="$PP_STACK_DIR/prometheus"
URL="http://$PP_HOST:$PP_PROM_PORT"

up() {
  pp_running prometheus && return 0
  pp_need_cmd prometheus prometheus
  pp_port_free "$PP_PROM_PORT" prometheus
  mkdir -p "$DIR/data"
  cat >"$DIR/prometheus.yml" <<EOF
global:
  scrape_interval: 2s
  evaluation_interval: 2s
scrape_configs:
  - job_name: personapass-traffic
    static_configs:
      - targets: ["$PP_HOST:$PP_TRAFFIC_PORT"]
  - job_name: prometheus
    static_configs:
      - targets: ["$PP_HOST:$PP_PROM_PORT"]
EOF
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
  *) pp_fail "usage: prometheus.sh up|down|status" ;;
esac
