using AbiKit.Emitters;
using AbiKit.Frontend;
using AbiKit.TestSupport;
using Microsoft.CodeAnalysis;

namespace AbiKit.SourceGenerator.Tests;

public class GeneratorOutputTests
{
    [Fact]
    public void Produces_exactly_what_the_cli_writes()
    {
        var driver = GeneratorHarness.Driver(GeneratorHarness.ShippedSpecs()).RunGenerators(GeneratorHarness.Compilation());
        var generated = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        // What `abikit generate --lang csharp` writes: the same front end and emitters, loading from disk.
        var loader = new SpecLoader();
        var expected = new Dictionary<string, string>();
        foreach (var family in Repo.ShippedFamilies)
        {
            foreach (var emitter in Emitters.Emitters.All().Where(e => e.Language == "csharp"))
            {
                foreach (var file in emitter.Emit(loader.Load(Repo.Spec(family)).Model!)) expected[file.RelativePath] = file.Content;
            }
        }
        Assert.Equal(expected.Keys.Order(), generated.Keys.Order());
        foreach (var (name, content) in expected) Assert.True(content == generated[name], $"{name} differs from the CLI's output");
    }

    [Fact]
    public void Generated_code_compiles_without_warnings()
    {
        GeneratorHarness.Driver(GeneratorHarness.ShippedSpecs()).RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(), out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.NotNull(output.GetTypeByMetadataName("AbiKit.Interop.I915.I915Client"));
    }

    [Fact]
    public void Spec_errors_are_diagnostics_located_in_the_json()
    {
        string path = "/project/broken.abi.json";
        string text = "{\n  \"family\": \"broken\",\n  \"doc\": \"x\",\n  \"ioctl\": { \"type\": \"x\", \"style\": \"generic\" },\n  \"structs\": [ { \"name\": \"s\", \"fields\": [ { \"name\": \"a\", \"type\": \"u32\" }, { \"name\": \"b\", \"type\": \"u64\" } ] } ]\n}\n";
        var driver = GeneratorHarness.Driver([new InMemoryAdditionalText(path, text)]).RunGenerators(GeneratorHarness.Compilation());
        var result = driver.GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.Empty(result.GeneratedSources);
        var hole = result.Diagnostics.Single(d => d.Id == "ABI301");
        Assert.Equal(DiagnosticSeverity.Error, hole.Severity);
        var span = hole.Location.GetLineSpan();
        Assert.Equal(path, span.Path);
        Assert.Equal((4, 84), (span.StartLinePosition.Line, span.StartLinePosition.Character)); // 0-based: line 5, column 85
        Assert.Equal(text.IndexOf("\"name\": \"b\"", StringComparison.Ordinal) + "\"name\": ".Length, hole.Location.SourceSpan.Start); // at the value "b"
        Assert.EndsWith("docs/diagnostics/ABI301.md", hole.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void A_character_outside_the_BMP_before_an_error_does_not_shift_its_location()
    {
        // Roslyn counts UTF-16 units: the emoji is two of them, so the line position and the offset must agree.
        string path = "/project/emoji.abi.json";
        string text = "{\n  \"family\": \"emoji\", \"doc\": \"😀😀\", \"nonsense\": 1,\n  \"ioctl\": { \"type\": \"x\", \"style\": \"generic\" }\n}\n";
        var driver = GeneratorHarness.Driver([new InMemoryAdditionalText(path, text)]).RunGenerators(GeneratorHarness.Compilation());
        var unknown = driver.GetRunResult().Results.Single().Diagnostics.Single(d => d.Id == "ABI101");
        int offset = text.IndexOf("\"nonsense\"", StringComparison.Ordinal);
        Assert.Equal(offset, unknown.Location.SourceSpan.Start);
        var line = unknown.Location.GetLineSpan().StartLinePosition;
        Assert.Equal((1, offset - (text.IndexOf('\n') + 1)), (line.Line, line.Character));
    }

    private static readonly string[] Junk = ["\"", "{", "]", "0x", "null", ",", "\"u128\""];

    [Fact]
    public void Many_broken_specs_never_make_the_generator_throw()
    {
        string text = File.ReadAllText(Repo.Spec("abikit-alloc"));
        var random = new Random(5);
        for (int i = 0; i < 150; i++)
        {
            int at = random.Next(text.Length);
            string broken = (i % 3) switch
            {
                0 => text.Remove(at, Math.Min(random.Next(1, 30), text.Length - at)),
                1 => text.Insert(at, Junk[random.Next(Junk.Length)]),
                _ => text.Substring(0, at),
            };
            var driver = GeneratorHarness.Driver([new InMemoryAdditionalText("/p/abikit-alloc.abi.json", broken)]).RunGenerators(GeneratorHarness.Compilation());
            var result = driver.GetRunResult().Results.Single();
            Assert.Null(result.Exception); // an exception would surface as CS8785
            Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CS8785" or "ABI000");
        }
    }

    [Fact]
    public void An_import_only_spec_is_read_but_not_generated()
    {
        var core = new InMemoryAdditionalText(Repo.Spec("drm-core"), File.ReadAllText(Repo.Spec("drm-core")));
        var i915 = new InMemoryAdditionalText(Repo.Spec("i915"), File.ReadAllText(Repo.Spec("i915")));
        var options = new TestOptionsProvider(
            new Dictionary<string, string>(),
            new Dictionary<string, IReadOnlyDictionary<string, string>> { [core.Path] = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.AbiKitGenerate"] = "false" } });
        var result = GeneratorHarness.Driver([core, i915], options).RunGenerators(GeneratorHarness.Compilation()).GetRunResult().Results.Single();
        Assert.Empty(result.Diagnostics);
        Assert.Equal(["I915Ioctls.Client.g.cs", "I915Ioctls.Dispatch.g.cs", "I915Ioctls.g.cs"], result.GeneratedSources.Select(s => s.HintName).Order());
    }

    [Fact]
    public void A_spec_listed_twice_is_generated_once()
    {
        var dma = new InMemoryAdditionalText(Repo.Spec("dma-buf"), File.ReadAllText(Repo.Spec("dma-buf")));
        var result = GeneratorHarness.Driver([dma, dma]).RunGenerators(GeneratorHarness.Compilation()).GetRunResult().Results.Single();
        Assert.Null(result.Exception);
        Assert.Equal(3, result.GeneratedSources.Length);
    }

    [Fact]
    public void Imports_resolve_among_additional_files_and_a_missing_one_is_located()
    {
        var i915 = new InMemoryAdditionalText(Repo.Spec("i915"), File.ReadAllText(Repo.Spec("i915")));
        var alone = GeneratorHarness.Driver([i915]).RunGenerators(GeneratorHarness.Compilation()).GetRunResult().Results.Single();
        var missing = alone.Diagnostics.Single(d => d.Id == "ABI105");
        Assert.Contains("not among the project's AdditionalFiles", missing.GetMessage());
        Assert.Equal(Repo.Spec("i915"), missing.Location.GetLineSpan().Path);
    }

    [Fact]
    public void An_import_outside_the_specs_tree_is_refused_even_when_it_is_an_additional_file()
    {
        // The other file is an AdditionalFile, but the import climbs out of the importer's directory: same rule as the CLI.
        string dir = Path.GetDirectoryName(Repo.Spec("i915"))!;
        var outside = new InMemoryAdditionalText(Path.Combine(Path.GetDirectoryName(dir)!, "outside.abi.json"), File.ReadAllText(Repo.Spec("drm-core")));
        var importer = new InMemoryAdditionalText(Path.Combine(dir, "importer.abi.json"),
            "{\n  \"family\": \"importer\",\n  \"doc\": \"x\",\n  \"imports\": [\"../outside.abi.json\"],\n  \"ioctl\": { \"type\": \"x\", \"style\": \"generic\" }\n}");
        var run = GeneratorHarness.Driver([importer, outside]).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
        var refused = run.Diagnostics.Single(d => d.Id == "ABI105");
        Assert.Equal(importer.Path, refused.Location.GetLineSpan().Path);
        Assert.Equal(3, refused.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains("relative path inside this spec's directory", refused.GetMessage());
    }

    [Fact]
    public void Msbuild_options_set_visibility_namespace_and_client()
    {
        var dma = new InMemoryAdditionalText(Repo.Spec("dma-buf"), File.ReadAllText(Repo.Spec("dma-buf")));
        var options = new TestOptionsProvider(
            new Dictionary<string, string> { ["build_property.AbiKitVisibility"] = "internal", ["build_property.AbiKitGenerateClient"] = "false" },
            new Dictionary<string, IReadOnlyDictionary<string, string>> { [dma.Path] = new Dictionary<string, string> { ["build_metadata.AdditionalFiles.AbiKitNamespace"] = "My.Buffers" } });
        var result = GeneratorHarness.Driver([dma], options).RunGenerators(GeneratorHarness.Compilation()).GetRunResult().Results.Single();
        var source = Assert.Single(result.GeneratedSources).SourceText.ToString();
        Assert.Contains("namespace My.Buffers", source);
        Assert.Contains("internal struct SyncArgs", source);
        Assert.DoesNotContain("public struct", source);
    }
}
