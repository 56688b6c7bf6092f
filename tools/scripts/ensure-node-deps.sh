#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than package-lock.json (fresh clone, CI).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
command -v node >/dev/null || { echo "ERROR: node is not installed (Node >= 20.19 required)" >&2; exit 1; }
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || { echo "ERROR: Node >= 20.19 required, found $(node --version)" >&2; exit 1; }
# again when a patch of a dependency (patches/, applied by the postinstall) changed since the last install
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
  || [ -n "$(find patches -newer node_modules/.package-lock.json 2>/dev/null)" ]; then
  echo "deps: npm ci"
  npm ci --no-audit --no-fund
fi
