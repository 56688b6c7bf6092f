#!/usr/bin/env bash
# Every test of the repository, on a fresh machine too: installs the npm packages, builds and starts the
# real infrastructure (Kafka from Maven Central jars, FerretDB from the Go module proxy), then runs
# lint and type checks (Nx), and the unit, integration and end-to-end tests (Jest, in band: one broker).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_SKIP_NX_CACHE=true

bash tools/scripts/ensure-node-deps.sh
bash tools/scripts/ensure-system-deps.sh
bash deploy/local/infra.sh start
# Keycloak (two end-to-end tests sign in with it) builds itself on its first start: minutes on a busy machine.
# Fetched now, started in the background while lint and the type check run; the tests wait for it.
bash deploy/local/infra.sh install keycloak
kc_log="$(mktemp)"
bash deploy/local/infra.sh start keycloak >"$kc_log" 2>&1 &
trap 'bash deploy/local/infra.sh stop keycloak >/dev/null 2>&1 || true' EXIT

echo "== lint (Nx, module boundaries), type check, formatting"
npx nx run-many -t lint --parallel=2 --outputStyle=static
npx tsc -p tsconfig.json --noEmit
npx prettier --check "**/*.ts" --log-level warn
echo "== the kernel's promises: no casts or untyped input in services/, generated resolver types current"
node -r @swc-node/register tools/scripts/check-services.ts

echo "== tests"
report="$(mktemp)"
status=0
# --forceExit: kafkajs keeps reconnect timers alive after the broker-restart test; the suites close what they open
npx jest --runInBand --ci --forceExit --json --outputFile="$report" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`jest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
  if (r.numTotalTests === 0) process.exit(1);
' "$report" || status=1
exit $status
