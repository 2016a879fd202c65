using System.Globalization;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Syntax;

namespace AbiKit.Import;

/// <summary>
/// Turns what the preprocessor and castxml read into spec JSON: macros into request codes, flag sets and constants
/// (this file); C enums, structs and unions into the spec's types (<c>SpecBuilder.Types.cs</c>). Every declaration
/// of the imported headers ends in the spec or in a located diagnostic.
/// </summary>
internal sealed partial class SpecBuilder
{
    // Helpers a generated header defines itself for its ioctl style, never taken over as constants.
    private static readonly HashSet<string> DrmHelpers = new(StringComparer.Ordinal) { "DRM_IO", "DRM_IOR", "DRM_IOW", "DRM_IOWR" };

    private readonly ImportRequest _request;
    private readonly HashSet<string> _own;
    private readonly MacroTable _macros;
    private readonly string _workDir;
    private readonly List<AbiDiagnostic> _diagnostics;
    private readonly KernelDoc _docs = new();
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);
    private ProbeUnit _probe = null!;
    private TypeMapper _types = null!;

    public SpecBuilder(ImportRequest request, HashSet<string> own, MacroTable macros, string workDir, List<AbiDiagnostic> diagnostics)
    {
        _request = request;
        _own = own;
        _macros = macros;
        _workDir = workDir;
        _diagnostics = diagnostics;
    }

    /// <summary>Every declaration of the imported headers and what became of it.</summary>
    public List<ImportedItem> Items { get; } = new();

    private bool IsOwn(string file) => file.Length > 0 && _own.Contains(Path.GetFullPath(file));

    private void Report(DiagnosticDescriptor d, string file, int line, string message) => _diagnostics.Add(ImportDiagnostics.At(d, file, line, message));

    private void Skip(string kind, string name, string file, int line, DiagnosticDescriptor d, string message)
    {
        Report(d, file, line, message);
        Items.Add(new ImportedItem(kind, name, file, line, d.Id));
    }

    private void Keep(string kind, string name, string file, int line) => Items.Add(new ImportedItem(kind, name, file, line));

    public string Build()
    {
        var own = _macros.All.Where(m => IsOwn(m.File)).ToList();
        foreach (var (first, second) in _macros.Redefinitions.Where(r => IsOwn(r.Second.File)))
        {
            // Where the duplicate-macro error of the format would apply: C keeps the later definition, so does the spec.
            Report(ImportDiagnostics.DuplicateMacro, second.File, second.Line,
                $"{second.Name} is defined again with another value ({first.File}:{first.Line} '{first.Body}', here '{second.Body}'); the spec keeps this one, as C does");
        }

        var requests = new List<RequestMacro>();
        var integers = new List<MacroDefinition>();
        string? guard = null;
        foreach (var m in own)
        {
            if (m.Parameters is not null)
            {
                if (!DrmHelpers.Contains(m.Name))
                    Skip("macro", m.Name, m.File, m.Line, ImportDiagnostics.MacroNotInteger, $"{m.Name}{m.Parameters} is a function-like macro; a spec declares values, not macros with parameters");
                continue;
            }

            if (m.Body.Length == 0)
            {
                if (guard is null && IsGuard(m)) guard = m.Name;
                else Skip("macro", m.Name, m.File, m.Line, ImportDiagnostics.MacroNotInteger, $"{m.Name} is defined empty (a switch for the preprocessor); a spec has no such macro");
                continue;
            }

            if (RequestMacro.TryParse(m) is { } r) requests.Add(r);
            integers.Add(m);
        }

        _probe = ProbeUnit.Run(_request, _workDir, integers, requests.Where(r => r.TypeText is not null).Select(r => (r.Macro.Name, r.TypeText!)).ToList());
        _types = new TypeMapper(_probe.Document);
        PlanTypedefs();
        foreach (var m in integers.Where(m => _probe.Rejected.ContainsKey(m.Name)))
        {
            Skip("macro", m.Name, m.File, m.Line, ImportDiagnostics.MacroNotInteger,
                $"{m.Name} ({m.Body}) is not an integer constant expression the compiler accepts here ({_probe.Rejected[m.Name]}); a spec's constants are integers");
        }

        requests.RemoveAll(r => !_probe.Values.ContainsKey(r.Macro.Name));
        var spec = new JsonObject
        {
            ["$schema"] = "./abikit.schema.json",
            ["family"] = _request.Family ?? FamilyName(_request.Headers[0]),
            ["doc"] = $"Imported from {string.Join(", ", _request.Headers.Select(Path.GetFileName))} by abikit import: structs, unions, enums, #define constants and request codes keep the kernel's names; semantics are the author's to add.",
            ["version"] = 1,
        };
        if (License() is { } license) spec["license"] = license;
        string header = Path.GetFileName(_request.Headers[0]);
        spec["c"] = new JsonObject { ["header"] = header, ["guard"] = "ABIKIT_" + Regex.Replace(header.ToUpperInvariant(), "[^A-Z0-9]", "_") };
        if (_request.Imports.Count > 0) spec["imports"] = new JsonArray(_request.Imports.Select(i => (JsonNode)i).ToArray());

        var ioctls = BuildIoctls(requests, spec);
        var enums = BuildEnums();
        var structs = BuildStructs(ioctls);
        var typedefs = BuildTypedefs();
        var flags = BuildFlagSets(integers, structs);
        var constants = BuildConstants(integers);
        if (constants.Count > 0) spec["constants"] = constants;
        if (enums.Count > 0) spec["enums"] = enums;
        if (flags.Count > 0) spec["flags"] = flags;
        if (typedefs.Count > 0) spec["typedefs"] = typedefs;
        if (structs.Count > 0) spec["structs"] = structs;
        if (ioctls.Entries.Count > 0) spec["ioctls"] = ioctls.Entries;
        return spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private bool IsGuard(MacroDefinition m)
    {
        for (int line = m.Line - 1; line >= 1 && line >= m.Line - 3; line--)
        {
            if (Regex.IsMatch(_docs.Line(m.File, line), @"^\s*#\s*ifndef\s+" + Regex.Escape(m.Name) + @"\b")) return true;
        }

        return false;
    }

    private string? License()
    {
        var spdx = Regex.Match(_docs.Line(Path.GetFullPath(_request.Headers[0]), 1), @"SPDX-License-Identifier:\s*(.*?)\s*(\*/)?\s*$");
        string? license = spdx.Success ? spdx.Groups[1].Value.Trim('(', ')', ' ') : null;
        return license is { Length: > 0 } && Regex.IsMatch(license, @"^[A-Za-z0-9.+\- ()]+$") ? license : null;
    }

    private static string FamilyName(string header)
    {
        string stem = Path.GetFileNameWithoutExtension(header).ToLowerInvariant();
        stem = Regex.Replace(stem, "[^a-z0-9]+", "-").Trim('-');
        return stem.Length > 0 && char.IsLetter(stem[0]) ? stem : "h-" + stem;
    }

    /// <summary>The doc of a macro: a <c>/** … */</c> ending on the line before, or a comment trailing the definition.</summary>
    private string? MacroDoc(MacroDefinition m)
    {
        if (_docs.Before(m.File, m.Line) is { Summary.Length: > 0 } c) return c.Summary;
        var trailing = Regex.Match(_docs.Line(m.File, m.Line), @"/\*+<?\s*(.*?)\s*\*/\s*$");
        if (trailing.Success && trailing.Groups[1].Value.Length > 0) return trailing.Groups[1].Value;
        var line = Regex.Match(_docs.Line(m.File, m.Line), @"//+<?\s*(.*?)\s*$");
        return line.Success && line.Groups[1].Value.Length > 0 ? line.Groups[1].Value : null;
    }

    /// <summary>A value as the spec writes it: the header's own spelling when the spec's number syntax reads it to the compiler's value, else the value.</summary>
    private string? NumberText(MacroDefinition m, BigInteger value, out bool spelledWithNames)
    {
        spelledWithNames = false;
        string body = m.Body.Trim();
        if (CIntegerExpression.TryEvaluate(body, out var parsed, out _) && parsed == value) return body;
        spelledWithNames = Regex.IsMatch(body, @"(?<![0-9xX.])\b[A-Za-z_][A-Za-z0-9_]*\b") && !Regex.IsMatch(body, @"^\(?\s*'");
        if (value < long.MinValue || value > long.MaxValue) return null;
        return value < 0 ? value.ToString(CultureInfo.InvariantCulture) : "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(1, '0');
    }

    /// <summary>A C or C++ keyword, which the front end refuses as a value's name. Names C reserves for the implementation
    /// (<c>_DRM_LOCK_HELD</c>) are kept, as the kernel's header has them: the front end's lint (ABI313) reports them.</summary>
    private static bool IsReserved(string name) => ReservedWords.IsCKeyword(name);

    private void SkipReserved(string kind, string name, string file, int line)
        => Skip(kind, name, file, line, ImportDiagnostics.ReservedName,
            $"{name} is a C or C++ keyword; the spec refuses it as a macro, since generated code must not define one");

    private JsonObject? Constant(MacroDefinition m, string kind)
    {
        if (IsReserved(m.Name))
        {
            SkipReserved(kind, m.Name, m.File, m.Line);
            return null;
        }

        var value = _probe.Values[m.Name];
        string? text = NumberText(m, value, out bool withNames);
        if (text is null)
        {
            Skip(kind, m.Name, m.File, m.Line, ImportDiagnostics.MacroNotInteger, $"{m.Name} is {value}, outside the signed 64-bit range a spec constant holds");
            return null;
        }

        if (withNames)
        {
            // Where C expressions naming other macros would be written once the format reads them.
            Report(ImportDiagnostics.MacroExpression, m.File, m.Line, $"{m.Name} is spelled '{m.Body}'; the spec cannot name other macros in a value yet, so it holds the compiler's value {text}");
        }

        Keep(kind, m.Name, m.File, m.Line);
        var o = new JsonObject { ["name"] = m.Name, ["value"] = text };
        if (MacroDoc(m) is { } doc) o["doc"] = doc;
        return o;
    }

    private JsonArray BuildConstants(List<MacroDefinition> integers)
    {
        var constants = new JsonArray();
        var shifts = integers.Where(m => m.Name.EndsWith("_SHIFT", StringComparison.Ordinal)).Select(m => m.Name[..^6]).ToHashSet(StringComparer.Ordinal);
        foreach (var m in integers.Where(m => !_consumed.Contains(m.Name) && _probe.Values.ContainsKey(m.Name)))
        {
            if (m.Name.EndsWith("_MASK", StringComparison.Ordinal) && shifts.Contains(m.Name[..^5]))
            {
                // Where multi-bit fields of a flag word would be mapped once the format has them.
                Report(ImportDiagnostics.MultiBitFlagField, m.File, m.Line,
                    $"{m.Name} with {m.Name[..^5]}_SHIFT is a multi-bit field inside a flag word; the spec has no such field yet, so both are plain constants");
            }

            if (Constant(m, "macro") is { } c) constants.Add(c);
        }

        foreach (var (c, item) in _anonymousEnumConstants) constants.Add(c);

        return constants;
    }
}
