#!/usr/bin/env bash
# Builds the stack's Go binaries from the pinned modules in tools/ into the cache outside the repo
# (see pp_bin_dir). Idempotent: a module whose cache directory is complete is skipped ("warm").
# A cold build of everything takes tens of minutes on 2 cores.
#
# Usage: build-binaries.sh [kube|etcd|kwok|jaeger|helm|alertmanager ...]   (default: all)
# helm is only for the export test (helm lint/template of the chart `npm run render -- --format helm` writes).
# alertmanager is amtool at the Alertmanager version the platform renders, for the plan's checks
# (lib/adapters/tools/run-tool.ts runs it; Debian's amtool 0.25 refuses the webhook's url_file).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/config.sh"
source "$PP_STACK_SRC/lib.sh"

K8S_VERSION=v1.36.3

# module -> "binary=package ..." it provides
declare -A PACKAGES=(
  [kube]="kube-apiserver=k8s.io/kubernetes/cmd/kube-apiserver kube-controller-manager=k8s.io/kubernetes/cmd/kube-controller-manager kube-scheduler=k8s.io/kubernetes/cmd/kube-scheduler kubectl=k8s.io/kubernetes/cmd/kubectl"
  [etcd]="etcd=go.etcd.io/etcd/server/v3"
  [kwok]="kwok=sigs.k8s.io/kwok/cmd/kwok"
  [jaeger]="jaeger=github.com/jaegertracing/jaeger/cmd/jaeger"
  [helm]="helm=helm.sh/helm/v3/cmd/helm"
  [alertmanager]="amtool=github.com/prometheus/alertmanager/cmd/amtool"
)
declare -A LDFLAGS=(
  [alertmanager]="-X github.com/prometheus/common/version.Version=0.28.1"
  [kube]="-X k8s.io/component-base/version.gitVersion=$K8S_VERSION -X k8s.io/component-base/version.gitMajor=1 -X k8s.io/component-base/version.gitMinor=36 -X k8s.io/component-base/version.gitTreeState=clean"
  [helm]="-X helm.sh/helm/v3/internal/version.version=v3.22.0"
)

# kwok needs its Stage objects; they ship in the kwok module, so copy the pinned version's.
copy_kwok_stages() {
  local src
  src="$(cd "$PP_REPO_DIR/tools/kwok" && GOWORK=off go list -m -f '{{.Dir}}' sigs.k8s.io/kwok)/kustomize/stage"
  {
    cat "$src/node/fast/node-initialize.yaml"
    for f in node/heartbeat-with-lease/node-heartbeat-with-lease.yaml pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
      printf -- '---\n'; cat "$src/$f"
    done
  } >"$1/kwok-stages.yaml"
}

build_module() {
  local mod="$1" dir tmp start spec bin pkg
  dir="$(pp_bin_dir "$mod")"
  local want=()
  for spec in ${PACKAGES[$mod]}; do want+=("${spec%%=*}"); done
  local complete=1
  for bin in "${want[@]}"; do [[ -x "$dir/$bin" ]] || complete=0; done
  if ((complete)); then
    pp_say "build: $mod warm ($dir)"
    return 0
  fi
  pp_need_cmd go golang
  start=$SECONDS
  pp_say "build: $mod cold, building ${want[*]} (log: $PP_CACHE/bin/build-$mod.log)"
  mkdir -p "$PP_CACHE/bin"
  tmp="$(mktemp -d "$PP_CACHE/bin/.tmp-$mod-XXXX")"
  local log="$PP_CACHE/bin/build-$mod.log"
  : >"$log"
  for spec in ${PACKAGES[$mod]}; do
    bin="${spec%%=*}"; pkg="${spec#*=}"
    # -p 2 and nice: the machine has 2 cores and other work running beside the build.
    if ! (cd "$PP_REPO_DIR/tools/$mod" && GOWORK=off GOFLAGS=-mod=readonly nice go build -p 2 -trimpath \
      -ldflags "-s -w ${LDFLAGS[$mod]:-}" -o "$tmp/$bin" "$pkg") >>"$log" 2>&1; then
      rm -rf "$tmp"
      pp_fail "build of $bin ($pkg, tools/$mod) failed; see $log"
    fi
  done
  [[ "$mod" == kwok ]] && copy_kwok_stages "$tmp"
  rm -rf "$dir" && mv "$tmp" "$dir"
  pp_say "build: $mod cold build done in $((SECONDS - start))s"
}

total=$SECONDS
mods=("$@")
((${#mods[@]})) || mods=(kube etcd kwok jaeger helm alertmanager)
for m in "${mods[@]}"; do
  [[ -n "${PACKAGES[$m]:-}" ]] || pp_fail "unknown module '$m' (kube, etcd, kwok, jaeger, helm, alertmanager)"
  build_module "$m"
done
pp_say "build: binaries ready in $((SECONDS - total))s"
