#!/usr/bin/env bash
# `npm run demo:reset`: throws the local system away and starts it again with a fresh demo.
# Stops the gateway, the services and the infrastructure (deploy/local/down.sh), DELETES the local Kafka and
# FerretDB data and the local mailboxes (every topic, every database, the demo marker, every message:
# deploy/local/infra.sh reset), then starts everything again (deploy/local/up.sh), which loads the demo into the empty system.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
echo "demo:reset: stopping the system and deleting every local database and topic"
bash deploy/local/down.sh
bash deploy/local/infra.sh reset
exec bash deploy/local/up.sh
