namespace AbiKit.Frontend.Tests;

/// <summary>"mask": false — a flag set without a mask macro, as real headers such as udmabuf.h have.</summary>
public class FlagMaskTests
{
    private static string Spec(string mask) => InMemorySpecs.Spec($$"""
        "flags": [ { "name": "create_flags", "type": "u32", {{mask}} "flags": [ { "name": "CREATE_CLOEXEC", "value": 1 }, { "name": "CREATE_RO", "value": 2 } ] } ]
        """);

    [Fact]
    public void Without_a_mask_macro_the_mask_is_still_known()
    {
        var result = InMemorySpecs.LoadOne(Spec("\"mask\": false,"));
        result.Clean();
        var set = result.Model!.FlagSets.Single();
        Assert.Equal("", set.MaskName);
        Assert.Equal(3UL, set.Mask);
    }

    [Fact]
    public void The_default_mask_macro_is_named_after_the_set()
        => Assert.Equal("CREATE_FLAGS_MASK", InMemorySpecs.LoadOne(Spec("")).Model!.FlagSets.Single().MaskName);

    [Fact]
    public void Mask_true_is_not_a_value()
        => Assert.Contains("true is not a value", InMemorySpecs.LoadOne(Spec("\"mask\": true,")).Single("ABI104").Message);

    [Fact]
    public void Without_a_mask_macro_its_name_is_free_for_another_macro()
    {
        // With the default mask macro (3), a flag named CREATE_FLAGS_MASK (1) would define the macro twice, differently (ABI200).
        string clash = InMemorySpecs.Spec("""
            "flags": [ { "name": "create_flags", "type": "u32", @OPT "flags": [ { "name": "CREATE_FLAGS_MASK", "value": 1 }, { "name": "CREATE_OTHER", "value": 2 } ] } ]
            """);
        Assert.Contains(InMemorySpecs.LoadOne(clash.Replace("@OPT", "", StringComparison.Ordinal)).Diagnostics, d => d.Id == "ABI200");
        InMemorySpecs.LoadOne(clash.Replace("@OPT", "\"mask\": false,", StringComparison.Ordinal)).Clean();
    }
}
