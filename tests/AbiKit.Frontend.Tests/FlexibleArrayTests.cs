using AbiKit.Model;

namespace AbiKit.Frontend.Tests;

/// <summary>Flexible array members (<c>struct item list[];</c>): C's layout, where they may stand, and their count field.</summary>
public class FlexibleArrayTests
{
    private static string Spec(string listFields, string extraStructs = "") => InMemorySpecs.Spec($$"""
        "structs": [
          { "name": "item", "fields": [ { "name": "fd", "type": "u32" }, { "name": "pad", "type": "u32", "reserved": true }, { "name": "offset", "type": "u64" } ] },
          { "name": "list", "fields": [ {{listFields}} ] }{{extraStructs}}
        ]
        """);

    private const string UdmabufList = """{ "name": "flags", "type": "u32", "reserved": true }, { "name": "count", "type": "u32" }, { "name": "items", "type": "item", "flexible": true, "countedBy": "count" }""";

    [Fact]
    public void MaxCount_bounds_what_a_dispatcher_copies_and_needs_a_count_field()
    {
        var result = InMemorySpecs.LoadOne(Spec(UdmabufList.Replace("\"countedBy\": \"count\"", "\"countedBy\": \"count\", \"maxCount\": 1024", StringComparison.Ordinal)));
        result.Clean();
        Assert.Equal(1024, result.Model!.Structs.Single(s => s.Name == "list").Fields[2].MaxCount);
        var without = UdmabufList.Replace("\"countedBy\": \"count\"", "\"maxCount\": 8", StringComparison.Ordinal);
        Assert.Contains("'maxCount' applies to flexible array members with a 'countedBy' field", InMemorySpecs.LoadOne(Spec(without)).Single("ABI104").Message);
        Assert.Contains("between 1 and 1048576", InMemorySpecs.LoadOne(Spec(UdmabufList.Replace("\"countedBy\": \"count\"", "\"countedBy\": \"count\", \"maxCount\": 0", StringComparison.Ordinal))).Single("ABI104").Message);
    }

    [Fact]
    public void A_flexible_array_adds_no_size_but_its_elements_alignment()
    {
        var result = InMemorySpecs.LoadOne(Spec(UdmabufList));
        result.Clean();
        var list = result.Model!.Structs.Single(s => s.Name == "list");
        var items = list.Fields[2];
        Assert.True(items.Flexible);
        Assert.Equal("count", items.CountedBy);
        Assert.Equal((8, 0, 8), (list.Layout(Arch.X86_64).Fields[2].Offset, list.Layout(Arch.X86_64).Fields[2].Size, list.Layout(Arch.X86_64).Size));
        Assert.Equal(8, list.Layout(Arch.X86_64).Align);
        Assert.Equal(4, list.Layout(Arch.I386).Align);
        Assert.Equal(2, list.Layout(Arch.M68k).Align);
    }

    [Fact]
    public void The_array_is_aligned_and_the_struct_padded_as_the_compiler_does()
    {
        // struct { __u32 n; __u64 v[]; }: v at 8 (a 4-byte hole) on x86_64, at 4 on i386; sizeof 8 and 4.
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "s", "fields": [ { "name": "n", "type": "u32" }, { "name": "v", "type": "u64", "flexible": true } ] } ]
            """));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI301" && d.Message.Contains("4-byte hole before field 'v'", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI304" && d.Message.Contains("'v' at 8+0 on x86_64 vs 4+0 on", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "name": "items", "type": "item", "flexible": true }, { "name": "count", "type": "u32" }""", "must be the last field")]
    [InlineData("""{ "name": "items", "type": "item", "flexible": true }""", "needs a field before it")]
    [InlineData("""{ "name": "count", "type": "u32" }, { "name": "items", "type": "item", "flexible": true, "count": 2 }""", "has no 'count'")]
    [InlineData("""{ "name": "count", "type": "u32" }, { "name": "items", "type": "item", "countedBy": "count" }""", "'countedBy' applies to flexible array members")]
    public void A_misplaced_flexible_array_is_a_located_error(string fields, string message)
    {
        var result = InMemorySpecs.LoadOne(Spec(fields));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI104" && d.Message.Contains(message, StringComparison.Ordinal) && d.Position.Line > 1);
        Assert.Null(result.Model);
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("flags2")]
    public void CountedBy_must_name_an_unsigned_field_before_the_array(string countedBy)
    {
        var result = InMemorySpecs.LoadOne(Spec($$"""{ "name": "flags2", "type": "s32" }, { "name": "items", "type": "item", "flexible": true, "countedBy": "{{countedBy}}" }"""));
        Assert.Contains($"countedBy '{countedBy}' must name an unsigned scalar field", result.Single("ABI211").Message);
    }

    [Fact]
    public void A_struct_ending_in_a_flexible_array_cannot_be_nested()
    {
        var result = InMemorySpecs.LoadOne(Spec(UdmabufList, """, { "name": "outer", "fields": [ { "name": "inner", "type": "list" } ] }"""));
        Assert.Contains("ends in a flexible array", result.Single("ABI104").Message);
    }

    [Fact]
    public void The_request_code_carries_the_header_size_only()
    {
        var result = InMemorySpecs.LoadOne(Spec(UdmabufList).Replace("\"structs\": [",
            "\"ioctls\": [ { \"name\": \"CREATE_LIST\", \"nr\": \"0x43\", \"dir\": \"in\", \"arg\": \"list\" } ], \"structs\": [", StringComparison.Ordinal));
        result.Clean();
        Assert.Equal(8, result.Model!.Ioctls[0].DecodedCode(Arch.X86_64).Size);
    }
}
