#!/usr/bin/env bash
# One command on a fresh Debian machine: installs what is missing (Debian packages, Node 22,
# npm packages, a running Docker engine), prepares the sandbox, then runs what you asked for.
#
#   scripts/lab.sh start   build the site and serve it on http://127.0.0.1:4321/
#   scripts/lab.sh dev     the site with live reload (astro dev), build socket included
#   scripts/lab.sh test    everything CI runs: typecheck, unit, integration, build, end to end
#   scripts/lab.sh bench   benchmarks (figures, not pass/fail)
#   scripts/lab.sh setup   only install and prepare
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
say() { printf '[lab] %s\n' "$*"; }
die() { printf '[lab] %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" -eq 0 ]; }

install_debian_packages() {
  local missing=()
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v iptables >/dev/null || missing+=(iptables)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
  # The stand-in images copy /bin/busybox: it must be the static build.
  if ! { [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; }; then missing+=(busybox-static); fi
  if [ "${1:-}" = with-browser ] && ! command -v chromium >/dev/null; then missing+=(chromium); fi
  [ ${#missing[@]} -eq 0 ] && return
  is_root || die "missing: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}"
  say "installing ${missing[*]} (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Node >= 22.18 runs the TypeScript server directly; older machines get Node 22 from npm.
ensure_node() {
  local version
  version=$(node -p 'process.versions.node' 2>/dev/null || echo 0)
  if [ "$(printf '%s\n22.18.0\n' "$version" | sort -V | head -n1)" = 22.18.0 ]; then return; fi
  if [ ! -x .tools/node22/node_modules/.bin/node ]; then
    command -v npm >/dev/null || die "Node.js with npm is needed to fetch Node 22 (found none)"
    say "Node $version is too old; installing Node 22 into .tools/node22"
    npm install --prefix .tools/node22 --no-save --no-audit --no-fund --loglevel=error node@22 >/dev/null
  fi
  export PATH="$root/.tools/node22/node_modules/.bin:$PATH"
}

ensure_npm_packages() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

ensure_docker_engine() {
  docker version >/dev/null 2>&1 && return
  is_root || die "no Docker engine answers. Start it (systemctl start docker) or run this as root."
  if [ -d /run/systemd/system ]; then
    systemctl start docker
  else
    mkdir -p .cache
    say "starting dockerd (log: .cache/dockerd.log)"
    nohup dockerd >.cache/dockerd.log 2>&1 &
  fi
  for _ in $(seq 1 120); do docker version >/dev/null 2>&1 && return; sleep 0.5; done
  die "dockerd did not start; see .cache/dockerd.log"
}

setup() {
  install_debian_packages "${1:-}"
  ensure_node
  ensure_npm_packages
  ensure_docker_engine
  npm run --silent prepare:infra
}

case "${1:-}" in
  start) setup; npm run --silent build; exec node server/main.ts ;;
  dev) setup; exec npx astro dev ;;
  test) setup with-browser; exec npm test ;;
  bench) setup; exec npm run bench ;;
  setup) setup with-browser ;;
  *) die "usage: scripts/lab.sh start|dev|test|bench|setup" ;;
esac
