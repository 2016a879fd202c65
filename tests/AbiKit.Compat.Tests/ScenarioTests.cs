namespace AbiKit.Compat.Tests;

public class ScenarioTests
{
    public static TheoryData<string> Names() => new(Scenarios.All.Select(s => s.Name));

    internal static (string Old, string New) Texts(Scenario scenario)
    {
        string spec = scenario.Generic ? ScenarioSpecs.Generic(ScenarioSpecs.Base) : ScenarioSpecs.Base;
        return (ScenarioSpecs.Edit(spec, scenario.OldEdits), ScenarioSpecs.Edit(spec, scenario.NewEdits));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Reports_exactly_the_expected_changes(string name)
    {
        var scenario = Scenarios.All.Single(s => s.Name == name);
        var (oldText, newText) = Texts(scenario);
        var report = AbiComparer.Compare(ScenarioSpecs.Load(oldText, "old/demo.abi.json"), ScenarioSpecs.Load(newText, "new/demo.abi.json"), "old/demo.abi.json", "new/demo.abi.json");
        var actual = report.Changes.Select(c => $"{c.Severity.ToString().ToLowerInvariant()} {c.Id} {c.Declaration}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(scenario.Expected.Order(StringComparer.Ordinal), actual);
        Assert.Equal(scenario.Expected.Any(e => e.StartsWith("breaking", StringComparison.Ordinal)), report.IsBreaking);
        foreach (var change in report.Changes)
        {
            // Every change is located in the version(s) that have the declaration, and says what changed.
            Assert.False(change.Old is null && change.New is null);
            if (change.Old is not null) Assert.Equal("old/demo.abi.json", change.Old.Path);
            if (change.New is not null) Assert.Equal("new/demo.abi.json", change.New.Path);
            Assert.NotEqual("", change.Message);
        }
    }

    [Fact]
    public void The_catalogue_has_at_least_30_scenarios_with_distinct_names()
    {
        Assert.True(Scenarios.All.Count >= 30, $"{Scenarios.All.Count} scenarios");
        Assert.Equal(Scenarios.All.Count, Scenarios.All.Select(s => s.Name).Distinct().Count());
    }

    [Fact]
    public void Every_expected_id_is_in_the_catalogue_with_the_expected_severity()
    {
        var catalogue = ChangeCatalog.All.ToDictionary(d => d.Id);
        foreach (var expected in Scenarios.All.SelectMany(s => s.Expected))
        {
            var parts = expected.Split(' ');
            Assert.True(catalogue.TryGetValue(parts[1], out var descriptor), expected);
            Assert.Equal(parts[0], descriptor!.Severity.ToString().ToLowerInvariant());
        }
    }

    [Fact]
    public void Every_change_id_is_exercised_by_a_scenario()
    {
        var exercised = Scenarios.All.SelectMany(s => s.Expected).Select(e => e.Split(' ')[1]).ToHashSet(StringComparer.Ordinal);
        var missing = ChangeCatalog.All.Select(d => d.Id).Where(id => !exercised.Contains(id)).ToList();
        Assert.True(missing.Count == 0, "no scenario exercises " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_change_id_has_a_row_in_docs_compat_md()
    {
        string docs = File.ReadAllText(AbiKit.TestSupport.Repo.PathOf("docs", "compat.md"));
        foreach (var descriptor in ChangeCatalog.All)
        {
            Assert.Contains($"| {descriptor.Id} | {descriptor.Severity.ToString().ToLowerInvariant()} |", docs);
        }
    }
}
