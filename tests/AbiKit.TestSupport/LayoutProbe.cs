using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AbiKit.Import.Verification;
using AbiKit.Model;
using Xunit.Sdk;

namespace AbiKit.TestSupport;

/// <summary>Two layout reports disagree; the message lists every difference.</summary>
public sealed class LayoutMismatchException : XunitException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">The full message.</param>
    /// <param name="differences">Each difference, one per entry.</param>
    public LayoutMismatchException(string message, IReadOnlyList<string> differences)
        : base(message)
    {
        Differences = differences;
    }

    /// <summary>Each difference, one line each, as listed in the message.</summary>
    public IReadOnlyList<string> Differences { get; }
}

/// <summary>
/// The ground-truth oracle for layouts: compiles, for the report's ABI and with that ABI's own compiler, a C file that
/// includes the real headers and places <c>sizeof</c>, <c>_Alignof</c>, <c>offsetof</c>, member sizes and ioctl macro
/// values for exactly the names a <see cref="LayoutReport"/> mentions into a data section of an object file, then reads
/// them back from the ELF. Nothing built for the target is executed, so every Linux ABI can be judged on this machine.
/// </summary>
public static partial class LayoutProbe
{
    /// <summary>The section the probe's values are placed in.</summary>
    public const string SectionName = ".abikit_probe";

    /// <summary>Flags always passed to the compiler for the probe (before the caller's).</summary>
    public static IReadOnlyList<string> BaseFlags { get; } = ["-std=gnu11", "-O0", "-c"];

    /// <summary>
    /// Measures, with the compiler of <paramref name="arch"/>, every struct, field and ioctl named in <paramref name="expected"/>.
    /// Only names are taken from <paramref name="expected"/>; every number in the result comes from the compiler.
    /// </summary>
    /// <param name="expected">Usually the tool's report; its names select what is measured.</param>
    /// <param name="includes">Headers to include, in order: <c>drm.h</c> or <c>"drm.h"</c> (quoted include; pair with
    /// <c>-I/usr/include/libdrm</c>), <c>&lt;linux/dma-buf.h&gt;</c>, or an absolute path to a generated header.</param>
    /// <param name="extraFlags">More compiler flags, e.g. <c>-I/usr/include/libdrm</c> or <c>-D…</c>.</param>
    /// <param name="arch">ABI to compile for; default <c>expected.Arch</c>.</param>
    /// <returns>The compiler's report; its <see cref="LayoutReport.Arch"/> comes from the object file's ELF header.</returns>
    /// <exception cref="ArgumentException">A name is not a C identifier (field names may be designators such as <c>a.b</c>).</exception>
    /// <exception cref="NativeToolchainException">Compiling failed (e.g. an unknown struct, field or macro); the message has the compiler's errors.</exception>
    public static LayoutReport Measure(
        LayoutReport expected,
        IEnumerable<string> includes,
        IEnumerable<string>? extraFlags = null,
        Arch? arch = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var target = arch ?? expected.TargetArch;
        var program = GenerateProgram(expected, includes);
        var dir = NativeToolchain.CreateTempDirectory("layout-probe-" + target.Name());
        var obj = Path.Combine(dir, "probe.o");
        NativeToolchain.CompileC(target, program, obj, [.. BaseFlags, .. extraFlags ?? []]);
        var (elfArch, values) = ElfProbeSection.Read(obj, SectionName);
        var report = FromValues(expected, elfArch, values);
        NativeToolchain.DeleteTempDirectory(dir);
        return report;
    }

    /// <summary>Measures with <see cref="Measure"/> and asserts the result equals <paramref name="toolReport"/>.</summary>
    /// <param name="toolReport">The report printed by <c>abikit layout</c>; its arch selects the compiler.</param>
    /// <param name="includes">Headers to include; see <see cref="Measure"/>.</param>
    /// <param name="extraFlags">More compiler flags.</param>
    /// <returns>The compiler's report.</returns>
    /// <exception cref="LayoutMismatchException">Any struct, field or code differs; the message gives both numbers.</exception>
    public static LayoutReport AssertMatchesCompiler(LayoutReport toolReport, IEnumerable<string> includes, IEnumerable<string>? extraFlags = null)
    {
        var measured = Measure(toolReport, includes, extraFlags);
        AssertSame(toolReport, measured, "abikit", CrossToolchain.GccName(toolReport.TargetArch));
        return measured;
    }

    /// <summary>
    /// The C file <see cref="Measure"/> compiles: includes the headers and defines one array of 64-bit values in
    /// <see cref="SectionName"/>: per struct its size and alignment, then per field its offset and size; then per
    /// ioctl its macro's value. A field reported with size 0 is taken to be a flexible array member: its offset is
    /// measured and it is checked to be subscriptable, but its size is 0 (C cannot take its sizeof).
    /// </summary>
    /// <param name="expected">The report whose names are measured.</param>
    /// <param name="includes">Headers to include.</param>
    /// <returns>C11 (GNU) source text with no <c>main</c>.</returns>
    /// <exception cref="ArgumentException">A name is not usable in C.</exception>
    public static string GenerateProgram(LayoutReport expected, IEnumerable<string> includes)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(includes);
        ValidateNames(expected);

        var sb = new StringBuilder();
        sb.AppendLine("/* Generated by AbiKit.TestSupport.LayoutProbe: the C compiler's view of a layout report, as data in an object file. */");
        sb.AppendLine("#include <stddef.h>");
        foreach (var include in includes)
        {
            sb.Append("#include ").AppendLine(IncludeSpelling(include));
        }

        sb.AppendLine();
        foreach (var ioctl in expected.Ioctls.DistinctBy(i => i.Name))
        {
            sb.Append("#ifndef ").AppendLine(ioctl.Name);
            sb.Append("#error \"ioctl macro ").Append(ioctl.Name).AppendLine(" is not defined by the included headers\"");
            sb.AppendLine("#endif");
        }

        sb.Append("static const unsigned long long abikit_probe[] __attribute__((used, section(\"").Append(SectionName).AppendLine("\"))) = {");
        foreach (var s in expected.Structs)
        {
            var type = s.CType;
            sb.Append("    sizeof(").Append(type).Append("), _Alignof(").Append(type).AppendLine("),");
            foreach (var f in s.Fields)
            {
                var member = "((" + type + " *)0)->" + f.Name;
                var size = f.Size == 0 ? "0 * sizeof(" + member + "[0])" : "sizeof(" + member + ")";
                sb.Append("    offsetof(").Append(type).Append(", ").Append(f.Name).Append("), ").Append(size).Append(',')
                    .AppendLine(f.Size == 0 ? " /* reported size 0: must be a flexible array member, so only subscriptable members compile */" : string.Empty);
            }
        }

        foreach (var i in expected.Ioctls)
        {
            sb.Append("    (unsigned int)(").Append(i.Name).AppendLine("),");
        }

        sb.AppendLine("    0 /* end marker: keeps the array non-empty */");
        sb.AppendLine("};");
        return sb.ToString();
    }

    // Rebuilds a report from the values in GenerateProgram's order.
    private static LayoutReport FromValues(LayoutReport expected, string arch, ulong[] values)
    {
        int wanted = expected.Structs.Sum(s => 2 + (2 * s.Fields.Count)) + expected.Ioctls.Count + 1;
        if (values.Length != wanted)
        {
            throw new NativeToolchainException($"the probe section holds {values.Length} values, expected {wanted}");
        }

        int next = 0;
        int Next() => checked((int)values[next++]);
        var structs = new List<StructReport>();
        foreach (var s in expected.Structs)
        {
            int size = Next();
            int align = Next();
            var fields = new List<FieldReport>();
            foreach (var f in s.Fields)
            {
                int offset = Next();
                fields.Add(new FieldReport(f.Name, offset, Next()));
            }

            structs.Add(new StructReport(s.Name, size, align, fields, s.Kind));
        }

        var ioctls = expected.Ioctls.Select(i => IoctlReport.FromValue(i.Name, checked((uint)values[next++]))).ToList();
        return new LayoutReport(arch, structs, ioctls);
    }

    /// <summary>
    /// Every difference between two reports: arch; structs, fields and ioctls missing on either side
    /// or listed twice; size, align, offset, member size and code mismatches; field order.
    /// </summary>
    /// <param name="expected">The reference report.</param>
    /// <param name="actual">The report to check.</param>
    /// <param name="expectedLabel">What to call <paramref name="expected"/> in the messages.</param>
    /// <param name="actualLabel">What to call <paramref name="actual"/> in the messages.</param>
    /// <returns>One line per difference; empty when the reports agree.</returns>
    public static IReadOnlyList<string> Compare(LayoutReport expected, LayoutReport actual, string expectedLabel = "expected", string actualLabel = "actual")
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var e = expectedLabel;
        var a = actualLabel;
        var diffs = new List<string>();
        if (expected.Arch != actual.Arch)
        {
            diffs.Add($"arch: {e} {expected.Arch}, {a} {actual.Arch}");
        }

        ReportDuplicates(diffs, expected.Structs.Select(s => s.Name), "struct", e);
        ReportDuplicates(diffs, actual.Structs.Select(s => s.Name), "struct", a);
        var actualStructs = actual.Structs.DistinctBy(s => s.Name).ToDictionary(s => s.Name, StringComparer.Ordinal);
        foreach (var es in expected.Structs.DistinctBy(s => s.Name))
        {
            var where = "struct " + es.Name;
            if (!actualStructs.TryGetValue(es.Name, out var acs))
            {
                diffs.Add($"{where}: in {e}, missing from {a}");
                continue;
            }

            if (es.Size != acs.Size)
            {
                diffs.Add($"{where}: size {e} {es.Size}, {a} {acs.Size}");
            }

            if (es.Align != acs.Align)
            {
                diffs.Add($"{where}: align {e} {es.Align}, {a} {acs.Align}");
            }

            ReportDuplicates(diffs, es.Fields.Select(f => f.Name), where + " field", e);
            ReportDuplicates(diffs, acs.Fields.Select(f => f.Name), where + " field", a);
            var actualFields = acs.Fields.DistinctBy(f => f.Name).ToDictionary(f => f.Name, StringComparer.Ordinal);
            foreach (var ef in es.Fields.DistinctBy(f => f.Name))
            {
                if (!actualFields.TryGetValue(ef.Name, out var af))
                {
                    diffs.Add($"{where}.{ef.Name}: in {e}, missing from {a}");
                    continue;
                }

                if (ef.Offset != af.Offset)
                {
                    diffs.Add($"{where}.{ef.Name}: offset {e} {ef.Offset}, {a} {af.Offset}");
                }

                if (ef.Size != af.Size)
                {
                    diffs.Add($"{where}.{ef.Name}: size {e} {ef.Size}, {a} {af.Size}");
                }
            }

            var expectedNames = es.Fields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var af in acs.Fields.Where(f => !expectedNames.Contains(f.Name)).DistinctBy(f => f.Name))
            {
                diffs.Add($"{where}.{af.Name}: in {a}, missing from {e}");
            }

            var commonE = es.Fields.Select(f => f.Name).Where(actualFields.ContainsKey).Distinct().ToList();
            var commonA = acs.Fields.Select(f => f.Name).Where(expectedNames.Contains).Distinct().ToList();
            if (!commonE.SequenceEqual(commonA, StringComparer.Ordinal))
            {
                diffs.Add($"{where}: field order {e} [{string.Join(", ", commonE)}], {a} [{string.Join(", ", commonA)}]");
            }
        }

        var expectedStructNames = expected.Structs.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in actual.Structs.Where(s => !expectedStructNames.Contains(s.Name)).DistinctBy(s => s.Name))
        {
            diffs.Add($"struct {extra.Name}: in {a}, missing from {e}");
        }

        ReportDuplicates(diffs, expected.Ioctls.Select(i => i.Name), "ioctl", e);
        ReportDuplicates(diffs, actual.Ioctls.Select(i => i.Name), "ioctl", a);
        var actualIoctls = actual.Ioctls.DistinctBy(i => i.Name).ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var ei in expected.Ioctls.DistinctBy(i => i.Name))
        {
            if (!actualIoctls.TryGetValue(ei.Name, out var ai))
            {
                diffs.Add($"ioctl {ei.Name}: in {e}, missing from {a}");
                continue;
            }

            if (ei.Code == ai.Code)
            {
                continue;
            }

            if (ei.Value is { } ev && ev == ai.Value)
            {
                var canonical = IoctlReport.FormatCode(ev);
                var offender = ei.Code != canonical ? $"{e} '{ei.Code}'" : $"{a} '{ai.Code}'";
                diffs.Add($"ioctl {ei.Name}: same value, but {offender} is not spelled canonically as '{canonical}'");
            }
            else
            {
                diffs.Add($"ioctl {ei.Name}: code {e} {ei.Code}, {a} {ai.Code}{DescribeCodeDifference(expected.Arch, ei.Value, ai.Value)}");
            }
        }

        var expectedIoctlNames = expected.Ioctls.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in actual.Ioctls.Where(i => !expectedIoctlNames.Contains(i.Name)).DistinctBy(i => i.Name))
        {
            diffs.Add($"ioctl {extra.Name}: in {a}, missing from {e}");
        }

        return diffs;
    }

    /// <summary>Asserts two reports agree, listing every difference (not only the first) on failure.</summary>
    /// <param name="expected">The reference report (typically the tool's).</param>
    /// <param name="actual">The report to check (typically the compiler's, from <see cref="Measure"/>).</param>
    /// <param name="expectedLabel">What to call <paramref name="expected"/> in the message.</param>
    /// <param name="actualLabel">What to call <paramref name="actual"/> in the message.</param>
    /// <exception cref="LayoutMismatchException">The reports differ.</exception>
    public static void AssertSame(LayoutReport expected, LayoutReport actual, string expectedLabel = "expected", string actualLabel = "actual")
    {
        var diffs = Compare(expected, actual, expectedLabel, actualLabel);
        if (diffs.Count == 0)
        {
            return;
        }

        var sb = new StringBuilder();
        sb.Append("Layout mismatch for ").Append(expected.Arch).Append(" (").Append(expectedLabel).Append(" vs ").Append(actualLabel)
            .Append("), ").Append(diffs.Count).AppendLine(diffs.Count == 1 ? " difference:" : " differences:");
        foreach (var d in diffs)
        {
            sb.Append("  - ").AppendLine(d);
        }

        throw new LayoutMismatchException(sb.ToString().TrimEnd(), diffs);
    }

    private static string DescribeCodeDifference(string arch, uint? expected, uint? actual)
    {
        if (expected is not { } e || actual is not { } a)
        {
            return " (not 0x-prefixed 32-bit hex)";
        }

        // Only describes the difference (the verdict compares raw values): decoded in the report's ABI's encoding.
        var encoding = Arches.TryParse(arch, out var abi) ? abi.IoctlEncoding() : IoctlEncoding.Generic;
        string Decode(uint c)
        {
            var code = new IoctlCode(c, encoding);
            return string.Create(CultureInfo.InvariantCulture, $"dir {code.Direction.MacroName()}, size {code.Size}, type 0x{code.Type:X2}, nr 0x{code.Nr:X2}");
        }

        return $" ({Decode(e)} vs {Decode(a)})";
    }

    private static void ReportDuplicates(List<string> diffs, IEnumerable<string> names, string what, string label)
    {
        foreach (var g in names.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            diffs.Add($"{what} {g.Key}: listed {g.Count()} times in {label}");
        }
    }

    /// <summary>Spells an include for <c>#include</c>: <c>&lt;…&gt;</c> and <c>"…"</c> kept, anything else quoted.</summary>
    internal static string IncludeSpelling(string include)
    {
        var t = include.Trim();
        if ((t.StartsWith('<') && t.EndsWith('>')) || (t.Length >= 2 && t.StartsWith('"') && t.EndsWith('"')))
        {
            return t;
        }

        if (t.Length == 0 || t.Contains('"', StringComparison.Ordinal) || t.Contains('\n', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Bad include '{include}'.", nameof(include));
        }

        return "\"" + t + "\"";
    }

    private static void ValidateNames(LayoutReport report)
    {
        var bad = new List<string>();
        foreach (var s in report.Structs)
        {
            if (!Identifier().IsMatch(s.Name) || s.Kind is not (null or "struct" or "union"))
            {
                bad.Add($"struct name '{s.Name}' of kind '{s.Kind}' (give the bare tag, without 'struct ', and kind struct or union)");
            }

            bad.AddRange(s.Fields.Where(f => !Designator().IsMatch(f.Name)).Select(f => $"field '{f.Name}' of struct {s.Name}"));
            bad.AddRange(s.Fields.Where(f => f.Size < 0 || f.Offset < 0).Select(f => $"field '{f.Name}' of struct {s.Name} has a negative offset or size"));
        }

        bad.AddRange(report.Ioctls.Where(i => !Identifier().IsMatch(i.Name)).Select(i => $"ioctl name '{i.Name}'"));
        if (bad.Count > 0)
        {
            throw new ArgumentException("The layout report has names that are not C identifiers:\n  - " + string.Join("\n  - ", bad), nameof(report));
        }
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])*$", RegexOptions.CultureInvariant)]
    private static partial Regex Designator();
}
