using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using AbiKit.Corpus;
using AbiKit.Import.Verification;
using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.Import.Tests;

/// <summary>One measurement: a C expression the compiler evaluates, and what it means.</summary>
public sealed record Measurement(string Label, string Expression);

/// <summary>
/// The round-trip oracle: the same C expressions — sizeof and alignment of every imported struct and union, offset
/// and size of every member (through anonymous and inline members, by designator), the value of every imported macro,
/// enumerator and request code — compiled once against the original header and once against the regenerated one,
/// with the compiler of each Linux ABI, into a data section that is read back from the ELF object. Nothing built for
/// a target is run.
/// </summary>
public static class CorpusProbe
{
    private const string Section = ".abikit_probe";

    /// <summary>The measurements of one imported header, from its spec and the importer's inventory.</summary>
    public static List<Measurement> Measurements(ImportedHeader h)
    {
        var list = new List<Measurement>();
        var spec = JsonNode.Parse(File.ReadAllText(h.SpecPath))!.AsObject();
        foreach (var s in spec["structs"]?.AsArray() ?? [])
        {
            // An aggregate without a tag (typedef struct { … } name;) is spelled by its typedef name.
            string type = (bool?)s!["tag"] == false ? (string)s["name"]! : ((string?)s["kind"] ?? "struct") + " " + (string)s["name"]!;
            list.Add(new($"sizeof({type})", $"sizeof({type})"));
            list.Add(new($"_Alignof({type})", $"_Alignof({type})"));
            AddFields(list, type, s["fields"]!.AsArray(), "");
        }

        // A typedef name is its target's size and alignment in both headers (and compiles in both: the original declares it too).
        foreach (var t in spec["typedefs"]?.AsArray() ?? [])
        {
            string name = (string)t!["name"]!;
            list.Add(new($"sizeof({name})", $"sizeof({name})"));
            list.Add(new($"_Alignof({name})", $"_Alignof({name})"));
        }

        foreach (var item in h.Import.Items.Where(i => i.DiagnosticId is null && i.Kind is "macro" or "enumerator" or "ioctl"))
        {
            list.Add(new(item.Name, $"(unsigned long long)({item.Name})"));
        }

        return list;
    }

    private static void AddFields(List<Measurement> list, string type, JsonArray fields, string prefix)
    {
        foreach (var f in fields)
        {
            string? name = (string?)f!["name"];
            string designator = name is null ? prefix.TrimEnd('.') : prefix + name;
            if (name is not null)
            {
                list.Add(new($"offsetof({type}, {designator})", $"offsetof({type}, {designator})"));
                list.Add((bool?)f["flexible"] == true
                    ? new($"{type}.{designator}[0] subscriptable", $"0 * sizeof(((({type} *)0)->{designator})[0])")
                    : new($"sizeof({type}.{designator})", $"sizeof((({type} *)0)->{designator})"));
            }

            if (f["fields"] is JsonArray inner) AddFields(list, type, inner, name is null ? prefix : designator + ".");
        }
    }

    /// <summary>The probe's C source for the given includes.</summary>
    public static string Program(IEnumerable<string> includes, IReadOnlyList<Measurement> measurements)
    {
        var sb = new StringBuilder("#include <stddef.h>\n");
        foreach (var i in includes) sb.Append("#include \"").Append(i).Append("\"\n");
        sb.Append("static const unsigned long long abikit_probe[] __attribute__((used, section(\"").Append(Section).Append("\"))) = {\n");
        foreach (var m in measurements) sb.Append("    (unsigned long long)(").Append(m.Expression).Append("),\n");
        sb.Append("    0\n};\n");
        return sb.ToString();
    }

    /// <summary>Compiles <paramref name="source"/> for <paramref name="arch"/> and reads the values back.</summary>
    public static ulong[] Measure(Arch arch, string source, params string[] flags)
    {
        var dir = NativeToolchain.CreateTempDirectory("import-probe-" + arch.Name());
        string obj = Path.Combine(dir, "probe.o");
        NativeToolchain.CompileC(arch, source, obj, ["-std=gnu11", "-O0", "-c", "-w", .. flags]);
        var (_, values) = ElfProbeSection.Read(obj, Section);
        NativeToolchain.DeleteTempDirectory(dir);
        return values;
    }

    /// <summary>Original vs regenerated on one ABI: every difference, labelled.</summary>
    public static List<string> Compare(ImportedHeader h, IReadOnlyList<Measurement> measurements, Arch arch, string generatedDirectory, string stubDirectory)
    {
        var original = Measure(arch, Program(h.Preludes.Append(h.Header), measurements), "-I", UapiCorpus.LibDrm, "-I", stubDirectory);
        var regenerated = Measure(arch, Program([h.GeneratedHeader!], measurements), "-I", generatedDirectory);
        var diffs = new List<string>();
        for (int i = 0; i < measurements.Count; i++)
        {
            if (original[i] != regenerated[i])
            {
                diffs.Add(string.Create(CultureInfo.InvariantCulture, $"{arch.Name()}: {measurements[i].Label}: original {original[i]}, regenerated {regenerated[i]}"));
            }
        }

        return diffs;
    }
}
