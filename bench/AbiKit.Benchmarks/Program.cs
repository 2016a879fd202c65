using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace AbiKit.Benchmarks;

/// <summary>
/// Runs the benchmarks. Everything side by side in one run:
/// <c>dotnet run -c Release --project bench/AbiKit.Benchmarks -- --filter '*'</c>.
/// </summary>
public static class Program
{
    /// <summary>
    /// Entry point: BenchmarkDotNet's switcher over this assembly's benchmark classes, or, with
    /// <c>--write-analyzer-corpus DIR FILES [PLAIN]</c>, writes the analyzer-cost corpus as files for
    /// scripts/measure-analyzers.sh (one corpus for both measurements). <c>--userptr-cpu-time</c> prints
    /// <see cref="UserptrCpuTime"/>'s table. <c>--analyzer-cpu-time [ROUNDS [CORPUS...]] [--before DLL]</c> prints the
    /// analyzer-cost runs in process CPU time (<see cref="AnalyzerCpuTime"/>); <c>--analyzer-loop ROUNDS CORPUS noop|abikit</c> repeats one of them for a
    /// profiler. <c>--in-process-long</c> runs five single-invocation
    /// iterations in process with a long timeout (the analyzer-cost benchmarks, seconds per invocation).
    /// </summary>
    public static void Main(string[] args)
    {
        if (args.Length >= 3 && args[0] == "--write-analyzer-corpus")
        {
            int plain = args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 0;
            for (int i = 1; i <= int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture); i++)
                File.WriteAllText(Path.Combine(args[1], $"File{i}.cs"), AnalyzerCorpus.File(i, plain));
            return;
        }
        if (args.Contains("--userptr-cpu-time"))
        {
            UserptrCpuTime.Run();
            return;
        }
        if (args.Length >= 1 && args[0] == "--analyzer-cpu-time")
        {
            // --analyzer-cpu-time [ROUNDS [CORPUS...]] [--before OTHER-BUILD/AbiKit.Analyzers.dll]
            int at = Array.IndexOf(args, "--before");
            var rest = (at < 0 ? args : args.Take(at)).Skip(1).ToList();
            AnalyzerCpuTime.Run(rest.Count > 0 ? int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture) : 12,
                rest.Count > 1 ? rest.Skip(1).ToList() : new List<string> { "Dense", "Consumer" }, at >= 0 ? args[at + 1] : null);
            return;
        }
        if (args.Length >= 4 && args[0] == "--analyzer-loop")
        {
            AnalyzerCpuTime.Loop(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2], args[3]);
            return;
        }
        if (args.Contains("--in-process-long"))
        {
            // BenchmarkDotNet's in-process toolchain gives up on benchmarks over a few seconds per invocation; the
            // analyzer-cost corpora take longer on a loaded machine, and building a separate process is slower still.
            // One invocation per iteration (Monitoring): each takes seconds, so no pilot stage is needed to size them.
            var job = Job.Default.WithStrategy(BenchmarkDotNet.Engines.RunStrategy.Monitoring).WithWarmupCount(1).WithIterationCount(5).WithLaunchCount(1)
                .WithToolchain(new BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: false));
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args.Where(a => a != "--in-process-long").ToArray(), DefaultConfig.Instance.AddJob(job));
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
