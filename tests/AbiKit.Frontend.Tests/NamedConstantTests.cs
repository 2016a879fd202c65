using AbiKit.Model;

namespace AbiKit.Frontend.Tests;

/// <summary>Array lengths given by named constants (<c>entries[AMDGPU_VCE_CLOCK_TABLE_ENTRIES]</c>), declared here or imported.</summary>
public class NamedConstantTests
{
    private static string Spec(string constants, string count) => InMemorySpecs.Spec($$"""
        "constants": [ {{constants}} ],
        "structs": [ { "name": "table", "fields": [ { "name": "entries", "type": "u32", "count": {{count}} }, { "name": "n", "type": "u32" } ] } ]
        """);

    [Fact]
    public void A_count_names_a_constant_and_keeps_its_name_for_c()
    {
        var result = InMemorySpecs.LoadOne(Spec("""{ "name": "TABLE_ENTRIES", "value": "(1 << 2) + 1" }""", "\"TABLE_ENTRIES\""));
        result.Clean();
        var field = result.Model!.Structs[0].Fields[0];
        Assert.Equal((5, "TABLE_ENTRIES"), (field.Count, field.CountMacro));
        Assert.Equal(24, result.Model.Structs[0].Layout(Arch.X86_64).Size);
        Assert.Equal(new AbiConstant("TABLE_ENTRIES", "TableEntries", 5, "", "(1 << 2) + 1"), Assert.Single(result.Model.Constants));
    }

    [Fact]
    public void A_count_can_name_an_imported_constant()
    {
        var files = new InMemorySpecs().Add("base.abi.json", InMemorySpecs.Spec("""
            "constants": [ { "name": "MODE_LEN", "value": 32 } ]
            """, family: "base"));
        var result = files.Load(Spec("", "\"MODE_LEN\"").Replace("\"constants\": [  ],", "\"imports\": [\"base.abi.json\"],", StringComparison.Ordinal));
        result.Clean();
        Assert.Equal(32, result.Model!.Structs[0].Fields[0].Count);
        Assert.Empty(result.Model.Constants);
    }

    [Fact]
    public void An_unknown_constant_is_a_located_error()
    {
        var d = InMemorySpecs.LoadOne(Spec("", "\"NOPE\"")).Single("ABI201");
        Assert.Contains("count 'NOPE' is not a constant", d.Message);
        Assert.True(d.Position.Line > 1);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16384)]
    public void A_constant_out_of_array_range_cannot_be_a_count(int value)
        => Assert.Contains("an array length must be between 1 and 16383",
            InMemorySpecs.LoadOne(Spec($$"""{ "name": "N", "value": {{value}} }""", "\"N\"")).Single("ABI104").Message);

    [Fact]
    public void A_constant_defined_with_another_value_by_an_import_is_reported()
    {
        var files = new InMemorySpecs().Add("base.abi.json", InMemorySpecs.Spec("""
            "constants": [ { "name": "MODE_LEN", "value": 32 } ]
            """, family: "base"));
        var result = files.Load(Spec("""{ "name": "MODE_LEN", "value": 16 }""", "\"MODE_LEN\"").Replace("\"constants\"", "\"imports\": [\"base.abi.json\"], \"constants\"", StringComparison.Ordinal));
        Assert.Contains("C macro MODE_LEN is defined as 16 (constant) and as 32", result.Single("ABI200").Message);
    }
}
