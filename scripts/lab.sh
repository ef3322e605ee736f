#!/usr/bin/env bash
# One command on a fresh Debian machine: installs what is missing (Debian packages, Node 22,
# npm packages, a running Docker engine), prepares the sandbox, then runs what you asked for.
#
#   scripts/lab.sh start [--detach]  build the site and serve it on http://127.0.0.1:4321/ under
#                                    the supervisor (restarts whatever dies); --detach: in the background
#   scripts/lab.sh status            each supervised unit: state, since when, restarts
#   scripts/lab.sh logs [unit] [-f]  supervisor (default), web, mirror or engine-N
#   scripts/lab.sh restart [unit]    one unit, or all of them
#   scripts/lab.sh stop              stops the web server and the mirror (engines keep running)
#   scripts/lab.sh install-service   start at boot: systemd units, or an @reboot line without systemd
#   scripts/lab.sh dev               the site with live reload (astro dev), build socket included
#   scripts/lab.sh test              everything CI runs: typecheck, unit, integration, build, end to end
#   scripts/lab.sh bench             benchmarks (figures, not pass/fail)
#   scripts/lab.sh setup             only install and prepare
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
  # The registry the sandbox engines pull base images from (prepare runs its own, read-only).
  command -v docker-registry >/dev/null || missing+=(docker-registry)
  # The stand-in images copy /bin/busybox: it must be the static build.
  if ! { [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; }; then missing+=(busybox-static); fi
  if [ "${1:-}" = with-browser ] && ! command -v chromium >/dev/null; then missing+=(chromium); fi
  [ ${#missing[@]} -eq 0 ] && return
  is_root || die "missing: ${missing[*]}. Install them as root: apt-get install -y ${missing[*]}"
  say "installing ${missing[*]} (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The package's own service would listen on every address, port 5000: not wanted.
  if [[ " ${missing[*]} " == *" docker-registry "* ]] && [ -d /run/systemd/system ]; then systemctl disable --now docker-registry; fi
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

# setup [with-browser] [prepare options...]
setup() {
  install_debian_packages "${1:-}"
  ensure_node
  ensure_npm_packages
  ensure_docker_engine
  npm run --silent prepare:infra -- "${@:2}"
}

# Where the systemd units are installed, they run the service; otherwise our supervisor does.
with_systemd() { [ -d /run/systemd/system ] && [ -f /etc/systemd/system/mslab-web.service ]; }
units=(mslab-prepare mslab-mirror mslab-engines mslab-web)
ctl() { ensure_node; exec node server/supervisor/ctl.ts "$@"; }

start() {
  if with_systemd; then exec systemctl start "${units[@]}"; fi
  setup "" --no-mirror-process # the supervisor runs the mirror
  npm run --silent build
  if [ "${1:-}" = --detach ]; then
    mkdir -p .cache
    nohup node server/supervisor/main.ts >>.cache/supervisor-console.log 2>&1 &
    exec node server/supervisor/ctl.ts wait-up 600
  fi
  exec node server/supervisor/main.ts
}

install_service() {
  is_root || die "installing a service needs root"
  ensure_node
  if [ -d /run/systemd/system ]; then
    setup
    npm run --silent build
    exec node server/supervisor/systemd-units.ts --install
  fi
  local line="@reboot root cd $root && scripts/lab.sh start --detach >>$root/.cache/boot.log 2>&1"
  if [ -d /etc/cron.d ] && command -v cron >/dev/null; then
    printf '# multistage-lab: start the supervised service at boot\n%s\n' "$line" >/etc/cron.d/multistage-lab
    say "no systemd: wrote /etc/cron.d/multistage-lab (cron runs it at boot)"
  else
    say "no systemd and no cron here. Install cron (apt-get install -y cron) and run this again, or have"
    say "whatever this machine runs at boot run: cd $root && scripts/lab.sh start --detach"
  fi
}

case "${1:-}" in
  start) start "${2:-}" ;;
  status) if with_systemd; then exec systemctl status --no-pager "${units[@]}"; fi; ctl status ;;
  logs) if with_systemd; then exec journalctl --no-pager -n 100 ${3:+-f} -u "mslab-${2:-web}"; fi; ctl logs "${2:-supervisor}" "${3:-}" ;;
  restart) if with_systemd; then exec systemctl restart "mslab-${2:-web}"; fi; ctl restart "${2:-all}" ;;
  stop) if with_systemd; then exec systemctl stop mslab-web mslab-mirror mslab-engines; fi; ctl stop ;;
  install-service) install_service ;;
  dev) setup; exec npx astro dev ;;
  test) setup with-browser; exec npm test ;;
  bench) setup; exec npm run bench ;;
  setup) setup with-browser ;;
  *) die "usage: scripts/lab.sh start [--detach]|status|logs [unit] [-f]|restart [unit]|stop|install-service|dev|test|bench|setup" ;;
esac
