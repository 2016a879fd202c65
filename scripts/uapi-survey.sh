#!/usr/bin/env bash
# The uapi survey (docs/uapi-survey.md): imports issue 10's corpus — every uapi header of Debian's libdrm-dev
# (/usr/include/libdrm/*_drm.h, drm.h, drm_mode.h) and linux/dma-buf.h, linux/udmabuf.h, linux/dma-heap.h — with
# `abikit import`, runs `abikit check` on every spec and prints, as Markdown, the lint findings per header and rule,
# the structs whose layout differs between ABIs and the ioctls whose argument they are.
#   scripts/uapi-survey.sh [OUTDIR]     (default artifacts/uapi-survey; the specs and check outputs stay there)
# Needs castxml and gcc (scripts/ensure-native-deps.sh) and jq. Builds the CLI if it is not built.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/artifacts/uapi-survey}
abikit=$root/generator/AbiKit.Cli/bin/Release/net10.0/abikit
[ -x "$abikit" ] || dotnet build "$root/generator/AbiKit.Cli" -c Release >&2
libdrm=/usr/include/libdrm
mkdir -p "$out/spec" "$out/stub" "$out/check"
# via_drm.h includes via_drmclient.h, which libdrm-dev does not ship (docs/import.md).
echo "/* empty stand-in */" > "$out/stub/via_drmclient.h"

import() { # header family [abikit import options...]
    local header=$1 family=$2
    shift 2
    "$abikit" import "$header" -I "$libdrm" -I "$out/stub" --family "$family" --out "$out/spec/$family.abi.json" "$@" \
        > "$out/check/$family.import.txt" 2>&1
}

families=(drm-mode drm)
import "$libdrm/drm_mode.h" drm-mode
import "$libdrm/drm.h" drm --import drm-mode.abi.json
for h in "$libdrm"/*_drm.h; do
    f=$(basename "$h" .h)
    f=${f//_/-}
    import "$h" "$f" --prelude "$libdrm/drm.h" --prelude /usr/include/stdint.h --import drm.abi.json
    families+=("$f")
done
for f in dma-buf udmabuf dma-heap; do
    import "/usr/include/linux/$f.h" "$f"
    families+=("$f")
done

rules=(ABI300 ABI301 ABI302 ABI303 ABI304 ABI305 ABI306 ABI308 ABI309 ABI313)
echo "| Header | structs/unions | ioctls |$(printf ' %s |' "${rules[@]}") not imported (ABI4xx) |"
echo "|---|---:|---:|$(printf -- '---:|%.0s' "${rules[@]}")---:|"
declare -A total
for f in "${families[@]}"; do
    spec=$out/spec/$f.abi.json
    # Only the spec's own findings: an importing spec also reports its import's.
    "$abikit" check "$spec" 2>&1 | grep -F "$spec(" > "$out/check/$f.check.txt" || true
    structs=$(jq '.structs | length' "$spec")
    ioctls=$(jq '(.ioctls // []) | length' "$spec")
    skipped=$(grep -c ' warning ABI4' "$out/check/$f.import.txt" || true)
    row="| $f | $structs | $ioctls |"
    for r in "${rules[@]}"; do
        n=$(grep -c " $r: " "$out/check/$f.check.txt" || true)
        total[$r]=$(( ${total[$r]:-0} + n ))
        row+=" $n |"
    done
    total[structs]=$(( ${total[structs]:-0} + structs ))
    total[ioctls]=$(( ${total[ioctls]:-0} + ioctls ))
    total[skipped]=$(( ${total[skipped]:-0} + skipped ))
    echo "$row $skipped |"
done
row="| **all ${#families[@]} headers** | ${total[structs]} | ${total[ioctls]} |"
for r in "${rules[@]}"; do row+=" ${total[$r]} |"; done
echo "$row ${total[skipped]} |"

echo
echo "Structs and unions whose layout differs between ABIs (ABI304), and the ioctls that take them:"
echo
echo "| Header | Struct | Difference | Ioctls |"
echo "|---|---|---|---|"
for f in "${families[@]}"; do
    spec=$out/spec/$f.abi.json
    { grep ' ABI304: ' "$out/check/$f.check.txt" || true; } | sed -E 's/.*ABI304: (struct|union) ([A-Za-z0-9_.]+) (.*); 32-bit programs.*/\2\t\3/' |
    while IFS=$'\t' read -r name what; do
        # The ioctls of every spec of the corpus that take it (drm.h's take drm_mode.h's structs).
        codes=$(jq -r --arg s "$name" '.ioctl.codePrefix as $p | (.ioctls // [])[] | select(.arg == $s) | (.code // ($p + .name))' "$out"/spec/*.abi.json | paste -sd, - | sed 's/,/, /g')
        echo "| $f | \`$name\` | $what | ${codes:--} |"
    done
done

# Every declaration the importer could not express, with its reason (docs/import-exceptions.md). ABI405 and ABI410
# are left out: those values are in the spec, exactly, only spelled as numbers.
{
    echo "| Header | Line | Id | Reason |"
    echo "|---|---:|---|---|"
    for f in "${families[@]}"; do
        sed -nE 's|^.*/([^/(]+)\(([0-9]+),1\): warning (ABI4[0-9]+): (.*)$|\1\t\2\t\3\t\4|p' "$out/check/$f.import.txt" |
        while IFS=$'\t' read -r header line id reason; do
            case $id in ABI405|ABI410) continue ;; esac
            echo "| $header | $line | $id | ${reason//|/\\|} |"
        done
    done
} > "$out/exceptions.md"
