#!/usr/bin/env bash
# Installs everything lifeline needs on Debian 12: compilers and libraries from
# apt-get, the web UI's packages from npm. Safe to run again: it only installs
# what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libsqlite3-dev sqlite3 libpq-dev postgresql
  libboost-dev nlohmann-json3-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev
  libeigen3-dev libsuitesparse-dev libcctz-dev tzdata
  libqrencode-dev libxlsxwriter-dev libzip-dev libpugixml-dev libcurl4-openssl-dev
  libjpeg62-turbo-dev libpng-dev libwebp-dev
  libpango1.0-dev libcairo2-dev fonts-noto-cjk
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium fonts-wqy-microhei wrk curl bc
  haproxy
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js may come with its own npm (e.g. NodeSource's nodejs), which Debian's npm conflicts with.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "install-deps: apt-get install ${missing[*]}"
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ -f web/package.json ]]; then
  if [[ ! -d web/node_modules || web/package-lock.json -nt web/node_modules/.package-lock.json ]]; then
    echo "install-deps: npm ci (web)"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
  fi
fi
