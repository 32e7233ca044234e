# shellcheck shell=bash disable=SC2034
# Shared settings of the local stack, sourced by stack.sh, build-binaries.sh and every component.
# Every port binds 127.0.0.1 only. Defaults are uncommon ports so the stack can run beside other
# services; each can be overridden from the environment.

PP_REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PP_STACK_SRC="$PP_REPO_DIR/scripts/stack"
PP_CACHE="${PERSONAPASS_CACHE:-$HOME/.cache/personapass}"
PP_STACK_DIR="${PERSONAPASS_STACK_DIR:-$PP_CACHE/stack}"
PP_RUN_DIR="$PP_STACK_DIR/run"   # pid files
PP_LOG_DIR="$PP_STACK_DIR/logs"
PP_HOST=127.0.0.1

# Postgres and OIDC belong to the console's own components (postgres.sh, oidc.sh).
: "${PP_PG_PORT:=55432}"
: "${PP_OIDC_PORT:=55480}"

: "${PP_ETCD_PORT:=52379}"
: "${PP_ETCD_PEER_PORT:=52380}"
: "${PP_KUBE_API_PORT:=56443}"
: "${PP_KCM_PORT:=56257}"        # kube-controller-manager secure port (healthz)
: "${PP_SCHED_PORT:=56259}"      # kube-scheduler secure port (healthz)
: "${PP_KWOK_PORT:=56247}"       # kwok's healthz/metrics server
: "${PP_PROM_PORT:=59090}"
: "${PP_ALERTMANAGER_PORT:=59093}"   # the starter specs' observability.alertmanagerUrl
: "${PP_ALERT_RECEIVER_PORT:=59094}" # the test receiver Alertmanager notifies (alert-receiver.mjs)
: "${PP_TRAFFIC_PORT:=59100}"
: "${PP_JAEGER_QUERY_PORT:=56686}"
: "${PP_OTLP_GRPC_PORT:=54317}"
: "${PP_OTLP_HTTP_PORT:=54318}"
: "${PP_JAEGER_GRPC_PORT:=56685}"   # Jaeger's gRPC query API
: "${PP_JAEGER_HEALTH_PORT:=56688}" # Jaeger's health check endpoint

# Namespaces the console's ServiceAccount may manage (RBAC cannot select namespaces by label,
# so the list is explicit; the console creates workloads only here).
# Each environment renders three namespaces: the application's, -monitoring and -tracing.
: "${PP_PLATFORM_ENVIRONMENTS:=dev staging prod}"
if [[ -z "${PP_PLATFORM_NAMESPACES:-}" ]]; then
  for pp_env in $PP_PLATFORM_ENVIRONMENTS; do
    PP_PLATFORM_NAMESPACES+="${PP_PLATFORM_NAMESPACES:+ }personapass-$pp_env personapass-$pp_env-monitoring personapass-$pp_env-tracing"
  done
  unset pp_env
fi

PP_KUBE_DIR="$PP_STACK_DIR/kube"
# The local stack's alert rules and Alertmanager routing wait this many times less than the
# platform's (`for: 5m` becomes 5s), so tests see alerts fire and resolve in seconds. Never in the
# render; 1 keeps the platform's durations.
: "${PP_ALERT_TIME_DIVISOR:=60}"

PP_ADMIN_KUBECONFIG="$PP_KUBE_DIR/admin.kubeconfig"
PP_CONSOLE_KUBECONFIG="$PP_KUBE_DIR/console.kubeconfig"

export PP_REPO_DIR PP_STACK_DIR PP_CACHE PP_HOST PP_PG_PORT PP_OIDC_PORT PP_ETCD_PORT PP_KUBE_API_PORT \
  PP_PROM_PORT PP_ALERTMANAGER_PORT PP_ALERT_RECEIVER_PORT PP_ALERT_TIME_DIVISOR PP_TRAFFIC_PORT PP_JAEGER_QUERY_PORT PP_OTLP_GRPC_PORT PP_OTLP_HTTP_PORT \
  PP_ADMIN_KUBECONFIG PP_CONSOLE_KUBECONFIG PP_PLATFORM_NAMESPACES PP_PLATFORM_ENVIRONMENTS

# Node 24 from the project's devDependencies when installed, else the system node.
if [[ -x "$PP_REPO_DIR/node_modules/.bin/node" ]]; then PP_NODE="$PP_REPO_DIR/node_modules/.bin/node"; else PP_NODE="$(command -v node || true)"; fi
