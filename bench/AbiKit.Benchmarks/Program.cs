using BenchmarkDotNet.Running;

namespace AbiKit.Benchmarks;

/// <summary>
/// Runs the benchmarks. Everything side by side in one run:
/// <c>dotnet run -c Release --project bench/AbiKit.Benchmarks -- --filter '*'</c>.
/// </summary>
public static class Program
{
    /// <summary>Entry point: BenchmarkDotNet's switcher over this assembly's benchmark classes.</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
