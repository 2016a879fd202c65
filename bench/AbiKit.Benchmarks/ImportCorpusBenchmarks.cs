using AbiKit.Corpus;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AbiKit.Benchmarks;

/// <summary>
/// <c>abikit import</c> of issue 10's whole corpus (21 uapi headers: libdrm's drm.h, drm_mode.h and every *_drm.h,
/// linux/dma-buf.h, udmabuf.h, dma-heap.h): one header after another (baseline), and all headers at once on every
/// core. Each import runs gcc's preprocessor once and castxml once or twice (a second time when the compiler refuses
/// some macros as integers). Target: the whole corpus in at most 10 s. An operation takes seconds, so the job
/// measures a few single runs (monitoring) instead of BenchmarkDotNet's default pilot and many iterations.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ImportCorpusBenchmarks
{
    private string _directory = "";
    private string _stub = "";

    /// <summary>A directory for the specs and the stand-in header.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("abikit-import-bench-").FullName;
        _stub = UapiCorpus.CreateStub(Path.Combine(_directory, "stub"));
    }

    /// <summary>Removes the directory.</summary>
    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    /// <summary>Imports the corpus one header after another; returns the number of declarations imported.</summary>
    [Benchmark(Baseline = true)]
    public int Sequential()
    {
        int imported = 0;
        foreach (var h in UapiCorpus.Headers) imported += Imported(h);
        return imported;
    }

    /// <summary>Imports every header of the corpus at once, as many at a time as there are cores.</summary>
    [Benchmark]
    public int Parallel()
    {
        int imported = 0;
        System.Threading.Tasks.Parallel.ForEach(UapiCorpus.Headers, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            h => Interlocked.Add(ref imported, Imported(h)));
        return imported;
    }

    private int Imported(UapiHeader h)
    {
        var result = UapiCorpus.Import(h, _directory, _stub);
        if (result.Failed) throw new InvalidOperationException(string.Join("\n", result.Diagnostics));
        return result.Items.Count(i => i.DiagnosticId is null);
    }
}
