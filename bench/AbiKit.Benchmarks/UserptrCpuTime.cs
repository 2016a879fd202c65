using System.Globalization;

namespace AbiKit.Benchmarks;

/// <summary>
/// Not BenchmarkDotNet: the CPU time (user + system, <see cref="Environment.CpuUsage"/>) of <see cref="UserptrBenchmarks"/>'
/// import, pinning and eager-protection bodies, in interleaved rounds. On a machine shared with other load, wall
/// time mostly measures the wait for a CPU (every system call is a chance to be preempted); CPU time does not, so
/// it compares the work the three bodies do. It leaves out time spent asleep in the kernel (mlock waits for
/// per-CPU work on the other CPUs), which all three bodies share. Run with <c>--userptr-cpu-time</c>.
/// </summary>
public static class UserptrCpuTime
{
    /// <summary>Prints per size the median and minimum CPU time per operation of each body, and import / pin.</summary>
    public static void Run()
    {
        const int Rounds = 21;
        var methods = new (string Name, Func<UserptrBenchmarks, Runtime.Errno> Body)[]
        {
            ("MlockMunlock", b => b.MlockMunlock()),
            ("PinAndForkProtect", b => b.PinAndForkProtect()),
            ("UserptrImportClose", b => b.UserptrImportClose()),
        };
        Console.WriteLine("| Size | " + string.Join(" | ", methods.Select(m => m.Name + " median / min")) + " | import / pin (median, min) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (int size in new[] { 4096, 65536, 262144, 1048576 })
        {
            var bench = new UserptrBenchmarks { Size = size };
            bench.Setup();
            int ops = Math.Max(50, (int)(8_000_000L / size)); // about 10-30 ms of work per body and round
            var samples = methods.Select(_ => new List<double>()).ToArray();
            for (int round = -3; round < Rounds; round++) // three rounds of warm-up (tiering, page state)
            {
                for (int m = 0; m < methods.Length; m++)
                {
                    var start = Environment.CpuUsage.TotalTime;
                    for (int i = 0; i < ops; i++) DispatchBenchmarks.Check(methods[m].Body(bench), methods[m].Name);
                    double perOp = (Environment.CpuUsage.TotalTime - start).TotalMicroseconds / ops;
                    if (round >= 0) samples[m].Add(perOp);
                }
            }
            bench.Cleanup();
            var cells = samples.Select(s => { s.Sort(); return (Median: s[s.Count / 2], Min: s[0]); }).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size} | {string.Join(" | ", cells.Select(c => $"{c.Median:F2} / {c.Min:F2} µs"))} | {cells[2].Median / cells[0].Median:F2}, {cells[2].Min / cells[0].Min:F2} |"));
        }
    }
}
