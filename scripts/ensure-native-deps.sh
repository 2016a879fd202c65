#!/usr/bin/env bash
# Ensures the host tools the AbiKit native tests use are installed, without ever running a program built
# for another ABI (the kernel here cannot execute 32-bit programs: every oracle reads what the compiler computed):
#   - gcc/g++ and the Debian cross compilers of every Linux ABI AbiKit lays out
#     (i386, x32, aarch64, arm EABI hard-float, riscv64, ppc64le, s390x, m68k);
#   - castxml (clang-based; `abikit import` reads C declarations and macro values with it, docs/import.md);
#   - pahole; abidiff (abigail-tools: the external judge of `abikit compat`, docs/compat.md); libdrm's /usr/include/libdrm/drm.h (the real kernel uapi the specs re-describe);
#   - the kernel's scripts/checkpatch.pl and scripts/kernel-doc, extracted from Debian's linux-source-6.1
#     into artifacts/kernel-scripts/;
#   - for the device node (docs/device-node.md): libfuse3-dev and fuse3 (libfuse's example ioctl server, the
#     benchmark's floor), xf86drm.h and -ldrm (the libdrm test program), pkg-config. The node itself needs no
#     library: it speaks the kernel's FUSE protocol on /dev/fuse (root);
#   - for the DRM conformance suite (docs/conformance.md): qemu-system-x86, busybox-static and cpio, with which
#     scripts/kernel-vm.sh boots Debian's own kernel (fetched on first use with apt-get download) with vgem;
#   - for the generated kernel side (docs/kernel-side.md): make and the headers of the kernel the
#     linux-headers-amd64 meta package depends on (resolved, as kernel-vm.sh resolves the kernel it boots), against
#     which the tests build a driver with Kbuild.
# Quiet and exit 0 when everything is present. Otherwise, as root it installs the Debian packages with
# apt-get; as any other user it exits 1 naming the missing packages and the command that installs them.
# Note: Debian 12's gcc-multilib conflicts with the cross compilers (installing one removes the other), so
# i386 and x32 use i686-linux-gnu-gcc and x86_64-linux-gnux32-gcc rather than -m32/-mx32.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
TRIPLETS=(i686-linux-gnu x86_64-linux-gnux32 aarch64-linux-gnu arm-linux-gnueabihf riscv64-linux-gnu
          powerpc64le-linux-gnu s390x-linux-gnu m68k-linux-gnu)
DRM_HEADER=/usr/include/libdrm/drm.h
KERNEL_SOURCE=/usr/src/linux-source-6.1.tar.xz
KERNEL_SCRIPTS="$root/artifacts/kernel-scripts"
KERNEL_FILES=(scripts/checkpatch.pl scripts/spelling.txt scripts/const_structs.checkpatch scripts/kernel-doc)

# Prints the Debian packages that are missing, one per line (nothing if all present).
missing_packages() {
    command -v gcc >/dev/null 2>&1 || echo gcc
    command -v g++ >/dev/null 2>&1 || echo g++
    command -v perl >/dev/null 2>&1 || echo perl
    local t
    for t in "${TRIPLETS[@]}"; do
        command -v "$t-gcc" >/dev/null 2>&1 || echo "gcc-${t//_/-}"
        command -v "$t-g++" >/dev/null 2>&1 || echo "g++-${t//_/-}"
    done
    [ -f "$DRM_HEADER" ] && [ -f /usr/include/xf86drm.h ] || echo libdrm-dev
    [ -f /usr/include/fuse3/fuse_lowlevel.h ] || echo libfuse3-dev
    command -v fusermount3 >/dev/null 2>&1 || echo fuse3
    command -v pkg-config >/dev/null 2>&1 || echo pkg-config
    command -v pahole >/dev/null 2>&1 || echo pahole
    command -v castxml >/dev/null 2>&1 || echo castxml
    command -v abidiff >/dev/null 2>&1 || echo abigail-tools
    command -v qemu-system-x86_64 >/dev/null 2>&1 || echo qemu-system-x86
    [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1 || echo busybox-static
    command -v cpio >/dev/null 2>&1 || echo cpio
    command -v make >/dev/null 2>&1 || echo make
    have_kernel_headers || echo linux-headers-amd64
    [ -f "$KERNEL_SOURCE" ] || have_kernel_scripts || echo linux-source-6.1
}

# The headers linux-headers-amd64 depends on today are installed (an older kernel's headers do not count: the
# module would not load into the kernel kernel-vm.sh boots).
have_kernel_headers() {
    local release
    release=$(apt-cache depends linux-headers-amd64 2>/dev/null | sed -n 's/^ *Depends: linux-headers-\([0-9].*-amd64\)$/\1/p' | head -n 1)
    [ -n "$release" ] && [ -f "/usr/src/linux-headers-$release/Makefile" ]
}

have_kernel_scripts() {
    local f
    for f in "${KERNEL_FILES[@]}"; do [ -f "$KERNEL_SCRIPTS/$f" ] || return 1; done
}

# Extracts only the four script files (the archive is ~140 MB; this takes about 30 s once).
extract_kernel_scripts() {
    have_kernel_scripts && return 0
    echo "ensure-native-deps: extracting checkpatch.pl and kernel-doc from $KERNEL_SOURCE" >&2
    mkdir -p "$KERNEL_SCRIPTS"
    local prefix
    prefix=$(basename "$KERNEL_SOURCE" .tar.xz)
    tar -xJf "$KERNEL_SOURCE" -C "$KERNEL_SCRIPTS" --strip-components=1 "${KERNEL_FILES[@]/#/$prefix/}"
}

mapfile -t missing < <(missing_packages)
if [ "${#missing[@]}" -ne 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        {
            echo "ensure-native-deps: missing Debian packages: ${missing[*]}"
            echo "Install them with:"
            echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
        } >&2
        exit 1
    fi
    echo "ensure-native-deps: installing missing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends "${missing[@]}"
    mapfile -t missing < <(missing_packages)
    if [ "${#missing[@]}" -ne 0 ]; then
        echo "ensure-native-deps: still missing after apt-get install: ${missing[*]}" >&2
        exit 1
    fi
fi
extract_kernel_scripts
# The device-node tests fail with a message saying so; warn early when the kernel side is missing.
[ -e /dev/fuse ] || echo "ensure-native-deps: warning: /dev/fuse does not exist; the device-node tests need FUSE" \
    "(modprobe fuse, or a container started with --device /dev/fuse --cap-add SYS_ADMIN)." >&2
