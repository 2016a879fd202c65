using System.Text.RegularExpressions;

namespace AbiKit.Import;

/// <summary>One <c>#define</c> as the preprocessor saw it.</summary>
/// <param name="Name">Macro name.</param>
/// <param name="Parameters">Parameter list text of a function-like macro (<c>(nr, type)</c>); null for object-like.</param>
/// <param name="Body">Replacement text, whitespace as the preprocessor normalised it.</param>
/// <param name="File">Header that defines it.</param>
/// <param name="Line">Line of the <c>#define</c>.</param>
internal sealed record MacroDefinition(string Name, string? Parameters, string Body, string File, int Line);

/// <summary>
/// The macros a set of headers defines, in definition order, read from the preprocessor itself (<c>gcc -E -dD</c>,
/// whose line markers say which file and line each <c>#define</c> comes from): no hand-written preprocessor.
/// </summary>
internal sealed partial class MacroTable
{
    private MacroTable(IReadOnlyList<MacroDefinition> all, IReadOnlyList<(MacroDefinition First, MacroDefinition Second)> redefinitions)
    {
        All = all;
        Redefinitions = redefinitions;
    }

    /// <summary>Every macro defined (and not undefined again) by any file, in definition order.</summary>
    public IReadOnlyList<MacroDefinition> All { get; }

    /// <summary>Macros defined twice (the later definition wins, as in C).</summary>
    public IReadOnlyList<(MacroDefinition First, MacroDefinition Second)> Redefinitions { get; }

    /// <summary>Preprocesses <paramref name="source"/> with <paramref name="gcc"/> and collects its macros.</summary>
    public static MacroTable Read(string gcc, string source, IEnumerable<string> flags)
    {
        var (code, stdout, stderr) = NativeTool.Run(gcc, ["-E", "-dD", .. flags, source]);
        if (code != 0) throw new NativeToolException($"{gcc} -E failed:\n{stderr.Trim()}");
        return Parse(stdout);
    }

    /// <summary>Parses <c>gcc -E -dD</c> output.</summary>
    public static MacroTable Parse(string preprocessed)
    {
        var defined = new Dictionary<string, MacroDefinition>(StringComparer.Ordinal);
        var order = new List<string>();
        var redefinitions = new List<(MacroDefinition, MacroDefinition)>();
        string file = "";
        int line = 0;
        foreach (var raw in preprocessed.Split('\n'))
        {
            var marker = LineMarker().Match(raw);
            if (marker.Success)
            {
                line = int.Parse(marker.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                file = marker.Groups[2].Value;
                continue;
            }

            var define = Define().Match(raw);
            if (define.Success)
            {
                var m = new MacroDefinition(define.Groups[1].Value, define.Groups[2].Success ? define.Groups[2].Value : null, define.Groups[3].Value.Trim(), file, line);
                if (defined.TryGetValue(m.Name, out var old))
                {
                    if (old.Body != m.Body || old.Parameters != m.Parameters) redefinitions.Add((old, m));
                    order.Remove(m.Name);
                }

                defined[m.Name] = m;
                order.Add(m.Name);
            }
            else if (Undef().Match(raw) is { Success: true } undef)
            {
                defined.Remove(undef.Groups[1].Value);
                order.Remove(undef.Groups[1].Value);
            }

            line++;
        }

        return new MacroTable(order.Select(n => defined[n]).ToList(), redefinitions);
    }

    [GeneratedRegex(@"^# (\d+) ""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LineMarker();

    [GeneratedRegex(@"^#define ([A-Za-z_][A-Za-z0-9_]*)(\([^)]*\))?(?: (.*))?$")]
    private static partial Regex Define();

    [GeneratedRegex(@"^#undef ([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Undef();
}
