using System.Globalization;
using System.Text;
using AbiKit.Model;

namespace AbiKit.Import.Verification;

/// <summary>What <see cref="ImportVerifier"/> found.</summary>
/// <param name="Verified">The ABIs whose compiler answered.</param>
/// <param name="Measurements">How many values were compared on each of them.</param>
/// <param name="Differences">Every value the original headers and the spec disagree on: <c>i386: offsetof(struct x, y): the header
/// gives 4, the spec lays out 8</c>. Empty when the spec is faithful.</param>
/// <param name="Skipped">ABIs not verified, each with why (a compiler not installed, with its Debian package).</param>
public sealed record VerificationResult(IReadOnlyList<Arch> Verified, int Measurements, IReadOnlyList<string> Differences, IReadOnlyList<string> Skipped)
{
    /// <summary>True when every verified ABI agrees on every value.</summary>
    public bool Faithful => Differences.Count == 0;
}

/// <summary>
/// <c>abikit import --verify</c>: judges a spec by the compiler, not by the importer's own reading. The original headers
/// are compiled with each ABI's C compiler into a probe that holds, in a data section, the size and alignment of every
/// struct and union of the spec, the offset and size of every member C can name, and the value of every constant,
/// enumerator, flag and request code; the values are read back from the object (nothing built for a target runs) and
/// compared with what the laid-out model — the one every back end emits from — says on that ABI.
/// </summary>
public static class ImportVerifier
{
    private const string Section = ".abikit_verify";

    /// <summary>One value: the C expression, and what the model says it is on an ABI.</summary>
    private sealed record Measurement(string Label, string Expression, Func<Arch, ulong> Expected);

    /// <summary>Verifies <paramref name="family"/> (loaded from the spec the import wrote) against <paramref name="request"/>'s headers.</summary>
    /// <param name="request">The import's headers, preludes and include directories; its <see cref="ImportRequest.Gcc"/> compiles for x86_64.</param>
    /// <param name="family">The spec's model.</param>
    /// <param name="arches">The ABIs to verify on.</param>
    public static VerificationResult Verify(ImportRequest request, AbiFamily family, IReadOnlyList<Arch> arches)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(family);
        var measurements = Measurements(family);
        string program = Program(request, measurements);
        var verified = new List<Arch>();
        var differences = new List<string>();
        var skipped = new List<string>();
        string workDir = Directory.CreateTempSubdirectory("abikit-verify-").FullName;
        try
        {
            foreach (var arch in arches)
            {
                string compilerName = arch == Arch.X86_64 ? request.Gcc : TargetCompilers.ProgramName(arch, "gcc");
                if (TargetCompilers.Find(compilerName) is not { } compiler)
                {
                    skipped.Add($"{arch.Name()}: {compilerName} is not installed (Debian: apt-get install {TargetCompilers.Package(arch, "gcc")})");
                    continue;
                }
                var values = Measure(compiler, arch, program, request, Path.Combine(workDir, arch.Name()));
                verified.Add(arch);
                for (int i = 0; i < measurements.Count; i++)
                {
                    ulong expected = measurements[i].Expected(arch);
                    if (values[i] != expected)
                    {
                        differences.Add(string.Create(CultureInfo.InvariantCulture,
                            $"{arch.Name()}: {measurements[i].Label}: the header gives {Show(values[i])}, the spec says {Show(expected)}"));
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(workDir, recursive: true);
        }
        return new VerificationResult(verified, measurements.Count, differences, skipped);
    }

    private static ulong[] Measure(string compiler, Arch arch, string program, ImportRequest request, string dir)
    {
        Directory.CreateDirectory(dir);
        string source = Path.Combine(dir, "verify.c");
        string obj = Path.Combine(dir, "verify.o");
        File.WriteAllText(source, program);
        var args = new List<string> { "-std=gnu11", "-O0", "-c", "-w" };
        foreach (var d in request.IncludeDirectories) args.Add("-I" + Path.GetFullPath(d));
        args.AddRange([source, "-o", obj]);
        var (exit, _, stderr) = NativeTool.Run(compiler, args);
        if (exit != 0) throw new NativeToolException($"{Path.GetFileName(compiler)} cannot compile the headers for {arch.Name()} (exit {exit}):\n{stderr.TrimEnd()}");
        var (elfArch, values) = ElfProbeSection.Read(obj, Section);
        if (elfArch != arch.Name()) throw new NativeToolException($"{compiler} compiled for {elfArch}, not {arch.Name()}");
        return values;
    }

    private static string Program(ImportRequest request, IReadOnlyList<Measurement> measurements)
    {
        var sb = new StringBuilder("#include <stddef.h>\n");
        foreach (var h in request.Preludes.Concat(request.Headers)) sb.Append("#include \"").Append(Path.GetFullPath(h)).Append("\"\n");
        sb.Append("static const unsigned long long abikit_verify[] __attribute__((used, section(\"").Append(Section).Append("\"))) = {\n");
        foreach (var m in measurements) sb.Append("    (unsigned long long)(").Append(m.Expression).Append("),\n");
        sb.Append("    0\n};\n");
        return sb.ToString();
    }

    private static List<Measurement> Measurements(AbiFamily family)
    {
        var list = new List<Measurement>();
        foreach (var s in family.Structs.Where(s => !s.Inline))
        {
            string type = s.CType();
            list.Add(new($"sizeof({type})", $"sizeof({type})", a => (ulong)s.Layout(a).Size));
            list.Add(new($"_Alignof({type})", $"_Alignof({type})", a => (ulong)s.Layout(a).Align));
            AddMembers(list, family, s, type, "", new List<int>());
        }
        foreach (var t in family.Typedefs)
        {
            if (TypedefSize(family, t.Target) is { } size) list.Add(new($"sizeof({t.Name})", $"sizeof({t.Name})", size));
        }
        foreach (var c in family.Constants) list.Add(new(c.Name, c.Name, _ => (ulong)c.Value));
        foreach (var e in family.Enums)
        {
            foreach (var v in e.Values) list.Add(new(v.Name, v.Name, _ => (ulong)v.Value));
        }
        foreach (var f in family.FlagSets)
        {
            // A macro like (1 << 31) is an int in C: compare within the flag word's width, as the word holds it.
            ulong width = Scalars.Size(f.Base, Arch.X86_64) >= 8 ? ulong.MaxValue : (1UL << (8 * Scalars.Size(f.Base, Arch.X86_64))) - 1;
            foreach (var flag in f.Flags) list.Add(new(flag.Name, $"({flag.Name}) & {width}ULL", _ => flag.Value & width));
            foreach (var field in f.Fields)
            {
                if (field.MaskMacro.Length > 0) list.Add(new(field.MaskMacro, $"({field.MaskMacro}) & {width}ULL", _ => field.Bits & width));
                if (field.ShiftMacro.Length > 0) list.Add(new(field.ShiftMacro, field.ShiftMacro, _ => (ulong)field.Shift));
                foreach (var v in field.Values) list.Add(new(v.Name, $"({v.Name}) & {width}ULL", _ => (ulong)v.Value & width));
            }
        }
        foreach (var io in family.Ioctls) list.Add(new(io.CodeMacro, $"({io.CodeMacro}) & 0xFFFFFFFFULL", a => io.Code(a)));
        return list;
    }

    /// <summary>The members C code names in <paramref name="s"/> (through anonymous members, and into named members declared
    /// in place), with offsets from the outermost aggregate, by designator.</summary>
    private static void AddMembers(List<Measurement> list, AbiFamily family, AbiStruct s, string type, string prefix, List<int> path)
    {
        for (int i = 0; i < s.Fields.Count; i++)
        {
            var f = s.Fields[i];
            var at = new List<int>(path) { i };
            var inner = family.Structs.FirstOrDefault(x => x.Inline && x.Name == f.Type.Name);
            if (f.Anonymous && inner is not null)
            {
                AddMembers(list, family, inner, type, prefix, at);
                continue;
            }
            string designator = prefix + f.Name;
            list.Add(new($"offsetof({type}, {designator})", $"offsetof({type}, {designator})", a => (ulong)Offset(family, a, type, at)));
            if (!f.Flexible)
            {
                list.Add(new($"sizeof({type}.{designator})", $"sizeof((({type} *)0)->{designator})", a => (ulong)Size(family, a, type, at)));
            }
            if (inner is not null && f.Count == 1 && !f.Flexible) AddMembers(list, family, inner, type, designator + ".", at);
        }
    }

    // The offset of the member reached by field indexes from the outermost aggregate, from the model's layouts.
    private static int Offset(AbiFamily family, Arch arch, string type, List<int> path)
    {
        var s = Outermost(family, type);
        int offset = 0;
        foreach (int index in path)
        {
            offset += s.Layout(arch).Fields[index].Offset;
            var f = s.Fields[index];
            s = family.Structs.FirstOrDefault(x => x.Name == f.Type.Name) ?? s;
        }
        return offset;
    }

    private static int Size(AbiFamily family, Arch arch, string type, List<int> path)
    {
        var s = Outermost(family, type);
        for (int i = 0; i < path.Count - 1; i++) s = family.Structs.First(x => x.Name == s.Fields[path[i]].Type.Name);
        return s.Layout(arch).Fields[path[^1]].Size;
    }

    private static AbiStruct Outermost(AbiFamily family, string type) => family.Structs.First(s => !s.Inline && s.CType() == type);

    // A typedef's size is its target's: an aggregate of this family (another family's is verified with that family),
    // or the scalar a value, handle or pointer is carried as.
    private static Func<Arch, ulong>? TypedefSize(AbiFamily family, TypeRef target) => target.Kind switch
    {
        TypeKind.Struct => family.Structs.FirstOrDefault(s => s.Name == target.Name) is { } s ? a => (ulong)s.Layout(a).Size : null,
        TypeKind.UserPointer => _ => 8,
        _ => a => (ulong)Scalars.Size(target.Scalar, a),
    };

    private static string Show(ulong value) => value < 10 ? value.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{value} (0x{value:X})");
}
