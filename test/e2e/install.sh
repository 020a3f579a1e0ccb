#!/usr/bin/env bash
# Installs what the end-to-end tests need: Debian's chromium, ripgrep and the
# build pieces for code-server's native modules, then code-server 4.100.3 from
# npm into a cache folder outside the repository. Idempotent; a second run only
# checks. Prints what it did.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

CODE_SERVER_VERSION=4.100.3
CACHE="${HYPERLENS_E2E_CACHE:-$HOME/.cache/hyperlens-e2e}"
PREFIX="$CACHE/code-server"
BIN="$PREFIX/node_modules/.bin/code-server"

say() { printf 'e2e install: %s\n' "$*"; }

# 1. Debian packages, only those missing.
wanted=(chromium libkrb5-dev ripgrep build-essential python3 pkg-config)
missing=()
for pkg in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    say "missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install -y ${missing[*]})" >&2
    exit 1
  fi
  say "apt-get install ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages present: ${wanted[*]}"
fi

# 2. code-server from npm, once.
installed_version() { [[ -x "$BIN" ]] && "$BIN" --version 2>/dev/null | awk 'NR == 1 { print $1 }'; }
if [[ "$(installed_version || true)" == "$CODE_SERVER_VERSION" ]]; then
  say "code-server $CODE_SERVER_VERSION already in $PREFIX"
  exit 0
fi

# @vscode/ripgrep's postinstall downloads rg from GitHub unless this archive
# is already in its cache; Debian's rg satisfies it.
rg_cache="$(node -p "require('os').tmpdir()")/vscode-ripgrep-cache-1.15.11"
rg_archive="$rg_cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [[ ! -s "$rg_archive" ]]; then
  say "caching Debian's rg at $rg_archive"
  mkdir -p "$rg_cache"
  staging="$(mktemp -d)"
  cp /usr/bin/rg "$staging/rg"
  tar -czf "$rg_archive" -C "$staging" rg
  rm -rf "$staging"
fi

say "npm install code-server@$CODE_SERVER_VERSION into $PREFIX (about a minute)"
mkdir -p "$PREFIX"
[[ -f "$PREFIX/package.json" ]] || printf '{ "name": "hyperlens-e2e-code-server", "private": true }\n' > "$PREFIX/package.json"
started=$SECONDS
(
  cd "$PREFIX"
  npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
)
got="$(installed_version || true)"
[[ "$got" == "$CODE_SERVER_VERSION" ]] || { say "code-server did not install correctly (got '${got:-nothing}' from $BIN)" >&2; exit 1; }
say "code-server $CODE_SERVER_VERSION installed in $((SECONDS - started)) s"
