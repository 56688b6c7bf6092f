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

# ---------------------------------------------------------------- timeline (issue 17: ready in <= 40 s warm)
# Every step prints the seconds since `npm start` ("up: [  12.3 s] ..."), and each part a phase line when it is
# ready: when it started, when it answered, and the CPU seconds it used until then (its processes and their
# children: a figure that depends much less on the machine's load than wall time). measure-stack.ts reads them.
T0="$(date +%s%3N)"
CLK_TCK="$(getconf CLK_TCK)"
since() { echo $(($(date +%s%3N) - T0)); } # ms since T0
secs() { printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100)); }
say() { printf 'up: [%6s s] %s\n' "$(secs "$(since)")" "$*"; }
# CPU seconds of processes with their live descendants (and the children they reaped): one pass over /proc
tree_cpu() {
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v roots=" $* " -v tck="$CLK_TCK" '
    { pid = $1; line = $0; sub(/^.*\) /, "", line); split(line, f, " ")
      parent[pid] = f[2]; cpu[pid] = f[12] + f[13] + f[14] + f[15] }
    END { total = 0
      for (p in cpu) { q = p; for (depth = 0; q != "" && q + 0 > 1 && depth < 64; depth++) {
          if (index(roots, " " q " ")) { total += cpu[p]; break } q = parent[q] } }
      printf "%.1f", total / tck }'
}
pid_of() { cat "$1" 2>/dev/null || echo 0; }
declare -A STARTED_AT=()
phase_start() { STARTED_AT[$1]="$(since)"; }
# phase_done name cpu-seconds → "up: phase <name>  started +a s, ready +b s (b-a s), c s CPU"
phase_done() {
  local now from; now="$(since)"; from="${STARTED_AT[$1]:-0}"
  printf 'up: phase %-13s started +%6s s, ready +%6s s (%5s s), %5s s CPU\n' "$1" "$(secs "$from")" "$(secs "$now")" \
    "$(secs $((now - from)))" "$2"
}
# a background step whose CPU (user + system, it and its children) goes to $RUN/<name>.time
timed() { # name command...
  local name="$1"; shift
  { TIMEFORMAT='%U %S'; time "$@" 2>&3; } 3>&2 2>"$RUN/$name.time"
}
timed_cpu() { tail -1 "$RUN/$1.time" 2>/dev/null | awk '{ printf "%.1f", $(NF-1) + $NF }'; }
# polling without forking a process per check: HTTP through bash's /dev/tcp, pauses with `read -t`
exec {PAUSE_FD}<> <(:)
pause() { read -r -t "$1" -u "$PAUSE_FD" || true; }
http_ok() { # url: 2xx within 2 s
  local rest="${1#http://}" hostport path fd status=""
  hostport="${rest%%/*}"; path="/${rest#*/}"
  { exec {fd}<>"/dev/tcp/${hostport%:*}/${hostport#*:}"; } 2>/dev/null || return 1
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$hostport" >&"$fd" 2>/dev/null
  read -r -t 2 -u "$fd" status || true
  exec {fd}>&-
  [[ "$status" =~ ^HTTP/1\.[01]\ 2 ]]
}
say "load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"

bash "$ROOT/tools/scripts/ensure-node-deps.sh"
INFRA_DIR="${URP_INFRA_DIR:-$ROOT/.infra}"

# ---------------------------------------------------------------- everything that waits for nothing, at once
# FerretDB answers in a fraction of a second; then Keycloak (the slowest: a JVM, ~5 s of CPU, see
# deploy/local/infra.sh), Kafka, the build and the providers start together, and each part starts as soon
# as what it needs is there. Nothing waits for Keycloak but the end.
phase_start ferretdb
bash "$ROOT/deploy/local/infra.sh" start ferretdb
phase_done ferretdb "$(tree_cpu "$(pid_of "$INFRA_DIR/ferretdb/ferretdb.pid")")"
declare -A JOB=() JOB_LOG=() JOB_FAIL=()
job() { # name log failure-message command...: a background step
  local name="$1"; JOB_LOG[$name]="$2"; JOB_FAIL[$name]="$3"; shift 3
  phase_start "$name"
  timed "$name" "$@" >"${JOB_LOG[$name]}" 2>&1 &
  JOB[$name]=$!
}
KEYCLOAK=0
if [ "${URP_KEYCLOAK:-on}" != off ]; then
  # the identity provider (realm urp, deploy/local/keycloak/urp-realm.json); URP_KEYCLOAK=off skips it (the
  # gateway then accepts only the development tokens)
  KEYCLOAK=1
  job keycloak "$RUN/keycloak-start.log" "Keycloak did not start (URP_KEYCLOAK=off starts without it)" \
    bash "$ROOT/deploy/local/infra.sh" start keycloak
fi
job kafka "$RUN/kafka-start.log" "Kafka did not start" bash "$ROOT/deploy/local/infra.sh" start kafka
# the services and the gateway are compiled to JavaScript (`npm run build`: tools/scripts/build-app.sh, cached by
# Nx, so only what changed is rebuilt)
if [ "${URP_FROM_SOURCES:-0}" != 1 ]; then
  job build "$RUN/build.log" "the build failed" node_modules/.bin/nx run-many -t build --outputStyle=static --nxBail \
    --projects=@urp/contacts-service,@urp/satisfaction-service,@urp/knowledge-base-service,@urp/procedures-service,@urp/campaigns-service,@urp/gateway
fi
# the console (Vite) is built only when its sources changed; URP_CONSOLE_DIST serves one built elsewhere
# (a CI cache, another checkout) instead
CONSOLE_PORT="${URP_CONSOLE_PORT:-4480}"
CONSOLE_DIST="${URP_CONSOLE_DIST:-$ROOT/apps/console/dist}"
if [ -z "${URP_CONSOLE_DIST:-}" ] && { [ ! -f apps/console/dist/index.html ] ||
  [ -n "$(find apps/console/src apps/console/index.html -newer apps/console/dist/index.html -print -quit)" ]; }; then
  job console-build "$RUN/console-build.log" "the console build failed" npm run -s build -w @urp/console
fi

# the services and the gateway run compiled: dist/<app dir>/<app dir>/src/main.js
if [ "${URP_FROM_SOURCES:-0}" = 1 ]; then
  entry() { echo "$1/src/main.ts"; }
else
  entry() { echo "dist/$1/$1/src/main.js"; }
fi
alive() { [ -f "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }
# V8's young generation capped at 4 MB per semi-space (default 16): ~20 MB less resident memory per process
# at idle, the same setting as the images (deploy/docker/Dockerfile); URP_NODE_FLAGS replaces it
read -r -a NODE_FLAGS <<<"${URP_NODE_FLAGS---max-semi-space-size=4}"
declare -A READY_URL=()
OURS=() # the apps this run started: a failed start stops them (and its background steps), not what ran before
start_app() { # name entry port ready-path-or-url env...  (a TypeScript entry runs through @swc-node/register: the tools)
  local name="$1" entry="$2" port="$3" path="$4" runner=(); shift 4
  if [[ "$path" == http* ]]; then READY_URL[$name]="$path"; else READY_URL[$name]="http://127.0.0.1:$port$path"; fi
  phase_start "$name"
  if alive "$name"; then say "$name already running (pid $(cat "$RUN/$name.pid"))"; return; fi
  if [[ "$entry" == *.ts ]]; then runner=(-r @swc-node/register); else runner=("${NODE_FLAGS[@]}"); fi
  env "$@" PORT="$port" HOST=127.0.0.1 nohup node "${runner[@]}" "$entry" >>"$RUN/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
  OURS+=("$name")
  say "$name starting on :$port (log $RUN/$name.log)"
}

# the local mailbox: a real SMTP server on loopback; the campaigns' emails can be read at its web page. And the
# providers a town hall buys, played locally by servers that follow their published contracts (tools/providers):
# a PEC provider (a second mailbox that returns the acceptance and delivery receipts), App IO, an SMPP SMSC.
start_providers() {
  start_app mailbox tools/mailbox/src/main.ts "$MAILBOX_HTTP_PORT" /health MAILBOX_SMTP_PORT="$MAILBOX_SMTP_PORT" \
    MAILBOX_HTTP_PORT="$MAILBOX_HTTP_PORT" MAILBOX_DIR="$INFRA_DIR/mailbox"
  start_app pec tools/mailbox/src/main.ts "$PEC_HTTP_PORT" /health MAILBOX_SMTP_PORT="$PEC_SMTP_PORT" \
    MAILBOX_HTTP_PORT="$PEC_HTTP_PORT" MAILBOX_DIR="$INFRA_DIR/pec" MAILBOX_PEC_RECEIPTS_TO="smtp://127.0.0.1:$PEC_RECEIPTS_PORT"
  start_app io tools/providers/src/io-main.ts "$IO_PORT" /health IO_PROVIDER_PORT="$IO_PORT" IO_PROVIDER_KEY=local-io-key
  start_app smpp tools/providers/src/smpp-main.ts "$SMPP_PORT" "http://127.0.0.1:$SMPP_HTTP_PORT/health" \
    SMPP_PROVIDER_PORT="$SMPP_PORT" SMPP_PROVIDER_HTTP_PORT="$SMPP_HTTP_PORT" SMPP_PROVIDER_SYSTEM_ID=urp \
    SMPP_PROVIDER_PASSWORD=local-smpp
}
# The services need FerretDB (up) and Kafka, which they wait for themselves (at most 5 s, then in the
# background: libs/messaging), so they start while Kafka does; campaigns reaches the providers only to deliver.
# Readiness (/health/ready) answers once the database does: the consumer groups join in the background.
# The gateway serves the static supergraph (gateway/supergraph.graphql) and reads Keycloak's discovery document
# on the first request that needs it (libs/auth; again after a failure), so it needs neither the subgraphs nor
# Keycloak to start. Development: the dev secret (npm run token --offline, the demo seed) is accepted next to
# Keycloak's tokens, and introspection is on for the tools.
start_apps() {
  start_app contacts "$(entry services/contacts)" "$CONTACTS_PORT" /health/ready MONGO_DB=urp_contacts \
    OPEN311_API_KEYS="${OPEN311_API_KEYS:-urp-demo-open311}"
  start_app satisfaction "$(entry services/satisfaction)" "$SATISFACTION_PORT" /health/ready MONGO_DB=urp_satisfaction \
    CONTACTS_INTERNAL_URL="http://127.0.0.1:$CONTACTS_PORT"
  start_app knowledge "$(entry services/knowledge-base)" "$KNOWLEDGE_PORT" /health/ready MONGO_DB=urp_knowledge
  start_app procedures "$(entry services/procedures)" "$PROCEDURES_PORT" /health/ready MONGO_DB=urp_procedures \
    PATRON_SAINT_DAY="${PATRON_SAINT_DAY:-08-10}" CONTACTS_INTERNAL_URL="http://127.0.0.1:$CONTACTS_PORT"
  start_app campaigns "$(entry services/campaigns)" "$CAMPAIGNS_PORT" /health/ready MONGO_DB=urp_campaigns \
    SMTP_URL="smtp://127.0.0.1:$MAILBOX_SMTP_PORT" CONTACTS_INTERNAL_URL="http://127.0.0.1:$CONTACTS_PORT" \
    PROCEDURES_INTERNAL_URL="http://127.0.0.1:$PROCEDURES_PORT" SATISFACTION_INTERNAL_URL="http://127.0.0.1:$SATISFACTION_PORT" \
    PEC_SMTP_URL="smtp://127.0.0.1:$PEC_SMTP_PORT" PEC_RECEIPTS_SMTP_PORT="$PEC_RECEIPTS_PORT" \
    IO_API_URL="http://127.0.0.1:$IO_PORT" IO_API_KEY=local-io-key SMPP_URL="smpp://urp:local-smpp@127.0.0.1:$SMPP_PORT" \
    PUBLIC_BASE_URL="http://127.0.0.1:$CAMPAIGNS_PORT" STATUS_PAGE_URL="http://127.0.0.1:$CONTACTS_PORT/stato-pratica"
  local oidc=()
  [ "$KEYCLOAK" = 1 ] && oidc=(OIDC_ISSUER="http://127.0.0.1:$URP_KEYCLOAK_PORT/realms/urp")
  start_app gateway "$(entry gateway)" "$GATEWAY_PORT" /health/ready "${oidc[@]}" GRAPHQL_INTROSPECTION=true \
    SUBGRAPH_CONTACTS_URL="http://127.0.0.1:$CONTACTS_PORT/graphql" SUBGRAPH_SATISFACTION_URL="http://127.0.0.1:$SATISFACTION_PORT/graphql" \
    SUBGRAPH_KNOWLEDGE_URL="http://127.0.0.1:$KNOWLEDGE_PORT/graphql" SUBGRAPH_PROCEDURES_URL="http://127.0.0.1:$PROCEDURES_PORT/graphql" \
    SUBGRAPH_CAMPAIGNS_URL="http://127.0.0.1:$CAMPAIGNS_PORT/graphql"
}
# the operator console (apps/console), served by its own small server that proxies /graphql to the gateway (one
# origin); sign-in through Keycloak (OIDC code + PKCE)
start_console() {
  local oidc=()
  [ "$KEYCLOAK" = 1 ] && oidc=(OIDC_ISSUER="http://127.0.0.1:$URP_KEYCLOAK_PORT/realms/urp")
  start_app console apps/console/server.ts "$CONSOLE_PORT" /health/ready "${oidc[@]}" GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT" \
    URP_CONSOLE_PORT="$CONSOLE_PORT" CONSOLE_DIST="$CONSOLE_DIST" CONSOLE_DEV_LOGIN="${CONSOLE_DEV_LOGIN:-false}"
}
# the demo, once: a marker says it is there (then this is one database read); loading it needs the gateway
start_seed() {
  job seed "$RUN/seed.log" "the demo data could not be loaded" env URP_GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT/graphql" \
    URP_SATISFACTION_URL="http://127.0.0.1:$SATISFACTION_PORT/graphql" \
    node -r @swc-node/register tools/scripts/seed-demo.ts
}

start_providers
[ -n "${JOB[build]:-}" ] || start_apps
[ -n "${JOB[console-build]:-}" ] || start_console

# One loop until everything answers: each background step as it ends, each app's readiness every 0.2 s, and
# what waited for them started at once (the apps after the build, the console after its build, the seed after
# the gateway and the five services). The pid of each part is in $RUN/<name>.pid (apps) or under $INFRA_DIR (Kafka, Keycloak).
declare -A DONE=()
all_ready() { local n; for n in "$@"; do [ -n "${DONE[$n]:-}" ] || return 1; done; }
cpu_of_job() {
  case "$1" in
    kafka) tree_cpu "$(pid_of "$INFRA_DIR/kafka/kafka.pid")" ;;
    keycloak) tree_cpu "$(pid_of "$INFRA_DIR/keycloak/keycloak.pid")" ;;
    *) timed_cpu "$1" ;;
  esac
}
# each part has URP_READY_TIMEOUT seconds (default 180) from its own start: a slow build on a loaded machine
# delays the parts after it, it does not eat their time
READY_TIMEOUT_MS=$((${URP_READY_TIMEOUT:-180} * 1000))
kill_tree() { local c; for c in $(pgrep -P "$1" 2>/dev/null); do kill_tree "$c"; done; kill "$1" 2>/dev/null || true; }
# a failed start stops what it started (its apps, the builds, the seed); Kafka, FerretDB and Keycloak stay up (or
# go on starting) for the next try: npm stop stops them
fail() {
  echo "up: ERROR: $*" >&2
  local n
  for n in "${!JOB[@]}"; do
    case "$n" in kafka | keycloak) ;; *) [ -n "${DONE[$n]:-}" ] || kill_tree "${JOB[$n]}" ;; esac
  done
  for n in "${OURS[@]}"; do alive "$n" && kill_tree "$(cat "$RUN/$n.pid")"; rm -f "$RUN/$n.pid"; done
  [ "${#OURS[@]}" -eq 0 ] || echo "up: stopped what this start had started: ${OURS[*]}" >&2
  exit 1
}
# the last lines of a part's log, or why there are none
show_log() {
  local log="$RUN/$1.log"
  if [ -s "$log" ]; then
    echo "up: last lines of $log:" >&2
    tail -30 "$log" | sed 's/^/  /' >&2
  elif alive "$1"; then
    echo "up: $log is empty: $1 is still loading its code and has written nothing yet (a busy machine slows that down)" >&2
  else
    echo "up: $log is empty: $1 stopped before writing anything" >&2
  fi
}
# a part that did not answer in time: its log, then what to do (the infrastructure stays up, the build is cached)
not_ready() {
  show_log "$1"
  fail "$1 not ready ${URP_READY_TIMEOUT:-180} s after it started (load average $(cut -d' ' -f1-3 /proc/loadavg)).
  On a busy machine this is usually slowness, not a fault: run \`npm start\` again (Kafka, FerretDB$([ "$KEYCLOAK" = 1 ] && echo ' and Keycloak')
  stay up and the build is cached, so the next try is quicker), or give each part more time, e.g.
  \`URP_READY_TIMEOUT=400 npm start\`."
}
while :; do
  for name in "${!JOB[@]}"; do
    [ -z "${DONE[$name]:-}" ] || continue
    kill -0 "${JOB[$name]}" 2>/dev/null && continue
    DONE[$name]=1
    if ! wait "${JOB[$name]}"; then
      cat "${JOB_LOG[$name]}" >&2; fail "${JOB_FAIL[$name]} (log ${JOB_LOG[$name]})"
    fi
    phase_done "$name" "$(cpu_of_job "$name")"
    case "$name" in
      build) say "built ($(grep -c 'build .*\[\(local\|remote\) cache\]' "$RUN/build.log" || true) of 6 apps from the Nx cache; log $RUN/build.log)"
        start_apps ;;
      console-build) start_console ;;
      seed) sed 's/^/  /' "$RUN/seed.log" ;;
      *) sed 's/^/  /' "${JOB_LOG[$name]}" ;;
    esac
  done
  for name in "${!READY_URL[@]}"; do
    [ -z "${DONE[$name]:-}" ] || continue
    if http_ok "${READY_URL[$name]}"; then
      DONE[$name]=1
      phase_done "$name" "$(tree_cpu "$(cat "$RUN/$name.pid")")"
      # the seed talks to every service through the gateway: it starts when the gateway and all five answer
      # (the gateway alone answers before the services do when only they were restarted)
      if [ -z "${JOB[seed]:-}" ] && all_ready gateway contacts satisfaction knowledge procedures campaigns; then start_seed; fi
      continue
    fi
    alive "$name" || { show_log "$name"; fail "$name exited (log $RUN/$name.log)"; }
    [ $(($(since) - ${STARTED_AT[$name]:-0})) -lt "$READY_TIMEOUT_MS" ] || not_ready "$name"
  done
  # done when every job and every app has answered, and the seed has run
  left=0
  for name in "${!JOB[@]}" "${!READY_URL[@]}"; do [ -n "${DONE[$name]:-}" ] || left=$((left + 1)); done
  [ "$left" -gt 0 ] || [ -z "${DONE[seed]:-}" ] || break
  pause 0.2
done
say "ready: every part answers (load average $(cut -d' ' -f1-3 /proc/loadavg))"

cat <<EOT

URP is running.
  Console:  http://127.0.0.1:$CONSOLE_PORT/   (la scrivania URP: sign in as a demo user, password demo)
  GraphQL:  http://127.0.0.1:$GATEWAY_PORT/graphql
  Token:    npm run -s token -- operator      (roles: operator backoffice referent manager analyst admin)
$(if [ "$KEYCLOAK" = 1 ]; then echo "  Sign-in:  http://127.0.0.1:$URP_KEYCLOAK_PORT/realms/urp/account   (Keycloak realm urp; demo users in the README, password demo)"; else echo "  Sign-in:  Keycloak is off (URP_KEYCLOAK=off): the API takes \`npm run -s token\`; the console needs CONSOLE_DEV_LOGIN=true"; fi)
  Mailbox:  http://127.0.0.1:$MAILBOX_HTTP_PORT/   (the emails the platform sent, read from the local SMTP server)
  PEC:      http://127.0.0.1:$PEC_HTTP_PORT/   (the local PEC provider: certified mail with its receipts)
  SMS:      http://127.0.0.1:$SMPP_HTTP_PORT/_provider/messages   (the local SMSC: every SMS submitted over SMPP)
  Status:   http://127.0.0.1:$CONTACTS_PORT/stato-pratica   (citizens: a case's status by protocol number + receipt code)
  Procedure: http://127.0.0.1:$PROCEDURES_PORT/stato-procedimento   (applicants: a procedure's status by the reference in its start notice)
  Open311:  http://127.0.0.1:$CONTACTS_PORT/open311/v2/services.json   (POST needs api_key=${OPEN311_API_KEYS:-urp-demo-open311}, demo key)
  Try:      curl -s http://127.0.0.1:$GATEWAY_PORT/graphql -H 'content-type: application/json' \\
              -H "authorization: Bearer \$(npm run -s token -- operator)" \\
              -d '{"query":"{ contacts(first: 5) { id subject status surveyInvitation { status expiresAt } } }"}'
  Stop:     npm stop
EOT
