using AbiKit.Model;
namespace AbiKit.Frontend.Tests;

/// <summary>Bugs found while documenting the diagnostics, each pinned by a test.</summary>
public class RegressionTests
{
    [Fact]
    public void Importing_one_family_twice_is_fine_and_lint_still_runs()
    {
        var files = new InMemorySpecs().Add("e.abi.json", InMemorySpecs.Spec("", "e"));
        var result = files.Load(InMemorySpecs.Spec("""
            "imports": ["e.abi.json", "./e.abi.json"],
            "structs": [ { "name": "s", "fields": [ { "name": "pad", "type": "u32" } ] } ]
            """));
        Assert.NotNull(result.Model);
        result.Single("ABI306");
    }

    [Fact]
    public void Empty_enums_and_flag_sets_are_errors()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "enums": [ { "name": "e", "type": "u32", "values": [] } ],
            "flags": [ { "name": "f", "type": "u32", "flags": [] } ]
            """));
        Assert.Equal(2, result.Diagnostics.Count(d => d.Id == "ABI104" && d.Message.Contains("has no")));
    }

    [Fact]
    public void A_type_named_like_a_builtin_is_an_error()
        => Assert.Contains("built-in", InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "u32", "fields": [ { "name": "a", "type": "u32" } ] } ]
            """)).Single("ABI200").Message);

    [Fact]
    public void Permissions_are_checked()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "ioctls": [ { "name": "PING", "nr": 1, "dir": "none", "permissions": ["render", "render"] } ]
            """));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI104" && d.Message.Contains("listed twice"));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI104" && d.Message.Contains("\"generic\""));
    }

    [Fact]
    public void An_IO_ioctl_needs_no_argument()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "ioctls": [ { "name": "PING", "nr": 1, "dir": "none" } ]
            """));
        result.Clean();
        Assert.Equal(0x7801u, result.Model!.Ioctls[0].Code(Arch.X86_64));
    }

    [Theory]
    [InlineData("{ \"family\": \"x\", }", "trailing comma")]
    [InlineData("{ /* c */ }", "comments are not allowed")]
    [InlineData("   \n ", "the file is empty")]
    public void Json_errors_speak_to_spec_authors(string text, string expected)
    {
        var d = InMemorySpecs.LoadOne(text).Single("ABI100");
        Assert.Contains(expected, d.Message);
        Assert.DoesNotContain("reader options", d.Message);
    }

    [Fact]
    public void Over_wide_shifts_say_so()
        => Assert.Contains("shift by 65 at column 2: shifts must be 0 to 63 bits", InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "flags": [ { "name": "f", "type": "u64", "flags": [ { "name": "F_A", "value": "1<<65" } ] } ]
            """)).Single("ABI104").Message);

    [Fact]
    public void A_missing_import_is_reported_once_at_the_import()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("\"imports\": [\"nowhere.abi.json\"]"));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(("ABI105", "test.abi.json"), (d.Id, d.Path));
        Assert.Contains("cannot read imported spec 'nowhere.abi.json': file not found", d.Message);
    }
}
