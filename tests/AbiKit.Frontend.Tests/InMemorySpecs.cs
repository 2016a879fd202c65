using AbiKit.Frontend;
using AbiKit.Frontend.Diagnostics;

namespace AbiKit.Frontend.Tests;

/// <summary>Specs held in memory, for tests that must not touch the disk.</summary>
internal sealed class InMemorySpecs : ISpecFileSystem
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public InMemorySpecs Add(string path, string text)
    {
        _files[Path.GetFullPath(path)] = text;
        return this;
    }

    public bool TryReadText(string path, out string text, out string error)
    {
        if (_files.TryGetValue(Path.GetFullPath(path), out text!))
        {
            error = "";
            return true;
        }
        text = "";
        error = "file not found";
        return false;
    }

    /// <summary>Loads <paramref name="text"/> as <c>test.abi.json</c> with these files as its imports.</summary>
    public SpecLoadResult Load(string text, string path = "test.abi.json") => new SpecLoader(this).LoadText(path, text);

    public static SpecLoadResult LoadOne(string text) => new InMemorySpecs().Load(text);

    /// <summary>A minimal generic-style spec wrapped around the given members.</summary>
    public static string Spec(string members, string family = "demo") => $$"""
        {
          "family": "{{family}}",
          "doc": "Test family.",
          "ioctl": { "type": "x", "style": "generic" }{{(members.Length > 0 ? "," : "")}}
          {{members}}
        }
        """;

    public static string Ids(SpecLoadResult result) => string.Join("\n", result.Diagnostics.Select(d => d.ToString()));
}

internal static class DiagnosticAssertions
{
    public static AbiDiagnostic Single(this SpecLoadResult result, string id)
    {
        var matches = result.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(matches.Count == 1, $"expected exactly one {id}, got:\n{InMemorySpecs.Ids(result)}");
        return matches[0];
    }

    public static void Clean(this SpecLoadResult result)
    {
        Assert.True(result.Diagnostics.Count == 0, $"expected no diagnostics, got:\n{InMemorySpecs.Ids(result)}");
        Assert.NotNull(result.Model);
    }
}
