#!/usr/bin/env bash
# Runs a command inside Debian's own kernel, booted under qemu (TCG: no /dev/kvm needed), with DRM modules
# loaded, and prints what the command printed. This is how AbiKit asks the real kernel (drm_ioctl(), vgem's
# GEM, PRIME, dma-buf) instead of trusting its own reading of the sources.
#
#   scripts/kernel-vm.sh [--modules "vgem ..."] [--extra-module PATH.ko]... [--payload DIR] [--timeout SECONDS]
#                        [--log FILE] -- COMMAND...
#
#   --modules   kernel modules to load, with their dependencies (read from each module's .modinfo): default vgem
#   --extra-module  a module built outside the kernel package (e.g. with Kbuild against linux-headers-amd64),
#               loaded after --modules and after the kernel's modules it depends on; repeatable
#   --payload   a directory copied to /payload in the guest (static binaries: the guest has only busybox);
#               COMMAND runs there
#   --timeout   seconds before the guest is killed (default 300)
#   --log       also write the whole serial console to FILE
#
# Exit status: COMMAND's own status inside the guest; 124 when the guest timed out; 125 when the kernel did not
# boot or a module did not load (the message says which); 126 for usage errors or missing host tools.
#
# The kernel is the one the linux-image-amd64 meta package depends on today (resolved, not hard-coded), fetched
# with `apt-get download` into artifacts/kernel-vm/<version>/ once. Host packages: qemu-system-x86,
# busybox-static, cpio (scripts/ensure-native-deps.sh installs them as root).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
modules="vgem"
payload=""
timeout_s=300
log=""
extra_modules=()
while [ $# -gt 0 ]; do
    case "$1" in
        --modules) modules="$2"; shift 2 ;;
        --payload) payload="$2"; shift 2 ;;
        --extra-module) extra_modules+=("$2"); shift 2 ;;
        --timeout) timeout_s="$2"; shift 2 ;;
        --log) log="$2"; shift 2 ;;
        --) shift; break ;;
        *) echo "kernel-vm: unknown option '$1' (see the comment at the top of $0)" >&2; exit 126 ;;
    esac
done
[ $# -gt 0 ] || { echo "kernel-vm: no command to run (after --)" >&2; exit 126; }
[ -z "$payload" ] || [ -d "$payload" ] || { echo "kernel-vm: --payload '$payload' is not a directory" >&2; exit 126; }
for ko in ${extra_modules[@]+"${extra_modules[@]}"}; do
    [ -f "$ko" ] || { echo "kernel-vm: --extra-module '$ko' is not a file" >&2; exit 126; }
done

for tool in qemu-system-x86_64 busybox cpio apt-get dpkg-deb objcopy; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "kernel-vm: '$tool' is missing; run scripts/ensure-native-deps.sh as root (Debian packages qemu-system-x86, busybox-static, cpio, binutils)" >&2
        exit 126
    }
done
busybox_bin=$(command -v busybox)
if ! "$busybox_bin" --list >/dev/null 2>&1; then
    echo "kernel-vm: $busybox_bin does not run" >&2; exit 126
fi
if ldd "$busybox_bin" >/dev/null 2>&1; then
    echo "kernel-vm: $busybox_bin is dynamically linked; install busybox-static" >&2; exit 126
fi

# --- the kernel: resolved through the meta package, fetched once ---------------------------------------------
resolve_version() {
    apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: linux-image-\([0-9].*-amd64\)$/\1/p' | head -n 1
}
version=$(resolve_version)
if [ -z "$version" ] && [ "$(id -u)" -eq 0 ]; then
    apt-get update >/dev/null 2>&1 || true # a fresh machine may have no package lists yet
    version=$(resolve_version)
fi
[ -n "$version" ] || { echo "kernel-vm: cannot resolve linux-image-amd64's kernel version (run apt-get update as root)" >&2; exit 126; }
cache="$root/artifacts/kernel-vm/$version"
mkdir -p "$root/artifacts/kernel-vm"
# One fetch at a time (test runs start several harnesses at once); the tree appears whole or not at all.
exec 9> "$root/artifacts/kernel-vm/.fetch.lock"
flock 9
if [ ! -f "$cache/ready" ]; then
    echo "kernel-vm: fetching linux-image-$version" >&2
    partial="$cache.partial.$$"
    rm -rf "$cache" "$partial"
    mkdir -p "$partial/deb"
    (cd "$partial/deb" && apt-get download "linux-image-$version" >/dev/null 2>&1) \
        || { rm -rf "$partial"; echo "kernel-vm: apt-get download linux-image-$version failed" >&2; exit 126; }
    dpkg-deb -x "$partial"/deb/*.deb "$partial/tree" || { rm -rf "$partial"; echo "kernel-vm: cannot unpack linux-image-$version" >&2; exit 126; }
    rm -rf "$partial/deb"
    touch "$partial/ready"
    mv "$partial" "$cache"
fi
flock -u 9
vmlinuz="$cache/tree/boot/vmlinuz-$version"
moddir="$cache/tree/lib/modules/$version"
[ -f "$vmlinuz" ] || { echo "kernel-vm: $vmlinuz missing from the package" >&2; exit 126; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- modules in load order (dependencies first), from each module's .modinfo "depends=" ----------------------
declare -A module_path=()
while IFS= read -r -d '' ko; do
    name=${ko##*/}        # no basename: a fork per module is minutes on a loaded machine
    name=${name%.ko}
    module_path[${name//-/_}]="$ko"
done < <(find "$moddir/kernel" -name '*.ko' -print0)
order=()
declare -A seen=()
add_module() {
    local name=${1//-/_}
    [ -n "${seen[$name]:-}" ] && return 0
    seen[$name]=1
    local ko=${module_path[$name]:-}
    [ -n "$ko" ] || { echo "kernel-vm: module '$name' is not in linux-image-$version" >&2; exit 125; }
    local deps dep
    # (objcopy replaces its output file by renaming: never give it /dev/stdout)
    objcopy -O binary --only-section=.modinfo "$ko" "$work/modinfo"
    deps=$(tr '\0' '\n' < "$work/modinfo" | sed -n 's/^depends=//p')
    for dep in ${deps//,/ }; do add_module "$dep"; done
    order+=("$name")
}
for m in $modules; do add_module "$m"; done
# Modules from outside the package: their dependencies come from the package, then the module itself.
for ko in ${extra_modules[@]+"${extra_modules[@]}"}; do
    objcopy -O binary --only-section=.modinfo "$ko" "$work/modinfo"
    for dep in $(tr '\0' '\n' < "$work/modinfo" | sed -n 's/^depends=//p' | tr ',' ' '); do add_module "$dep"; done
    name=${ko##*/}
    name=${name%.ko}
    name=${name//-/_}
    [ -z "${seen[$name]:-}" ] || { echo "kernel-vm: --extra-module '$ko' has the name of a module already loaded" >&2; exit 126; }
    seen[$name]=1
    module_path[$name]="$ko"
    order+=("$name")
done

# --- the initramfs: busybox, the modules, the payload, an init that reports through markers ------------------
initrd="$work/root"
mkdir -p "$initrd"/{bin,dev,proc,sys,tmp,modules,payload}
cp "$busybox_bin" "$initrd/bin/busybox"
for applet in sh mount insmod poweroff mkdir ls cat sleep echo chmod dmesg tail sed; do ln -s busybox "$initrd/bin/$applet"; done
for name in "${order[@]}"; do cp "${module_path[$name]}" "$initrd/modules/$name.ko"; echo "$name" >> "$initrd/modules/order"; done
[ -z "$payload" ] || cp -a "$payload/." "$initrd/payload/"
printf '%s\n' "#!/bin/sh" "cd /payload" "$(printf '%q ' "$@")" > "$initrd/run.sh"
# The kernel's console is ttyS0; the command's output and the markers go to ttyS1, a file of their own, so
# kernel messages can never split a line of it.
cat > "$initrd/init" <<'INIT'
#!/bin/sh
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs tmp /tmp
out=/dev/ttyS1
while read -r m; do
    if ! insmod "/modules/$m.ko"; then
        echo "ABIKIT-VM-ERROR insmod $m failed; the kernel said:" > $out
        dmesg | tail -n 15 | sed 's/^/ABIKIT-VM-ERROR   /' > $out
        poweroff -f
    fi
done < /modules/order
echo "ABIKIT-VM-READY $(cat /proc/sys/kernel/osrelease)" > $out
sh /run.sh > $out 2>&1
echo "ABIKIT-VM-DONE rc=$?" > $out
poweroff -f
INIT
chmod +x "$initrd/init" "$initrd/run.sh"
(cd "$initrd" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initrd.gz"

# --- boot ---------------------------------------------------------------------------------------------------
# no_timer_check: under TCG on a loaded host the kernel's IO-APIC timer check can miss its ticks and panic
# ("IO-APIC + timer doesn't work!"), seen about 1 boot in 5 with a load of 25 on 2 cores.
console="$work/console"
output="$work/output"
start=$(date +%s%N)
set +e
timeout --kill-after=10 "$timeout_s" qemu-system-x86_64 -m 512 -smp 1 -display none -no-reboot -nodefaults \
    -serial "file:$console" -serial "file:$output" -kernel "$vmlinuz" -initrd "$work/initrd.gz" \
    -append "console=ttyS0 quiet loglevel=3 panic=-1 no_timer_check" < /dev/null > "$work/qemu.log" 2>&1
qemu_status=$?
set -e
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
elapsed="$((elapsed_ms / 1000)).$(printf '%03d' $((elapsed_ms % 1000)))"
# SeaBIOS and the console leave terminal escapes (ESC c, ESC [ ... letter) in the console.
tr -d '\r' < "$console" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\x1b[A-Za-z]//g' > "$console.txt" || true
tr -d '\r' < "$output" > "$output.txt" 2>/dev/null || : > "$output.txt"
if [ -n "$log" ]; then
    { cat "$console.txt"; echo "--- output (ttyS1) ---"; cat "$output.txt"; } > "$log"
fi

failed() {
    echo "kernel-vm: $1; the kernel's console:" >&2
    tail -n 40 "$console.txt" >&2
    [ ! -s "$work/qemu.log" ] || { echo "qemu said:" >&2; tail -n 10 "$work/qemu.log" >&2; }
}
if [ "$qemu_status" -eq 124 ] || [ "$qemu_status" -eq 137 ]; then
    failed "the guest did not finish within ${timeout_s}s"
    exit 124
fi
if grep -q '^ABIKIT-VM-ERROR' "$output.txt"; then
    grep '^ABIKIT-VM-ERROR' "$output.txt" >&2
    exit 125
fi
if ! grep -q '^ABIKIT-VM-READY' "$output.txt"; then
    failed "linux $version did not boot to the init (qemu exit $qemu_status)"
    exit 125
fi
sed -n '/^ABIKIT-VM-READY/,/^ABIKIT-VM-DONE/p' "$output.txt" | sed '1d;$d'
rc=$(sed -n 's/^ABIKIT-VM-DONE rc=\([0-9]*\)$/\1/p' "$output.txt" | tail -n 1)
[ -n "$rc" ] || { failed "the command did not finish (the guest stopped early)"; exit 125; }
echo "kernel-vm: linux $version ($(sed -n 's/^ABIKIT-VM-READY //p' "$output.txt")), modules: ${order[*]}; ${elapsed}s wall" >&2
exit "$rc"
