#!/usr/bin/env bash
# Coverage-guided fuzzing of the front end and the emitters with AFL++ and SharpFuzz (issue 16).
#
#   scripts/fuzz.sh [SECONDS]     fuzz for SECONDS (default 3600)
#
# Installs afl++ (as root, with apt-get) if it is missing and the SharpFuzz.CommandLine local tool, publishes
# tests/AbiKit.Fuzz, instruments AbiKit.Model/Frontend/Emitters.dll, builds a seed corpus from abi-spec/*.abi.json
# and tests/AbiKit.Fuzz/seeds/ and a dictionary from the schema, runs afl-fuzz, then prints execs, corpus size, crashes and hangs.
# Everything goes to artifacts/fuzz/ (never committed). Exits 1 if AFL saved a crash.
# A crash reproduces without AFL (a stack trace):
#   dotnet run --project tests/AbiKit.Fuzz -c Release -- artifacts/fuzz/findings/default/crashes/id:...
# and a directory replays a whole corpus (inputs, accepted, violations).
# CI does not run this (too slow); it runs the property fuzzer (HostileSpecFuzzTests) instead.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-3600}"
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2; }
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

out=artifacts/fuzz
bin="$out/bin"
seeds="$out/seeds"
findings="$out/findings"

if ! command -v afl-fuzz >/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "afl-fuzz is missing: run as root (apt-get install afl++) or install AFL++ yourself" >&2
        exit 2
    fi
    apt-get install -y afl++ || { apt-get update && apt-get install -y afl++; }
fi
dotnet tool restore >/dev/null

# A fresh publish each time: sharpfuzz instruments in place and refuses an already instrumented assembly.
rm -rf "$bin"
dotnet publish tests/AbiKit.Fuzz/AbiKit.Fuzz.csproj -c Release -o "$bin" --nologo -v quiet
for assembly in AbiKit.Model AbiKit.Frontend AbiKit.Emitters; do
    dotnet sharpfuzz "$bin/$assembly.dll"
done

# Seeds: AFL prefers small inputs, so the shipped specs go in compact (one line) and, when large, without their docs
# (which carry no structure); the hand-made seeds are small specs that exercise imports, enums, flags and counts.
rm -rf "$seeds"
mkdir -p "$seeds"
cp tests/AbiKit.Fuzz/seeds/*.json "$seeds/"
python3 - "$seeds" abi-spec/*.abi.json <<'PY'
import json, os, sys
seeds, specs = sys.argv[1], sys.argv[2:]
def strip_docs(value):
    if isinstance(value, dict):
        return {k: strip_docs(v) for k, v in value.items() if k != "doc" or not isinstance(v, str)} | ({"doc": "d"} if "doc" in value else {})
    if isinstance(value, list):
        return [strip_docs(v) for v in value]
    return value
for path in specs:
    name = os.path.basename(path)[: -len(".abi.json")]
    with open(path, encoding="utf-8") as f:
        text = f.read()
    spec = json.loads(text)
    compact = json.dumps(spec, separators=(",", ":"), ensure_ascii=False)
    if len(compact) > 4096:
        compact = json.dumps(strip_docs(spec), separators=(",", ":"), ensure_ascii=False)
    with open(os.path.join(seeds, name + ".min.json"), "w", encoding="utf-8") as f:
        f.write(compact)
    if len(text) <= 4096:
        with open(os.path.join(seeds, name + ".abi.json"), "w", encoding="utf-8") as f:
            f.write(text)
PY
echo "seeds: $(ls "$seeds" | wc -l) files, $(cat "$seeds"/* | wc -c) bytes"

# A dictionary from the schema (every key and every enumerated word the format knows, so the vocabulary stays
# one table), plus number forms the reader must bound: AFL splices these whole instead of finding them byte by byte.
dict="$out/spec.dict"
python3 - abi-spec/abikit.schema.json "$dict" <<'PY'
import json, sys
schema, target = sys.argv[1], sys.argv[2]
keys, words = set(), set()
def walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "properties" and isinstance(x, dict):
                keys.update(x)
            elif k == "enum" and isinstance(x, list):
                words.update(e for e in x if isinstance(e, str))
            elif k == "const" and isinstance(x, str):
                words.add(x)
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
with open(schema, encoding="utf-8") as f:
    walk(json.load(f))
numbers = ["0x", "1 << 63", "18446744073709551615", "-9223372036854775808", "4294967296", "1e3", "-0", "0777"]
def quote(text):
    return '"' + "".join(c if 32 <= ord(c) < 127 and c not in '"\\' else "\\x%02x" % ord(c) for c in text) + '"'
with open(target, "w", encoding="ascii") as f:
    for i, key in enumerate(sorted(keys)):
        f.write("key_%d=%s\n" % (i, quote('"%s":' % key)))
    for i, word in enumerate(sorted(words)):
        f.write("word_%d=%s\n" % (i, quote('"%s"' % word)))
    for i, number in enumerate(numbers):
        f.write("number_%d=%s\n" % (i, quote(number)))
PY
echo "dictionary: $(wc -l < "$dict") tokens from the schema"

# This machine: frequency scaling and core_pattern are not ours to change, and other jobs share the cores.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1
rm -rf "$findings"
status=0
afl-fuzz -i "$seeds" -o "$findings" -x "$dict" -t 5000 -m none -V "$seconds" -- dotnet "$bin/AbiKit.Fuzz.dll" > "$out/afl.log" 2>&1 || status=$?

stats="$findings/default/fuzzer_stats"
if [ ! -f "$stats" ]; then
    tail -40 "$out/afl.log" >&2
    echo "afl-fuzz did not run (status $status): see $out/afl.log" >&2
    exit 2
fi
# AFL++ skips a seed that crashes (with a warning in its log) instead of stopping: count those as crashes too.
seed_crashes=$(grep -c "results in a crash, skipping" "$out/afl.log" || true)
field() { awk -F': *' -v k="$1" '$1 ~ "^"k" *$" { print $2 }' "$stats"; }
crashes=$(( $(field saved_crashes) + seed_crashes ))
echo "run time:     $(field run_time) s"
echo "execs:        $(field execs_done) ($(field execs_per_sec) per second)"
echo "corpus:       $(field corpus_count) inputs ($(field corpus_found) found by the fuzzer), edges $(field edges_found) of $(field total_edges)"
echo "crashes:      $crashes ($seed_crashes of them seeds: see $out/afl.log)"
echo "hangs:        $(field saved_hangs)"
# How much of the corpus reaches the emitters (and a second check of the oracle), on an uninstrumented build.
echo "replayed:     $(dotnet run --project tests/AbiKit.Fuzz/AbiKit.Fuzz.csproj -c Release -- "$findings/default/queue" | tail -1)"
echo "findings:     $findings/default"
[ "${crashes:-0}" -eq 0 ] || exit 1
