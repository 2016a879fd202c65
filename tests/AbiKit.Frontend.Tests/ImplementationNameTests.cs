using AbiKit.Frontend.Diagnostics;

namespace AbiKit.Frontend.Tests;

/// <summary>Values named in the implementation's name space (drm.h's <c>_DRM_LOCK_HELD</c>) are legal and a lint warning an
/// element may allow; keywords and other reserved names stay errors.</summary>
public class ImplementationNameTests
{
    [Theory]
    [InlineData("""{ "name": "_DRM_LOCK_HELD", "value": "0x80000000" }""")]
    [InlineData("""{ "name": "__I915_EXEC_UNKNOWN_FLAGS", "value": 64 }""")]
    public void A_constant_named_like_the_kernels_is_accepted_and_reported_where_it_is_named(string constant)
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "constants": [
              {{constant}}
            ]
            """));
        var d = result.Single("ABI313");
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.Equal((6, 13), (d.Position.Line, d.Position.Column)); // the name itself
        Assert.Contains("is a name C reserves for the implementation (_X, __x)", d.Message);
        Assert.NotNull(result.Model);
        Assert.Single(result.Model!.Constants);
    }

    [Fact]
    public void Enum_values_flags_and_flag_field_values_are_reported_and_can_be_allowed()
    {
        const string Allow = """, "allow": { "ABI313": "drm.h's name" }""";
        string Spec(string allow) => InMemorySpecs.Spec($$"""
            "enums": [ { "name": "map_type", "type": "u32", "values": [ { "name": "_DRM_FRAME_BUFFER", "value": 0{{allow}} } ] } ],
            "flags": [ { "name": "lock_flags", "type": "u32", "flags": [ { "name": "_DRM_LOCK_READY", "value": 1{{allow}} } ],
                         "fields": [ { "name": "LOCK_KIND", "bits": "(3 << 4)", "values": [ { "name": "__LOCK_KIND_A", "value": "(1 << 4)"{{allow}} } ] } ] } ]
            """);
        var reported = InMemorySpecs.LoadOne(Spec(""));
        Assert.Equal(["_DRM_FRAME_BUFFER", "_DRM_LOCK_READY", "__LOCK_KIND_A"],
            reported.Diagnostics.Where(d => d.Id == "ABI313").Select(d => d.Message.Split(' ')[0]).Order(StringComparer.Ordinal));
        Assert.Equal(3, reported.Diagnostics.Count);
        Assert.NotNull(reported.Model);
        InMemorySpecs.LoadOne(Spec(Allow)).Clean();
    }

    [Fact]
    public void Lint_sees_the_values_that_resolved_only()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "enums": [ { "name": "e", "type": "u8", "values": [ { "name": "_E_BIG", "value": 256 }, { "name": "_E_OK", "value": 1 } ] } ]
            """));
        // ABI313 is a rule of the lint pass, over the model: _E_BIG does not fit (ABI206) and is not in it, so its error
        // is its one finding; _E_OK is linted where it is named.
        Assert.Equal(["ABI206 5:84", "ABI313 5:101"], result.Diagnostics.Select(d => $"{d.Id} {d.Position.Line}:{d.Position.Column}"));
    }

    [Theory]
    [InlineData("""{ "name": "class", "value": 1 }""", "a C or C++ keyword")]
    [InlineData("""{ "name": "virtual", "value": 1 }""", "a C or C++ keyword")]
    public void A_keyword_stays_an_error(string constant, string message)
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "constants": [ {{constant}} ]
            """));
        Assert.Contains(message, result.Single("ABI104").Message);
        Assert.Null(result.Model);
    }

    [Theory]
    [InlineData("structs", """[ { "name": "_Foo", "fields": [ { "name": "x", "type": "u32" } ] } ]""")]
    [InlineData("typedefs", """[ { "name": "__foo_t", "type": "u32" } ]""")]
    [InlineData("flags", """[ { "name": "_Lock", "type": "u32", "flags": [ { "name": "LOCK_A", "value": 1 } ] } ]""")]
    public void Other_names_in_the_implementations_name_space_stay_errors(string key, string entries)
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($"\"{key}\": {entries}"));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI104" && d.Message.Contains("a name C reserves for the implementation", StringComparison.Ordinal));
        Assert.Null(result.Model);
    }

    [Fact]
    public void A_derived_request_macro_in_the_implementations_name_space_stays_an_error()
    {
        var result = InMemorySpecs.LoadOne("""
            {
              "family": "demo",
              "doc": "Test family.",
              "ioctl": { "type": "x", "style": "generic", "codePrefix": "_DEMO_" },
              "ioctls": [ { "name": "NOP", "nr": 0, "dir": "none" } ]
            }
            """);
        Assert.Contains("C macro _DEMO_NOP (request code of NOP) is a C keyword or a name C reserves for the implementation", result.Single("ABI200").Message);
    }
}
