#!/bin/sh
# Entry point of the sandbox engine: a dockerd inside a container. The container is not
# --privileged (that fails on VMs without CAP_SYS_RESOURCE, and gives more than dockerd needs);
# it has a private cgroup namespace, and this script mounts the cgroup hierarchies dockerd needs
# itself: the v1 hierarchies, or the v2 tree, whichever the host has.
set -eu

# cgroup v1 (and hybrid hosts): one mount per hierarchy, with its controllers grouped as the
# kernel has them (/proc/self/cgroup lists "id:controllers:path"; systemd hosts co-mount
# cpu,cpuacct and net_cls,net_prio, and a mount must name exactly that group).
mount_cgroup_v1() {
  mount -t tmpfs -o mode=755 cgroup_root /sys/fs/cgroup
  while IFS=: read -r _ controllers _; do
    case "$controllers" in
      '') continue ;; # the unified (v2) line of a hybrid host: dockerd uses v1 there
      name=*) dir=${controllers#name=}; options="none,$controllers" ;;
      *) dir=$controllers; options=$controllers ;;
    esac
    mkdir -p "/sys/fs/cgroup/$dir"
    mount -t cgroup -o "$options" cgroup "/sys/fs/cgroup/$dir"
    # A co-mounted group gets a link per controller (cpu -> cpu,cpuacct), as systemd lays it out.
    case "$dir" in *,*)
      for controller in $(echo "$dir" | tr , ' '); do ln -s "$dir" "/sys/fs/cgroup/$controller"; done ;;
    esac
  done </proc/self/cgroup
}

# cgroup v2: with a private cgroup namespace, a fresh cgroup2 mount is this container's own
# cgroup (Docker mounts it read-only; this one is writable). A cgroup that delegates
# controllers to children may hold no processes itself, so everything here moves into a child
# "init" first, then every available controller is enabled for dockerd's cgroups (as the
# official docker:dind image does).
mount_cgroup_v2() {
  mount -t cgroup2 cgroup2 /sys/fs/cgroup
  mkdir -p /sys/fs/cgroup/init
  # A process may exit between reading the list and moving it: ignore those.
  for pid in $(cat /sys/fs/cgroup/cgroup.procs); do
    echo "$pid" >/sys/fs/cgroup/init/cgroup.procs 2>/dev/null || true
  done
  for controller in $(cat /sys/fs/cgroup/cgroup.controllers); do
    echo "+$controller" >/sys/fs/cgroup/cgroup.subtree_control
  done
}

if [ -f /sys/fs/cgroup/cgroup.controllers ]; then mount_cgroup_v2; else mount_cgroup_v1; fi

# Build steps run in cgroups under docker/buildkit (dockerd's BuildKit, cgroupfs driver). That
# parent gets memory and process limits below the engine's own: a step that reaches them is
# killed at once, inside its own cgroup, while dockerd, containerd and BuildKit keep their
# memory and can still start processes. At the engine's limit instead, the kernel first took
# back the daemons' file pages, which they read back from disk again and again (a memory hog
# slowed the next engine's build 1.85x through the shared disk, and once ran to the wall clock).
limit_build_steps() {
  memory=${SANDBOX_STEP_MEMORY:-2147483648} # bytes (server/config.ts checks it)
  pids=${SANDBOX_STEP_PIDS:-2048}
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    mkdir -p /sys/fs/cgroup/docker/buildkit
    for dir in /sys/fs/cgroup/docker /sys/fs/cgroup/docker/buildkit; do
      for controller in $(cat "$dir/cgroup.controllers"); do echo "+$controller" >"$dir/cgroup.subtree_control"; done
    done
    echo "$memory" >/sys/fs/cgroup/docker/buildkit/memory.max
    echo 0 >/sys/fs/cgroup/docker/buildkit/memory.swap.max 2>/dev/null || true
    echo "$pids" >/sys/fs/cgroup/docker/buildkit/pids.max
  else
    # Kernels before 5.16 let a new memory cgroup opt out of its parent's limit: not these.
    for dir in /sys/fs/cgroup/memory/docker /sys/fs/cgroup/memory/docker/buildkit; do
      mkdir -p "$dir"
      echo 1 >"$dir/memory.use_hierarchy" 2>/dev/null || true
    done
    mkdir -p /sys/fs/cgroup/pids/docker/buildkit
    echo "$memory" >/sys/fs/cgroup/memory/docker/buildkit/memory.limit_in_bytes
    # With swap accounting the kernel offers memory+swap too: the same figure, no swap.
    if [ -f /sys/fs/cgroup/memory/docker/buildkit/memory.memsw.limit_in_bytes ]; then
      echo "$memory" >/sys/fs/cgroup/memory/docker/buildkit/memory.memsw.limit_in_bytes
    fi
    echo "$pids" >/sys/fs/cgroup/pids/docker/buildkit/pids.max
  fi
}
limit_build_steps

# Build steps may reach the npm mirror on the sandbox network's gateway (port SANDBOX_MIRROR_PORT)
# and nothing else: not even the image registry there, which only this dockerd pulls from. What else they try is refused here, in this container's
# network namespace, where ICMP answers are not rate limited: the host answers a peer's
# rejected packets about once a second after a burst of six, so refused DNS queries to the
# default nameservers would take seconds to fail instead of milliseconds. (dockerd keeps
# DOCKER-USER's rules and evaluates them before its own.)
refuse_all_but_mirror() {
  route=$(awk '$2 == "00000000" { print $3; exit }' /proc/net/route) # hex, little-endian
  echo 0 >/proc/sys/net/ipv4/icmp_ratelimit
  iptables -N DOCKER-USER 2>/dev/null || iptables -F DOCKER-USER
  if [ -n "$route" ]; then
    gateway=$(printf '%d.%d.%d.%d' "0x$(echo "$route" | cut -c7-8)" "0x$(echo "$route" | cut -c5-6)" "0x$(echo "$route" | cut -c3-4)" "0x$(echo "$route" | cut -c1-2)")
    iptables -A DOCKER-USER -i docker0 -d "$gateway" -p tcp --dport "${SANDBOX_MIRROR_PORT:-4873}" -j RETURN
  fi
  iptables -A DOCKER-USER -i docker0 -p tcp -j REJECT --reject-with tcp-reset
  iptables -A DOCKER-USER -i docker0 -j REJECT --reject-with icmp-port-unreachable
}
refuse_all_but_mirror

# After a crash or a kill the container's writable layer still holds the last run's pid file
# (dockerd refuses to start: "pid file found") and its socket: neither belongs to a live
# process now, since this script is the container's first process.
rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
mkdir -p /run/sandbox
rm -f /run/sandbox/docker.sock
# Base images come from the registry on the gateway (SANDBOX_REGISTRY_PORT), as Docker Hub's mirror.
set --
if [ -n "${gateway:-}" ] && [ -n "${SANDBOX_REGISTRY_PORT:-}" ]; then
  set -- --registry-mirror "http://$gateway:$SANDBOX_REGISTRY_PORT" --insecure-registry "$gateway:$SANDBOX_REGISTRY_PORT"
fi
# The socket is the only way in: it sits in a folder shared with the host, never on a TCP port.
exec dockerd --host unix:///run/sandbox/docker.sock --config-file /etc/docker/daemon.json "$@"
