using System.Collections;
using System.Reflection;
using AbiKit.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AbiKit.SourceGenerator.Tests;

/// <summary>The generator's caching, as the roslyn incremental-generator docs and System.Text.Json's tests check it.</summary>
public class IncrementalTests
{
    private static readonly string[] AbiKitSteps =
    [
        AbiSourceGenerator.StepNames.SpecText, AbiSourceGenerator.StepNames.SpecSet, AbiSourceGenerator.StepNames.Parse,
        AbiSourceGenerator.StepNames.Model, AbiSourceGenerator.StepNames.Options,
    ];

    private static IEnumerable<IncrementalStepRunReason> Outputs(GeneratorRunResult result, string step)
        => result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

    private static IEnumerable<IncrementalStepRunReason> SourceOutputs(GeneratorRunResult result)
        => result.TrackedOutputSteps.SelectMany(kv => kv.Value).SelectMany(s => s.Outputs).Select(o => o.Reason);

    [Fact]
    public void An_unrelated_csharp_edit_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.Driver(GeneratorHarness.ShippedSpecs()).RunGenerators(compilation);
        driver = driver.RunGenerators(compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText("class B { }", GeneratorHarness.ParseOptions)));
        var result = driver.GetRunResult().Results.Single();
        foreach (var step in AbiKitSteps) Assert.All(Outputs(result, step), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        Assert.All(SourceOutputs(result), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
    }

    [Fact]
    public void A_whitespace_only_spec_edit_regenerates_nothing()
    {
        var specs = GeneratorHarness.ShippedSpecs();
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(specs).RunGenerators(compilation);
        var dma = specs.Single(s => s.Path.EndsWith("dma-buf.abi.json", StringComparison.Ordinal));
        var edited = new InMemoryAdditionalText(dma.Path, "\n\n" + dma.GetText()!.ToString().Replace("\n", "\n  "));
        driver = driver.ReplaceAdditionalText(dma, edited).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        Assert.Contains(IncrementalStepRunReason.Modified, Outputs(result, AbiSourceGenerator.StepNames.SpecText));
        Assert.All(Outputs(result, AbiSourceGenerator.StepNames.Model), r => Assert.True(r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, r.ToString()));
        Assert.All(SourceOutputs(result), r => Assert.True(r is IncrementalStepRunReason.Unchanged or IncrementalStepRunReason.Cached, r.ToString()));
    }

    [Fact]
    public void A_real_spec_change_modifies_the_output()
    {
        var specs = GeneratorHarness.ShippedSpecs();
        var compilation = GeneratorHarness.Compilation();
        var driver = GeneratorHarness.Driver(specs).RunGenerators(compilation);
        var dma = specs.Single(s => s.Path.EndsWith("dma-buf.abi.json", StringComparison.Ordinal));
        var edited = new InMemoryAdditionalText(dma.Path, dma.GetText()!.ToString().Replace("\"DMA_BUF_SYNC_END\"", "\"DMA_BUF_SYNC_FINISH\""));
        driver = driver.ReplaceAdditionalText(dma, edited).RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();
        Assert.Contains(IncrementalStepRunReason.Modified, Outputs(result, AbiSourceGenerator.StepNames.Model));
        Assert.Contains(IncrementalStepRunReason.Modified, SourceOutputs(result));
    }

    [Fact]
    public void The_pipeline_holds_no_symbols_or_compilations()
    {
        var driver = GeneratorHarness.Driver(GeneratorHarness.ShippedSpecs()).RunGenerators(GeneratorHarness.Compilation("class A { }"));
        var result = driver.GetRunResult().Results.Single();
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var step in AbiKitSteps)
        {
            foreach (var output in result.TrackedSteps[step].SelectMany(s => s.Outputs)) Walk(output.Value, step, seen);
        }
    }

    private static void Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        Assert.False(value is ISymbol or Compilation or SyntaxNode or SyntaxTree, $"{path} holds a {value.GetType().Name}");
        if (!value.GetType().IsValueType && !seen.Add(value)) return;
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (var item in items) Walk(item, $"{path}[{i++}]", seen);
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            if (field.FieldType.IsPointer) continue;
            Walk(field.GetValue(value), $"{path}.{field.Name}", seen);
        }
    }
}
