#!/usr/bin/env bash
# The testbed cluster: etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok
# (three fake Nodes), all on loopback. Data lives in $PP_STACK_DIR/kube and survives down/up.
# Usage: kube.sh up|down|status
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../config.sh"
source "$PP_STACK_SRC/lib.sh"
source "$PP_STACK_SRC/pki.sh"

PKI="$PP_KUBE_DIR/pki"
API="https://$PP_HOST:$PP_KUBE_API_PORT"
PROCS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

# Resolved up front: a missing binary must stop the script, not just a command substitution.
resolve_bins() {
  ETCD="$(pp_need_bin etcd etcd)"
  APISERVER="$(pp_need_bin kube kube-apiserver)"
  KCM="$(pp_need_bin kube kube-controller-manager)"
  SCHEDULER="$(pp_need_bin kube kube-scheduler)"
  KUBECTL="$(pp_need_bin kube kubectl)"
  KWOK="$(pp_need_bin kwok kwok)"
}

kubectl_admin() { "$KUBECTL" --kubeconfig "$PP_ADMIN_KUBECONFIG" "$@"; }

api_get() { curl -fsS --max-time 3 --cacert "$PKI/ca.crt" --cert "$PKI/admin.crt" --key "$PKI/admin.key" "$API$1"; }

# Succeeds once the three fake Nodes report Ready and kwok holds their leases.
nodes_ready() {
  [[ "$(kubectl_admin get nodes -l type=kwok -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | grep -c True)" == 3 ]] &&
    [[ "$(kubectl_admin -n kube-node-lease get lease -o jsonpath='{range .items[*]}{.spec.holderIdentity}{"\n"}{end}' | grep -c .)" -ge 3 ]]
}

start_etcd() {
  pp_running etcd && return 0
  pp_port_free "$PP_ETCD_PORT" etcd
  pp_port_free "$PP_ETCD_PEER_PORT" etcd
  # Plain HTTP is acceptable: both ports bind loopback only and only the API server talks to etcd.
  pp_start etcd "$ETCD" --name personapass --data-dir "$PP_KUBE_DIR/etcd" \
    --listen-client-urls "http://$PP_HOST:$PP_ETCD_PORT" --advertise-client-urls "http://$PP_HOST:$PP_ETCD_PORT" \
    --listen-peer-urls "http://$PP_HOST:$PP_ETCD_PEER_PORT" --initial-advertise-peer-urls "http://$PP_HOST:$PP_ETCD_PEER_PORT" \
    --initial-cluster "personapass=http://$PP_HOST:$PP_ETCD_PEER_PORT" --log-level warn
  pp_wait etcd 30 curl -fsS --max-time 2 "http://$PP_HOST:$PP_ETCD_PORT/health"
}

start_apiserver() {
  pp_running kube-apiserver && return 0
  pp_port_free "$PP_KUBE_API_PORT" kube-apiserver
  # --allow-privileged: privileged pods must reach Pod Security admission, which is what refuses
  # them in restricted namespaces (as in production), instead of a blanket validation error.
  # --endpoint-reconciler-type=none: there is no routable address to publish for the service.
  pp_start kube-apiserver "$APISERVER" \
    --advertise-address="$PP_HOST" --bind-address="$PP_HOST" --secure-port="$PP_KUBE_API_PORT" \
    --etcd-servers="http://$PP_HOST:$PP_ETCD_PORT" \
    --tls-cert-file="$PKI/apiserver.crt" --tls-private-key-file="$PKI/apiserver.key" \
    --client-ca-file="$PKI/ca.crt" \
    --service-account-issuer="https://kubernetes.default.svc.cluster.local" \
    --service-account-key-file="$PKI/sa.pub" --service-account-signing-key-file="$PKI/sa.key" \
    --service-cluster-ip-range=10.96.0.0/16 \
    --authorization-mode=RBAC --allow-privileged=true \
    --endpoint-reconciler-type=none --profiling=false --v=1
  pp_wait kube-apiserver 60 api_get /readyz
}

start_controllers() {
  if ! pp_running kube-controller-manager; then
    pp_port_free "$PP_KCM_PORT" kube-controller-manager
    local kc="$PP_KUBE_DIR/controller-manager.kubeconfig"
    # --use-service-account-credentials: each controller acts with its own narrow role, as in a real cluster.
    pp_start kube-controller-manager "$KCM" \
      --kubeconfig="$kc" --authentication-kubeconfig="$kc" --authorization-kubeconfig="$kc" \
      --bind-address="$PP_HOST" --secure-port="$PP_KCM_PORT" --leader-elect=false \
      --root-ca-file="$PKI/ca.crt" --service-account-private-key-file="$PKI/sa.key" \
      --cluster-signing-cert-file="$PKI/ca.crt" --cluster-signing-key-file="$PKI/ca.key" \
      --use-service-account-credentials=true --v=1
  fi
  if ! pp_running kube-scheduler; then
    pp_port_free "$PP_SCHED_PORT" kube-scheduler
    local ks="$PP_KUBE_DIR/scheduler.kubeconfig"
    pp_start kube-scheduler "$SCHEDULER" \
      --kubeconfig="$ks" --authentication-kubeconfig="$ks" --authorization-kubeconfig="$ks" \
      --bind-address="$PP_HOST" --secure-port="$PP_SCHED_PORT" --leader-elect=false --v=1
  fi
  if ! pp_running kwok; then
    pp_port_free "$PP_KWOK_PORT" kwok
    # kwok only plays pods on nodes whose lease it holds; a lease left by the previous kwok
    # process would make this one wait for it to expire (up to 40s) before pods turn Running.
    kubectl_admin -n kube-node-lease delete lease kwok-node-a kwok-node-b kwok-node-c --ignore-not-found >/dev/null
    pp_start kwok "$KWOK" --kubeconfig="$PP_KUBE_DIR/kwok.kubeconfig" \
      --config="$(pp_bin_dir kwok)/kwok-stages.yaml" \
      --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
      --server-address="$PP_HOST:$PP_KWOK_PORT" --cidr=10.244.0.0/16 --node-ip=10.0.0.1 \
      --node-lease-duration-seconds=40
  fi
  pp_wait kube-controller-manager 30 curl -fsSk --max-time 2 "https://$PP_HOST:$PP_KCM_PORT/healthz"
  pp_wait kube-scheduler 30 curl -fsSk --max-time 2 "https://$PP_HOST:$PP_SCHED_PORT/healthz"
  pp_wait kwok 30 curl -fsS --max-time 2 "http://$PP_HOST:$PP_KWOK_PORT/healthz"
}

# console_environment ENVIRONMENT NAMESPACE: console-environment.yaml for one environment.
console_environment() {
  sed -e "s/\${ENVIRONMENT}/$1/g" -e "s/\${NAMESPACE}/$2/g" "$PP_STACK_SRC/manifests/console-environment.yaml"
}

# The console's kubeconfig: its ServiceAccount with the rights of console-rbac.yaml, bounded by the
# admission policies of console-admission.yaml, and console-environment.yaml for each environment.
write_console_access() {
  local file env ns
  for file in console-rbac.yaml console-admission.yaml; do
    kubectl_admin apply --server-side --field-manager=personapass-stack -f "$PP_STACK_SRC/manifests/$file" >/dev/null
  done
  # Rights a testbed made by an earlier version granted the console in kube-system and keda (first
  # unrestricted, then per environment); Prometheus' roles there now come with the grant itself.
  kubectl_admin delete clusterrole personapass-console-discovery --ignore-not-found >/dev/null
  for ns in kube-system keda; do
    kubectl_admin -n "$ns" delete rolebinding personapass-console-discovery --ignore-not-found >/dev/null
    for env in $PP_PLATFORM_ENVIRONMENTS; do
      kubectl_admin -n "$ns" delete rolebinding,role "personapass-console-$env-discovery" --ignore-not-found >/dev/null
    done
  done
  # --force-conflicts: an earlier console rendered Prometheus' ClusterRole and discovery Roles itself.
  for env in $PP_PLATFORM_ENVIRONMENTS; do
    console_environment "$env" "personapass-$env" | kubectl_admin apply --server-side --force-conflicts --field-manager=personapass-stack -f - >/dev/null
  done
  # A bound token from the TokenRequest API, renewed at every stack:up.
  local token
  token="$(kubectl_admin -n personapass-system create token personapass-console --duration=720h)"
  pp_kubeconfig "$PP_CONSOLE_KUBECONFIG" "$API" "$PKI/ca.crt" token "$token"
}

up() {
  local start=$SECONDS
  resolve_bins
  pp_need_cmd openssl
  pp_need_cmd curl
  mkdir -p "$PP_KUBE_DIR"
  pp_pki_init "$PKI"
  pp_kubeconfig "$PP_ADMIN_KUBECONFIG" "$API" "$PKI/ca.crt" cert "$PKI/admin.key" "$PKI/admin.crt"
  pp_kubeconfig "$PP_KUBE_DIR/controller-manager.kubeconfig" "$API" "$PKI/ca.crt" cert "$PKI/controller-manager.key" "$PKI/controller-manager.crt"
  pp_kubeconfig "$PP_KUBE_DIR/scheduler.kubeconfig" "$API" "$PKI/ca.crt" cert "$PKI/scheduler.key" "$PKI/scheduler.crt"
  pp_kubeconfig "$PP_KUBE_DIR/kwok.kubeconfig" "$API" "$PKI/ca.crt" cert "$PKI/kwok.key" "$PKI/kwok.crt"

  start_etcd
  start_apiserver
  start_controllers

  kubectl_admin apply --server-side --field-manager=personapass-stack -f "$PP_STACK_SRC/manifests/nodes.yaml" >/dev/null
  pp_wait kwok 60 nodes_ready
  pp_wait kube-controller-manager 60 kubectl_admin -n default get serviceaccount default
  # CRDs are large: server-side apply avoids the last-applied annotation size limit.
  kubectl_admin apply --server-side --force-conflicts --field-manager=personapass-stack -f "$PP_STACK_SRC/crds/" >/dev/null
  kubectl_admin wait --for=condition=Established --timeout=60s crd -l app.kubernetes.io/part-of=personapass-stack >/dev/null \
    || pp_fail "kube: CRDs did not become Established; see $(pp_log_file kube-apiserver)"
  kubectl_admin apply --server-side --field-manager=personapass-stack -f "$PP_STACK_SRC/manifests/system-namespaces.yaml" >/dev/null
  kubectl_admin apply --server-side --field-manager=personapass-stack -f "$PP_STACK_SRC/manifests/storage-class.yaml" >/dev/null
  write_console_access
  pp_say "kube: ready in $((SECONDS - start))s ($API; admin kubeconfig $PP_ADMIN_KUBECONFIG, console kubeconfig $PP_CONSOLE_KUBECONFIG)"
}

down() {
  local i
  for ((i = ${#PROCS[@]} - 1; i >= 0; i--)); do pp_stop "${PROCS[i]}"; done
}

status() {
  KUBECTL="$(pp_bin_dir kube)/kubectl"
  local p missing=()
  for p in "${PROCS[@]}"; do pp_running "$p" || missing+=("$p"); done
  if ((${#missing[@]} == ${#PROCS[@]})); then echo "kube: stopped"; return 1; fi
  if ((${#missing[@]})); then echo "kube: degraded (not running: ${missing[*]}; logs in $PP_LOG_DIR)"; return 1; fi
  if ! api_get /readyz >/dev/null 2>&1; then echo "kube: degraded ($API/readyz not ok; see $(pp_log_file kube-apiserver))"; return 1; fi
  local ready
  ready="$(kubectl_admin get nodes -l type=kwok --no-headers 2>/dev/null | grep -cw Ready || true)"
  echo "kube: running $API, $ready/3 nodes Ready, kubeconfigs $PP_ADMIN_KUBECONFIG $PP_CONSOLE_KUBECONFIG"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) pp_fail "usage: kube.sh up|down|status" ;;
esac
