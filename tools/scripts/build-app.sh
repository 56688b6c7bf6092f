#!/usr/bin/env bash
# Compiles one app (a service or the gateway) to JavaScript for production: `nx run <project>:build` runs it
# (`npm run build` builds them all, cached by Nx). SWC (tools/scripts/build.swcrc: legacy decorators with their
# metadata for NestJS, the same transform as the tests') compiles the app's src and every lib's src into
# dist/<app dir>/, mirroring the repository's layout, and rewrites the `@urp/*` imports to relative paths at
# build time, so the output runs on plain node with no TypeScript hook:
#   node dist/services/contacts/services/contacts/src/main.js
# Files that are not TypeScript (the .graphql schemas, JSON) are copied beside the code that reads them.
#   bash tools/scripts/build-app.sh services/contacts
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
APP="${1:?usage: build-app.sh <app dir, e.g. services/contacts or gateway>}"
APP="${APP%/}"
[ -f "$APP/src/main.ts" ] || { echo "build: $APP/src/main.ts not found" >&2; exit 1; }
OUT="dist/$APP"
rm -rf "$OUT"

LIBS=()
for lib in libs/*/src; do
  [ "$lib" = libs/testing/src ] || LIBS+=("$lib") # test helpers only
done
# top-level modules of the app that src imports (say, ../codegen.config: the enum values of the schema)
ROOT_TS=()
for f in "$APP"/*.ts; do
  [ -f "$f" ] && ROOT_TS+=("$f")
done
node_modules/.bin/swc "$APP/src" "${ROOT_TS[@]}" "${LIBS[@]}" --out-dir "$OUT" --config-file tools/scripts/build.swcrc --copy-files \
  --ignore '**/*.spec.ts,**/*.int-spec.ts,**/__fixtures__/**' --quiet

# what the gateway reads beside its sources (gateway/src/app.module.ts, gateway/src/config.ts)
if [ "$APP" = gateway ]; then
  cp gateway/supergraph.graphql "$OUT/gateway/"
  mkdir -p "$OUT/apps/console/src/gql"
  cp apps/console/src/gql/persisted-documents.json "$OUT/apps/console/src/gql/"
fi

# every import must work on plain node with production dependencies only (tools/scripts/build-check.js)
node tools/scripts/build-check.js "$OUT"
[ -f "$OUT/$APP/src/main.js" ] || { echo "build: ERROR: $OUT/$APP/src/main.js was not produced" >&2; exit 1; }
echo "build: $APP → $OUT/$APP/src/main.js ($(find "$OUT" -name '*.js' | wc -l) files)"
