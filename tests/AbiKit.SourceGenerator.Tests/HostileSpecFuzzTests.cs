using System.Globalization;
using System.Text;
using AbiKit.Emitters;
using AbiKit.Emitters.C;
using AbiKit.Frontend;
using AbiKit.Model;
using AbiKit.TestSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AbiKit.SourceGenerator.Tests;

/// <summary>
/// A deterministic mutation fuzzer over the shipped specs, run through the front end, both emitters and the source
/// generator. For every mutant the invariants of <see cref="HostileSpecOracle"/>; for a sample of the accepted ones, the C compiles with gcc and the C# with Roslyn.
/// CI runs <see cref="DefaultCases"/> mutants; <c>ABIKIT_FUZZ_CASES=24000</c> (and <c>ABIKIT_FUZZ_SEED</c>) run more.
/// </summary>
public class HostileSpecFuzzTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private const int DefaultCases = 1500;

    // JSON texts a spec author (or attacker) could put anywhere: injections, path escapes, huge and overflowing numbers.
    private static readonly string[] Tokens =
    [
        "\"u64\"", "\"inout\"", "\"ptr\"", "0", "-1", "16383", "16384", "null", "true", "[]", "{}", "\"\"",
        "\"gem_handle\"", "\"drm_gem_close\"", "\"none\"",
        "\"a\\n\"", "\"x\\u2028y\"", "\"x\\u2029#error injected\"", "\"x\\u0085y\"", "\"*/ #error injected /*\"",
        "\"\\u0001\\u007f\\u009b\"", "\"a\\\\\"", "\"\\r#error injected\"", "\"<b>&amp;</b>\"", "\"\\ud800\"", "\"\\ufffe\"",
        "\"int\"", "\"class\"", "\"struct\"", "\"../../escape.abi.json\"", "\"/dev/zero\"", "\"C:\\\\x.h\"",
        "\"1<<2147483648\"", "\"1<<63\"", "18446744073709551615", "\"0xFFFFFFFFFFFFFFFFFF\"", "1e400", "-0",
        "\"" + new string('9', 400) + "\"", new string('7', 300), "\"(" + new string('(', 300) + "1" + new string(')', 301) + "\"",
        new string('[', 80) + new string(']', 80),
    ];

    private static readonly string[] Families = Repo.ShippedFamilies.ToArray();
    private static readonly Dictionary<string, string> Texts = Families.ToDictionary(f => Repo.Spec(f), f => File.ReadAllText(Repo.Spec(f)));

    [Fact]
    public void Mutated_shipped_specs_hold_every_invariant()
    {
        int cases = int.TryParse(Environment.GetEnvironmentVariable("ABIKIT_FUZZ_CASES"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : DefaultCases;
        int seed = int.TryParse(Environment.GetEnvironmentVariable("ABIKIT_FUZZ_SEED"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : 20261202;
        // Compiling is the slow part: CI compiles a sample of the accepted mutants whose output is new.
        int compileBudget = cases > DefaultCases ? int.MaxValue : 6;
        var random = new Random(seed);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stats = new Stats();
        string dir = NativeToolchain.CreateTempDirectory("abikit-fuzz");
        for (int i = 0; i < cases; i++)
        {
            string path = Families[random.Next(Families.Length)] is var family ? Repo.Spec(family) : "";
            string mutated = Mutate(Texts[path], random);
            string what = $"mutant {i} (seed {seed}) of {Path.GetFileName(path)}";
            var result = Check(path, mutated, what, stats);
            if (i % 100 == 0)
            {
                RunGenerator(path, mutated, what);
                stats.GeneratorRuns++;
            }
            if (result.Model is null) continue;
            stats.Accepted++;
            if (stats.CCompiled < compileBudget || stats.CsCompiled < compileBudget)
            {
                var all = result.Imports.Append(result.Model).ToList();
                string output = new CHeaderEmitter(TemplateSet.Embedded).Emit(result.Model).Single().Content
                    + string.Concat(Emitters.Emitters.CSharp(TemplateSet.Embedded).SelectMany(e => e.Emit(result.Model)).Select(x => x.Content));
                if (!seen.Add(output)) continue;
                if (stats.CCompiled < compileBudget) CompileC(all, dir, what, stats);
                if (stats.CsCompiled < compileBudget) CompileCSharp(all, what, stats);
            }
        }
        NativeToolchain.DeleteTempDirectory(dir);
        log.WriteLine($"{cases} mutants (seed {seed}): {stats}");
        // The fuzzer must reach the back ends, or the invariants above were never tested.
        Assert.True(stats.Accepted > 0 && stats.CCompiled > 0 && stats.CsCompiled > 0 && stats.Diagnostics > 0, stats.ToString());
    }

    // The unmutated specs first: an invariant that a shipped spec breaks is a wrong oracle (or a wrong spec), and
    // would otherwise only show as a random mutant's failure (as inline aggregates' names once did).
    [Theory]
    [MemberData(nameof(ShippedFamilies))]
    public void Shipped_spec_holds_every_invariant(string family)
    {
        var stats = new Stats();
        var result = Check(Repo.Spec(family), Texts[Repo.Spec(family)], family, stats);
        Assert.NotNull(result.Model);
    }

    public static TheoryData<string> ShippedFamilies() => [.. Families];

    private sealed class Stats
    {
        public int Accepted, CCompiled, CsCompiled, Diagnostics, GeneratorRuns;

        public override string ToString()
            => $"accepted {Accepted}, C compiled {CCompiled}, C# compiled {CsCompiled}, source generator runs {GeneratorRuns}, diagnostics checked {Diagnostics}";
    }

    // The invariants are shared with the coverage-guided fuzz target (tests/AbiKit.Fuzz).
    private static SpecLoadResult Check(string path, string text, string what, Stats stats)
    {
        var files = new InMemorySpecFiles(Texts, path, text);
        var result = new SpecLoader(files).LoadText(path, text);
        stats.Diagnostics += HostileSpecOracle.Check(result, files, what);
        return result;
    }

    private static void CompileC(IReadOnlyList<AbiFamily> families, string dir, string what, Stats stats)
    {
        foreach (var f in families) File.WriteAllText(Path.Combine(dir, f.C.FileName), new CHeaderEmitter(TemplateSet.Embedded).Emit(f).Single().Content);
        try
        {
            // Anonymous and flexible array members are C11 and C99 (as in the kernel's headers): such a header is held to C11,
            // as CHeaderCompilerTests hold the shipped ones.
            string standard = families.SelectMany(f => f.Structs).SelectMany(x => x.Fields).Any(x => x.Anonymous || x.Flexible) ? "-std=c11" : "-std=c90";
            NativeToolchain.CompileC($"#include \"{families[^1].C.FileName}\"\nint abikit_unused;\n", Path.Combine(dir, "fuzz.o"),
                standard, "-pedantic", "-Wall", "-Wextra", "-Werror", "-c", "-I" + dir).EnsureSuccess();
        }
        catch (NativeToolchainException ex)
        {
            Assert.Fail($"{what}: the accepted spec's C header does not compile:\n{ex.Message}");
        }
        stats.CCompiled++;
    }

    private static void CompileCSharp(IReadOnlyList<AbiFamily> families, string what, Stats stats)
    {
        var trees = families.SelectMany(f => Emitters.Emitters.CSharp(TemplateSet.Embedded).SelectMany(e => e.Emit(f)))
            .Select(x => CSharpSyntaxTree.ParseText(x.Content, GeneratorHarness.ParseOptions, x.RelativePath));
        var compilation = CSharpCompilation.Create("Fuzz", trees, GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, warningLevel: 9999));
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        var problems = emit.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(emit.Success && problems.Count == 0, $"{what}: the accepted spec's C# does not compile cleanly:\n" + string.Join("\n", problems.Take(10)));
        stats.CsCompiled++;
    }

    // Inside the compiler: no exception escapes the generator (CS8785), nothing is reported as an AbiKit bug (ABI000),
    // and every diagnostic's span lies inside its AdditionalFile.
    private static void RunGenerator(string path, string text, string what)
    {
        var texts = Texts.Select(t => (AdditionalText)new InMemoryAdditionalText(t.Key, t.Key == path ? text : t.Value));
        var driver = GeneratorHarness.Driver(texts).RunGenerators(GeneratorHarness.Compilation());
        var run = driver.GetRunResult();
        Assert.True(run.Results.All(r => r.Exception is null), $"{what}: the generator threw");
        foreach (var d in run.Diagnostics)
        {
            Assert.False(d.Id is "ABI000" or "CS8785", $"{what}: {d}");
            var span = d.Location.SourceSpan;
            string file = d.Location.GetLineSpan().Path;
            string content = file == path ? text : Texts.TryGetValue(file, out var other) ? other : "";
            Assert.True(span.Start >= 0 && span.End <= content.Length, $"{what}: {d} has span {span} outside its {content.Length}-character file");
        }
    }

    private static string Mutate(string text, Random random)
    {
        int rounds = random.Next(1, 4);
        for (int r = 0; r < rounds; r++) text = MutateOnce(text, random);
        return text;
    }

    private static string MutateOnce(string text, Random random)
    {
        if (text.Length == 0) return Tokens[random.Next(Tokens.Length)];
        int at = random.Next(text.Length);
        switch (random.Next(8))
        {
            case 0: return text.Remove(at, Math.Min(random.Next(1, 40), text.Length - at));
            case 1: return text.Insert(at, Tokens[random.Next(Tokens.Length)]);
            case 2: return ReplaceValue(text, at, Tokens[random.Next(Tokens.Length)]);
            case 3: return ReplaceValue(text, at, Tokens[random.Next(Tokens.Length)]);
            case 4: return ReplaceString(text, at, random);
            case 5:
            {
                // Duplicate a chunk: repeated members, keys and nesting.
                int length = Math.Min(random.Next(1, 400), text.Length - at);
                int to = random.Next(text.Length);
                return text.Insert(to, text.Substring(at, length));
            }
            case 6: return random.Next(10) == 0 ? text.Replace("\n", "") : text.Substring(0, at);
            default:
            {
                var sb = new StringBuilder(text);
                sb[at] = (char)random.Next(0x20, 0x7F);
                return sb.ToString();
            }
        }
    }

    // Replace the JSON value after the next colon with a token.
    private static string ReplaceValue(string text, int at, string token)
    {
        int colon = text.IndexOf(':', at);
        if (colon < 0) return text;
        int end = text.IndexOfAny([',', '}', ']'], colon);
        return end < 0 ? text : text.Substring(0, colon + 1) + " " + token + text.Substring(end);
    }

    // Append a hostile tail to the next string (a name, a doc, a type): "gem_handle" becomes "gem_handle\n".
    private static string ReplaceString(string text, int at, Random random)
    {
        int open = text.IndexOf('"', at);
        if (open < 0) return text;
        int close = text.IndexOf('"', open + 1);
        if (close < 0) return text;
        string[] tails = ["\\n", "\\u2028", "\\u2029", "\\r", "\\u0085", "*/", "/*", "\\u0000", "\\t", "\\\\", " ", "<", "&", "\\u00e9", "\\ud83d\\ude00", "??/"];
        return text.Insert(close, tails[random.Next(tails.Length)]);
    }
}
