using System.Text.RegularExpressions;
using AbiKit.Analyzers.Rules;
using AbiKit.TestSupport;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AbiKit.Analyzers.Tests;

/// <summary>
/// Each typestate rule (ABI001–ABI005) has a page docs/diagnostics/ID.md, used as its help link, with its title and
/// severity, a bad example that triggers it and a good one that does not (both run here), the .editorconfig
/// setting, and a row in the README's index.
/// </summary>
public class TypestateDocsTests
{
    private static readonly Dictionary<string, Func<DiagnosticAnalyzer>> Analyzers = new()
    {
        ["ABI001"] = () => new UnpinnedAccessAnalyzer(),
        ["ABI002"] = () => new CpuAccessSyncAnalyzer(),
        ["ABI003"] = () => new CpuAccessSyncAnalyzer(),
        ["ABI004"] = () => new LifetimeAnalyzer(),
        ["ABI005"] = () => new LifetimeAnalyzer(),
    };

    public static TheoryData<string> Ids => new(Analyzers.Keys);

    private static string Page(string id) => File.ReadAllText(Repo.PathOf("docs", "diagnostics", id + ".md"));

    private static string Example(string page, string kind)
    {
        var match = Regex.Match(page, "```csharp " + kind + "\\n(.*?)\\n```", RegexOptions.Singleline);
        Assert.True(match.Success, $"the page has no ```csharp {kind} block");
        return match.Groups[1].Value;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Page_matches_the_descriptor(string id)
    {
        var descriptor = Analyzers[id]().SupportedDiagnostics.Single(d => d.Id == id);
        string page = Page(id);
        Assert.StartsWith($"# {id}: {descriptor.Title}", page);
        Assert.Contains($"Severity: {descriptor.DefaultSeverity.ToString().ToLowerInvariant()}", page);
        Assert.Contains($"dotnet_diagnostic.{id}.severity", page);
        Assert.EndsWith($"docs/diagnostics/{id}.md", descriptor.HelpLinkUri);
        Assert.Contains($"| {id} | {descriptor.Title} | {descriptor.DefaultSeverity.ToString().ToLowerInvariant()} |", File.ReadAllText(Repo.PathOf("docs", "diagnostics", "README.md")));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task Bad_example_triggers_the_id(string id)
    {
        var diagnostics = await AnalyzerHarness.RunAsync(Analyzers[id](), AnalyzerHarness.Compile(Example(Page(id), "bad")));
        Assert.Contains(diagnostics, d => d.Id == id);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public async Task Good_example_is_clean(string id)
    {
        var diagnostics = await AnalyzerHarness.RunAsync(Analyzers[id](), AnalyzerHarness.Compile(Example(Page(id), "good")));
        Assert.Empty(diagnostics);
    }

    [Fact]
    public void Release_tracking_lists_the_rules_with_their_severity()
    {
        string unshipped = File.ReadAllText(Repo.PathOf("analyzers", "AbiKit.Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var (id, make) in Analyzers)
        {
            var descriptor = make().SupportedDiagnostics.Single(d => d.Id == id);
            Assert.Matches($@"(?m)^{id} \| {Regex.Escape(descriptor.Category)} \| {descriptor.DefaultSeverity} \|", unshipped);
        }
    }
}
