#!/usr/bin/env bash
# The local real stack: Postgres, OIDC, a Kubernetes testbed, Alertmanager and its test receiver,
# Prometheus + synthetic traffic, Jaeger.
# Usage: stack.sh up|down|status [component ...]
#        stack.sh reset   (down, then delete all stack state: cluster data, PKI, logs)
# Components run in order on up, in reverse on down; each is scripts/stack/components/NAME.sh.
# State, data and logs live in $PERSONAPASS_STACK_DIR (default ~/.cache/personapass/stack).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/config.sh"
source "$PP_STACK_SRC/lib.sh"

ALL=(postgres oidc kube alert-receiver alertmanager prometheus traffic jaeger)
# Go binaries each component runs (built once, cached; see build-binaries.sh).
declare -A NEEDS_BUILD=([kube]="kube etcd kwok" [jaeger]="jaeger")

cmd="${1:-}"; shift || true
components=("$@")
everything=$((${#components[@]} == 0))
((${#components[@]})) || components=("${ALL[@]}")
for c in "${components[@]}"; do
  [[ " ${ALL[*]} " == *" $c "* ]] || pp_fail "unknown component '$c' (one of: ${ALL[*]})"
done

script_of() { printf '%s/components/%s.sh\n' "$PP_STACK_SRC" "$1"; }

# The stack's listening ports sit inside Linux's ephemeral range (32768-60999): a client connection
# (kube-apiserver to etcd, say) can take 59090 before Prometheus binds it. Reserve them where we may
# (root, as in CI); elsewhere a clash is still reported by pp_port_free, naming the holder.
reserve_ports() {
  local file=/proc/sys/net/ipv4/ip_local_reserved_ports ports
  [[ -w "$file" ]] || return 0
  ports="$(for name in $(compgen -v PP_ | grep '_PORT$'); do printf '%s\n' "${!name}"; done | grep -E '^[0-9]{2,5}$' | sort -un | paste -sd, -)"
  [[ -n "$ports" ]] || return 0
  local current; current="$(cat "$file")"
  printf '%s\n' "${current:+$current,}$ports" >"$file" 2>/dev/null || true
}

# postgres.sh and oidc.sh come with the console; until they exist they are skipped, not failed.
present() {
  [[ -f "$(script_of "$1")" ]] && return 0
  pp_say "stack: $1 skipped (no $(script_of "$1") yet)"
  return 1
}

case "$cmd" in
  up)
    start=$SECONDS
    reserve_ports
    mods=()
    for c in "${components[@]}"; do read -ra more <<<"${NEEDS_BUILD[$c]:-}"; mods+=("${more[@]}"); done
    ((${#mods[@]})) && bash "$PP_STACK_SRC/build-binaries.sh" "${mods[@]}"
    up_start=$SECONDS
    for c in "${components[@]}"; do
      present "$c" || continue
      bash "$(script_of "$c")" up || pp_fail "$c failed to start (logs in $PP_LOG_DIR); run 'npm run stack:down' to clean up"
    done
    pp_say "stack: up in $((SECONDS - up_start))s (plus $((up_start - start))s checking/building binaries)"
    ;;
  down)
    for ((i = ${#components[@]} - 1; i >= 0; i--)); do
      c="${components[i]}"
      [[ -f "$(script_of "$c")" ]] && bash "$(script_of "$c")" down
    done
    # Verify after a full down: every pid file gone and no process left behind.
    left=()
    ((everything)) && for f in "$PP_RUN_DIR"/*.pid; do
      [[ -e "$f" ]] || continue
      name="$(basename "$f" .pid)"
      if pp_running "$name"; then left+=("$name"); else rm -f "$f"; fi
    done
    ((${#left[@]} == 0)) || pp_fail "still running after down: ${left[*]} (pid files in $PP_RUN_DIR)"
    pp_say "stack: down"
    ;;
  status)
    rc=0
    for c in "${components[@]}"; do
      if [[ -f "$(script_of "$c")" ]]; then bash "$(script_of "$c")" status || rc=1; else echo "$c: not provided"; fi
    done
    exit $rc
    ;;
  reset)
    "$0" down
    rm -rf "$PP_STACK_DIR"
    pp_say "stack: state removed ($PP_STACK_DIR)"
    ;;
  *) pp_fail "usage: stack.sh up|down|status|reset [component ...]" ;;
esac
