#!/usr/bin/env bash
# Real local infrastructure without Docker: Apache Kafka (KRaft, jars from Maven Central) and
# FerretDB (MongoDB wire protocol on SQLite, built from the Go module proxy).
#
#   deploy/local/infra.sh start [kafka|ferretdb]   install if needed, start, wait until ready (idempotent)
#   deploy/local/infra.sh stop  [kafka|ferretdb]   stop gracefully (SIGTERM, then SIGKILL after a bound)
#   deploy/local/infra.sh status                   what runs, with pid and resident memory
#   deploy/local/infra.sh install                  only materialise the Kafka classpath and build FerretDB
#   deploy/local/infra.sh reset                    stop and delete all local data (and the local mailboxes)
#   deploy/local/infra.sh start|stop keycloak      the identity provider (only on demand: npm start, one e2e test)
#
# Everything lives under $URP_INFRA_DIR (default .infra/, git-ignored): binaries, data, logs, pids.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/deploy/local"
INFRA="${URP_INFRA_DIR:-$ROOT/.infra}"
KAFKA_PORT="${URP_KAFKA_PORT:-19092}"
KAFKA_CONTROLLER_PORT="${URP_KAFKA_CONTROLLER_PORT:-19093}"
MONGO_PORT="${URP_MONGO_PORT:-27117}"
KAFKA_TIMEOUT="${URP_KAFKA_START_TIMEOUT:-90}"
MONGO_TIMEOUT="${URP_MONGO_START_TIMEOUT:-30}"
export GOTOOLCHAIN=local # never download a Go toolchain

die() { echo "infra: ERROR: $*" >&2; exit 1; }
info() { echo "infra: $*"; }
need() { command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed: $2"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# a pid file is trusted only if that pid still runs our program (pids are reused after a reboot)
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null && grep -qa -- "${2:-}" "/proc/$(cat "$1")/cmdline" 2>/dev/null; }
rss_mib() { awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }
now_ms() { date +%s%3N; }

# ---------------------------------------------------------------- Kafka
KAFKA_DIR="$INFRA/kafka"
KAFKA_LIB="$KAFKA_DIR/lib"
KAFKA_PID="$KAFKA_DIR/kafka.pid"
KAFKA_LOG="$KAFKA_DIR/logs/broker.out"

java_bin() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then echo "$JAVA_HOME/bin/java"; else command -v java || true; fi
}

kafka_install() {
  local java; java="$(java_bin)"
  [ -n "$java" ] || die "'java' is not installed: Kafka 4.x needs Java 17+ (apt-get install -y openjdk-17-jre-headless)"
  local major; major="$("$java" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -1)"
  [ "${major:-0}" -ge 17 ] || die "Kafka 4.x needs Java 17+, found Java $major at $java"
  local stamp="$KAFKA_LIB/.pom.sha"
  local want; want="$(sha1sum "$HERE/kafka/pom.xml" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  need mvn "the Kafka classpath is materialised from Maven Central (apt-get install -y maven)"
  info "materialising the Kafka classpath from Maven Central into $KAFKA_LIB"
  rm -rf "$KAFKA_LIB" "$KAFKA_DIR/kafka.jsa"; mkdir -p "$KAFKA_LIB"
  mvn -q -B -f "$HERE/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$KAFKA_LIB" >"$KAFKA_DIR/mvn.log" 2>&1 || { tail -20 "$KAFKA_DIR/mvn.log" >&2; die "Maven could not fetch the Kafka jars (log: $KAFKA_DIR/mvn.log)"; }
  ls "$KAFKA_LIB" | grep -q '^kafka_2.13-' || die "kafka_2.13 jar missing after Maven run"
  echo "$want" >"$stamp"
}

kafka_start() {
  mkdir -p "$KAFKA_DIR/logs" "$KAFKA_DIR/data"
  if alive "$KAFKA_PID" kafka.Kafka; then
    info "kafka already running (pid $(cat "$KAFKA_PID"), 127.0.0.1:$KAFKA_PORT)"; return 0
  fi
  port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another process (set URP_KAFKA_PORT)"
  kafka_install
  local java; java="$(java_bin)"
  local props="$KAFKA_DIR/server.properties"
  sed -e "s|@PORT@|$KAFKA_PORT|g" -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" -e "s|@DATA@|$KAFKA_DIR/data|g" \
    "$HERE/kafka/server.properties.tmpl" >"$props"
  local cp="$KAFKA_LIB/*"
  local log4j="-Dlog4j2.configurationFile=$HERE/kafka/log4j2.properties"
  if [ ! -f "$KAFKA_DIR/data/meta.properties" ]; then
    info "formatting Kafka storage (first start)"
    local id; id="$("$java" -cp "$cp" $log4j kafka.tools.StorageTool random-uuid 2>>"$KAFKA_LOG" | tail -1)"
    "$java" -cp "$cp" $log4j kafka.tools.StorageTool format -t "$id" -c "$props" --ignore-formatted >>"$KAFKA_LOG" 2>&1 \
      || { tail -20 "$KAFKA_LOG" >&2; die "kafka storage format failed (log: $KAFKA_LOG)"; }
  fi
  local t0; t0="$(now_ms)"
  local lines=0; [ -f "$KAFKA_LOG" ] && lines="$(wc -l <"$KAFKA_LOG")"
  # Class data sharing of Kafka's own classes (AppCDS, JDK 13+): the classes a start loads are archived when the
  # broker stops (-XX:ArchiveClassesAtExit) and mapped from the archive by the next start, which then parses and
  # verifies none of them. A stale archive (other jars, another JDK) is refused by the JVM with a warning and the
  # start goes on without it; `rm $KAFKA_DIR/kafka.jsa` makes the next stop write a new one.
  local cds="$KAFKA_DIR/kafka.jsa" cds_opt
  if [ -s "$cds" ]; then cds_opt="-XX:SharedArchiveFile=$cds"; else cds_opt="-XX:ArchiveClassesAtExit=$cds"; fi
  # shellcheck disable=SC2086
  nohup "$java" -Xms256m -Xmx512m -XX:+UseG1GC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true "$cds_opt" \
    -Xlog:cds=off -Xlog:cds+dynamic=off \
    -Dkafka.logs.dir="$KAFKA_DIR/logs" $log4j -cp "$cp" kafka.Kafka "$props" >>"$KAFKA_LOG" 2>&1 &
  echo $! >"$KAFKA_PID"
  local pid; pid="$(cat "$KAFKA_PID")"
  local deadline=$((SECONDS + KAFKA_TIMEOUT))
  until tail -n +"$((lines + 1))" "$KAFKA_LOG" | grep -q 'Kafka Server started' && port_open "$KAFKA_PORT"; do
    kill -0 "$pid" 2>/dev/null || { tail -30 "$KAFKA_LOG" >&2; rm -f "$KAFKA_PID"; die "kafka exited during start-up (log: $KAFKA_LOG)"; }
    [ "$SECONDS" -lt "$deadline" ] || { tail -30 "$KAFKA_LOG" >&2; die "kafka not ready on 127.0.0.1:$KAFKA_PORT after ${KAFKA_TIMEOUT}s (log: $KAFKA_LOG)"; }
    sleep 0.25
  done
  info "kafka ready on 127.0.0.1:$KAFKA_PORT in $(( ($(now_ms) - t0) ))ms, pid $pid, rss $(rss_mib "$pid")"
}

# ---------------------------------------------------------------- FerretDB
FERRET_DIR="$INFRA/ferretdb"
FERRET_BIN="$INFRA/bin/ferretdb-embedded"
FERRET_PID="$FERRET_DIR/ferretdb.pid"
FERRET_LOG="$FERRET_DIR/logs/ferretdb.out"

# FerretDB 1.24's SQLite backend looks documents up by `_ferretdb_sjson->'$._id'` but indexes
# `_ferretdb_sjson->"_id"`: SQLite only uses an expression index for the identical expression, so every
# lookup and update by _id scanned the whole table (35-75x slower at 10,000 documents). The build
# patches that one constant in a copy of the module taken from the Go module cache (nothing vendored),
# and builds against the copy through a generated go.mod with a `replace`.
# A second patch: the backend pushed `_id = ?` down only when `_id` was the filter's only key, so every
# revision-guarded update (`{_id, revision}`, how every store writes) read the whole collection while holding
# its write turn (35 s for one update at 11,700 contacts). It now pushes `_id` down whenever it is a top-level
# key with a plain value; every caller (find, update, delete, findAndModify, count, distinct, aggregate) still
# checks each document against the whole filter, and a limit is pushed down only without a filter.
FERRET_PATCH="id-column-matches-index-v1+id-among-keys-v1"

ferret_install() {
  local stamp="$INFRA/bin/.ferretdb.sha"
  local want; want="$( (cat "$HERE/ferretdb/go.mod" "$HERE/ferretdb/go.sum" "$HERE/ferretdb/main.go"; echo "$FERRET_PATCH") | sha1sum | cut -d' ' -f1)"
  if [ -x "$FERRET_BIN" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  need go "FerretDB is built from the Go module proxy (Go 1.24+)"
  info "building FerretDB from the Go module proxy (the first time takes a few minutes)"
  mkdir -p "$INFRA/bin" "$FERRET_DIR/logs" "$FERRET_DIR/overlay"
  local log="$FERRET_DIR/logs/build.log"
  (
    cd "$HERE/ferretdb"
    go mod download github.com/FerretDB/FerretDB
    mod="$(go list -m -f '{{.Dir}}' github.com/FerretDB/FerretDB)"
    src="$FERRET_DIR/overlay/FerretDB"
    rm -rf "$src" && cp -r "$mod" "$src" && chmod -R u+w "$src"
    file="$src/internal/backends/sqlite/metadata/metadata.go"
    sed -i 's|IDColumn = DefaultColumn + "->'"'"'\$\._id'"'"'"|IDColumn = DefaultColumn + `->"_id"`|' "$file"
    grep -q 'IDColumn = DefaultColumn + `->"_id"`' "$file" || { echo "FerretDB patch did not apply to $file" >&2; exit 1; }
    file="$src/internal/backends/sqlite/collection.go"
    sed -i 's|if params.Filter.Len() == 1 {|if params.Filter.Len() >= 1 {|' "$file"
    [ "$(grep -c 'if params.Filter.Len() >= 1 {' "$file")" = 2 ] || { echo "FerretDB patch did not apply to $file" >&2; exit 1; }
    cp go.mod "$FERRET_DIR/overlay/build.mod" && cp go.sum "$FERRET_DIR/overlay/build.sum"
    echo "replace github.com/FerretDB/FerretDB => $src" >>"$FERRET_DIR/overlay/build.mod"
    go build -trimpath -modfile "$FERRET_DIR/overlay/build.mod" -o "$FERRET_BIN" .
  ) >"$log" 2>&1 || { tail -20 "$log" >&2; die "FerretDB build failed (log: $log)"; }
  echo "$want" >"$stamp"
}

ferret_start() {
  mkdir -p "$FERRET_DIR/logs" "$FERRET_DIR/data"
  if alive "$FERRET_PID" ferretdb-embedded; then
    info "ferretdb already running (pid $(cat "$FERRET_PID"), 127.0.0.1:$MONGO_PORT)"; return 0
  fi
  port_open "$MONGO_PORT" && die "port $MONGO_PORT is taken by another process (set URP_MONGO_PORT)"
  ferret_install
  local t0; t0="$(now_ms)"
  nohup "$FERRET_BIN" -listen "127.0.0.1:$MONGO_PORT" -data "$FERRET_DIR/data" >>"$FERRET_LOG" 2>&1 &
  echo $! >"$FERRET_PID"
  local pid; pid="$(cat "$FERRET_PID")"
  local deadline=$((SECONDS + MONGO_TIMEOUT))
  until port_open "$MONGO_PORT"; do
    kill -0 "$pid" 2>/dev/null || { tail -30 "$FERRET_LOG" >&2; rm -f "$FERRET_PID"; die "ferretdb exited during start-up (log: $FERRET_LOG)"; }
    [ "$SECONDS" -lt "$deadline" ] || die "ferretdb not ready on 127.0.0.1:$MONGO_PORT after ${MONGO_TIMEOUT}s (log: $FERRET_LOG)"
    sleep 0.1
  done
  info "ferretdb ready on mongodb://127.0.0.1:$MONGO_PORT in $(( ($(now_ms) - t0) ))ms, pid $pid, rss $(rss_mib "$pid")"
}

# ---------------------------------------------------------------- Keycloak (identity provider)
# The Quarkus distribution from Maven Central, run in development mode (embedded H2 database under its
# data/ directory) with the realm of deploy/local/keycloak/urp-realm.json imported at the first start.
# Never started by a plain `start`: it costs ~5 s of CPU and ~300 MB, so only `npm start` and the tests that sign in use it.
KC_VERSION="26.4.5"
KC_DIR="$INFRA/keycloak"
KC_HOME="$KC_DIR/keycloak-$KC_VERSION"
KC_PID="$KC_DIR/keycloak.pid"
KC_LOG="$KC_DIR/logs/keycloak.out"
KC_PORT="${URP_KEYCLOAK_PORT:-8180}"
KC_MGMT_PORT="${URP_KEYCLOAK_MANAGEMENT_PORT:-9180}"
KC_TIMEOUT="${URP_KEYCLOAK_START_TIMEOUT:-300}"

keycloak_java() {
  # Keycloak 26 runs on Java 17 (deprecated there) and 21+; prefer a newer JDK when one is installed
  local j
  for j in "${KEYCLOAK_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64; do
    [ -n "$j" ] && [ -x "$j/bin/java" ] || continue
    local major; major="$("$j/bin/java" -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -1)"
    [ "${major:-0}" -ge 17 ] && { echo "$j"; return 0; }
  done
  local java; java="$(command -v java || true)"
  [ -n "$java" ] || return 1
  dirname "$(dirname "$(readlink -f "$java")")"
}

keycloak_install() {
  [ -x "$KC_HOME/bin/kc.sh" ] && return 0
  need mvn "Keycloak's distribution is fetched from Maven Central (apt-get install -y maven)"
  need unzip "Keycloak's distribution is a zip (apt-get install -y unzip)"
  mkdir -p "$KC_DIR/logs"
  info "fetching Keycloak $KC_VERSION from Maven Central (org.keycloak:keycloak-quarkus-dist, ~160 MB)"
  mvn -q -B dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" \
    -DoutputDirectory="$KC_DIR" >"$KC_DIR/mvn.log" 2>&1 || { tail -20 "$KC_DIR/mvn.log" >&2; die "Maven could not fetch Keycloak (log: $KC_DIR/mvn.log)"; }
  unzip -q -o "$KC_DIR/keycloak-quarkus-dist-$KC_VERSION.zip" -d "$KC_DIR" || die "could not unzip Keycloak"
  rm -f "$KC_DIR/keycloak-quarkus-dist-$KC_VERSION.zip"
  [ -x "$KC_HOME/bin/kc.sh" ] || die "kc.sh missing after unzipping Keycloak into $KC_DIR"
}

# waits until the realm's discovery document answers (a first start also builds Keycloak: minutes on a busy machine)
keycloak_wait() { # pid t0
  local pid="$1" t0="$2"
  local deadline=$((SECONDS + KC_TIMEOUT))
  local discovery="http://127.0.0.1:$KC_PORT/realms/urp/.well-known/openid-configuration"
  until curl -fs -o /dev/null "$discovery" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { tail -30 "$KC_LOG" >&2; rm -f "$KC_PID"; die "keycloak exited during start-up (log: $KC_LOG)"; }
    [ "$SECONDS" -lt "$deadline" ] || { tail -30 "$KC_LOG" >&2; die "keycloak did not serve $discovery after ${KC_TIMEOUT}s (log: $KC_LOG)"; }
    sleep 0.5
  done
  info "keycloak ready on http://127.0.0.1:$KC_PORT (realm urp) in $(( ($(now_ms) - t0) ))ms, pid $pid, rss $(rss_mib "$pid")"
}

keycloak_start() {
  mkdir -p "$KC_DIR/logs"
  if alive "$KC_PID" keycloak; then
    # another start may still be under way (npm test starts it in the background early): wait for it
    need curl "the script waits for Keycloak's discovery document with curl (apt-get install -y curl)"
    keycloak_wait "$(cat "$KC_PID")" "$(now_ms)"
    info "keycloak already running (pid $(cat "$KC_PID"), http://127.0.0.1:$KC_PORT)"; return 0
  fi
  port_open "$KC_PORT" && die "port $KC_PORT is taken by another process (set URP_KEYCLOAK_PORT)"
  port_open "$KC_MGMT_PORT" && die "port $KC_MGMT_PORT is taken by another process (set URP_KEYCLOAK_MANAGEMENT_PORT)"
  need curl "the script waits for Keycloak's discovery document with curl (apt-get install -y curl)"
  local jhome; jhome="$(keycloak_java)" || die "'java' is not installed: Keycloak needs Java 17+ (apt-get install -y openjdk-17-jre-headless)"
  keycloak_install
  # the realm is imported at the first start (Keycloak skips an existing realm, but still reads and checks the
  # file each time: seconds at a high load); the stamp lives in Keycloak's data, so deleting that re-imports
  local import=() stamp="$KC_HOME/data/.urp-realm-imported"
  if [ ! -f "$stamp" ]; then
    mkdir -p "$KC_HOME/data/import"
    cp "$HERE/keycloak/urp-realm.json" "$KC_HOME/data/import/urp-realm.json"
    import=(--import-realm)
  fi
  # The JVM tuned for starting, which is what a local identity provider mostly does: the C1 compiler alone
  # (tiered compilation stops at level 1: the C2 compiler's work at start is most of the CPU it costs) and the
  # serial collector (no parallel GC threads on a small machine). Measured on this 2-core VM: 5.2 s of CPU and
  # 295 MiB against 10.4 s and 420 MiB with kc.sh's defaults (G1, C2). URP_KEYCLOAK_JAVA_OPTS replaces them.
  local opts="${URP_KEYCLOAK_JAVA_OPTS:--XX:MetaspaceSize=96M -XX:MaxMetaspaceSize=256m -Xms64m -Xmx512m \
-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -XX:+ExitOnOutOfMemoryError -Dfile.encoding=UTF-8 \
-Dsun.stdout.encoding=UTF-8 -Dsun.err.encoding=UTF-8 -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8 \
-Djava.security.egd=file:/dev/urandom -Djdk.tls.rejectClientInitiatedRenegotiation=true}"
  local t0; t0="$(now_ms)"
  local lines=0; [ -f "$KC_LOG" ] && lines="$(wc -l <"$KC_LOG")"
  # development only: the bootstrap administrator of the master realm (admin console, key rotation in tests)
  JAVA_HOME="$jhome" JAVA_OPTS="$opts" KC_BOOTSTRAP_ADMIN_USERNAME="${URP_KEYCLOAK_ADMIN:-admin}" \
    KC_BOOTSTRAP_ADMIN_PASSWORD="${URP_KEYCLOAK_ADMIN_PASSWORD:-admin}" \
    nohup "$KC_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KC_PORT" \
    --http-management-port="$KC_MGMT_PORT" --hostname="http://127.0.0.1:$KC_PORT" "${import[@]}" \
    >>"$KC_LOG" 2>&1 &
  echo $! >"$KC_PID"
  local pid; pid="$(cat "$KC_PID")"
  keycloak_wait "$pid" "$t0"
  [ "${#import[@]}" -eq 0 ] || touch "$stamp"
}

# ---------------------------------------------------------------- common
pattern_of() { case "$1" in kafka) echo kafka.Kafka ;; ferretdb) echo ferretdb-embedded ;; keycloak) echo keycloak ;; esac; }

stop_pid() { # name pidfile
  local name="$1" pidfile="$2" name_pattern; name_pattern="$(pattern_of "$1")"
  if ! alive "$pidfile" "$name_pattern"; then rm -f "$pidfile"; info "$name not running"; return 0; fi
  local pid; pid="$(cat "$pidfile")"
  kill -TERM "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then info "$name did not stop in 30s: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$pidfile"; info "$name stopped"
}

status() {
  for pair in "kafka:$KAFKA_PID:$KAFKA_PORT" "ferretdb:$FERRET_PID:$MONGO_PORT" "keycloak:$KC_PID:$KC_PORT"; do
    IFS=: read -r name pidfile port <<<"$pair"
    name_pattern="$(pattern_of "$name")"
    if alive "$pidfile" "$name_pattern"; then info "$name running, pid $(cat "$pidfile"), 127.0.0.1:$port, rss $(rss_mib "$(cat "$pidfile")")"
    else info "$name stopped"; fi
  done
}

what="${2:-all}"
case "${1:-}" in
  start)
    case "$what" in kafka) kafka_start ;; ferretdb) ferret_start ;; keycloak) keycloak_start ;; all) ferret_start; kafka_start ;; *) die "unknown component '$what'" ;; esac ;;
  stop)
    case "$what" in kafka) stop_pid kafka "$KAFKA_PID" ;; ferretdb) stop_pid ferretdb "$FERRET_PID" ;; keycloak) stop_pid keycloak "$KC_PID" ;;
      all) stop_pid kafka "$KAFKA_PID"; stop_pid ferretdb "$FERRET_PID" ;; *) die "unknown component '$what'" ;; esac ;;
  kill) # simulate a crash (used by tests): SIGKILL, no graceful shutdown
    case "$what" in kafka) pf="$KAFKA_PID" ;; ferretdb) pf="$FERRET_PID" ;; *) die "kill needs kafka|ferretdb" ;; esac
    alive "$pf" "$(pattern_of "$what")" && kill -KILL "$(cat "$pf")"; rm -f "$pf"; info "$what killed" ;;
  status) status ;;
  install)
    case "$what" in keycloak) keycloak_install ;; *) kafka_install; ferret_install ;; esac; info "installed" ;;
  # the local mailboxes go too: their messages link to cases, surveys and unsubscribe tokens of the deleted data
  reset) stop_pid kafka "$KAFKA_PID"; stop_pid ferretdb "$FERRET_PID"
    rm -rf "$KAFKA_DIR/data" "$FERRET_DIR/data" "$INFRA/mailbox" "$INFRA/pec"; info "data deleted (Kafka, FerretDB, the local mailboxes)" ;;
  env) echo "KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT"; echo "MONGO_URL=mongodb://127.0.0.1:$MONGO_PORT" ;;
  *) sed -n '2,14p' "$0"; exit 2 ;;
esac
