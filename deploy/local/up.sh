#!/usr/bin/env bash
# Installs what is missing and starts the whole URP system on this machine, without Docker:
# Kafka + FerretDB (deploy/local/infra.sh), the five services and the GraphQL gateway compiled to JavaScript
# (`npm run build`, cached by Nx: tools/scripts/build-app.sh), the console, then loads the demo data.
# Idempotent: what already runs is left running.
#   npm start            (this script)      npm stop   (deploy/local/down.sh)
#   URP_FROM_SOURCES=1 npm start   runs the services and the gateway from TypeScript (@swc-node/register), no build
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
RUN="${URP_INFRA_DIR:-$ROOT/.infra}/run"
mkdir -p "$RUN"

# development-only secrets; set your own in the environment for anything shared
export IDENTITY_SECRET="${IDENTITY_SECRET:-dev-only-identity-secret-change-me-0123}"
export AUTH_ISSUER="${AUTH_ISSUER:-urp-dev}" AUTH_AUDIENCE="${AUTH_AUDIENCE:-urp}"
export AUTH_JWT_SECRET="${AUTH_JWT_SECRET:-dev-only-jwt-secret-change-me-0123456789}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:${URP_KAFKA_PORT:-19092}}"
export MONGO_URL="${MONGO_URL:-mongodb://127.0.0.1:${URP_MONGO_PORT:-27117}}"
# traces (libs/observability/README.md): each span a JSON line in $RUN/traces.jsonl (jq it by traceId);
# OTEL_EXPORTER_OTLP_ENDPOINT=http://<collector>:4318 also sends them over OTLP; OTEL_SDK_DISABLED=true: none
export OTEL_SDK_DISABLED="${OTEL_SDK_DISABLED:-false}" URP_TRACES_FILE="${URP_TRACES_FILE:-$RUN/traces.jsonl}"
GATEWAY_PORT="${URP_GATEWAY_PORT:-4000}" CONTACTS_PORT="${URP_CONTACTS_PORT:-4001}" SATISFACTION_PORT="${URP_SATISFACTION_PORT:-4002}"
KNOWLEDGE_PORT="${URP_KNOWLEDGE_PORT:-4003}" PROCEDURES_PORT="${URP_PROCEDURES_PORT:-4004}" CAMPAIGNS_PORT="${URP_CAMPAIGNS_PORT:-4005}"
MAILBOX_SMTP_PORT="${URP_MAILBOX_SMTP_PORT:-2525}" MAILBOX_HTTP_PORT="${URP_MAILBOX_HTTP_PORT:-8025}"
# the providers a town hall buys, played locally by servers that follow their published contracts (tools/providers):
# a PEC provider (a second mailbox that returns the acceptance and delivery receipts), App IO, an SMPP SMSC
PEC_SMTP_PORT="${URP_PEC_SMTP_PORT:-2526}" PEC_HTTP_PORT="${URP_PEC_HTTP_PORT:-8026}" PEC_RECEIPTS_PORT="${URP_PEC_RECEIPTS_PORT:-2527}"
IO_PORT="${URP_IO_PORT:-8930}" SMPP_PORT="${URP_SMPP_PORT:-2775}" SMPP_HTTP_PORT="${URP_SMPP_HTTP_PORT:-8931}"
export URP_KEYCLOAK_PORT="${URP_KEYCLOAK_PORT:-8180}"

command -v curl >/dev/null || { echo "up: ERROR: 'curl' is not installed (apt-get install -y curl): it checks the services' health" >&2; exit 1; }
bash "$ROOT/tools/scripts/ensure-node-deps.sh"
# the services and the gateway are compiled to JavaScript (`npm run build`: tools/scripts/build-app.sh, cached by
# Nx, so only what changed is rebuilt) while the infrastructure starts
BUILD_JOB=""
if [ "${URP_FROM_SOURCES:-0}" != 1 ]; then
  npx nx run-many -t build --outputStyle=static --nxBail \
    --projects=@urp/contacts-service,@urp/satisfaction-service,@urp/knowledge-base-service,@urp/procedures-service,@urp/campaigns-service,@urp/gateway \
    >"$RUN/build.log" 2>&1 &
  BUILD_JOB=$!
fi
bash "$ROOT/deploy/local/infra.sh" start
# the identity provider (realm urp, deploy/local/keycloak/urp-realm.json) starts while the services do;
# URP_KEYCLOAK=off skips it (the gateway then accepts only the development tokens)
KC_JOB=""
if [ "${URP_KEYCLOAK:-on}" != off ]; then
  bash "$ROOT/deploy/local/infra.sh" start keycloak &
  KC_JOB=$!
fi

# the services and the gateway run compiled: dist/<app dir>/<app dir>/src/main.js
if [ "${URP_FROM_SOURCES:-0}" = 1 ]; then
  entry() { echo "$1/src/main.ts"; }
else
  entry() { echo "dist/$1/$1/src/main.js"; }
  wait "$BUILD_JOB" || { cat "$RUN/build.log" >&2; echo "up: ERROR: the build failed (log $RUN/build.log)" >&2; exit 1; }
  echo "up: built ($(grep -c 'build .*\[\(local\|remote\) cache\]' "$RUN/build.log" || true) of 6 apps from the Nx cache; log $RUN/build.log)"
fi

alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
# V8's young generation capped at 4 MB per semi-space (default 16): ~20 MB less resident memory per process
# at idle, the same setting as the images (deploy/docker/Dockerfile); URP_NODE_FLAGS replaces it
read -r -a NODE_FLAGS <<<"${URP_NODE_FLAGS---max-semi-space-size=4}"
start_app() { # name entry port env...  (a TypeScript entry runs through @swc-node/register: the tools)
  local name="$1" entry="$2" port="$3" runner=(); shift 3
  if alive "$name"; then echo "up: $name already running (pid $(cat "$RUN/$name.pid"))"; return; fi
  if [[ "$entry" == *.ts ]]; then runner=(-r @swc-node/register); else runner=("${NODE_FLAGS[@]}"); fi
  env "$@" PORT="$port" HOST=127.0.0.1 nohup node "${runner[@]}" "$entry" >>"$RUN/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
  echo "up: $name starting on :$port (log $RUN/$name.log)"
}
wait_ready() { # name port [path]
  local deadline=$((SECONDS + ${URP_READY_TIMEOUT:-180}))
  until curl -fs "http://127.0.0.1:$2${3:-/health/ready}" >/dev/null 2>&1; do
    alive "$1" || { tail -30 "$RUN/$1.log" >&2; echo "up: ERROR: $1 exited (log $RUN/$1.log)" >&2; exit 1; }
    [ "$SECONDS" -lt "$deadline" ] || { tail -30 "$RUN/$1.log" >&2; echo "up: ERROR: $1 not ready after ${URP_READY_TIMEOUT:-180}s (URP_READY_TIMEOUT)" >&2; exit 1; }
    sleep 0.5
  done
  echo "up: $1 ready"
}

start_app contacts "$(entry services/contacts)" "$CONTACTS_PORT" MONGO_DB=urp_contacts OPEN311_API_KEYS="${OPEN311_API_KEYS:-urp-demo-open311}"
start_app satisfaction "$(entry services/satisfaction)" "$SATISFACTION_PORT" MONGO_DB=urp_satisfaction
start_app knowledge "$(entry services/knowledge-base)" "$KNOWLEDGE_PORT" MONGO_DB=urp_knowledge
start_app procedures "$(entry services/procedures)" "$PROCEDURES_PORT" MONGO_DB=urp_procedures PATRON_SAINT_DAY="${PATRON_SAINT_DAY:-08-10}"
# the local mailbox: a real SMTP server on loopback; the campaigns' emails can be read at its web page
start_app mailbox tools/mailbox/src/main.ts "$MAILBOX_HTTP_PORT" MAILBOX_SMTP_PORT="$MAILBOX_SMTP_PORT" \
  MAILBOX_HTTP_PORT="$MAILBOX_HTTP_PORT" MAILBOX_DIR="${URP_INFRA_DIR:-$ROOT/.infra}/mailbox"
start_app pec tools/mailbox/src/main.ts "$PEC_HTTP_PORT" MAILBOX_SMTP_PORT="$PEC_SMTP_PORT" \
  MAILBOX_HTTP_PORT="$PEC_HTTP_PORT" MAILBOX_DIR="${URP_INFRA_DIR:-$ROOT/.infra}/pec" \
  MAILBOX_PEC_RECEIPTS_TO="smtp://127.0.0.1:$PEC_RECEIPTS_PORT"
start_app io tools/providers/src/io-main.ts "$IO_PORT" IO_PROVIDER_PORT="$IO_PORT" IO_PROVIDER_KEY=local-io-key
start_app smpp tools/providers/src/smpp-main.ts "$SMPP_PORT" SMPP_PROVIDER_PORT="$SMPP_PORT" \
  SMPP_PROVIDER_HTTP_PORT="$SMPP_HTTP_PORT" SMPP_PROVIDER_SYSTEM_ID=urp SMPP_PROVIDER_PASSWORD=local-smpp
wait_ready mailbox "$MAILBOX_HTTP_PORT" /health
wait_ready pec "$PEC_HTTP_PORT" /health
wait_ready io "$IO_PORT" /health
wait_ready smpp "$SMPP_HTTP_PORT" /health
start_app campaigns "$(entry services/campaigns)" "$CAMPAIGNS_PORT" MONGO_DB=urp_campaigns \
  SMTP_URL="smtp://127.0.0.1:$MAILBOX_SMTP_PORT" CONTACTS_INTERNAL_URL="http://127.0.0.1:$CONTACTS_PORT" \
  PROCEDURES_INTERNAL_URL="http://127.0.0.1:$PROCEDURES_PORT" SATISFACTION_INTERNAL_URL="http://127.0.0.1:$SATISFACTION_PORT" \
  PEC_SMTP_URL="smtp://127.0.0.1:$PEC_SMTP_PORT" PEC_RECEIPTS_SMTP_PORT="$PEC_RECEIPTS_PORT" \
  IO_API_URL="http://127.0.0.1:$IO_PORT" IO_API_KEY=local-io-key SMPP_URL="smpp://urp:local-smpp@127.0.0.1:$SMPP_PORT" \
  PUBLIC_BASE_URL="http://127.0.0.1:$CAMPAIGNS_PORT"
wait_ready contacts "$CONTACTS_PORT"
wait_ready satisfaction "$SATISFACTION_PORT"
wait_ready knowledge "$KNOWLEDGE_PORT"
wait_ready procedures "$PROCEDURES_PORT"
wait_ready campaigns "$CAMPAIGNS_PORT"
GATEWAY_OIDC=()
if [ -n "$KC_JOB" ]; then
  wait "$KC_JOB" || { echo "up: ERROR: Keycloak did not start (the reason is above; URP_KEYCLOAK=off starts without it)" >&2; exit 1; }
  GATEWAY_OIDC=(OIDC_ISSUER="http://127.0.0.1:$URP_KEYCLOAK_PORT/realms/urp")
fi
# development: the dev secret (npm run token --offline, the demo seed) is accepted next to Keycloak's tokens,
# and introspection is on for the tools
start_app gateway "$(entry gateway)" "$GATEWAY_PORT" "${GATEWAY_OIDC[@]}" GRAPHQL_INTROSPECTION=true \
  SUBGRAPH_CONTACTS_URL="http://127.0.0.1:$CONTACTS_PORT/graphql" SUBGRAPH_SATISFACTION_URL="http://127.0.0.1:$SATISFACTION_PORT/graphql" \
  SUBGRAPH_KNOWLEDGE_URL="http://127.0.0.1:$KNOWLEDGE_PORT/graphql" SUBGRAPH_PROCEDURES_URL="http://127.0.0.1:$PROCEDURES_PORT/graphql" \
  SUBGRAPH_CAMPAIGNS_URL="http://127.0.0.1:$CAMPAIGNS_PORT/graphql"
wait_ready gateway "$GATEWAY_PORT"
# the operator console (apps/console): built with Vite when its sources changed, served by its own small server
# that proxies /graphql to the gateway (one origin); sign-in through Keycloak (OIDC code + PKCE)
CONSOLE_PORT="${URP_CONSOLE_PORT:-4480}"
if [ ! -f apps/console/dist/index.html ] || [ -n "$(find apps/console/src apps/console/index.html -newer apps/console/dist/index.html -print -quit)" ]; then
  npm run -s build -w @urp/console
fi
CONSOLE_OIDC=()
[ -n "$KC_JOB" ] && CONSOLE_OIDC=(OIDC_ISSUER="http://127.0.0.1:$URP_KEYCLOAK_PORT/realms/urp")
start_app console apps/console/server.ts "$CONSOLE_PORT" "${CONSOLE_OIDC[@]}" GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT" \
  URP_CONSOLE_PORT="$CONSOLE_PORT" CONSOLE_DEV_LOGIN="${CONSOLE_DEV_LOGIN:-false}"
wait_ready console "$CONSOLE_PORT"

URP_GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT/graphql" node -r @swc-node/register tools/scripts/seed-demo.ts

cat <<EOT

URP is running.
  Console:  http://127.0.0.1:$CONSOLE_PORT/   (la scrivania URP: sign in as a demo user, password demo)
  GraphQL:  http://127.0.0.1:$GATEWAY_PORT/graphql
  Token:    npm run -s token -- operator      (roles: operator backoffice referent manager analyst admin)
  Sign-in:  http://127.0.0.1:$URP_KEYCLOAK_PORT/realms/urp/account   (Keycloak realm urp; demo users in the README, password demo)
  Mailbox:  http://127.0.0.1:$MAILBOX_HTTP_PORT/   (the emails the platform sent, read from the local SMTP server)
  PEC:      http://127.0.0.1:$PEC_HTTP_PORT/   (the local PEC provider: certified mail with its receipts)
  SMS:      http://127.0.0.1:$SMPP_HTTP_PORT/_provider/messages   (the local SMSC: every SMS submitted over SMPP)
  Status:   http://127.0.0.1:$CONTACTS_PORT/stato-pratica   (citizens: a case's status by protocol number + receipt code)
  Open311:  http://127.0.0.1:$CONTACTS_PORT/open311/v2/services.json   (POST needs api_key=${OPEN311_API_KEYS:-urp-demo-open311}, demo key)
  Try:      curl -s http://127.0.0.1:$GATEWAY_PORT/graphql -H 'content-type: application/json' \\
              -H "authorization: Bearer \$(npm run -s token -- operator)" \\
              -d '{"query":"{ contacts(first: 5) { id subject status surveyInvitation { status expiresAt } } }"}'
  Stop:     npm stop
EOT
