#!/usr/bin/env bash
# Ensures the host tools the AbiKit native tests use are installed:
#   gcc, g++ (+ -m32 multilib), pahole, and libdrm's /usr/include/libdrm/drm.h.
# Quiet and exit 0 when everything is present. Otherwise, as root it installs the
# Debian packages with apt-get; as any other user it exits 1 naming the missing
# packages and the command that installs them.
set -euo pipefail

PACKAGES=(gcc g++ gcc-multilib g++-multilib libdrm-dev pahole)
DRM_HEADER=/usr/include/libdrm/drm.h

# Prints the Debian packages that are missing, one per line (nothing if all present).
missing_packages() {
    local tmp
    tmp=$(mktemp -d)
    # shellcheck disable=SC2064
    trap "rm -rf '$tmp'" RETURN

    command -v gcc >/dev/null 2>&1 || echo gcc
    command -v g++ >/dev/null 2>&1 || echo g++

    if command -v gcc >/dev/null 2>&1; then
        printf '#include <stdio.h>\nint main(void) { printf("%%u\\n", (unsigned)sizeof(void *)); return 0; }\n' >"$tmp/m32.c"
        gcc -m32 "$tmp/m32.c" -o "$tmp/m32c" >/dev/null 2>&1 || echo gcc-multilib
    fi
    if command -v g++ >/dev/null 2>&1; then
        printf '#include <cstdio>\nint main() { std::printf("%%u\\n", (unsigned)sizeof(void *)); return 0; }\n' >"$tmp/m32.cpp"
        g++ -m32 "$tmp/m32.cpp" -o "$tmp/m32cxx" >/dev/null 2>&1 || echo g++-multilib
    fi

    [ -f "$DRM_HEADER" ] || echo libdrm-dev
    command -v pahole >/dev/null 2>&1 || echo pahole
}

# Warns (does not fail) when 32-bit programs build but the kernel cannot run them.
check_ia32_exec() {
    local tmp
    tmp=$(mktemp -d)
    # shellcheck disable=SC2064
    trap "rm -rf '$tmp'" RETURN
    printf 'int main(void) { return 0; }\n' >"$tmp/t.c"
    if gcc -m32 "$tmp/t.c" -o "$tmp/t" >/dev/null 2>&1 && ! "$tmp/t" >/dev/null 2>&1; then
        echo "ensure-native-deps: warning: 32-bit programs build but do not run;" \
             "the kernel needs IA-32 emulation (CONFIG_IA32_EMULATION) for the -m32 layout probes." >&2
        return 1
    fi
}

mapfile -t missing < <(missing_packages)
if [ "${#missing[@]}" -eq 0 ]; then
    check_ia32_exec || exit 1
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    echo "ensure-native-deps: installing missing Debian packages: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y "${PACKAGES[@]}"
    mapfile -t missing < <(missing_packages)
    if [ "${#missing[@]}" -ne 0 ]; then
        echo "ensure-native-deps: still missing after apt-get install: ${missing[*]}" >&2
        exit 1
    fi
    check_ia32_exec || exit 1
    exit 0
fi

{
    echo "ensure-native-deps: missing Debian packages: ${missing[*]}"
    echo "Install them with:"
    echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}"
} >&2
exit 1
