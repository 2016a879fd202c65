using System.Text.Json;
using AbiKit.Cli.Tests;
using AbiKit.TestSupport;

namespace AbiKit.Compat.Tests;

public class CompatCommandTests
{
    private static AbiKit.Cli.Tests.Cli.Result Run(params string[] args) => AbiKit.Cli.Tests.Cli.Run(args);

    /// <summary>Writes the scenario's two versions to a temp directory; returns their paths.</summary>
    private static (string Old, string New) Write(string scenarioName)
    {
        var (oldText, newText) = ScenarioTests.Texts(Scenarios.All.Single(s => s.Name == scenarioName));
        string dir = NativeToolchain.CreateTempDirectory("abikit-compat");
        string oldPath = Path.Combine(dir, "old.abi.json");
        string newPath = Path.Combine(dir, "new.abi.json");
        File.WriteAllText(oldPath, oldText);
        File.WriteAllText(newPath, newText);
        return (oldPath, newPath);
    }

    private static void Prints(AbiKit.Cli.Tests.Cli.Result result, string line) => Assert.True(result.Stdout.Contains(line, StringComparison.Ordinal), $"expected\n{line}\nin\n{result.Stdout}");

    [Fact]
    public void Compatible_change_exits_0_and_prints_one_line_per_change()
    {
        var (old, now) = Write("field appended with since");
        var result = Run("compat", old, now);
        Assert.Equal(0, result.ExitCode);
        Prints(result, $"{now}(22,94): struct demo_create.offset: compatible ABC101: field 'offset' appended at offset 16 (x86_64), since version 2");
        Prints(result, $"{now}(29,15): ioctl CREATE: compatible ABC107: request code 0xC0106400 → 0xC0186400 on every ABI");
        Assert.EndsWith("3 change(s): 0 breaking, 2 compatible, 1 info.\n", result.Stdout);
    }

    [Fact]
    public void Breaking_change_exits_1()
    {
        var (old, now) = Write("render removed");
        var result = Run("compat", old, now);
        Assert.Equal(1, result.ExitCode);
        Prints(result, $"{now}(33,17): ioctl NAME: breaking ABC035: permissions RenderAllow → None: callers allowed before are refused (no longer allowed on render nodes)");
    }

    [Fact]
    public void Removed_declarations_are_located_in_the_old_spec()
    {
        var (old, now) = Write("ioctl removed");
        var result = Run("compat", old, now);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"{old}(33,17): ioctl NAME: breaking ABC030: 'DRM_IOCTL_DEMO_NAME'", result.Stdout);
        Assert.Contains("(removed)", result.Stdout);
    }

    [Theory]
    [InlineData("constant's value changed", "constant DEMO_LIMIT: breaking ABC061: 64 (0x40) → 128 (0x80): programs built with the old header keep the old value")]
    [InlineData("expected value of another header's constant changed", "included constant O_CLOEXEC: breaking ABC062: expected 524288 (0x80000) → 1048576 (0x100000)")]
    public void Constants_are_located_where_the_spec_names_them(string scenario, string change)
    {
        var (old, now) = Write(scenario);
        var result = Run("compat", old, now);
        Assert.Equal(1, result.ExitCode);
        // Located at the constant's name (a line and column of the new spec, never the unlocated "(0,0)").
        Assert.Matches(@"(?m)^" + System.Text.RegularExpressions.Regex.Escape(now) + @"\([1-9]\d*,[1-9]\d*\): " + System.Text.RegularExpressions.Regex.Escape(change), result.Stdout);
    }

    [Fact]
    public void Json_lists_every_change_with_both_locations()
    {
        var (old, now) = Write("enum value renamed");
        var result = Run("compat", old, now, "--format", "json");
        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.True(root.GetProperty("breaking").GetBoolean());
        var change = Assert.Single(root.GetProperty("changes").EnumerateArray());
        Assert.Equal("ABC044", change.GetProperty("id").GetString());
        Assert.Equal("breaking", change.GetProperty("severity").GetString());
        Assert.Equal("Enum value or flag renamed", change.GetProperty("title").GetString());
        Assert.Equal("enum demo_mode.DEMO_MODE_B", change.GetProperty("oldLocation").GetProperty("declaration").GetString());
        Assert.Equal(old, change.GetProperty("oldLocation").GetProperty("path").GetString());
        Assert.Equal("enum demo_mode.DEMO_MODE_BETTER", change.GetProperty("newLocation").GetProperty("declaration").GetString());
        // Both sides are located where the value's name is: the same line, as only the name changed.
        int line = change.GetProperty("oldLocation").GetProperty("line").GetInt32();
        Assert.True(line > 1, result.Stdout);
        Assert.Equal(line, change.GetProperty("newLocation").GetProperty("line").GetInt32());
    }

    [Fact]
    public void A_spec_that_does_not_load_exits_2_with_its_diagnostics()
    {
        var (old, _) = Write("identical");
        string broken = Path.Combine(Path.GetDirectoryName(old)!, "broken.abi.json");
        File.WriteAllText(broken, "{ \"family\": ");
        var result = Run("compat", old, broken);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error ABI100", result.Stderr);
        Assert.Contains($"abikit: error: '{broken}' does not load; nothing to compare", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void A_missing_file_exits_2()
    {
        var (old, _) = Write("identical");
        var result = Run("compat", old, Path.Combine(Path.GetDirectoryName(old)!, "absent.abi.json"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("file not found", result.Stderr);
    }

    [Theory]
    [InlineData("compat")]
    [InlineData("compat", "a.abi.json")]
    [InlineData("compat", "a.abi.json", "b.abi.json", "--format", "xml")]
    public void Usage_errors_exit_2(params string[] args) => Assert.Equal(2, Run(args).ExitCode);

    [Fact]
    public void Shipped_specs_are_compatible_with_themselves()
    {
        foreach (var family in Repo.ShippedFamilies)
        {
            var result = Run("compat", Repo.Spec(family), Repo.Spec(family));
            Assert.Equal(0, result.ExitCode);
            Assert.EndsWith(": 0 change(s): 0 breaking, 0 compatible, 0 info.\n", result.Stdout);
        }
    }

    [Fact]
    public void A_spec_at_a_git_revision_is_read_with_its_imports_at_that_revision()
    {
        string dir = NativeToolchain.CreateTempDirectory("abikit-compat-git");
        string Git(params string[] args) => NativeToolchain.Run("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", .. args], workingDirectory: dir).EnsureSuccess().StandardOutput;
        Git("init", "-q");
        // The importer is unchanged; only the imported family changes, so a break seen through REV:PATH proves imports came from the revision.
        string baseSpec = """{ "family": "base", "doc": "Base.", "ioctl": { "type": "b", "style": "generic" }, "structs": [ { "name": "base_pair", "doc": "Pair.", "fields": [ { "name": "a", "type": "u32", "dir": "out", "doc": "A." }, { "name": "b", "type": "u32", "dir": "out", "doc": "B." } ] } ] }""";
        string user = """{ "family": "user", "doc": "User.", "imports": ["base.abi.json"], "ioctl": { "type": "u", "style": "generic" }, "ioctls": [ { "name": "GET", "nr": 1, "dir": "out", "arg": "base_pair", "doc": "Gets." } ] }""";
        File.WriteAllText(Path.Combine(dir, "base.abi.json"), baseSpec);
        File.WriteAllText(Path.Combine(dir, "user.abi.json"), user);
        Git("add", ".");
        Git("commit", "-qm", "v1");
        File.WriteAllText(Path.Combine(dir, "base.abi.json"), baseSpec.Replace("""{ "name": "b", "type": "u32", "dir": "out", "doc": "B." }""", """{ "name": "b", "type": "u32", "count": 2, "dir": "out", "doc": "B." }""", StringComparison.Ordinal));

        string userPath = Path.Combine(dir, "user.abi.json");
        var result = Run("compat", "HEAD:" + userPath, userPath);
        Assert.True(result.Stderr.Length == 0, result.Stderr);
        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"{userPath}(1,", result.Stdout);
        Assert.Contains("): ioctl GET: breaking ABC034: request code 0x80087501 → 0x800C7501 on every ABI", result.Stdout);

        var missing = Run("compat", "HEAD~5:" + userPath, userPath);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("HEAD~5", missing.Stderr);
    }
}
