using System.Text.RegularExpressions;
using AbiKit.Emitters;
using AbiKit.Frontend;
using AbiKit.Frontend.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AbiKit.TestSupport;

// Shared as a linked source file, not through AbiKit.TestSupport: it needs the front end, the emitters and Roslyn,
// which the other test projects and their oracles do not.

/// <summary>A hostile spec broke an invariant the front end and emitters promise.</summary>
public sealed class HostileSpecViolation(string message) : Exception(message);

/// <summary>
/// The invariants every spec, however hostile, must keep: no exception, every diagnostic inside the file it names,
/// a model unless there are errors, every generated file name a plain name inside the output directory, every
/// generated C# file parses, every accepted name a C identifier. Used by the CI property fuzzer
/// (HostileSpecFuzzTests) and by the coverage-guided fuzz target (tests/AbiKit.Fuzz). A violation throws.
/// </summary>
public static class HostileSpecOracle
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);
    private static readonly string OutDir = Path.GetFullPath("/fuzz-out");
    private static readonly Regex Identifier = new(@"^[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant);

    /// <summary>Checks a load result and, if it was accepted, the output of every emitter; returns the number of diagnostics checked.</summary>
    public static int Check(SpecLoadResult result, ISpecFileSystem files, string what)
    {
        foreach (var d in result.Diagnostics)
        {
            if (!files.TryReadText(d.Path, out var located, out _)) Fail($"{what}: {d} is located in a file that was not read");
            AssertInside(located, d, what);
        }
        if (result.Model is null)
        {
            if (!result.HasErrors) Fail($"{what}: no errors but no model");
            return result.Diagnostics.Count;
        }
        foreach (var emitter in Emitters.Emitters.All(TemplateSet.Embedded))
        {
            foreach (var file in emitter.Emit(result.Model))
            {
                string full = Path.GetFullPath(Path.Combine(OutDir, file.RelativePath));
                if (Path.IsPathRooted(file.RelativePath) || file.RelativePath.IndexOfAny(['/', '\\']) >= 0 || Path.GetDirectoryName(full) != OutDir)
                    Fail($"{what}: generated file name '{file.RelativePath}' leaves the output directory");
                // Cheap checks on every accepted spec (compiling is for the CI property run): C# parses.
                if (file.RelativePath.EndsWith(".cs", StringComparison.Ordinal))
                {
                    var errors = CSharpSyntaxTree.ParseText(file.Content, ParseOptions).GetDiagnostics().Where(x => x.Severity == DiagnosticSeverity.Error).ToList();
                    if (errors.Count > 0) Fail($"{what}: {file.RelativePath} does not parse:\n" + string.Join("\n", errors.Take(5)));
                }
            }
        }
        var m = result.Model;
        // An inline aggregate's name (outer.field, outer.3) only identifies it and never reaches C; an anonymous member has none.
        var names = m.Structs.SelectMany(x => x.Fields.Where(f => !f.Anonymous).Select(f => f.Name).Concat(x.Inline ? [] : [x.Name]))
            .Concat(m.Enums.SelectMany(e => e.Values.Select(v => v.Name).Append(e.Name)))
            .Concat(m.FlagSets.SelectMany(f => f.Flags.Select(v => v.Name).Append(f.Name)))
            .Concat(m.Handles.Select(h => h.Name)).Concat(m.Ioctls.Select(i => i.Name));
        foreach (var name in names)
        {
            if (!Identifier.IsMatch(name)) Fail($"{what}: accepted the name '{name}'");
        }
        return result.Diagnostics.Count;
    }

    // Lines as the front end counts them (LF); columns in UTF-16 units (as Roslyn), at most one past the line's end and
    // never inside a surrogate pair.
    private static void AssertInside(string text, AbiDiagnostic d, string what)
    {
        var lines = text.Split('\n');
        if (d.Position.Line < 1 || d.Position.Line > lines.Length) Fail($"{what}: {d} points at line {d.Position.Line} of {lines.Length}");
        string line = lines[d.Position.Line - 1];
        if (d.Position.Column < 1 || d.Position.Column > line.Length + 1) Fail($"{what}: {d} points at column {d.Position.Column} of a {line.Length}-unit line");
        if (d.Position.Column <= line.Length && char.IsLowSurrogate(line[d.Position.Column - 1])) Fail($"{what}: {d} points inside a surrogate pair");
    }

    private static void Fail(string message) => throw new HostileSpecViolation(message);
}

/// <summary>Spec texts held in memory, one of them replaced by a mutant; nothing is read from the disk.</summary>
public sealed class InMemorySpecFiles(IReadOnlyDictionary<string, string> texts, string mutatedPath, string mutated) : ISpecFileSystem
{
    private readonly string _mutatedPath = Path.GetFullPath(mutatedPath);

    /// <inheritdoc />
    public bool TryReadText(string path, out string text, out string error)
    {
        string full = Path.GetFullPath(path);
        bool found = full == _mutatedPath ? (text = mutated) is not null : texts.TryGetValue(full, out text!);
        text ??= "";
        error = found ? "" : "file not found";
        return found;
    }
}
