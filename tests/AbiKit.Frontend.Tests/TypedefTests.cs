using AbiKit.Model;

namespace AbiKit.Frontend.Tests;

/// <summary>Typedef names (<c>typedef __u32 drm_handle_t;</c>, <c>typedef struct drm_clip_rect drm_clip_rect_t;</c>) and aggregates
/// named only by a typedef (<c>typedef struct { … } drm_sis_mem_t;</c>): another spelling, the target's layout.</summary>
public class TypedefTests
{
    private const string Demo = """
        "enums": [ { "name": "mode", "type": "u32", "values": [ { "name": "DEMO_MODE_A", "value": 0 } ] } ],
        "typedefs": [
          { "name": "demo_handle_t", "type": "u32", "doc": "A handle." },
          { "name": "demo_mode_t", "type": "mode" },
          { "name": "demo_rect_t", "type": "demo_rect" },
          { "name": "demo_mem_alias_t", "type": "demo_mem_t" },
          { "name": "demo_u64_t", "type": "u64" }
        ],
        "structs": [
          { "name": "demo_rect", "fields": [ { "name": "x", "type": "u16" }, { "name": "y", "type": "u16" } ] },
          { "name": "demo_mem_t", "tag": false, "fields": [ { "name": "handle", "type": "demo_handle_t" }, { "name": "rect", "type": "demo_rect_t" }, { "name": "offset", "type": "demo_u64_t" } ] },
          { "name": "demo_use", "fields": [ { "name": "mem", "type": "demo_mem_alias_t" }, { "name": "mode", "type": "demo_mode_t" }, { "name": "pad", "type": "u32", "reserved": true } ] }
        ],
        "ioctls": [
          { "name": "ALLOC", "nr": 1, "dir": "in", "arg": "demo_mem_t" },
          { "name": "USE", "nr": 2, "dir": "in", "arg": "demo_use" },
          { "name": "USE_ALIAS", "nr": 3, "dir": "in", "arg": "demo_mem_alias_t" }
        ]
        """;

    [Fact]
    public void Fields_written_with_a_typedef_have_the_targets_layout_and_the_typedefs_spelling()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec(Demo));
        result.Clean();
        var f = result.Model!;
        Assert.Equal(["demo_handle_t", "demo_mode_t", "demo_rect_t", "demo_mem_alias_t", "demo_u64_t"], f.Typedefs.Select(t => t.Name));
        Assert.Equal("struct demo_rect", f.Typedefs.Single(t => t.Name == "demo_rect_t").Target.CType);
        Assert.Equal("demo_mem_t", f.Typedefs.Single(t => t.Name == "demo_mem_alias_t").Target.CType);

        var mem = f.Structs.Single(s => s.Name == "demo_mem_t");
        Assert.True(mem.Tagless);
        Assert.Equal("demo_mem_t", mem.CType());
        Assert.Equal(["demo_handle_t", "demo_rect_t", "demo_u64_t"], mem.Fields.Select(x => x.Type.CType));
        Assert.Equal((TypeKind.Scalar, ScalarKind.U32, "uint"), (mem.Fields[0].Type.Kind, mem.Fields[0].Type.Scalar, mem.Fields[0].Type.CsType));
        Assert.Equal((TypeKind.Struct, "demo_rect"), (mem.Fields[1].Type.Kind, mem.Fields[1].Type.Name));
        foreach (var arch in Arches.All)
        {
            Assert.Equal([0, 4, 8], mem.Layout(arch).Fields.Select(x => x.Offset));
            Assert.Equal(16, mem.Layout(arch).Size);
        }

        var use = f.Structs.Single(s => s.Name == "demo_use");
        Assert.Equal(("demo_mem_alias_t", "demo_mem_t"), (use.Fields[0].Type.CType, use.Fields[0].Type.Name));
        Assert.Equal((TypeKind.Enum, "mode", "demo_mode_t"), (use.Fields[1].Type.Kind, use.Fields[1].Type.Name, use.Fields[1].Type.CType));
        Assert.Equal(24, use.Layout(Arch.X86_64).Size);

        // An argument written with a typedef name is spelled with it and encodes the target's size.
        var alloc = f.Ioctls.Single(i => i.Name == "ALLOC");
        var alias = f.Ioctls.Single(i => i.Name == "USE_ALIAS");
        Assert.Equal("demo_mem_t", alloc.Arg.CType);
        Assert.Equal("demo_mem_alias_t", alias.Arg.CType);
        Assert.Equal(16, (int)alias.DecodedCode(Arch.X86_64).Size);
        Assert.Equal(alloc.DecodedCode(Arch.X86_64).Size, alias.DecodedCode(Arch.X86_64).Size);
    }

    [Fact]
    public void A_typedef_of_an_unknown_type_is_located_at_its_type()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "typedefs": [ { "name": "t_t", "type": "nope" } ],
            "structs": [ { "name": "s", "fields": [ { "name": "x", "type": "u32" } ] } ]
            """));
        var d = result.Single("ABI201");
        Assert.Contains("typedef 't_t' has unknown type 'nope'", d.Message);
        Assert.Equal(5, d.Position.Line);
    }

    [Fact]
    public void A_typedef_names_only_earlier_typedefs_as_c_does()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "typedefs": [ { "name": "a_t", "type": "b_t" }, { "name": "b_t", "type": "u32" } ],
            "structs": [ { "name": "s", "fields": [ { "name": "x", "type": "b_t" } ] } ]
            """));
        Assert.Contains("typedef 'a_t' has unknown type 'b_t'", result.Single("ABI201").Message);
    }

    [Theory]
    [InlineData("s", "'s' is already declared")]
    [InlineData("u32", "'u32' is a built-in type name")]
    public void A_typedef_name_shares_the_name_space_of_types(string name, string message)
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "typedefs": [ { "name": "{{name}}", "type": "u32" } ],
            "structs": [ { "name": "s", "fields": [ { "name": "x", "type": "u32" } ] } ]
            """));
        Assert.Contains(message, result.Single("ABI200").Message);
    }

    [Fact]
    public void A_typedef_of_an_inline_aggregate_is_refused()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "s", "fields": [ { "name": "in", "fields": [ { "name": "x", "type": "u32" } ] } ] } ],
            "typedefs": [ { "name": "in_t", "type": "s.in" } ]
            """));
        // Typedefs are declared before structs are laid out: the inline aggregate has no name yet, and never a C one.
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI201" && d.Message.Contains("'in_t'", StringComparison.Ordinal));
        Assert.Null(result.Model);
    }

    [Theory]
    [InlineData("""{ "name": "t_t", "type": "u32", "count": 2 }""", "ABI101")]
    [InlineData("""{ "name": "t_t" }""", "ABI102")]
    [InlineData("""{ "name": "__t", "type": "u32" }""", "ABI104")]
    [InlineData("""{ "name": "int", "type": "u32" }""", "ABI104")]
    public void A_malformed_typedef_is_reported(string entry, string id)
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "typedefs": [ {{entry}} ],
            "structs": [ { "name": "s", "fields": [ { "name": "x", "type": "u32" } ] } ]
            """));
        Assert.Contains(result.Diagnostics, d => d.Id == id && d.Position.Line == 5);
        Assert.Null(result.Model);
    }

    [Fact]
    public void An_importing_spec_uses_the_imports_typedefs_and_tagless_aggregates()
    {
        var files = new InMemorySpecs().Add("base.abi.json", InMemorySpecs.Spec(Demo, family: "base"));
        var result = files.Load(InMemorySpecs.Spec("""
            "imports": [ "base.abi.json" ],
            "structs": [ { "name": "outer", "fields": [ { "name": "h", "type": "demo_handle_t" }, { "name": "pad", "type": "u32", "reserved": true }, { "name": "m", "type": "demo_mem_t" } ] } ]
            """, family: "user"));
        result.Clean();
        var outer = result.Model!.Structs.Single();
        Assert.Equal(["demo_handle_t", "__u32", "demo_mem_t"], outer.Fields.Select(x => x.Type.CType));
        Assert.Equal(24, outer.Layout(Arch.X86_64).Size);
        Assert.Empty(result.Model.Typedefs);
    }

    [Fact]
    public void Typedefs_take_part_in_model_equality()
    {
        var a = InMemorySpecs.LoadOne(InMemorySpecs.Spec(Demo)).Model!;
        var b = InMemorySpecs.LoadOne(InMemorySpecs.Spec(Demo.Replace("\"doc\": \"A handle.\"", "\"doc\": \"Another.\"", StringComparison.Ordinal))).Model!;
        Assert.Equal(a, InMemorySpecs.LoadOne(InMemorySpecs.Spec(Demo)).Model);
        Assert.NotEqual(a, b);
    }
}
