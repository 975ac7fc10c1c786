#!/usr/bin/env bash
# Idempotent set-up for a fresh machine: npm dependencies (the build is a separate step:
# `npm run build`, which `npm start` and `npm test` run),
# plus, with --system, the Debian packages the test suite runs against (RabbitMQ, PostgreSQL,
# and amqp-tools and python3-pika as independent AMQP clients).
set -euo pipefail
cd "$(dirname "$0")/.."

# Installed when package-lock.json differs from the one the last install used (compared by
# content: a fresh checkout or worktree gives every file a new mtime, which says nothing).
lock_hash=$(sha1sum package-lock.json | cut -d' ' -f1)
if [ ! -d node_modules ] || [ "$(cat node_modules/.catwire-installed 2>/dev/null)" != "$lock_hash" ]; then
  npm ci --no-audit --no-fund
  echo "$lock_hash" > node_modules/.catwire-installed
fi

if [ "${1:-}" = "--system" ]; then
  missing=()
  command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
  command -v amqp-consume >/dev/null 2>&1 || missing+=(amqp-tools)
  /usr/bin/python3 -c 'import pika' >/dev/null 2>&1 || missing+=(python3-pika)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "setup: missing ${missing[*]}; run as root or install them with apt-get" >&2
      exit 1
    fi
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  fi
fi
