using System.Text;
using AbiKit.Corpus;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;
using AbiKit.TestSupport;
using Xunit.Abstractions;

namespace AbiKit.Import.Tests;

/// <summary>
/// Every corpus header is imported, checked by the front end and regenerated; then, on every Linux ABI, the compiler
/// measures the same sizes, offsets, values and request codes in the original and the regenerated header and they
/// must be equal. What the importer could not express is listed per header with its diagnostic, never dropped.
/// </summary>
[Collection(CorpusCollection.Name)]
public sealed class RoundTripTests
{
    private readonly CorpusFixture _corpus;
    private readonly ITestOutputHelper _output;

    public RoundTripTests(CorpusFixture corpus, ITestOutputHelper output)
    {
        _corpus = corpus;
        _output = output;
    }

    public static TheoryData<string> Headers => new(UapiCorpus.Headers.Select(h => h.Name));

    [Theory]
    [MemberData(nameof(Headers))]
    public void Imports_and_resolves(string header)
    {
        var h = _corpus.Headers[header];
        Assert.False(h.Import.Failed, string.Join("\n", h.Import.Diagnostics));
        // Only lint (ABI3xx) may fail: the header's real findings. Everything else must resolve.
        var unresolved = h.Check.Diagnostics.Where(d => d.Severity == Severity.Error && !d.Id.StartsWith("ABI3", StringComparison.Ordinal)).ToList();
        Assert.True(unresolved.Count == 0, string.Join("\n", unresolved));
        Assert.NotNull(h.GeneratedHeader);
    }

    [Theory]
    [MemberData(nameof(Headers))]
    public void Regenerated_header_equals_the_original_on_every_ABI(string header)
    {
        var h = _corpus.Headers[header];
        Assert.NotNull(h.GeneratedHeader);
        var measurements = CorpusProbe.Measurements(h);
        var diffs = new List<string>();
        var gate = new object();
        Parallel.ForEach(Arches.All, new ParallelOptions { MaxDegreeOfParallelism = 2 }, arch =>
        {
            var d = CorpusProbe.Compare(h, measurements, arch, _corpus.GeneratedDirectory, _corpus.StubDirectory);
            lock (gate) diffs.AddRange(d);
        });

        var exceptions = h.Import.Items.Where(i => i.DiagnosticId is not null).ToList();
        var sb = new StringBuilder();
        sb.Append($"| {header} | {measurements.Count} | {measurements.Count * Arches.All.Count} | {measurements.Count * Arches.All.Count - diffs.Count} | {exceptions.Count} |");
        foreach (var g in exceptions.GroupBy(e => e.DiagnosticId).OrderBy(g => g.Key)) sb.Append($" {g.Key}×{g.Count()}");
        sb.Append(" |");
        _output.WriteLine(sb.ToString());
        foreach (var e in exceptions) _output.WriteLine($"  exception {e.DiagnosticId}: {e.Kind} {e.Name} ({Path.GetFileName(e.Header)}:{e.Line})");
        Assert.True(diffs.Count == 0, $"{diffs.Count} differences:\n" + string.Join("\n", diffs.Take(60)));
        Assert.True(measurements.Count > 0, "nothing was measured");
    }
}
