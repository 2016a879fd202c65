extern alias analyzers;

using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AbiKit.Benchmarks;

/// <summary>
/// Benchmark-only CPU-time view of <see cref="AnalyzerCostBenchmarks"/> (<c>--analyzer-cpu-time [rounds]</c>): the
/// driver runs of that class, interleaved round after round in one process, each timed by the process's CPU time
/// (far less sensitive than wall time to other processes on a shared machine), and AbiKit's analyzers also one at a
/// time on top of the do-nothing one, so the whole-driver difference can be split per analyzer. Prints medians and
/// minima of the rounds after the first two (JIT).
/// </summary>
internal static class AnalyzerCpuTime
{
    /// <summary>
    /// Runs <paramref name="rounds"/> rounds on <paramref name="corpora"/> (Dense, Consumer) and prints the tables. With
    /// <paramref name="otherBuild"/> (the path of another build of AbiKit.Analyzers.dll, e.g. the base commit's), that
    /// build's analyzers run too, loaded in their own <see cref="AssemblyLoadContext"/>, interleaved with this one's.
    /// </summary>
    public static void Run(int rounds, IReadOnlyList<string> corpora, string? otherBuild = null)
    {
        var beforeAnalyzers = otherBuild is null ? null : LoadAnalyzers(otherBuild);
        foreach (var corpus in corpora)
        {
            var bench = new AnalyzerCostBenchmarks { Corpus = corpus };
            bench.Setup();
            var runs = new List<(string Name, Func<int> Body)>
            {
                ("compile + emit", () => (int)bench.CompileAndEmit()),
                ("driver, no-op operation analyzer", bench.WithNoOpOperationAnalyzer),
                ("driver, + AbiKit's analyzers, this build", bench.WithAbiKitAnalyzers),
            };
            // ABIKIT_CPU_QUICK=1: only the whole-driver rows (a loaded machine gives a process little CPU per minute).
            bool quick = Environment.GetEnvironmentVariable("ABIKIT_CPU_QUICK") == "1";
            if (!quick) runs.Add(("driver, + typestate analyzers only", bench.WithTypestateAnalyzers));
            if (beforeAnalyzers is not null)
            {
                var all = beforeAnalyzers.Append(bench.NoOp).ToImmutableArray();
                runs.Insert(2, ("driver, + AbiKit's analyzers, other build (before)", () => bench.Analyze(all)));
            }
            foreach (var analyzer in quick ? Enumerable.Empty<DiagnosticAnalyzer>() : bench.AbiKitAnalyzers)
            {
                var one = ImmutableArray.Create(analyzer, bench.NoOp);
                runs.Add(($"driver, + {analyzer.GetType().Name} alone", () => bench.Analyze(one)));
            }
            if (!quick)
            {
                runs.Add(("layers: pre-filter", bench.PreFilter));
                runs.Add(("layers: graphs", bench.Graphs));
                runs.Add(("layers: whole engine (bound bodies)", bench.WholeEngine));
            }
            var times = runs.Select(_ => new List<double>()).ToList();
            for (int round = 0; round < rounds; round++)
            {
                for (int r = 0; r < runs.Count; r++)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    var before = Process.GetCurrentProcess().TotalProcessorTime;
                    runs[r].Body();
                    var after = Process.GetCurrentProcess().TotalProcessorTime;
                    if (round >= 2) times[r].Add((after - before).TotalMilliseconds);
                }
            }
            Console.WriteLine($"{corpus}: process CPU time per run, {rounds - 2} rounds after 2 warm-up rounds; load average {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine("| Run | Median ms | Min ms |");
            Console.WriteLine("|---|---|---|");
            for (int r = 0; r < runs.Count; r++)
            {
                var sorted = times[r].OrderBy(t => t).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {runs[r].Name} | {sorted[sorted.Count / 2]:F0} | {sorted[0]:F0} |"));
            }
        }
    }

    private static List<DiagnosticAnalyzer> LoadAnalyzers(string path)
    {
        // Microsoft.CodeAnalysis resolves from the default context (the context does not load it), so the types match.
        var assembly = new AssemblyLoadContext("before", isCollectible: false).LoadFromAssemblyPath(Path.GetFullPath(path));
        return assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), false))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToList();
    }

    /// <summary>
    /// For a profiler (<c>--analyzer-loop ROUNDS CORPUS noop|abikit</c>): runs one driver configuration round after
    /// round, so the samples of one configuration can be split by stack.
    /// </summary>
    public static void Loop(int rounds, string corpus, string configuration)
    {
        var bench = new AnalyzerCostBenchmarks { Corpus = corpus };
        bench.Setup();
        for (int round = 0; round < rounds; round++)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            int found = configuration == "noop" ? bench.WithNoOpOperationAnalyzer() : bench.WithAbiKitAnalyzers();
            var after = Process.GetCurrentProcess().TotalProcessorTime;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: {(after - before).TotalMilliseconds:F0} ms CPU, {found} findings"));
        }
    }
}
