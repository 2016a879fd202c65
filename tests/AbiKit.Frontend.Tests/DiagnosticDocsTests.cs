using System.Text.RegularExpressions;
using AbiKit.Frontend.Diagnostics;
using AbiKit.TestSupport;

namespace AbiKit.Frontend.Tests;

/// <summary>
/// Every diagnostic id has a page docs/diagnostics/ID.md with a bad and a good example; the examples are
/// run here, so each id is proven to trigger and its documented fix is proven to pass.
/// </summary>
public class DiagnosticDocsTests
{
    public static TheoryData<string> Ids => new(DiagnosticCatalog.All.Select(d => d.Id));

    private static string Page(string id) => File.ReadAllText(Repo.PathOf("docs", "diagnostics", id + ".md"));

    private static string Example(string page, string kind)
    {
        var match = Regex.Match(page, "```json " + kind + "\\n(.*?)\\n```", RegexOptions.Singleline);
        Assert.True(match.Success, $"the page has no ```json {kind} block");
        return match.Groups[1].Value;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Page_has_title_and_severity(string id)
    {
        var descriptor = DiagnosticCatalog.All.Single(d => d.Id == id);
        string page = Page(id);
        Assert.StartsWith($"# {id}: {descriptor.Title}", page);
        Assert.Contains($"Severity: {descriptor.Severity.ToString().ToLowerInvariant()}", page);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Bad_example_triggers_the_id(string id)
    {
        var result = new InMemorySpecs().Load(Example(Page(id), "bad"), "bad.abi.json");
        Assert.True(result.Diagnostics.Any(d => d.Id == id), $"{id} not reported; got:\n{InMemorySpecs.Ids(result)}");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Good_example_is_clean(string id)
    {
        var result = new InMemorySpecs().Load(Example(Page(id), "good"), "good.abi.json");
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == id);
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.NotNull(result.Model);
    }

    [Fact]
    public void Ids_are_unique_and_in_their_ranges()
    {
        Assert.Equal(DiagnosticCatalog.All.Count, DiagnosticCatalog.All.Select(d => d.Id).Distinct().Count());
        Assert.All(DiagnosticCatalog.All, d => Assert.Matches(d.Category switch { "Load" => "^ABI1", "Validation" => "^ABI2", _ => "^ABI3" }, d.Id));
    }
}
