using AbiKit.Frontend;
using AbiKit.TestSupport;

namespace AbiKit.Frontend.Tests;

/// <summary>Broken specs must produce diagnostics, never exceptions.</summary>
public class HostileInputTests
{
    public static TheoryData<string> Families => new(Repo.ShippedFamilies);

    [Theory]
    [MemberData(nameof(Families))]
    public void Mutated_shipped_specs_never_throw(string family)
    {
        string text = File.ReadAllText(Repo.Spec(family));
        string drmCore = File.ReadAllText(Repo.Spec("drm-core"));
        var random = new Random(family.GetHashCode(StringComparison.Ordinal) ^ 20261121);
        string[] tokens = ["\"u64\"", "\"inout\"", "\"ptr\"", "0", "-1", "\"0xFFFFFFFFFFFFFFFFFF\"", "\"1<<70\"", "null", "true", "[]", "{}", "\"\"", "\"gem_handle\"", "\"drm_gem_close\"", "16384", "\"none\""];
        for (int i = 0; i < 400; i++)
        {
            string mutated = Mutate(text, random, tokens);
            var files = new InMemorySpecs().Add(Repo.Spec("drm-core"), drmCore);
            var result = files.Load(mutated, Repo.Spec(family));
            Assert.True(result.Model is not null || result.HasErrors, "a spec without errors must yield a model");
        }
    }

    private static string Mutate(string text, Random random, string[] tokens)
    {
        int at = random.Next(text.Length);
        return random.Next(4) switch
        {
            0 => text.Remove(at, Math.Min(random.Next(1, 40), text.Length - at)),
            1 => text.Insert(at, tokens[random.Next(tokens.Length)]),
            2 => ReplaceValue(text, at, tokens[random.Next(tokens.Length)]),
            _ => text.Substring(0, at),
        };
    }

    // Replace the JSON value after the next colon with a token.
    private static string ReplaceValue(string text, int at, string token)
    {
        int colon = text.IndexOf(':', at);
        if (colon < 0) return text;
        int end = text.IndexOfAny([',', '}', ']'], colon);
        return end < 0 ? text : text.Substring(0, colon + 1) + " " + token + text.Substring(end);
    }

    // Found by the coverage-guided fuzzer (scripts/fuzz.sh): with "family" missing, a check that locates a whole-spec
    // name at the family (the include guard colliding with a struct) reported it at line 0, column 0.
    [Fact]
    public void A_spec_without_family_locates_every_diagnostic_inside_the_file()
    {
        var result = InMemorySpecs.LoadOne("""
            {
              "doc": "No family.",
              "c": { "header": "tiny.h", "guard": "tiny_arg" },
              "ioctl": { "type": "t", "style": "generic" },
              "structs": [ { "name": "tiny_arg", "fields": [ { "name": "value", "type": "u64" } ] } ]
            }
            """);
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI200" && d.Message.Contains("include guard"));
        Assert.All(result.Diagnostics, d => Assert.True(d.Position.Line >= 1 && d.Position.Column >= 1, d.ToString()));
    }

    [Fact]
    public void A_flexible_array_named_like_an_earlier_field_is_a_diagnostic_not_a_crash()
    {
        // Found by AFL (scripts/fuzz.sh after the session's merges): the flexible array's checks read the syntax of the
        // first field of that name, which has no "flexible", and threw.
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "s", "fields": [
              { "name": "count", "type": "u32" }, { "name": "pad", "type": "u32", "reserved": true },
              { "name": "pad", "type": "u64", "flexible": true, "countedBy": "count" } ] } ]
            """));
        Assert.True(result.HasErrors);
        Assert.All(result.Diagnostics, d => Assert.True(d.Position.Line >= 1 && d.Position.Column >= 1, d.ToString()));
    }

    [Fact]
    public void Import_cycles_are_reported()
    {
        var files = new InMemorySpecs()
            .Add("a.abi.json", InMemorySpecs.Spec("\"imports\": [\"b.abi.json\"]", "a"))
            .Add("b.abi.json", InMemorySpecs.Spec("\"imports\": [\"a.abi.json\"]", "b"));
        var result = new SpecLoader(files).Load("a.abi.json");
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI105" && d.Message.Contains("cycle"));
    }

    [Fact]
    public void A_broken_import_is_reported_where_it_is_broken_and_where_it_is_imported()
    {
        var files = new InMemorySpecs().Add("lib.abi.json", "{ \"family\": \"lib\" ");
        var result = files.Load(InMemorySpecs.Spec("\"imports\": [\"lib.abi.json\"]"));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI100" && d.Path == "lib.abi.json");
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI105" && d.Path == "test.abi.json");
    }

    [Fact]
    public void An_import_whose_only_errors_are_lint_is_still_resolved_against()
    {
        // Real uapi imported as it is (abikit import) has lint errors that cannot be allowed: a driver's spec that
        // imports it is still resolved and laid out, with the import's errors reported where they are.
        var files = new InMemorySpecs().Add("lib.abi.json", InMemorySpecs.Spec("""
            "structs": [ { "name": "lib_legacy", "fields": [ { "name": "count", "type": "int" }, { "name": "addr", "type": "u64" } ] } ]
            """, "lib"));
        var result = files.Load(InMemorySpecs.Spec("""
            "imports": ["lib.abi.json"],
            "structs": [ { "name": "user_args", "fields": [ { "name": "legacy", "type": "lib_legacy" } ] } ]
            """));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI300" && d.Path == "lib.abi.json");
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "ABI105" or "ABI201");
        Assert.Null(result.Model);
        Assert.NotNull(result.LaidOut);
        Assert.Contains(result.LaidOut!.Structs, s => s.Name == "user_args");
    }
}
