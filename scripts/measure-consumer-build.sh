#!/usr/bin/env bash
# Measures what the AbiKit source generator adds to a consumer's build (docs/benchmarks.md, "Consumer build").
#
# 1. Packs the AbiKit packages into artifacts/packages (dotnet tool restore && dotnet cake --target=Pack),
#    unless --skip-pack is given and the packages are already there.
# 2. Copies samples/AbiKit.Sample twice into a temporary directory, with a NuGet.config whose first source is
#    artifacts/packages and a package cache of its own (so the 0.1.0 packages come from this tree, never from
#    an older copy in the machine's cache):
#      with/     the sample as it is: the spec counter.abi.json becomes C# at compile time.
#      without/  the same project with the generator's output checked in as source (the three .g.cs files the
#                generator wrote, copied from a build of with/) and the generator taken out of the compilation: a
#                Directory.Build.targets removes the @(Analyzer) items of the AbiKit.SourceGenerator package
#                except AbiKit.Analyzers and AbiKit.CodeFixes (AbiKit's analyzers ship in the same package; they
#                analyse the consumer's code either way, so they run in both variants).
# 3. Restores both once and builds both once (warm-up), and checks that without/ compiles, no longer runs the
#    generator and still runs the analyzers. All builds pass -p:TreatWarningsAsErrors=false (the sample treats
#    warnings as errors), so that a new analyzer warning in the sample cannot stop the measurement; warnings
#    cost the same in both variants.
# 4. Times incremental rebuilds: touch Program.cs, then `dotnet build --no-restore`, RUNS times per variant,
#    timed with date +%s%N and interleaved (with, without, then without, with, ...), so load from other work on
#    the machine falls on both variants alike (hyperfine would run all of one variant, then all of the other).
#    It does so twice: with the compiler server (UseSharedCompilation=true, the SDK's default on a developer
#    machine) and without it (UseSharedCompilation=false: every build starts a new compiler process, as CI
#    often does). Prints mean ± sd, median, min and max per variant and the overhead (medians and means).
# 5. Reports the generator's own time from `dotnet build -p:ReportAnalyzer=true -v:d`
#    ("Total generator execution time"), in both modes.
#
# Usage: scripts/measure-consumer-build.sh [--skip-pack] [--runs N] [--keep]
#   --skip-pack  use the packages already in artifacts/packages
#   --runs N     timed builds per variant and mode (default 20)
#   --keep       keep the temporary directory (its path is printed)
set -euo pipefail

runs=20
skip_pack=0
keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --skip-pack) skip_pack=1 ;;
    --runs) runs="$2"; shift ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done

repo="$(cd "$(dirname "$0")/.." && pwd)"
feed="$repo/artifacts/packages"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ "$skip_pack" -eq 0 ]; then
  echo "== packing (dotnet cake --target=Pack)"
  (cd "$repo" && dotnet tool restore >/dev/null && dotnet cake --target=Pack)
fi
for p in AbiKit.SourceGenerator AbiKit.Reference AbiKit.Runtime AbiKit.Alloc; do
  ls "$feed/$p".*.nupkg >/dev/null 2>&1 || { echo "no $p package in $feed: run without --skip-pack" >&2; exit 1; }
done

work="$(mktemp -d /tmp/abikit-consumer-build.XXXXXX)"
if [ "$keep" -eq 0 ]; then trap 'rm -rf "$work"' EXIT; else echo "keeping $work"; fi

machine_cache="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
export NUGET_PACKAGES="$work/packages"
cat >"$work/NuGet.config" <<NUGET
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="abikit-local" value="$feed" />
    <add key="machine-cache" value="$machine_cache" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
NUGET
cp "$repo/samples/Directory.Build.props" "$repo/samples/Directory.Packages.props" "$work/"

props="-p:TreatWarningsAsErrors=false"
with="$work/with"
without="$work/without"
for d in "$with" "$without"; do
  mkdir -p "$d"
  cp "$repo"/samples/AbiKit.Sample/*.csproj "$repo"/samples/AbiKit.Sample/*.cs "$repo"/samples/AbiKit.Sample/*.abi.json "$d/"
done

echo "== with the generator: restore, build once, keep its output"
dotnet restore "$with" >/dev/null
dotnet build "$with" --no-restore -nologo -v:q $props -p:EmitCompilerGeneratedFiles=true >/dev/null
generated="$with/obj/Debug/net10.0/generated/AbiKit.SourceGenerator/AbiKit.SourceGenerator.AbiSourceGenerator"
ls "$generated"/*.g.cs >/dev/null
mkdir -p "$without/Generated"
cp "$generated"/*.g.cs "$without/Generated/"
rm -rf "$with/obj/Debug/net10.0/generated"

echo "== without the generator: generated C# checked in, the generator's analyzer items removed"
cat >"$without/Directory.Build.targets" <<'TARGETS'
<Project>
  <!-- Measurement only: take AbiKit's source generator (and the assemblies only it loads) out of the compilation.
       AbiKit's analyzers, shipped in the same package, stay. The generated C# is checked in under Generated/. -->
  <Target Name="AbiKitMeasureRemoveGenerator" AfterTargets="ResolveLockFileAnalyzers" BeforeTargets="CoreCompile">
    <ItemGroup>
      <_AbiKitGenerator Include="@(Analyzer)"
                        Condition="$([System.String]::Copy('%(Analyzer.FullPath)').ToLowerInvariant().Contains('abikit.sourcegenerator')) and '%(Analyzer.Filename)' != 'AbiKit.Analyzers' and '%(Analyzer.Filename)' != 'AbiKit.CodeFixes'" />
      <Analyzer Remove="@(_AbiKitGenerator)" />
    </ItemGroup>
  </Target>
</Project>
TARGETS
dotnet restore "$without" >/dev/null
dotnet build "$without" --no-restore -nologo -v:q $props >/dev/null
ls "$without"/Generated/*.g.cs | sed "s|$work/||"
touch "$without/Program.cs"
check="$(dotnet build "$without" --no-restore -nologo -v:d $props -p:ReportAnalyzer=true)"
if grep -q "AbiSourceGenerator" <<<"$check"; then echo "the generator still runs in without/" >&2; exit 1; fi
if ! grep -q "AbiKit.Analyzers" <<<"$check"; then echo "AbiKit's analyzers do not run in without/" >&2; exit 1; fi

build() { dotnet build "$1" --no-restore -nologo -v:q $props "-p:UseSharedCompilation=$2" >/dev/null; }

# One timed incremental rebuild of $1 (milliseconds): touch Program.cs, build.
timed() {
  local t0 t1
  touch "$1/Program.cs"
  t0=$(date +%s%N); build "$1" "$2"; t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

# mean, standard deviation, median, min, max of the numbers in file $2, as a table row named $1.
stats() {
  sort -n "$2" | awk -v name="$1" '{ v[n++] = $1; s += $1; ss += $1 * $1 }
    END { m = s / n; sd = sqrt((ss - n * m * m) / (n > 1 ? n - 1 : 1));
          med = n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
          printf "| %s | %.0f ± %.0f | %.0f | %d | %d |\n", name, m, sd, med, v[0], v[n - 1] }'
}

median() { sort -n "$1" | awk '{ v[n++] = $1 } END { print n % 2 ? v[(n - 1) / 2] : (v[n / 2 - 1] + v[n / 2]) / 2 }'; }
mean() { awk '{ s += $1; n++ } END { print s / n }' "$1"; }

for shared in true false; do
  echo
  echo "== incremental rebuilds (touch Program.cs; dotnet build --no-restore), UseSharedCompilation=$shared"
  echo "   $runs runs per variant, interleaved (the order alternates every round), after 2 warm-up builds each"
  build "$with" "$shared"; build "$without" "$shared"; build "$with" "$shared"; build "$without" "$shared"
  : >"$work/with-$shared.ms"; : >"$work/without-$shared.ms"
  for i in $(seq "$runs"); do
    if [ $((i % 2)) -eq 1 ]; then
      timed "$with" "$shared" >>"$work/with-$shared.ms"; timed "$without" "$shared" >>"$work/without-$shared.ms"
    else
      timed "$without" "$shared" >>"$work/without-$shared.ms"; timed "$with" "$shared" >>"$work/with-$shared.ms"
    fi
  done
  echo
  echo "| variant | mean ± sd (ms) | median (ms) | min (ms) | max (ms) |"
  echo "|---|---|---|---|---|"
  stats "with the generator" "$work/with-$shared.ms"
  stats "without (generated C# checked in)" "$work/without-$shared.ms"
  awk -v a="$(median "$work/with-$shared.ms")" -v b="$(median "$work/without-$shared.ms")" \
      -v c="$(mean "$work/with-$shared.ms")" -v d="$(mean "$work/without-$shared.ms")" \
      'BEGIN { printf "\noverhead of the generator: %+.1f%% (medians), %+.1f%% (means)\n", (a / b - 1) * 100, (c / d - 1) * 100 }'

  echo
  echo "== the generator's own time (ReportAnalyzer, 3 rebuilds), UseSharedCompilation=$shared"
  for i in 1 2 3; do
    touch "$with/Program.cs"
    dotnet build "$with" --no-restore -nologo -v:d $props -p:ReportAnalyzer=true "-p:UseSharedCompilation=$shared" \
      | grep -E "Total (analyzer|generator) execution time|AbiKit\.SourceGenerator\.AbiSourceGenerator$" \
      | sed 's/^ *//' | sort -u | tr '\n' ';' || true
    echo
  done
done
