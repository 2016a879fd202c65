using AbiKit.Model;

namespace AbiKit.Frontend.Tests;

/// <summary>Aggregates declared inside a field: C's <c>struct { … } name;</c> and anonymous members (<c>union { … };</c>).</summary>
public class InlineAggregateTests
{
    // i915's drm_i915_gem_exec_object2 tail: union { __u64 rsvd1; __u64 pad_to_size; }; __u64 rsvd2;
    private const string ExecObject = """
        "structs": [ { "name": "exec_object", "fields": [
          { "name": "flags", "type": "u64", "reserved": true },
          { "kind": "union", "fields": [ { "name": "rsvd1", "type": "u64", "reserved": true }, { "name": "pad_to_size", "type": "u64" } ] },
          { "name": "rsvd2", "type": "u64", "reserved": true } ] } ]
        """;

    [Fact]
    public void An_anonymous_union_is_laid_out_in_place_and_its_members_are_named_as_the_outer_structs()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec(ExecObject));
        result.Clean();
        var family = result.Model!;
        var outer = family.Structs.Single(s => !s.Inline);
        var inner = family.Structs.Single(s => s.Inline);
        Assert.Equal(AggregateKind.Union, inner.Kind);
        Assert.True(outer.Fields[1].Anonymous);
        foreach (var arch in Arches.All)
        {
            Assert.Equal(24, outer.Layout(arch).Size);
            var named = family.Named(outer, arch).Select(m => (m.Path, m.Offset, m.Size)).ToList();
            Assert.Equal([("flags", 0, 8), ("rsvd1", 8, 8), ("pad_to_size", 8, 8), ("rsvd2", 16, 8)], named);
        }
    }

    [Fact]
    public void A_named_inline_struct_is_a_member_with_its_own_layout()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "ctx_out", "kind": "union", "fields": [
              { "name": "alloc", "fields": [ { "name": "id", "type": "u32" }, { "name": "pad", "type": "u32", "reserved": true } ] },
              { "name": "state", "fields": [ { "name": "flags", "type": "u64", "reserved": true }, { "name": "hangs", "type": "u32" }, { "name": "status", "type": "u32" } ] } ] } ]
            """));
        result.Clean();
        var outer = result.Model!.Structs.Single(s => s.Name == "ctx_out");
        Assert.Equal(16, outer.Layout(Arch.X86_64).Size);
        Assert.Equal(16, outer.Layout(Arch.I386).Size);
        Assert.Equal(4, outer.Layout(Arch.I386).Align);
        var state = result.Model.Structs.Single(s => s.Name == "ctx_out.state");
        Assert.True(state.Inline);
        Assert.Equal("CtxOutState", state.CsName);
        Assert.Equal("struct { ... }", outer.Fields[1].Type.CType);
    }

    [Fact]
    public void An_anonymous_member_cannot_repeat_a_name_of_the_outer_struct()
    {
        // The anonymous member comes first: the later field is the clash.
        var later = InMemorySpecs.LoadOne(InMemorySpecs.Spec(ExecObject.Replace("\"pad_to_size\"", "\"rsvd2\"", StringComparison.Ordinal)));
        Assert.Contains("struct 'exec_object' already has a field 'rsvd2'", later.Single("ABI200").Message);
        // The anonymous member comes after the field it repeats.
        var earlier = InMemorySpecs.LoadOne(InMemorySpecs.Spec(ExecObject.Replace("\"pad_to_size\"", "\"flags\"", StringComparison.Ordinal)));
        Assert.Contains("already has a field 'flags', which its anonymous member declares again", earlier.Single("ABI200").Message);
    }

    [Fact]
    public void Lint_sees_holes_inside_an_inline_struct()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "s", "fields": [ { "name": "inner", "fields": [ { "name": "a", "type": "u32" }, { "name": "b", "type": "u64" } ] } ] } ]
            """));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI301" && d.Message.Contains("before field 'b' of struct s.inner", StringComparison.Ordinal));
    }

    [Fact]
    public void Semantics_reach_a_handle_through_an_anonymous_member()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "handles": [ { "name": "obj", "type": "u32" } ],
            "structs": [ { "name": "close", "fields": [ { "kind": "union", "fields": [ { "name": "handle", "type": "obj" }, { "name": "raw", "type": "u32" } ] } ] } ],
            "ioctls": [ { "name": "CLOSE", "nr": 1, "dir": "in", "arg": "close", "semantics": [ { "effect": "destroys", "object": "handle" } ] } ]
            """));
        result.Clean();
        Assert.Equal("handle", result.Model!.Ioctls[0].Semantics[0].Object);
    }

    [Theory]
    [InlineData("""{ "name": "x", "type": "u32", "fields": [ { "name": "a", "type": "u32" } ] }""", "either a 'type' or its own 'fields'")]
    [InlineData("""{ "fields": [] }""", "needs at least one field")]
    [InlineData("""{ "fields": [ { "name": "a", "type": "u32" } ], "count": 2 }""", "an anonymous member cannot be an array")]
    [InlineData("""{ "name": "x", "type": "u32", "kind": "union" }""", "'kind' applies to inline aggregates")]
    public void Malformed_inline_members_are_located_errors(string field, string message)
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec($$"""
            "structs": [ { "name": "s", "fields": [ {{field}} ] } ]
            """));
        Assert.Contains(result.Diagnostics, d => d.Id == "ABI104" && d.Message.Contains(message, StringComparison.Ordinal) && d.Position.Line > 1);
        Assert.Null(result.Model);
    }
}
