#!/usr/bin/env bash
# Debian packages the tests use, installed when missing (from Debian's mirrors only):
#   chromium  the survey page's browser test (driven by playwright-core, no downloaded browser)
#   kcat      an independent Kafka client reading our topics (the analysts' check)
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v kcat >/dev/null || missing+=(kcat)
[ "${#missing[@]}" -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "ensure-system-deps: ERROR: need root or sudo to apt-get install ${missing[*]}" >&2; exit 1; }
  SUDO=sudo
fi
echo "ensure-system-deps: installing ${missing[*]} (apt-get)"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
  || { $SUDO apt-get update -qq && $SUDO apt-get install -y --no-install-recommends "${missing[@]}"; }
