namespace AbiKit.Frontend.Tests;

/// <summary>Values that used to throw inside the front end now give located errors.</summary>
public class HostileValueTests
{
    [Fact]
    public void An_enum_value_of_two_to_the_64_minus_one_is_an_error_not_an_overflow()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "enums": [ { "name": "wide", "type": "u64", "values": [ { "name": "WIDE_MAX", "value": "0xffffffffffffffff" } ] } ]
            """));
        Assert.Contains("WIDE_MAX = 18446744073709551615 is above 2^63-1", result.Single("ABI206").Message);
    }

    [Fact]
    public void A_lone_surrogate_escape_is_a_located_json_error()
    {
        var result = InMemorySpecs.LoadOne("""
            { "family": "x", "doc": "bad \ud800 text", "ioctl": { "type": "x", "style": "generic" } }
            """); // the raw string keeps the six characters \ud800: a JSON escape of a lone high surrogate
        var d = result.Single("ABI100");
        Assert.Contains("unpaired UTF-16 surrogate", d.Message);
        Assert.Equal(1, d.Position.Line);
    }
}
