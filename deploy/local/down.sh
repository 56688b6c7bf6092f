#!/usr/bin/env bash
# Stops the gateway, the services and the local infrastructure started by up.sh (data is kept).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN="${URP_INFRA_DIR:-$ROOT/.infra}/run"
for name in console gateway campaigns smpp io pec mailbox procedures knowledge satisfaction contacts; do
  pidfile="$RUN/$name.pid"
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill -TERM "$(cat "$pidfile")"
    for _ in $(seq 1 40); do kill -0 "$(cat "$pidfile")" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$(cat "$pidfile")" 2>/dev/null || true
    echo "down: $name stopped"
  fi
  rm -f "$pidfile"
done
bash "$ROOT/deploy/local/infra.sh" stop keycloak
bash "$ROOT/deploy/local/infra.sh" stop
