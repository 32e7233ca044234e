#!/usr/bin/env bash
# `prisma generate` wants to download the schema engine first, although generation never runs it.
# Pointing PRISMA_SCHEMA_ENGINE_BINARY at any executable keeps it offline (see ENVIRONMENT.md).
set -euo pipefail
cd "$(dirname "$0")/.."
PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-/usr/bin/true}" \
PRISMA_HIDE_UPDATE_MESSAGE=1 CHECKPOINT_DISABLE=1 \
  node_modules/.bin/prisma generate --schema prisma/schema.prisma
