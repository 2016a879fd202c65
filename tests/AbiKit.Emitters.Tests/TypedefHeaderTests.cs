using AbiKit.Frontend;
using AbiKit.Model;
using AbiKit.TestSupport;

namespace AbiKit.Emitters.Tests;

/// <summary>Typedef names and aggregates named only by a typedef are declared as the original header declares them, and each
/// ABI's compiler agrees with the layout engine through them (read from the object file, never run).</summary>
public class TypedefHeaderTests
{
    public TypedefHeaderTests() => NativeToolchain.Require();

    private const string Spec = """
        {
          "family": "tdemo",
          "doc": "Typedef demo.",
          "ioctl": { "type": "T", "style": "generic" },
          "enums": [ { "name": "tdemo_mode", "type": "u32", "values": [ { "name": "TDEMO_MODE_A", "value": 0 } ] } ],
          "typedefs": [
            { "name": "tdemo_handle_t", "type": "u32", "doc": "A buffer handle." },
            { "name": "tdemo_mode_t", "type": "tdemo_mode" },
            { "name": "tdemo_rect_t", "type": "tdemo_rect" },
            { "name": "tdemo_mem_alias_t", "type": "tdemo_mem_t" },
            { "name": "tdemo_wait_t", "type": "tdemo_wait" }
          ],
          "structs": [
            { "name": "tdemo_rect", "fields": [ { "name": "x", "type": "u16" }, { "name": "y", "type": "u16" } ] },
            { "name": "tdemo_mem_t", "tag": false, "doc": "Named only by its typedef.", "fields": [ { "name": "handle", "type": "tdemo_handle_t" }, { "name": "rect", "type": "tdemo_rect_t" }, { "name": "offset", "type": "u64" } ] },
            { "name": "tdemo_wait", "kind": "union", "fields": [ { "name": "request", "type": "tdemo_mem_alias_t" }, { "name": "sequence", "type": "u64" } ] },
            { "name": "tdemo_u_t", "kind": "union", "tag": false, "fields": [ { "name": "a", "type": "u32" }, { "name": "b", "type": "tdemo_mode_t" } ] }
          ],
          "ioctls": [
            { "name": "ALLOC", "nr": 1, "dir": "in", "arg": "tdemo_mem_t" },
            { "name": "WAIT", "nr": 2, "dir": "in", "arg": "tdemo_wait_t" },
            { "name": "U", "nr": 3, "dir": "in", "arg": "tdemo_u_t" }
          ]
        }
        """;

    private static AbiFamily Model()
    {
        var result = new SpecLoader().LoadText("tdemo.abi.json", Spec);
        Assert.True(result.Model is not null && result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
        return result.Model!;
    }

    [Fact]
    public void The_header_declares_typedefs_as_c_does()
    {
        string header = Shipped.Header(Model());
        string[] lines = header.Split('\n');
        // Before the structs: a typedef of a scalar, of an enum's carrier, of a tag (an incomplete type is enough).
        int handle = Array.IndexOf(lines, "typedef __u32 tdemo_handle_t;");
        Assert.True(handle > 0, header);
        Assert.Equal("/* A buffer handle. */", lines[handle - 1]);
        Assert.Contains("typedef __u32 tdemo_mode_t;", lines);
        Assert.Contains("typedef struct tdemo_rect tdemo_rect_t;", lines);
        Assert.Contains("typedef union tdemo_wait tdemo_wait_t;", lines);
        Assert.True(handle < Array.IndexOf(lines, "struct tdemo_rect {"));
        // An aggregate without a tag, and a typedef of it right after its definition.
        int open = Array.IndexOf(lines, "typedef struct {");
        int close = Array.IndexOf(lines, "} tdemo_mem_t;");
        Assert.True(open > 0 && close == open + 4, header);
        Assert.Equal("typedef tdemo_mem_t tdemo_mem_alias_t;", lines[close + 1]);
        Assert.Contains("\ttdemo_handle_t handle;", lines);
        Assert.Contains("\ttdemo_rect_t rect;", lines);
        Assert.Contains("\ttdemo_mem_alias_t request;", lines);
        Assert.Contains("typedef union {", lines);
        Assert.Contains("} tdemo_u_t;", lines);
        Assert.Contains("#define TDEMO_IOCTL_ALLOC _IOW('T', 0x01, tdemo_mem_t)", lines);
        Assert.Contains("#define TDEMO_IOCTL_WAIT _IOW('T', 0x02, tdemo_wait_t)", lines);
        // Only kernel-doc's heading says "struct tdemo_mem_t" (its spelling for a typedef'd aggregate); no C code does.
        Assert.Equal([" * struct tdemo_mem_t - Named only by its typedef."], lines.Where(l => l.Contains("struct tdemo_mem_t", StringComparison.Ordinal)));
    }

    public static TheoryData<Arch> AllArches => new(Arches.All);

    [Theory]
    [MemberData(nameof(AllArches))]
    public void Each_abis_compiler_lays_typedefd_aggregates_out_as_the_layout_engine_does(Arch arch) => StaticAssertProbe.Run(Model(), arch);

    [Fact]
    public void Csharp_spells_the_target_and_the_kernel_side_the_typedef()
    {
        var f = Model();
        string cs = Shipped.CSharp(f);
        Assert.Contains("public uint Handle;", cs);
        Assert.Contains("C: tdemo_mem_t, 16 bytes.", cs);
        Assert.DoesNotContain("tdemo_handle_t", cs);
        var kernel = Shipped.Kernel(f);
        Assert.Contains(kernel, k => k.Content.Contains("const tdemo_mem_t *args", StringComparison.Ordinal));
    }
}
