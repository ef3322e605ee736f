#!/bin/sh
# Entry point of the sandbox engine: a dockerd inside a container. Full --privileged fails on
# this kind of VM (CAP_SYS_RESOURCE is missing), so the container gets every other capability
# and a private cgroup namespace, and this script mounts the cgroup v1 hierarchies dockerd needs.
set -eu
mount -t tmpfs -o mode=755 cgroup_root /sys/fs/cgroup
for controller in cpu cpuacct cpuset memory devices freezer blkio pids; do
  mkdir -p "/sys/fs/cgroup/$controller"
  mount -t cgroup -o "$controller" cgroup "/sys/fs/cgroup/$controller"
done
mkdir -p /sys/fs/cgroup/systemd
mount -t cgroup -o none,name=systemd cgroup /sys/fs/cgroup/systemd
mkdir -p /run/sandbox
rm -f /run/sandbox/docker.sock
# The socket is the only way in: it sits in a folder shared with the host, never on a TCP port.
exec dockerd --host unix:///run/sandbox/docker.sock --config-file /etc/docker/daemon.json
