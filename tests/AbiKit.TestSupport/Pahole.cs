using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AbiKit.Model;
using Xunit.Sdk;

namespace AbiKit.TestSupport;

/// <summary>What kind of unused space pahole reported.</summary>
public enum PaholeHoleKind
{
    /// <summary><c>/* XXX N bytes hole, try to pack */</c>: bytes between two members.</summary>
    Hole,

    /// <summary><c>/* XXX N bits hole, try to pack */</c>: unused bits after a bit-field.</summary>
    BitHole,

    /// <summary><c>/* padding: N */</c>: tail padding bytes after the last member.</summary>
    Padding,

    /// <summary><c>/* bit_padding: N bits */</c>: unused bits at the end.</summary>
    BitPadding,
}

/// <summary>One hole or padding pahole found.</summary>
/// <param name="TypeName">The top-level type, e.g. <c>struct drm_gem_close</c> (holes in nested anonymous members are attributed to it).</param>
/// <param name="Kind">Hole, bit hole, padding or bit padding.</param>
/// <param name="Amount">Bytes, or bits for <see cref="PaholeHoleKind.BitHole"/> and <see cref="PaholeHoleKind.BitPadding"/>.</param>
/// <param name="AfterMember">The member printed just before the hole, if any.</param>
/// <param name="Line">pahole's line, trimmed.</param>
public sealed record PaholeHole(string TypeName, PaholeHoleKind Kind, int Amount, string? AfterMember, string Line)
{
    /// <summary>A one-line description such as <c>struct foo: 3 bytes hole after 'a'</c>.</summary>
    public override string ToString()
    {
        var unit = Kind is PaholeHoleKind.BitHole or PaholeHoleKind.BitPadding ? "bits" : "bytes";
        var what = Kind is PaholeHoleKind.Hole or PaholeHoleKind.BitHole ? "hole" : "tail padding";
        var after = AfterMember is null ? string.Empty : $" after '{AfterMember}'";
        return string.Create(CultureInfo.InvariantCulture, $"{TypeName}: {Amount} {unit} {what}{after}");
    }
}

/// <summary>
/// Runs pahole (DWARF struct layout dumper) to find holes and padding, e.g. to assert that
/// generated uapi headers have none. pahole only sees types present in the object's debug
/// info, so <see cref="FindHolesInHeaders"/> declares one variable of each struct.
/// </summary>
public static partial class Pahole
{
    /// <summary>Runs <c>pahole</c> on an object file built with <c>-g</c> and returns its output.</summary>
    /// <param name="objectFile">The ELF object or executable.</param>
    /// <returns>pahole's stdout.</returns>
    /// <exception cref="NativeToolchainException">pahole failed or is missing.</exception>
    public static string Run(string objectFile)
    {
        ArgumentException.ThrowIfNullOrEmpty(objectFile);
        return NativeToolchain.Run(NativeToolchain.Pahole, [Path.GetFullPath(objectFile)]).EnsureSuccess().StandardOutput;
    }

    /// <summary>
    /// Parses pahole output: <c>XXX … hole</c> lines (holes, bit holes), <c>padding:</c> and
    /// <c>bit_padding:</c> lines. Ignores the summaries and <c>XXX last struct has … padding</c>
    /// notes (that padding belongs to the member's own type and is reported there).
    /// </summary>
    /// <param name="paholeOutput">pahole's stdout.</param>
    /// <returns>Every hole and padding, in output order.</returns>
    public static IReadOnlyList<PaholeHole> Parse(string paholeOutput)
    {
        ArgumentNullException.ThrowIfNull(paholeOutput);
        var holes = new List<PaholeHole>();
        string? type = null;
        string? lastMember = null;
        foreach (var raw in Snapshot.NormaliseLineEndings(paholeOutput).Split('\n'))
        {
            var open = TypeOpen().Match(raw);
            if (open.Success)
            {
                type = open.Groups[1].Value + " " + open.Groups[2].Value;
                lastMember = null;
                continue;
            }

            if (raw.StartsWith("};", StringComparison.Ordinal))
            {
                type = null;
                continue;
            }

            if (type is null)
            {
                continue;
            }

            var line = raw.Trim();
            var member = MemberLine().Match(line);
            if (member.Success)
            {
                lastMember = member.Groups[1].Value;
                continue;
            }

            var hole = HoleLine().Match(line);
            if (hole.Success)
            {
                var kind = hole.Groups[2].Value.StartsWith("bit", StringComparison.Ordinal) ? PaholeHoleKind.BitHole : PaholeHoleKind.Hole;
                holes.Add(new PaholeHole(type, kind, int.Parse(hole.Groups[1].Value, CultureInfo.InvariantCulture), lastMember, line));
                continue;
            }

            var padding = PaddingLine().Match(line);
            if (padding.Success)
            {
                var kind = padding.Groups[1].Value == "bit_padding" ? PaholeHoleKind.BitPadding : PaholeHoleKind.Padding;
                holes.Add(new PaholeHole(type, kind, int.Parse(padding.Groups[2].Value, CultureInfo.InvariantCulture), lastMember, line));
            }
        }

        return holes;
    }

    /// <summary>Runs pahole on an object file and parses the holes.</summary>
    /// <param name="objectFile">An object built with <c>-g</c>.</param>
    /// <returns>Every hole and padding.</returns>
    public static IReadOnlyList<PaholeHole> FindHoles(string objectFile) => Parse(Run(objectFile));

    /// <summary>
    /// The C file <see cref="FindHolesInHeaders"/> compiles: the includes plus one global variable of
    /// each struct, so every struct is in the DWARF.
    /// </summary>
    /// <param name="includes">Headers, spelled as for <see cref="LayoutProbe.Measure"/>.</param>
    /// <param name="structNames">Struct tags (without <c>struct</c>).</param>
    public static string GenerateTranslationUnit(IEnumerable<string> includes, IEnumerable<string> structNames)
    {
        var sb = new StringBuilder();
        sb.AppendLine("/* Generated by AbiKit.TestSupport.Pahole: puts each struct into the debug info. */");
        foreach (var include in includes)
        {
            sb.Append("#include ").AppendLine(LayoutProbe.IncludeSpelling(include));
        }

        var n = 0;
        foreach (var name in structNames)
        {
            sb.Append("struct ").Append(name).Append(" abikit_pahole_").Append(n++.ToString(CultureInfo.InvariantCulture)).AppendLine(";");
        }

        return sb.ToString();
    }

    /// <summary>
    /// Compiles a file that includes <paramref name="includes"/> and declares one variable of each
    /// struct (that ABI's compiler, <c>-g -c</c>; pahole only reads the DWARF), runs pahole and returns the holes and
    /// padding of exactly those structs.
    /// </summary>
    /// <param name="includes">Headers to include.</param>
    /// <param name="structNames">Struct tags to inspect (without <c>struct</c>).</param>
    /// <param name="arch">ABI to compile for.</param>
    /// <param name="extraFlags">More gcc flags, e.g. <c>-I…</c>.</param>
    /// <returns>Holes and padding in the requested structs.</returns>
    /// <exception cref="NativeToolchainException">Compiling or pahole failed, or pahole did not print a requested struct.</exception>
    public static IReadOnlyList<PaholeHole> FindHolesInHeaders(
        IEnumerable<string> includes,
        IEnumerable<string> structNames,
        Arch arch,
        IEnumerable<string>? extraFlags = null)
    {
        var names = structNames.Distinct(StringComparer.Ordinal).ToList();
        var source = GenerateTranslationUnit(includes, names);
        var dir = NativeToolchain.CreateTempDirectory("pahole");
        var obj = Path.Combine(dir, "types.o");
        NativeToolchain.CompileC(arch, source, obj, ["-std=gnu11", "-g", "-c", .. extraFlags ?? []]);
        var output = Run(obj);
        var printed = Snapshot.NormaliseLineEndings(output).Split('\n')
            .Select(l => TypeOpen().Match(l))
            .Where(m => m.Success && m.Groups[1].Value == "struct")
            .Select(m => m.Groups[2].Value)
            .ToHashSet(StringComparer.Ordinal);
        var absent = names.Where(n => !printed.Contains(n)).ToList();
        if (absent.Count > 0)
        {
            throw new NativeToolchainException(
                $"pahole printed no layout for struct {string.Join(", struct ", absent)} (object kept in {dir}). pahole output:\n{output}");
        }

        NativeToolchain.DeleteTempDirectory(dir);
        var wanted = names.Select(n => "struct " + n).ToHashSet(StringComparer.Ordinal);
        return Parse(output).Where(h => wanted.Contains(h.TypeName)).ToList();
    }

    /// <summary>Asserts the structs have no holes and no tail padding (bit-level included), listing all of them otherwise.</summary>
    /// <param name="includes">Headers to include.</param>
    /// <param name="structNames">Struct tags to inspect.</param>
    /// <param name="arch">ABI to compile for.</param>
    /// <param name="extraFlags">More gcc flags.</param>
    /// <exception cref="XunitException">Some struct has a hole or padding.</exception>
    public static void AssertNoHoles(
        IEnumerable<string> includes,
        IEnumerable<string> structNames,
        Arch arch,
        IEnumerable<string>? extraFlags = null)
    {
        var holes = FindHolesInHeaders(includes, structNames, arch, extraFlags);
        if (holes.Count > 0)
        {
            throw new XunitException(
                $"pahole found {holes.Count} hole(s)/padding on {arch.Name()}:\n  - " + string.Join("\n  - ", holes));
        }
    }

    [GeneratedRegex(@"^(struct|union)\s+([A-Za-z_][A-Za-z0-9_]*)\s*\{", RegexOptions.CultureInvariant)]
    private static partial Regex TypeOpen();

    // A member line: "type name;" or "type name:bits;" followed by the offset/size comment.
    [GeneratedRegex(@"([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])*(?::\d+)?\s*;\s*/\*", RegexOptions.CultureInvariant)]
    private static partial Regex MemberLine();

    [GeneratedRegex(@"XXX\s+(\d+)\s+(bytes?|bits?)\s+hole", RegexOptions.CultureInvariant)]
    private static partial Regex HoleLine();

    [GeneratedRegex(@"^/\*\s*(padding|bit_padding):\s*(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex PaddingLine();
}
