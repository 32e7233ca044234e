#!/usr/bin/env bash
# Jaeger v2 built from tools/jaeger: OTLP in, in-memory storage, query API out, every listener on
# loopback (its built-in defaults would bind more ports than we want, on well-known numbers).
# Usage: jaeger.sh up|down|status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../config.sh"
source "$PP_STACK_SRC/lib.sh"

DIR="$PP_STACK_DIR/jaeger"
URL="http://$PP_HOST:$PP_JAEGER_QUERY_PORT"

up() {
  pp_running jaeger && return 0
  local bin
  bin="$(pp_need_bin jaeger jaeger)"
  for p in "$PP_JAEGER_QUERY_PORT" "$PP_JAEGER_GRPC_PORT" "$PP_JAEGER_HEALTH_PORT" "$PP_OTLP_GRPC_PORT" "$PP_OTLP_HTTP_PORT"; do
    pp_port_free "$p" jaeger
  done
  mkdir -p "$DIR"
  cat >"$DIR/config.yaml" <<EOF
service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: info
extensions:
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: $PP_HOST:$PP_JAEGER_QUERY_PORT
    grpc:
      endpoint: $PP_HOST:$PP_JAEGER_GRPC_PORT
  healthcheckv2:
    use_v2: true
    http:
      endpoint: $PP_HOST:$PP_JAEGER_HEALTH_PORT
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: $PP_HOST:$PP_OTLP_GRPC_PORT
      http:
        endpoint: $PP_HOST:$PP_OTLP_HTTP_PORT
processors:
  batch:
    timeout: 200ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
EOF
  pp_start jaeger "$bin" --config "$DIR/config.yaml"
  pp_wait jaeger 30 curl -fsS --max-time 2 "$URL/api/services"
  pp_say "jaeger: ready, query $URL, OTLP http://$PP_HOST:$PP_OTLP_HTTP_PORT (grpc $PP_HOST:$PP_OTLP_GRPC_PORT)"
}

status() {
  if ! pp_running jaeger; then echo "jaeger: stopped"; return 1; fi
  if curl -fsS --max-time 2 "$URL/api/services" >/dev/null 2>&1; then echo "jaeger: running $URL, OTLP http://$PP_HOST:$PP_OTLP_HTTP_PORT"; else
    echo "jaeger: degraded ($URL/api/services not ok; see $(pp_log_file jaeger))"; return 1; fi
}

case "${1:-}" in
  up) up ;;
  down) pp_stop jaeger ;;
  status) status ;;
  *) pp_fail "usage: jaeger.sh up|down|status" ;;
esac
