using System.Collections.Immutable;
using System.Reflection;
using AbiKit.Analyzers.Flow;
using AbiKit.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using static AbiKit.Analyzers.Tests.Sources;

namespace AbiKit.Analyzers.Tests;

/// <summary>
/// Issue 15's cost work: the compiler loads one typestate analyzer, so the driver calls one operation-block action
/// per method for ABI001–ABI005 (three analyzers sharing a per-method result cost three callbacks per method, and
/// two of them waited for the first one's result), and it reports what the per-rule analyzers report.
/// </summary>
public class TypestateRulesAnalyzerTests
{
    private static readonly string[] TypestateIds = ["ABI001", "ABI002", "ABI003", "ABI004", "ABI005"];

    /// <summary>The analyzers the compiler instantiates from the assembly: the ones carrying [DiagnosticAnalyzer].</summary>
    private static ImmutableArray<DiagnosticAnalyzer> Shipped() => typeof(TypestateAnalyzer).Assembly.GetTypes()
        .Where(t => !t.IsAbstract && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
        .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();

    [Fact]
    public void One_shipped_analyzer_reports_every_typestate_rule()
    {
        var typestate = Shipped().Where(a => a.SupportedDiagnostics.Any(d => TypestateIds.Contains(d.Id))).ToList();
        var only = Assert.Single(typestate);
        Assert.IsType<TypestateRulesAnalyzer>(only);
        Assert.Equal(TypestateIds, only.SupportedDiagnostics.Select(d => d.Id).OrderBy(id => id));
    }

    [Fact]
    public async Task The_driver_calls_one_typestate_block_action_per_method()
    {
        var compilation = AnalyzerHarness.Compile(AllocSource("""
            public void M(IIoctlChannel channel)
            {
                var buffer = AllocBuffer.Create(channel, 4096);
                var cpu = buffer.BeginCpuAccess(CpuAccess.Read);
                _ = cpu.Span[0];
            }
            """));
        var shipped = Shipped();
        var withAnalyzers = compilation.WithAnalyzers(shipped, new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true, reportSuppressedDiagnostics: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
        Assert.Contains(diagnostics, d => d.Id == "ABI003");
        Assert.Contains(diagnostics, d => d.Id == "ABI005");
        int blockActions = 0;
        foreach (var analyzer in shipped.Where(a => a is TypestateAnalyzer))
            blockActions += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).OperationBlockActionsCount;
        Assert.Equal(1, blockActions);
    }

    [Fact]
    public async Task Reports_what_the_per_rule_analyzers_report()
    {
        // Every construct of the random programs the robustness tests use: branches, loops, try/finally, lambdas ...
        var compilation = AnalyzerHarness.Compile(TypestateRobustnessTests.RandomProgram.Generate(4, statements: 600));
        var perRule = new List<(string, Location)>();
        foreach (DiagnosticAnalyzer analyzer in new DiagnosticAnalyzer[] { new UnpinnedAccessAnalyzer(), new CpuAccessSyncAnalyzer(), new LifetimeAnalyzer() })
            perRule.AddRange((await AnalyzerHarness.RunAsync(analyzer, compilation)).Select(d => (d.Id, d.Location)));
        var combined = (await AnalyzerHarness.RunAsync(new TypestateRulesAnalyzer(), compilation)).Select(d => (d.Id, d.Location)).ToList();
        Assert.NotEmpty(combined);
        Assert.Equal(perRule.OrderBy(d => d.Item2.SourceSpan.Start).ThenBy(d => d.Item1), combined.OrderBy(d => d.Item2.SourceSpan.Start).ThenBy(d => d.Item1));
    }
}
