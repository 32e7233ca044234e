#!/usr/bin/env bash
# What `npm run demo` and `npm test` need before they start, installed when missing:
# - Debian packages (as root: apt-get install; otherwise one line naming them and the command);
# - Go, for building the Kubernetes testbed (named, never installed: it is the machine's toolchain);
# - node_modules (npm ci when absent or older than package-lock.json), which also generates the
#   Prisma client.
# Usage: ensure-prerequisites.sh [--packages "a b c"]   (default: every package the stack and tests use)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

packages=(postgresql chromium prometheus prometheus-alertmanager openssl curl iproute2 ca-certificates)
if [[ "${1:-}" == --packages ]]; then read -r -a packages <<<"$2"; fi

say() { printf 'prerequisites: %s\n' "$*" >&2; }

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  if [[ $EUID -eq 0 ]] && command -v apt-get >/dev/null; then
    say "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    # Debian starts its own Prometheus and Alertmanager on install; the stack runs its own instances.
    if command -v systemctl >/dev/null; then systemctl stop prometheus prometheus-node-exporter prometheus-alertmanager 2>/dev/null || true; fi
  else
    say "missing Debian packages: ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}"
    exit 1
  fi
fi

command -v go >/dev/null || say "Go is not installed: the Kubernetes testbed cannot be built (https://go.dev/dl/; the demo still runs without it)"

if [[ ! -d node_modules || ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing node modules (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
