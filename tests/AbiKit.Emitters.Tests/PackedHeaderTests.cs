using AbiKit.Frontend;
using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.Emitters.Tests;

/// <summary>Packed aggregates spell <c>__attribute__((packed))</c> in C and <c>Pack = 1</c> in C#; each ABI's compiler agrees with
/// the layout engine (read from the object file, never run).</summary>
public class PackedHeaderTests
{
    public PackedHeaderTests() => NativeToolchain.Require();

    // i915's engine-map extension shape: a packed struct of naturally aligned members, and a packed one that is not.
    private const string Spec = """
        {
          "family": "pdemo",
          "doc": "Packed demo.",
          "ioctl": { "type": "P", "style": "generic" },
          "structs": [
            { "name": "pdemo_ext", "fields": [ { "name": "next", "type": "u64" }, { "name": "name", "type": "u32" }, { "name": "flags", "type": "u32" } ] },
            { "name": "pdemo_balance", "packed": true, "fields": [ { "name": "base", "type": "pdemo_ext" }, { "name": "index", "type": "u16" }, { "name": "count", "type": "u16" }, { "name": "flags", "type": "u32" }, { "name": "mbz", "type": "u64" } ] },
            { "name": "pdemo_tight_t", "tag": false, "packed": true, "fields": [ { "name": "tag", "type": "u8" }, { "name": "value", "type": "u64" }, { "name": "pad", "type": "u8", "count": 7, "reserved": true } ] },
            { "name": "pdemo_outer", "fields": [ { "name": "c", "type": "u8" }, { "name": "t", "type": "pdemo_tight_t" } ] }
          ],
          "ioctls": [ { "name": "BALANCE", "nr": 1, "dir": "in", "arg": "pdemo_balance" } ]
        }
        """;

    private static AbiFamily Model()
    {
        var result = new SpecLoader().LoadText("pdemo.abi.json", Spec);
        Assert.True(result.Model is not null, string.Join("\n", result.Diagnostics));
        return result.Model!;
    }

    [Fact]
    public void C_spells_the_attribute_and_csharp_packs_to_1()
    {
        var f = Model();
        string header = Shipped.Header(f);
        Assert.Contains("} __attribute__((packed));", header);
        Assert.Contains("} __attribute__((packed)) pdemo_tight_t;", header);
        string cs = Shipped.CSharp(f);
        Assert.Contains("LayoutKind.Explicit, Size = 32, Pack = 1)]", cs);
        Assert.Contains("LayoutKind.Explicit, Size = 16)]", cs);
    }

    public static TheoryData<Arch> AllArches => new(Arches.All);

    [Theory]
    [MemberData(nameof(AllArches))]
    public void Each_abis_compiler_lays_packed_aggregates_out_as_the_layout_engine_does(Arch arch) => StaticAssertProbe.Run(Model(), arch);
}
