#!/usr/bin/env bash
# Ensures what the device-node tests and benchmark need beyond a C compiler:
#   libdrm-dev  (xf86drm.h and -ldrm: the libdrm test program),
#   libfuse3-dev (libfuse's example ioctl server, the benchmark's floor),
#   fuse3       (fusermount3, which libfuse's example mounts with),
#   pkg-config  (the flags of both libraries).
# The node itself needs no library: it speaks the kernel's FUSE protocol on /dev/fuse (root and /dev/fuse).
# Quiet and exit 0 when everything is present. Otherwise, as root it installs the Debian packages with
# apt-get; as any other user it exits 1 naming the missing packages and the command that installs them.
set -euo pipefail

PACKAGES=(libdrm-dev libfuse3-dev fuse3 pkg-config)

# Prints the Debian packages that are missing, one per line (nothing if all present).
missing_packages() {
    [ -f /usr/include/xf86drm.h ] || echo libdrm-dev
    [ -f /usr/include/fuse3/fuse_lowlevel.h ] || echo libfuse3-dev
    command -v fusermount3 >/dev/null 2>&1 || echo fuse3
    command -v pkg-config >/dev/null 2>&1 || echo pkg-config
}

# Warns (does not fail) when the kernel side is missing: the tests then fail with a message saying so.
check_dev_fuse() {
    if [ ! -e /dev/fuse ]; then
        echo "ensure-fuse-deps: warning: /dev/fuse does not exist; the device-node tests need FUSE" \
             "(modprobe fuse, or a container started with --device /dev/fuse --cap-add SYS_ADMIN)." >&2
    fi
}

mapfile -t missing < <(missing_packages)
if [ "${#missing[@]}" -eq 0 ]; then
    check_dev_fuse
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    echo "ensure-fuse-deps: installing missing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y "${PACKAGES[@]}"
    mapfile -t missing < <(missing_packages)
    if [ "${#missing[@]}" -ne 0 ]; then
        echo "ensure-fuse-deps: still missing after apt-get install: ${missing[*]}" >&2
        exit 1
    fi
    check_dev_fuse
    exit 0
fi

{
    echo "ensure-fuse-deps: missing Debian packages: ${missing[*]}"
    echo "Install them with:"
    echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
} >&2
exit 1
