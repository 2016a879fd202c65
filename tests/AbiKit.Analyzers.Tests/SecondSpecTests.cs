using System.Collections.Immutable;
using AbiKit.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AbiKit.Analyzers.Tests;

/// <summary>
/// No rule names an ABI's methods or types: the same scenarios written against abikit-alloc's AllocBuffer and
/// against the differently named hand-annotated <see cref="HandApi"/> (Surface / Map / Bytes / MakeResident) get
/// the same warnings at the same places.
/// </summary>
public class SecondSpecTests
{
    private sealed record Api(string Name, Func<string, string> Wrap, string Channel, string Type, string Create, string Begin, string Span, string Pin);

    private static readonly Api Alloc = new("abikit-alloc", Sources.AllocSource, "IIoctlChannel ch", "AllocBuffer", "AllocBuffer.Create(ch, 4096)", ".BeginCpuAccess", ".Span", ".Pin()");
    private static readonly Api Acme = new("hand-annotated", HandApi.With, "object ch", "Surface", "Surface.Allocate(4096)", ".Map", ".Bytes", ".MakeResident()");

    private static readonly Dictionary<string, string> Scenarios = new()
    {
        ["leak on early return"] = """
            void M($ch, bool stop)
            {
                var b = {|ABI005:$create|};
                if (stop) return;
                b.Dispose();
            }
            """,
        ["use after close"] = """
            void M($ch)
            {
                var b = $create;
                b.Dispose();
                {|ABI004:b$pin|}.Dispose();
            }
            """,
        ["window not ended on a path"] = """
            int M($ch)
            {
                using var b = $create;
                var cpu = {|ABI003:b$begin(CpuAccess.Read)|};
                if (cpu$span[0] == 0) return 0;
                cpu.Dispose();
                return 1;
            }
            """,
        ["access after the window ended"] = """
            void M($ch)
            {
                using var b = $create;
                var cpu = b$begin(CpuAccess.Write);
                cpu$span[0] = 1;
                cpu.Dispose();
                {|ABI002:cpu$span|}[1] = 2;
            }
            """,
        ["write in a read-only window"] = """
            void M($ch)
            {
                using var b = $create;
                using var cpu = b$begin(CpuAccess.Read);
                {|ABI002:cpu$span|}[0] = 1;
            }
            """,
        ["correct use"] = """
            $type M($ch, int n)
            {
                using var b = $create;
                for (int i = 0; i < n; i++)
                {
                    using var pin = b$pin;
                    using var cpu = b$begin(CpuAccess.Read | CpuAccess.Write);
                    cpu$span[i] = 1;
                    if (i == 3) break;
                }
                var kept = $create;
                return kept;
            }
            """,
    };

    public static TheoryData<string> Names => new(Scenarios.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Same_warnings_for_both_apis(string scenario)
    {
        var alloc = await Run(Alloc, Scenarios[scenario]);
        var acme = await Run(Acme, Scenarios[scenario]);
        Assert.Equal(alloc.Expected, alloc.Actual);
        Assert.Equal(acme.Expected, acme.Actual);
        Assert.Equal(alloc.Actual.Select(x => x.Id), acme.Actual.Select(x => x.Id));
    }

    private static async Task<(List<(string Id, string Text)> Expected, List<(string Id, string Text)> Actual)> Run(Api api, string template)
    {
        string members = template.Replace("$ch", api.Channel).Replace("$type", api.Type).Replace("$create", api.Create)
            .Replace("$begin", api.Begin).Replace("$span", api.Span).Replace("$pin", api.Pin);
        var (source, expected) = AnalyzerHarness.ParseMarkup(api.Wrap(members));
        var compilation = AnalyzerHarness.Compile(source);
        var actual = new List<Diagnostic>();
        foreach (DiagnosticAnalyzer analyzer in new DiagnosticAnalyzer[] { new UnpinnedAccessAnalyzer(), new CpuAccessSyncAnalyzer(), new LifetimeAnalyzer() })
        {
            actual.AddRange(await AnalyzerHarness.RunAsync(analyzer, compilation));
        }
        string Text(TextSpan span) => source.Substring(span.Start, span.Length);
        return (
            expected.OrderBy(x => x.Span.Start).Select(x => (x.Id, Text(x.Span))).ToList(),
            actual.OrderBy(d => d.Location.SourceSpan.Start).Select(d => (d.Id, Text(d.Location.SourceSpan))).ToList());
    }
}
