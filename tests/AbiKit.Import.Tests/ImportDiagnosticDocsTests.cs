using System.Text.RegularExpressions;
using AbiKit.TestSupport;

namespace AbiKit.Import.Tests;

/// <summary>
/// Every import diagnostic id has a page docs/diagnostics/ID.md with a bad and a good C header; the headers are
/// imported here, so each id is proven to be reported where the page says and its fix is proven to clear it.
/// </summary>
public class ImportDiagnosticDocsTests
{
    public static TheoryData<string> Ids => new(ImportDiagnostics.All.Select(d => d.Id));

    private static string Page(string id) => File.ReadAllText(Repo.PathOf("docs", "diagnostics", id + ".md"));

    private static string Example(string page, string kind)
    {
        var match = Regex.Match(page, "```c " + kind + "\\n(.*?)\\n```", RegexOptions.Singleline);
        Assert.True(match.Success, $"the page has no ```c {kind} block");
        return match.Groups[1].Value;
    }

    private static ImportResult Import(string text)
    {
        var dir = NativeToolchain.CreateTempDirectory("import-doc");
        string header = Path.Combine(dir, "example.h");
        File.WriteAllText(header, text + "\n");
        var result = HeaderImporter.Import(new ImportRequest { Headers = [header] });
        NativeToolchain.DeleteTempDirectory(dir);
        return result;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Page_has_title_and_severity(string id)
    {
        var descriptor = ImportDiagnostics.All.Single(d => d.Id == id);
        string page = Page(id);
        Assert.StartsWith($"# {id}: {descriptor.Title}", page);
        Assert.Contains($"Severity: {descriptor.Severity.ToString().ToLowerInvariant()}", page);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Bad_example_reports_the_id_at_a_header_line(string id)
    {
        var result = Import(Example(Page(id), "bad"));
        var reported = result.Diagnostics.Where(d => d.Id == id).ToList();
        Assert.True(reported.Count > 0, $"{id} not reported; got:\n{string.Join("\n", result.Diagnostics)}");
        Assert.All(reported, d => Assert.EndsWith("example.h", d.Path));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Good_example_is_imported_without_it(string id)
    {
        var result = Import(Example(Page(id), "good"));
        Assert.False(result.Failed, string.Join("\n", result.Diagnostics));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == id);
    }

    [Fact]
    public void Ids_are_unique_and_in_the_import_range()
    {
        Assert.Equal(ImportDiagnostics.All.Count, ImportDiagnostics.All.Select(d => d.Id).Distinct().Count());
        Assert.All(ImportDiagnostics.All, d => Assert.Matches("^ABI4[0-9][0-9]$", d.Id));
        var pages = Directory.GetFiles(Repo.PathOf("docs", "diagnostics"), "ABI4*.md").Select(Path.GetFileNameWithoutExtension);
        Assert.Equal(ImportDiagnostics.All.Select(d => d.Id).Order(), pages.Order());
    }
}
