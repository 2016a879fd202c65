using AbiKit.Model;

namespace AbiKit.Frontend.Tests;

/// <summary>Values that name constants (<c>-(X_BASE &lt;&lt; 1)</c>), of the spec, its imports or an included header (<c>O_CLOEXEC</c>).</summary>
public class ExpressionNameTests
{
    [Fact]
    public void Constants_enum_values_and_flags_name_constants_in_any_order_and_keep_their_spelling()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "constants": [ { "name": "X_TWICE", "value": "(X_BASE << 1)" }, { "name": "X_BASE", "value": "0x10" } ],
            "enums": [ { "name": "e", "type": "s32", "values": [ { "name": "E_NEG", "value": "-(X_BASE << 1)" }, { "name": "E_ONE", "value": 1 } ] } ],
            "flags": [ { "name": "f", "type": "u32", "flags": [ { "name": "F_A", "value": "(1 << 0)" }, { "name": "F_B", "value": "F_A << 4" } ] } ]
            """));
        result.Clean();
        var m = result.Model!;
        Assert.Equal(new[] { (32L, "(X_BASE << 1)"), (16L, "0x10") }, m.Constants.Select(c => (c.Value, c.Expression)));
        Assert.Equal((-32L, "-(X_BASE << 1)"), (m.Enums[0].Values[0].Value, m.Enums[0].Values[0].Expression));
        Assert.Equal((0x10UL, "F_A << 4"), (m.FlagSets[0].Flags[1].Value, m.FlagSets[0].Flags[1].Expression));
        // A JSON integer has no spelling of its own: the header writes the number.
        Assert.Equal("", m.Enums[0].Values[1].Expression);
    }

    [Fact]
    public void Text_c_would_read_differently_keeps_only_its_value()
    {
        var m = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "constants": [ { "name": "A", "value": "(1 << 31)" }, { "name": "B", "value": "0x1ULL" }, { "name": "C", "value": "0xffffffff" }, { "name": "D", "value": "-1 << 2" } ]
            """)).Model!;
        // 1 << 31 overflows int, ULL is not C90, -1 << 2 shifts a negative number; a lone 32-bit hex literal is exact.
        Assert.Equal(new[] { "", "", "0xffffffff", "" }, m.Constants.Select(c => c.Expression));
        Assert.Equal(new[] { 1L << 31, 1, 0xffffffffL, -4 }, m.Constants.Select(c => c.Value));
    }

    [Fact]
    public void An_unknown_name_is_a_located_unresolved_name()
    {
        var d = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "constants": [ { "name": "A", "value": "NOPE + 1" } ]
            """)).Single("ABI201");
        Assert.Contains("names 'NOPE'", d.Message);
        Assert.Equal(5, d.Position.Line);
    }

    [Fact]
    public void A_cycle_is_an_error_not_a_hang()
        => Assert.Contains("refers to itself", InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "constants": [ { "name": "A", "value": "B + 1" }, { "name": "B", "value": "A" } ]
            """)).Diagnostics.First(d => d.Id == "ABI104").Message);

    [Theory]
    [InlineData("0xffffffffffffffff + 1", "overflows 64 bits")]
    [InlineData("-(1 << 63) - 1", "overflows 64 bits")]
    [InlineData("BIG * 2", "overflows 64 bits")]
    public void Overflow_past_64_bits_is_located_at_its_operator(string value, string reason)
    {
        var d = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "constants": [ { "name": "BIG", "value": "0x8000000000000000" }, { "name": "A", "value": "{{value}}" } ]
            """)).Diagnostics.First(x => x.Id == "ABI104");
        Assert.Contains(reason, d.Message);
        Assert.Contains("at column", d.Message);
    }

    [Fact]
    public void An_imported_constant_can_be_named()
    {
        var files = new InMemorySpecs().Add("base.abi.json", InMemorySpecs.Spec("""
            "constants": [ { "name": "BASE_SHIFT", "value": 4 } ]
            """, family: "base"));
        var result = files.Load(InMemorySpecs.Spec("""
            "imports": ["base.abi.json"],
            "flags": [ { "name": "f", "type": "u32", "flags": [ { "name": "F_HIGH", "value": "(1 << BASE_SHIFT)" } ] } ]
            """));
        result.Clean();
        Assert.Equal(16UL, result.Model!.FlagSets[0].Flags[0].Value);
    }

    [Fact]
    public void An_included_headers_constant_is_named_not_redefined()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "includes": [ { "header": "<fcntl.h>", "constants": [ { "name": "O_CLOEXEC", "value": "02000000" }, { "name": "O_RDWR", "value": "00000002" } ] } ],
            "flags": [ { "name": "f", "type": "u32", "flags": [ { "name": "X_CLOEXEC", "value": "O_CLOEXEC" }, { "name": "X_RDWR", "value": "O_RDWR" } ] } ]
            """));
        result.Clean();
        var m = result.Model!;
        Assert.Equal(new[] { new AbiExternalConstant("fcntl.h", true, "O_CLOEXEC", 0x80000, "02000000"), new AbiExternalConstant("fcntl.h", true, "O_RDWR", 2, "00000002") }, m.ExternalConstants);
        Assert.Equal(new[] { (0x80000UL, "O_CLOEXEC"), (2UL, "O_RDWR") }, m.FlagSets[0].Flags.Select(f => (f.Value, f.Expression)));
    }

    [Fact]
    public void Redefining_an_included_constant_is_a_duplicate_macro()
        => Assert.Contains("O_RDWR", InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "includes": [ { "header": "<fcntl.h>", "constants": [ { "name": "O_RDWR", "value": 2 } ] } ],
            "constants": [ { "name": "O_RDWR", "value": 3 } ]
            """)).Diagnostics.First(d => d.Id == "ABI200").Message);

    [Theory]
    [InlineData("\"../etc/x.h\"")]
    [InlineData("\"/abs.h\"")]
    [InlineData("\"<a.h\"")]
    public void An_include_is_a_plain_header_path(string header)
        => InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "includes": [ { "header": {{header}}, "constants": [ { "name": "O_RDWR", "value": 2 } ] } ]
            """)).Single("ABI104");

    [Fact]
    public void C_octal_is_read_as_c_reads_it_and_a_bad_digit_is_an_error()
    {
        var m = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "constants": [ { "name": "A", "value": "02000000" }, { "name": "B", "value": "010" } ]
            """)).Model!;
        Assert.Equal(new[] { 524288L, 8L }, m.Constants.Select(c => c.Value));
        Assert.Contains("'09' at column 1 is not a valid octal number", InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "constants": [ { "name": "A", "value": "09" } ]
            """)).Single("ABI104").Message);
    }

    [Fact]
    public void Two_imports_defining_one_macro_differently_are_an_error_at_the_import()
    {
        var files = new InMemorySpecs()
            .Add("a.abi.json", InMemorySpecs.Spec("""
                "constants": [ { "name": "SHARED_LEN", "value": 32 } ]
                """, family: "a"))
            .Add("b.abi.json", InMemorySpecs.Spec("""
                "constants": [ { "name": "SHARED_LEN", "value": 16 } ]
                """, family: "b"));
        var result = files.Load(InMemorySpecs.Spec("""
            "imports": ["a.abi.json", "b.abi.json"]
            """));
        var d = result.Single("ABI200");
        Assert.Contains("C macro SHARED_LEN is defined as 16", d.Message);
        Assert.Equal(5, d.Position.Line);
    }
}

/// <summary>One macro, one value, two spellings: the header would redefine it.</summary>
public class MacroSpellingTests
{
    [Fact]
    public void One_value_spelled_two_ways_in_two_enums_is_a_redefinition()
        => Assert.Contains("defined twice, as (1 << 0) and as 1", InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "enums": [ { "name": "a", "type": "u32", "values": [ { "name": "X_ONE", "value": "(1 << 0)" } ] },
                       { "name": "b", "type": "u32", "values": [ { "name": "X_ONE", "value": 1 } ] } ]
            """)).Single("ABI200").Message);

    [Fact]
    public void One_value_spelled_one_way_twice_is_fine()
        => InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "enums": [ { "name": "a", "type": "u32", "values": [ { "name": "X_ONE", "value": 1 } ] },
                       { "name": "b", "type": "u32", "values": [ { "name": "X_ONE", "value": 1 } ] } ]
            """)).Clean();
}
