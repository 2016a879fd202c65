using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AbiKit.Import;

/// <summary>
/// The one translation unit castxml reads: the headers, then one enum per integer macro
/// (<c>enum abikit_v_N { abikit_v_N = (MACRO), abikit_s_N = ((MACRO) &lt; 0) };</c>, so the compiler evaluates the
/// macro and castxml prints the value; the second enumerator tells a negative value from a large unsigned one) and one
/// typedef per request macro's argument type (<c>typedef ARG abikit_a_N;</c>, so the compiler names and sizes it).
/// Probes the compiler rejects (strings, types, casts to pointers) are dropped and castxml is run again; the
/// compiler's message says why each one was dropped. Nothing is executed but castxml.
/// </summary>
internal sealed partial class ProbeUnit
{
    private const int MaxRounds = 4;

    /// <summary>The values the compiler gave each probed macro, by name.</summary>
    public Dictionary<string, System.Numerics.BigInteger> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Why the compiler rejected a macro as an integer, by name.</summary>
    public Dictionary<string, string> Rejected { get; } = new(StringComparer.Ordinal);

    /// <summary>The castxml type id of each probed argument type, by request macro name.</summary>
    public Dictionary<string, string> ArgumentTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>Why the compiler rejected an argument type, by request macro name.</summary>
    public Dictionary<string, string> RejectedArguments { get; } = new(StringComparer.Ordinal);

    /// <summary>The declarations castxml read.</summary>
    public CastXmlDocument Document { get; private set; } = null!;

    /// <summary>Builds and reads the unit.</summary>
    /// <param name="request">Tools, headers, include directories.</param>
    /// <param name="workDir">Where the probe files are written.</param>
    /// <param name="macros">Object-like macros to evaluate.</param>
    /// <param name="arguments">Request macro name → its argument type's text.</param>
    public static ProbeUnit Run(ImportRequest request, string workDir, IReadOnlyList<MacroDefinition> macros, IReadOnlyList<(string Macro, string TypeText)> arguments)
    {
        var unit = new ProbeUnit();
        var liveMacros = macros.Select(m => m.Name).ToList();
        var liveArgs = arguments.ToList();
        string source = Path.Combine(workDir, "abikit_import_probe.c");
        string output = Path.Combine(workDir, "abikit_import_probe.xml");
        for (int round = 0; ; round++)
        {
            var lines = new Dictionary<int, (bool IsArg, string Name, string Text)>();
            var sb = new StringBuilder();
            int line = 1;
            foreach (var p in request.Preludes.Concat(request.Headers))
            {
                sb.Append("#include \"").Append(Path.GetFullPath(p)).Append("\"\n");
                line++;
            }

            for (int i = 0; i < liveMacros.Count; i++)
            {
                string n = liveMacros[i];
                sb.Append(CultureInfo.InvariantCulture, $"enum abikit_v_{i} {{ abikit_v_{i} = ({n}), abikit_s_{i} = (({n}) < 0) }};\n");
                lines[line++] = (false, n, "");
            }

            for (int i = 0; i < liveArgs.Count; i++)
            {
                sb.Append(CultureInfo.InvariantCulture, $"typedef {liveArgs[i].TypeText} abikit_a_{i};\n");
                lines[line++] = (true, liveArgs[i].Macro, liveArgs[i].TypeText);
            }

            File.WriteAllText(source, sb.ToString());
            var args = new List<string> { "--castxml-output=1", "--castxml-cc-gnu-c", request.Gcc };
            foreach (var dir in request.IncludeDirectories) args.Add("-I" + Path.GetFullPath(dir));
            args.AddRange(["-w", "-ferror-limit=0", source, "-o", output]);
            var (code, _, stderr) = NativeTool.Run(request.CastXml, args, workDir);
            if (code == 0)
            {
                unit.Document = CastXmlDocument.Parse(File.ReadAllText(output));
                unit.Collect(liveMacros, liveArgs);
                return unit;
            }

            // Which probe lines the compiler refused; an error anywhere else means the headers themselves do not compile.
            var failed = new Dictionary<int, string>();
            var other = new List<string>();
            foreach (Match m in ErrorLine().Matches(stderr))
            {
                string file = m.Groups[1].Value;
                int at = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                if (Path.GetFileName(file) == Path.GetFileName(source) && lines.ContainsKey(at)) failed.TryAdd(at, m.Groups[3].Value.Trim());
                else other.Add(m.Value.Trim());
            }

            if (round == MaxRounds || failed.Count == 0 || other.Count > 0)
            {
                throw new NativeToolException("castxml could not read the headers:\n" + (other.Count > 0 ? string.Join("\n", other.Take(20)) : stderr.Trim()));
            }

            foreach (var (at, why) in failed)
            {
                var (isArg, name, _) = lines[at];
                if (isArg)
                {
                    unit.RejectedArguments[name] = why;
                    liveArgs.RemoveAll(a => a.Macro == name);
                }
                else
                {
                    unit.Rejected[name] = why;
                    liveMacros.Remove(name);
                }
            }
        }
    }

    private void Collect(List<string> macros, List<(string Macro, string TypeText)> args)
    {
        var byName = Document.Declarations.ToLookup(d => d switch { CEnum e => e.Name, CTypedef t => t.Name, _ => "" }, StringComparer.Ordinal);
        for (int i = 0; i < macros.Count; i++)
        {
            var e = byName["abikit_v_" + i.ToString(CultureInfo.InvariantCulture)].OfType<CEnum>().Single();
            var value = e.Values[0].Value;
            bool negative = e.Values[1].Value != 0;
            // castxml prints a 64-bit unsigned value above 2^63 as negative; the second enumerator says which it is.
            if (!negative && value < 0) value += System.Numerics.BigInteger.One << 64;
            Values[macros[i]] = value;
        }

        for (int i = 0; i < args.Count; i++)
        {
            var t = byName["abikit_a_" + i.ToString(CultureInfo.InvariantCulture)].OfType<CTypedef>().Single();
            ArgumentTypes[args[i].Macro] = t.TypeId;
        }
    }

    [GeneratedRegex(@"^(.*?):(\d+):\d+: (?:fatal )?error: (.*)$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();
}
