using System.Text;
using System.Text.RegularExpressions;
using AbiKit.Emitters;
using AbiKit.Emitters.C;
using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.Compat.Tests;

/// <summary>
/// libabigail's abidiff as an external judge, as the kernel's scripts/check-uapi.sh uses it: the old and the new
/// generated header are compiled with -g into objects that use every struct, and every struct abidiff reports
/// changed, and every member it reports changed, must be among those AbiKit reports. The per-scenario verdicts are a snapshot that docs/compat.md quotes.
/// </summary>
public partial class AbidiffTests
{
    /// <summary>Compiles a translation unit using every struct of <paramref name="family"/>'s header into an object.</summary>
    private static string Compile(AbiFamily family, string directory)
    {
        Directory.CreateDirectory(directory);
        var header = new CHeaderEmitter(TemplateSet.Embedded).Emit(family).Single();
        File.WriteAllText(Path.Combine(directory, header.RelativePath), header.Content);
        // abidiff judges layouts: each version is compiled where the other headers' constants have the values that version
        // expects (a stub found before the system's header), as on an ABI where they do; otherwise the header's own
        // value check stops a version that expects another value than this host's.
        foreach (var included in family.ExternalConstants.GroupBy(c => c.Header))
        {
            string stub = Path.Combine(directory, included.Key);
            Directory.CreateDirectory(Path.GetDirectoryName(stub)!);
            File.WriteAllText(stub, string.Concat(included.Select(c => $"#define {c.Name} {c.Value}\n")));
        }
        var unit = new StringBuilder($"#include \"{header.RelativePath}\"\n");
        // One global per struct: abidiff sees the types that exported symbols reach.
        foreach (var s in family.Structs) unit.Append($"{s.CKeyword} {s.Name} abikit_use_{s.Name};\n");
        string obj = Path.Combine(directory, "use.o");
        NativeToolchain.CompileC(unit.ToString(), obj, "-g", "-c", "-I", directory).EnsureSuccess();
        return obj;
    }

    // abidiff names each changed, added or removed global, and each global is abikit_use_<struct>.
    [GeneratedRegex(@"abikit_use_(\w+)'")]
    private static partial Regex StructName();

    // A member line under a changed global: '__u32 flags', at offset ... / '__u32 handle' offset changed ... /
    // type of '__u8 name[16]' changed.
    [GeneratedRegex(@"^\s+(?:type of )?'[^']*?\b(\w+)(?:\[\d+\])*'(?:,| offset| changed| size| type)")]
    private static partial Regex MemberLine();

    /// <summary>The members abidiff names, as <c>struct.member</c>, each under the global (struct) it reports.</summary>
    private static SortedSet<string> Members(string output)
    {
        var members = new SortedSet<string>(StringComparer.Ordinal);
        string? current = null;
        foreach (var line in output.Split('\n'))
        {
            if (StructName().Match(line) is { Success: true } s) current = s.Groups[1].Value;
            else if (current is not null && MemberLine().Match(line) is { Success: true } m) members.Add(current + "." + m.Groups[1].Value);
        }
        return members;
    }

    /// <summary>Runs abidiff; returns its exit status and the structs it names.</summary>
    private static (int Status, SortedSet<string> Structs, string Output) Judge(Scenario scenario, string directory)
    {
        var (oldText, newText) = ScenarioTests.Texts(scenario);
        string oldObj = Compile(ScenarioSpecs.Load(oldText), Path.Combine(directory, "old"));
        string newObj = Compile(ScenarioSpecs.Load(newText), Path.Combine(directory, "new"));
        var result = NativeToolchain.Run(NativeToolchain.Abidiff, ["--no-show-locs", oldObj, newObj]);
        // Bit 0 of the status is a tool error, bit 1 a usage error; bits 2 and 3 say "changed" and "incompatible".
        Assert.True((result.ExitCode & 3) == 0, result.Describe("abidiff failed"));
        var named = new SortedSet<string>(StructName().Matches(result.StandardOutput).Select(m => m.Groups[1].Value), StringComparer.Ordinal);
        return (result.ExitCode, named, result.StandardOutput);
    }

    [Fact]
    public void Every_struct_and_member_abidiff_reports_changed_AbiKit_reports_changed()
    {
        string root = NativeToolchain.CreateTempDirectory("abikit-abidiff");
        var table = new StringBuilder("| scenario | abidiff | structs abidiff names | AbiKit (breaking / compatible / info) | AbiKit sees beyond layout |\n|---|---|---|---|---|\n");
        int checkedMembers = 0;
        foreach (var (scenario, i) in Scenarios.All.Select((s, i) => (s, i)))
        {
            var (status, structs, output) = Judge(scenario, Path.Combine(root, i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            // A rename is expected under its new name; abidiff names the old one too (its variable went away).
            var (oldText, newText) = ScenarioTests.Texts(scenario);
            var report = AbiComparer.Compare(ScenarioSpecs.Load(oldText), ScenarioSpecs.Load(newText));
            var declarations = scenario.Expected.Select(e => e[(e.IndexOf(' ', e.IndexOf(' ') + 1) + 1)..])
                .Concat(report.Changes.Where(c => c.Old is not null && c.New is not null).Select(c => c.Old!.Declaration)).ToList();
            foreach (var name in structs)
            {
                Assert.True(declarations.Any(d => d == "struct " + name || d.StartsWith("struct " + name + ".", StringComparison.Ordinal)),
                    $"{scenario.Name}: abidiff reports struct {name} changed; AbiKit expects only: {string.Join(", ", scenario.Expected)}\n{output}");
            }
            foreach (var member in Members(output))
            {
                Assert.True(declarations.Contains("struct " + member),
                    $"{scenario.Name}: abidiff reports member {member} changed; AbiKit expects only: {string.Join(", ", scenario.Expected)}\n{output}");
                checkedMembers++;
            }
            Assert.True((status & 4) == 0 || structs.Count > 0, $"{scenario.Name}: abidiff reports a change naming no struct:\n{output}");
            string verdict = (status & 8) != 0 ? "incompatible" : (status & 4) != 0 ? "changed" : "no change";
            var ids = scenario.Expected.Select(e => e.Split(' ')).ToList();
            string Count(string severity) => ids.Count(p => p[0] == severity).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var beyond = scenario.Expected.Where(e => !e.Contains(" struct ", StringComparison.Ordinal)).Select(e => e.Split(' ')[1]).Distinct().Order(StringComparer.Ordinal);
            table.Append($"| {scenario.Name} | {verdict} | {string.Join(", ", structs)} | {Count("breaking")} / {Count("compatible")} / {Count("info")} | {string.Join(", ", beyond)} |\n");
        }
        Assert.True(checkedMembers >= 17, $"only {checkedMembers} member changes parsed from abidiff's output: has its format changed?");
        Snapshot.Verify(table.ToString(), Snapshot.DirectoryOf(), "AbidiffComparison", "md");
        // docs/compat.md quotes the table; it must not drift from what abidiff answers.
        Assert.Contains(table.ToString(), File.ReadAllText(Repo.PathOf("docs", "compat.md")), StringComparison.Ordinal);
    }
}
