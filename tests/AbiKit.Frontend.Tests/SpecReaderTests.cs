using AbiKit.Frontend.Diagnostics;

namespace AbiKit.Frontend.Tests;

public class SpecReaderTests
{
    [Fact]
    public void Malformed_json_is_located()
    {
        var result = InMemorySpecs.LoadOne("{\n  \"family\": \"x\",\n  \"doc\": \"d\",,\n}");
        var d = result.Single("ABI100");
        Assert.Equal(3, d.Position.Line);
        Assert.Null(result.Model);
    }

    [Fact]
    public void Unknown_key_is_located_and_suggests_the_right_one()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "s", "fields": [ { "name": "a", "tpye": "u32" } ] } ]
            """));
        var d = result.Single("ABI101");
        Assert.Contains("'tpye'", d.Message);
        Assert.Contains("did you mean 'type'", d.Message);
        Assert.Equal(5, d.Position.Line);
        Assert.Equal(58, d.Position.Column);
        Assert.Matches(@"^test\.abi\.json\(5,58\): error ABI101: ", d.ToString());
    }

    [Fact]
    public void Duplicate_key_is_an_error()
        => InMemorySpecs.LoadOne("{ \"family\": \"a\", \"family\": \"b\", \"doc\": \"\", \"ioctl\": { \"type\": \"x\", \"style\": \"generic\" } }").Single("ABI106");

    [Fact]
    public void Missing_and_mistyped_values_are_reported_without_crashing()
    {
        var result = InMemorySpecs.LoadOne("""{ "family": 7, "ioctl": { "type": "xy", "style": "weird" }, "structs": "no" }""");
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI102" && d.Message.Contains("'doc'"));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI103" && d.Message.Contains("'family'"));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI104" && d.Message.Contains("one character"));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI104" && d.Message.Contains("'weird'"));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI103" && d.Message.Contains("'structs'"));
        Assert.Null(result.Model);
    }

    [Fact]
    public void Linux_differences_reach_the_model_and_bad_ones_are_located()
    {
        const string Struct = "\"structs\": [ { \"name\": \"arg\", \"fields\": [ { \"name\": \"a\", \"type\": \"u32\" } ] } ],\n";
        var good = InMemorySpecs.LoadOne(InMemorySpecs.Spec(Struct + """
            "ioctls": [ { "name": "SET", "nr": 1, "dir": "in", "arg": "arg",
              "linuxDifferences": [ { "case": "x.set", "abikit": "EINVAL", "reason": "stricter" } ] } ]
            """));
        var difference = Assert.Single(Assert.Single(good.Model!.Ioctls).LinuxDifferences);
        Assert.Equal(new AbiKit.Model.LinuxDifference("x.set", "EINVAL", "stricter"), difference);

        var bad = InMemorySpecs.LoadOne(InMemorySpecs.Spec(Struct + """
            "ioctls": [ { "name": "SET", "nr": 1, "dir": "in", "arg": "arg", "linuxDifferences": [
              { "case": "x.set", "abikit": "EINVAL", "reason": "r" },
              { "case": "x.set", "abikit": "0", "reason": "r" },
              { "case": "x.other", "reason": "r" },
              { "case": "x.third", "abikit": "0", "reason": "r", "why": "?" } ] } ]
            """));
        Assert.Contains(bad.Diagnostics, d => d.Id == "ABI104" && d.Message.Contains("\"x.set\" is listed twice") && d.Position.Line == 8);
        Assert.Contains(bad.Diagnostics, d => d.Id == "ABI102" && d.Message.Contains("'abikit'") && d.Position.Line == 9);
        Assert.Contains(bad.Diagnostics, d => d.Id == "ABI101" && d.Message.Contains("'why'") && d.Position.Line == 10);
    }

    [Fact]
    public void Columns_count_characters_not_bytes()
    {
        var result = InMemorySpecs.LoadOne("{ \"doc\": \"ünïcødé\", \"bogus\": 1 }");
        Assert.Equal(21, result.Single("ABI101").Position.Column);
    }

    [Theory]
    [InlineData("0x1b", 0x1b)]
    [InlineData("27", 27)]
    [InlineData("1<<3", 8)]
    [InlineData("1 << 63", 1UL << 63)]
    [InlineData("0xFFFFFFFFFFFFFFFF", ulong.MaxValue)]
    public void Number_literals(string text, ulong expected)
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "flags": [ { "name": "f", "type": "u64", "flags": [ { "name": "F_A", "value": "{{text}}" } ] } ]
            """));
        result.Clean();
        Assert.Equal(expected, result.Model!.FlagSets[0].Flags[0].Value);
    }

    [Fact]
    public void Deeply_nested_json_is_rejected_not_a_stack_overflow()
    {
        string deep = new string('[', 10_000) + new string(']', 10_000);
        var result = InMemorySpecs.LoadOne(deep);
        Assert.Equal("ABI100", Assert.Single(result.Diagnostics).Id);
    }

    [Fact]
    public void Empty_and_non_object_files_are_errors()
    {
        Assert.Equal("ABI100", Assert.Single(InMemorySpecs.LoadOne("").Diagnostics).Id);
        Assert.Equal("ABI103", Assert.Single(InMemorySpecs.LoadOne("[1, 2]").Diagnostics).Id);
    }

    [Fact]
    public void Allow_accepts_only_known_warning_ids_with_reasons()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "s", "allow": { "ABI999": "x", "ABI301": "x", "ABI306": "" }, "fields": [ { "name": "a", "type": "u32" } ] } ]
            """));
        Assert.Equal(3, result.Diagnostics.Count(d => d.Id == "ABI107"));
    }
}
