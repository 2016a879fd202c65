using AbiKit.Emitters.CSharp;
using AbiKit.Frontend;

namespace AbiKit.Emitters.Tests;

/// <summary>Semantics name handles by C member paths; the client's attribute names the C# members they became.</summary>
public class MemberPathTests
{
    private const string Spec = """
        {
          "family": "paths",
          "doc": "Member paths.",
          "ioctl": { "type": "p", "style": "generic" },
          "handles": [ { "name": "obj", "type": "u32" } ],
          "structs": [
            { "name": "create_out", "fields": [ { "name": "obj_handle", "type": "obj", "dir": "out" }, { "name": "pad", "type": "u32", "reserved": true, "dir": "out" } ] },
            { "name": "create", "kind": "union", "fields": [ { "name": "size", "type": "u64" }, { "name": "result", "type": "create_out", "dir": "out" } ] },
            { "name": "close", "fields": [ { "kind": "union", "fields": [ { "name": "obj_handle", "type": "obj" }, { "name": "raw", "type": "u32" } ] } ] }
          ],
          "ioctls": [
            { "name": "CREATE", "nr": 1, "dir": "inout", "arg": "create", "semantics": [ { "effect": "creates", "object": "result.obj_handle" } ] },
            { "name": "CLOSE", "nr": 2, "dir": "in", "arg": "close", "semantics": [ { "effect": "destroys", "object": "obj_handle" } ] }
          ]
        }
        """;

    private static string Client()
    {
        var result = new SpecLoader().LoadText("paths.abi.json", Spec);
        Assert.True(result.Model is not null, string.Join("\n", result.Diagnostics));
        return new CSharpRuntimeEmitter(TemplateSet.Embedded).Emit(result.Model!).First(f => f.RelativePath.EndsWith(".Client.g.cs", StringComparison.Ordinal)).Content;
    }

    [Fact]
    public void A_path_through_a_union_member_becomes_the_csharp_member_path()
        => Assert.Contains("SemanticEffect.Creates, Object = \"Result.ObjHandle\")]", Client());

    [Fact]
    public void A_field_of_an_anonymous_member_is_the_enclosing_structs_own()
        => Assert.Contains("SemanticEffect.Destroys, Object = \"ObjHandle\")]", Client());
}
