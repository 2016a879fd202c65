using AbiKit.Model;

namespace AbiKit.Frontend.Tests;

/// <summary>Packed aggregates (<c>__attribute__((packed))</c>): every member at alignment 1, no padding, aligned to 1, on every ABI.</summary>
public class PackedTests
{
    private const string Structs = """
        "structs": [
          { "name": "inner", "fields": [ { "name": "a", "type": "u32" }, { "name": "b", "type": "u16" } ] },
          { "name": "tight", "packed": true, "fields": [ { "name": "tag", "type": "u8" }, { "name": "value", "type": "u64" }, { "name": "in", "type": "inner" } ] },
          { "name": "tight_u", "kind": "union", "packed": true, "fields": [ { "name": "bytes", "type": "u8", "count": 5 }, { "name": "word", "type": "u32" } ] },
          { "name": "outer", "fields": [ { "name": "c", "type": "u8" }, { "name": "t", "type": "tight" } ] }
        ]
        """;

    [Fact]
    public void A_packed_struct_has_no_padding_and_alignment_1_on_every_abi()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec(Structs));
        // Laid out, with lint's findings (the unpacked structs' padding, ABI302 below) as errors.
        Assert.NotNull(result.LaidOut);
        var f = result.LaidOut!;
        var tight = f.Structs.Single(s => s.Name == "tight");
        var union = f.Structs.Single(s => s.Name == "tight_u");
        var outer = f.Structs.Single(s => s.Name == "outer");
        Assert.True(tight.Packed);
        foreach (var arch in Arches.All)
        {
            var inner = f.Structs.Single(s => s.Name == "inner").Layout(arch);
            // The nested aggregate keeps its own layout (8 bytes with its tail padding), placed at alignment 1.
            Assert.Equal([0, 1, 9], tight.Layout(arch).Fields.Select(x => x.Offset));
            Assert.Equal((9 + inner.Size, 1), (tight.Layout(arch).Size, tight.Layout(arch).Align));
            Assert.DoesNotContain(tight.Layout(arch).Holes, h => !h.IsTail && h.Offset < 9);
            Assert.Equal((5, 1), (union.Layout(arch).Size, union.Layout(arch).Align));
            // A packed aggregate inside an unpacked one is placed at its alignment, 1.
            Assert.Equal([0, 1], outer.Layout(arch).Fields.Select(x => x.Offset));
        }
        // Lint says what it says of any struct: no padding inside a packed one, and a nested aggregate that differs between
        // ABIs (inner's tail padding on m68k) makes it differ too (ABI304).
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI304" && d.Message.StartsWith("struct tight is 17 bytes on x86_64 but 15 on m68k", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "ABI301" && d.Message.Contains("struct tight ", StringComparison.Ordinal));
    }

    [Fact]
    public void Packed_takes_part_in_model_equality_and_must_be_a_boolean()
    {
        string spec = InMemorySpecs.Spec("""
            "structs": [ { "name": "s", "packed": true, "fields": [ { "name": "x", "type": "u32" } ] } ]
            """);
        var packed = InMemorySpecs.LoadOne(spec).Model!;
        var plain = InMemorySpecs.LoadOne(spec.Replace("\"packed\": true, ", "", StringComparison.Ordinal)).Model!;
        Assert.NotEqual(packed, plain);
        Assert.Equal(4, packed.Structs[0].Layout(Arch.X86_64).Size);
        Assert.Equal((1, 4), (packed.Structs[0].Layout(Arch.X86_64).Align, plain.Structs[0].Layout(Arch.X86_64).Align));
        var wrong = InMemorySpecs.LoadOne(spec.Replace("\"packed\": true", "\"packed\": 1", StringComparison.Ordinal));
        Assert.Contains(wrong.Diagnostics, d => d.Id == "ABI103" && d.Position.Line == 5);
    }
}
