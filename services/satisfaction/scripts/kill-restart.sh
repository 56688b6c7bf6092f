#!/usr/bin/env bash
# How long satisfaction takes to serve HTTP after a SIGKILL, beside a cold start in the same conditions.
# Needs Kafka and FerretDB (deploy/local/infra.sh start); uses URP_KAFKA_PORT / URP_MONGO_PORT like the tests.
#   bash services/satisfaction/scripts/kill-restart.sh [entry]   (entry: another copy of src/main.ts, to compare)
set -euo pipefail
cd "$(dirname "$0")/../../.."
entry="${1:-services/satisfaction/src/main.ts}"
port="${KILL_RESTART_PORT:-4374}"
run="killrestart_$(date +%s)"
export MONGO_URL="mongodb://127.0.0.1:${URP_MONGO_PORT:-27117}" MONGO_DB="$run" \
  KAFKA_BROKERS="127.0.0.1:${URP_KAFKA_PORT:-19092}" KAFKA_GROUP_ID="$run" \
  IDENTITY_SECRET="kill-restart-identity-secret-0123456789" PORT="$port" HOST=127.0.0.1 LOG_LEVEL=warn
pid=""
start() { node -r @swc-node/register "$entry" >"/tmp/$run.$1.log" 2>&1 & pid=$!; }
live() { until curl -sf "http://127.0.0.1:$port/health/live" >/dev/null; do sleep 0.1; done; }
since() { echo "$(date +%s.%N) - $1" | bc; }
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; }
trap cleanup EXIT

t=$(date +%s.%N); start cold; live; echo "cold start: HTTP after $(since "$t") s"
sleep 8 # the indicator consumer has joined its group
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
t=$(date +%s.%N); start restart; live; echo "after SIGKILL: HTTP after $(since "$t") s (load: $(cut -d' ' -f1 /proc/loadavg))"
