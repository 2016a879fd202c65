using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AbiKit.SourceGenerator.Tests;

/// <summary>
/// The bindings carry AbiKit.Runtime's semantic attributes only when the client is generated (the consumer then
/// references the runtime); with AbiKitGenerateClient=false they compile against the framework alone.
/// </summary>
public class RuntimeAttributeTests
{
    private static Dictionary<string, string> Generate(string generateClient)
    {
        var options = new TestOptionsProvider(new Dictionary<string, string> { ["build_property.AbiKitGenerateClient"] = generateClient });
        var result = GeneratorHarness.Driver(GeneratorHarness.ShippedSpecs(), options).RunGenerators(GeneratorHarness.Compilation()).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        return result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
    }

    [Fact]
    public void With_the_client_the_bindings_carry_the_attributes()
    {
        var sources = Generate("true");
        Assert.Contains("[global::AbiKit.Runtime.Semantics.AbiRequest(typeof(global::AbiKit.Interop.Alloc.UserptrArgs))]", sources["AllocIoctls.g.cs"]);
        Assert.Contains("[global::AbiKit.Runtime.Semantics.AbiReserved]", sources["AllocIoctls.g.cs"]);
    }

    [Fact]
    public void Without_the_client_the_bindings_compile_without_AbiKit_Runtime()
    {
        var sources = Generate("false");
        Assert.All(sources.Keys, name => Assert.DoesNotContain(".Client.", name));
        Assert.All(sources.Values, text => Assert.DoesNotContain("AbiKit.Runtime", text));

        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("AbiKit.", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("BindingsOnly",
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Value, GeneratorHarness.ParseOptions, s.Key)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
