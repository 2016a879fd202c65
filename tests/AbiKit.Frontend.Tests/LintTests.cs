using AbiKit.Frontend.Diagnostics;
using AbiKit.Model;

namespace AbiKit.Frontend.Tests;

/// <summary>Lint cases beyond the per-id examples in docs/diagnostics.</summary>
public class LintTests
{
    [Fact]
    public void Dma_buf_set_name_with_a_pointer_sized_argument_is_caught()
    {
        // #define DMA_BUF_SET_NAME _IOW(DMA_BUF_BASE, 1, const char *): 0x40086201 on x86_64, 0x40046201 on i386.
        var result = InMemorySpecs.LoadOne("""
            {
              "family": "dma-buf-name",
              "doc": "The botched DMA_BUF_SET_NAME.",
              "ioctl": { "type": "b", "style": "generic", "typeMacro": "DMA_BUF_BASE", "codePrefix": "DMA_BUF_" },
              "ioctls": [ { "name": "SET_NAME", "nr": 1, "dir": "in", "arg": "const char *" } ]
            }
            """);
        var mismatch = result.Single("ABI304");
        Assert.Contains("0x40086201", mismatch.Message);
        Assert.Contains("0x40046201", mismatch.Message);
        result.Single("ABI303");
        Assert.Null(result.Model);
    }

    [Fact]
    public void The_fixed_set_name_b_form_passes()
    {
        var result = InMemorySpecs.LoadOne("""
            {
              "family": "dma-buf-name",
              "doc": "DMA_BUF_SET_NAME_B: a __u64 argument.",
              "ioctl": { "type": "b", "style": "generic" },
              "ioctls": [ { "name": "SET_NAME_B", "nr": 1, "dir": "in", "arg": "u64" } ]
            }
            """);
        result.Clean();
        Assert.All(Arches.All.Where(a => a != Arch.Ppc64le), a => Assert.Equal(0x40086201u, result.Model!.Ioctls[0].Code(a)));
    }

    [Fact]
    public void A_u64_after_a_u32_is_a_hole_on_x86_64_and_a_layout_difference()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "bo_create", "fields": [ { "name": "handle", "type": "u32" }, { "name": "size", "type": "u64" } ] } ]
            """));
        var hole = result.Single("ABI301");
        Assert.Contains("before field 'size'", hole.Message);
        // i386 aligns the u64 to 4 and m68k to 2: no hole there, but a different layout.
        Assert.Contains("on every ABI but i386 and m68k", hole.Message);
        Assert.Contains("16 bytes on x86_64 but 12 on i386 and m68k", result.Single("ABI304").Message);
        Assert.Contains("'size' at 8+8 on x86_64 vs 4+8 on i386 and m68k", result.Single("ABI304").Message);
    }

    [Fact]
    public void Allow_silences_a_warning_on_that_element_only()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "s", "fields": [
              { "name": "pad", "type": "u32", "allow": { "ABI306": "the kernel never checked it" } },
              { "name": "pad2", "type": "u32" } ] } ]
            """));
        Assert.Contains("'pad2'", result.Single("ABI306").Message);
    }

    [Fact]
    public void Warnings_do_not_stop_the_model()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "s", "fields": [ { "name": "flags", "type": "u32" }, { "name": "rsvd", "type": "u32" } ] } ]
            """));
        Assert.All(result.Diagnostics, d => Assert.Equal(Severity.Warning, d.Severity));
        Assert.Equal(2, result.Diagnostics.Count);
        Assert.NotNull(result.Model);
    }

    [Fact]
    public void Older_form_must_be_a_prefix_of_the_newer_struct()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [
              { "name": "map_old", "fields": [ { "name": "handle", "type": "u32" }, { "name": "pad", "type": "u32", "reserved": true }, { "name": "offset", "type": "u64", "dir": "out" } ] },
              { "name": "map_new", "fields": [ { "name": "handle", "type": "u32" }, { "name": "pad", "type": "u32", "reserved": true }, { "name": "flags", "type": "u64", "reserved": true }, { "name": "offset", "type": "u64", "dir": "out" } ] } ],
            "ioctls": [
              { "name": "MAP", "nr": 4, "dir": "inout", "arg": "map_new" },
              { "name": "MAP_OLD", "nr": 4, "dir": "inout", "arg": "map_old", "olderFormOf": "MAP" } ]
            """));
        Assert.Contains("field 'offset'", result.Single("ABI207").Message);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id == "ABI202");
    }

    [Fact]
    public void A_char_array_is_the_same_bytes_everywhere_but_a_single_char_is_not()
    {
        var array = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "named", "fields": [ { "name": "name", "type": "char", "count": 32 } ] } ]
            """));
        array.Clean();
        Assert.All(Arches.All, a => Assert.Equal(32, array.Model!.Structs[0].Layout(a).Size));
        var single = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "named", "fields": [ { "name": "c", "type": "char" }, { "name": "pad", "type": "u8", "count": 3, "reserved": true } ] } ]
            """));
        Assert.Contains("native type char", single.Single("ABI300").Message);
    }
}
