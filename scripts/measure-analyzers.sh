#!/usr/bin/env bash
# Measures the AbiKit analyzers' cost on a large generated consumer corpus: builds a project of N files (each
# with methods using AllocBuffer in correct and incorrect ways) with -p:ReportAnalyzer=true and prints the
# AbiKit analyzers' time, the generator's time and the whole build's time.
# Usage: scripts/measure-analyzers.sh [files] [plain methods per file]  (defaults 200 and 0; "100 17" is the
# 2,000-method consumer of docs/benchmarks.md). ABIKIT_REPORT_ONLY=1: only the ReportAnalyzer build, no wall-time runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
files=${1:-200}
plain=${2:-0}
work=$(mktemp -d /tmp/abikit-analyzer-cost.XXXXXX)
trap 'rm -rf "$work"' EXIT

dotnet build "$root/analyzers/AbiKit.CodeFixes" -c Release -v q -nologo >/dev/null
dotnet build "$root/runtime/AbiKit.Alloc" -c Release -v q -nologo >/dev/null
cat > "$work/Corpus.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <!-- The rules stay enabled: a suppressed rule is not run at all, and would measure nothing. -->
  </PropertyGroup>
  <ItemGroup>
    <Reference Include="$root/runtime/AbiKit.Alloc/bin/Release/net10.0/AbiKit.Alloc.dll" />
    <Reference Include="$root/runtime/AbiKit.Alloc/bin/Release/net10.0/AbiKit.Runtime.dll" />
    <Reference Include="$root/runtime/AbiKit.Alloc/bin/Release/net10.0/AbiKit.Model.dll" />
    <Analyzer Include="$root/analyzers/AbiKit.Analyzers/bin/Release/netstandard2.0/AbiKit.Analyzers.dll" Condition="'\$(WithAbiKitAnalyzers)' != 'false'" />
  </ItemGroup>
</Project>
XML
# The corpus is the benchmarks' (bench/AbiKit.Benchmarks/AnalyzerCorpus.cs), written out as files.
dotnet run -c Release --project "$root/bench/AbiKit.Benchmarks" -- --write-analyzer-corpus "$work" "$files" "$plain" >/dev/null
cd "$work"
dotnet restore -v q >/dev/null
dotnet build --no-restore -c Release -v q -nologo >/dev/null # warm-up (compiler server)
touch File1.cs
start=$(date +%s%N)
dotnet build --no-restore -c Release -nologo -p:ReportAnalyzer=true -v:d --no-incremental > build.log
end=$(date +%s%N)
echo "corpus: $files files ($((files * (3 + plain))) methods)"
echo "whole build (no-incremental): $(( (end - start) / 1000000 )) ms"
echo "AbiKit warnings reported: $(grep -cE 'warning ABI0' build.log || true)"
grep -E "^ *(Total analyzer execution time|Total generator execution time)" build.log | sed 's/^ *//' | sort -u
grep -E "^ *[0-9.<]+ +[0-9<]+ +AbiKit\.Analyzers" build.log | sed 's/^ *//' | sort -u
grep -E "^ *[0-9.<]+ +[0-9<]+ +Microsoft\.CodeAnalysis\.(CSharp\.)?NetAnalyzers," build.log | sed 's/^ *//' | sort -u

# Wall time with and without the AbiKit analyzers (the callback sums above overlap under concurrency).
# ABIKIT_REPORT_ONLY=1 stops here (on a loaded machine the wall times are not comparable anyway).
if [ "${ABIKIT_REPORT_ONLY:-0}" = 1 ]; then exit 0; fi
wall() {
    local total=0
    for run in 1 2 3; do
        touch File1.cs
        local s=$(date +%s%N)
        dotnet build --no-restore -c Release -nologo -v q --no-incremental "$@" >/dev/null
        local e=$(date +%s%N)
        total=$(( total + (e - s) / 1000000 ))
    done
    echo $(( total / 3 ))
}
with=$(wall)
without=$(wall -p:WithAbiKitAnalyzers=false)
echo "wall time, mean of 3 no-incremental builds: with AbiKit analyzers ${with} ms, without ${without} ms"
