using AbiKit.Model;

namespace AbiKit.Frontend.Tests;

/// <summary>Unions as arguments and members: C's layout on every ABI, lint per member, semantics through member paths.</summary>
public class UnionTests
{
    private const string Handle = """{ "name": "obj", "type": "u32" }""";

    // amdgpu's shape: union { struct in; struct out; } with the handle returned in out.handle.
    private static string Spec(string unionFields, string objectPath = "out.handle", string createOutHandleDir = "out") => InMemorySpecs.Spec($$"""
        "handles": [ {{Handle}} ],
        "structs": [
          { "name": "create_in", "fields": [ { "name": "size", "type": "u64" } ] },
          { "name": "create_out", "fields": [ { "name": "handle", "type": "obj", "dir": "{{createOutHandleDir}}" }, { "name": "pad", "type": "u32", "reserved": true, "dir": "out" } ] },
          { "name": "create", "kind": "union", "fields": [ {{unionFields}} ] }
        ],
        "ioctls": [
          { "name": "CREATE", "nr": 0, "dir": "inout", "arg": "create", "semantics": [ { "effect": "creates", "object": "{{objectPath}}" } ] }
        ]
        """);

    private const string InOut = """{ "name": "in", "type": "create_in", "dir": "in" }, { "name": "out", "type": "create_out", "dir": "out" }""";

    [Fact]
    public void A_union_argument_resolves_with_every_member_at_offset_0_on_every_abi()
    {
        var result = InMemorySpecs.LoadOne(Spec(InOut));
        result.Clean();
        var union = result.Model!.Structs.Single(s => s.Name == "create");
        Assert.Equal(AggregateKind.Union, union.Kind);
        Assert.Equal("union", union.CKeyword);
        foreach (var arch in Arches.All)
        {
            var layout = union.Layout(arch);
            Assert.All(layout.Fields, f => Assert.Equal(0, f.Offset));
            Assert.Equal(8, layout.Size);
            Assert.Empty(layout.Holes);
        }
        var io = result.Model.Ioctls.Single();
        Assert.Equal("union create", io.Arg.CType);
        Assert.Equal(0xC0087800u, io.Code(Arch.X86_64));
        Assert.Equal("out.handle", io.Semantics.Single().Object);
    }

    [Fact]
    public void Union_size_is_the_largest_member_rounded_to_the_largest_alignment()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "u", "kind": "union", "fields": [ { "name": "bytes", "type": "u8", "count": 5 }, { "name": "word", "type": "u32" } ] } ]
            """));
        var diagnostic = result.Single("ABI301");
        Assert.Contains("union u ends with 3 bytes of implicit tail padding at offset 5", diagnostic.Message);
    }

    [Fact]
    public void A_union_whose_size_differs_between_abis_is_reported_per_member()
    {
        // A u64 member with a 12-byte one: 16 bytes on x86_64 (8-aligned), 12 on i386 (u64 aligned to 4).
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "u", "kind": "union", "fields": [ { "name": "wide", "type": "u64" }, { "name": "three", "type": "u32", "count": 3 } ] } ]
            """));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI302" && d.Message.StartsWith("union u has a 64-bit member but its fields end at 12", StringComparison.Ordinal));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI304" && d.Message.Contains("union u is 16 bytes on x86_64 but 12 on", StringComparison.Ordinal));
    }

    [Fact]
    public void A_member_path_that_does_not_resolve_is_located()
    {
        var result = InMemorySpecs.LoadOne(Spec(InOut, objectPath: "out.nope"));
        var d = result.Single("ABI208");
        Assert.Contains("object 'out.nope' does not resolve: 'nope' is not a member of struct create_out", d.Message);
        Assert.True(d.Position.Line > 1);
    }

    [Fact]
    public void A_path_cannot_continue_through_a_scalar()
    {
        var result = InMemorySpecs.LoadOne(Spec(InOut, objectPath: "out.handle.x"));
        Assert.Contains("'handle' is not a struct or union member", result.Single("ABI208").Message);
    }

    [Fact]
    public void A_created_handle_in_an_input_member_is_rejected()
    {
        // in.size is no handle, and the in member is never written back.
        var result = InMemorySpecs.LoadOne(Spec(InOut, objectPath: "in.size"));
        var messages = result.Diagnostics.Where(d => d.Id == "ABI208").Select(d => d.Message).ToList();
        Assert.Contains(messages, m => m.Contains("must be typed by a handle kind", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("returns the new handle in 'in.size', so that field (and every member on its path) must be \"out\"", StringComparison.Ordinal));
    }

    [Fact]
    public void A_path_is_writable_only_if_every_member_on_it_is()
    {
        // out.handle where the handle itself is declared "in": the kernel never writes it back.
        var result = InMemorySpecs.LoadOne(Spec(InOut, createOutHandleDir: "in"));
        Assert.Contains("returns the new handle in 'out.handle'", result.Single("ABI208").Message);
    }

    [Fact]
    public void Union_members_keep_per_member_direction_lint()
    {
        // An _IOW ioctl never copies back, so an "out" union member is a direction error.
        var result = InMemorySpecs.LoadOne(Spec(InOut).Replace("\"dir\": \"inout\", \"arg\": \"create\", \"semantics\": [ { \"effect\": \"creates\", \"object\": \"out.handle\" } ]", "\"dir\": \"in\", \"arg\": \"create\"", StringComparison.Ordinal));
        Assert.Contains("field 'out' is an output", result.Single("ABI205").Message);
    }

    [Fact]
    public void Kind_must_be_struct_or_union()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "u", "kind": "enum", "fields": [ { "name": "a", "type": "u32" } ] } ]
            """));
        Assert.Contains("must be one of struct, union", result.Single("ABI104").Message);
    }

    [Fact]
    public void A_union_is_equal_by_value_and_differs_from_a_struct_of_the_same_fields()
    {
        string fields = """{ "name": "a", "type": "u32" }, { "name": "b", "type": "u32" }""";
        var union = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "structs": [ { "name": "u", "kind": "union", "fields": [ {{fields}} ] } ]
            """));
        var again = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "structs": [ { "name": "u", "kind": "union", "fields": [ {{fields}} ] } ]
            """));
        var asStruct = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "structs": [ { "name": "u", "fields": [ {{fields}} ] } ]
            """));
        Assert.Equal(union.Model, again.Model);
        Assert.NotEqual(union.Model, asStruct.Model);
        Assert.Equal(4, union.Model!.Structs[0].Layout(Arch.X86_64).Size);
        Assert.Equal(8, asStruct.Model!.Structs[0].Layout(Arch.X86_64).Size);
    }
}
