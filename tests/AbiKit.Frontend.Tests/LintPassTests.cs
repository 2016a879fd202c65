using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Json;
using AbiKit.Frontend.Lint;
using AbiKit.Model;

namespace AbiKit.Frontend.Tests;

/// <summary>Lint runs as a pass of its own over the finished model; its findings still read in the order the spec was
/// resolved, interleaved with resolution's errors, and are located through the front end's source index.</summary>
public class LintPassTests
{
    [Fact]
    public void Lint_findings_follow_the_element_resolution_reached_them_at()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "handles": [ { "name": "name_handle", "type": "u32", "scope": "global" } ],
            "structs": [
              { "name": "holey", "fields": [ { "name": "a", "type": "u32" }, { "name": "b", "type": "u64" } ] },
              { "name": "broken", "fields": [ { "name": "x", "type": "no_such_type" } ] },
              { "name": "padded", "fields": [ { "name": "pad", "type": "u32" } ] }
            ],
            "ioctls": [
              { "name": "LEGACY", "nr": 1, "dir": "none", "encoding": "legacy" },
              { "name": "BAD_NR", "nr": 256, "dir": "none" },
              { "name": "LATER", "nr": 2, "dir": "out", "arg": "padded" }
            ]
            """));
        // Resolution reached the handle, holey, broken, padded, the ioctls in this order; each element's lint follows
        // the resolution errors reported before it was finished (ABI201 of broken, ABI203 of BAD_NR).
        Assert.Equal(new[] { "ABI307", "ABI301", "ABI304", "ABI201", "ABI306", "ABI310", "ABI203", "ABI205", "ABI309" },
            result.Diagnostics.Select(d => d.Id).ToArray());
    }

    [Fact]
    public void Implementation_name_findings_follow_the_macro_checks_and_precede_the_CSharp_name_checks()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "constants": [ { "name": "_DRM_A", "value": 1 }, { "name": "DUP", "value": 2 } ],
            "enums": [ { "name": "e", "type": "u32", "values": [ { "name": "_E_A", "value": 0 }, { "name": "DUP", "value": 1 } ] } ],
            "flags": [ { "name": "f", "type": "u32", "flags": [ { "name": "_F_A", "value": 1 }, { "name": "_F_B", "value": 2, "allow": { "ABI313": "kept" } } ],
                         "fields": [ { "name": "F_KIND", "bits": "(3 << 4)", "values": [ { "name": "__F_KIND_A", "value": "(1 << 4)" } ] } ] } ],
            "structs": [ { "name": "holey", "fields": [ { "name": "a", "type": "u32" }, { "name": "to_string", "type": "u64" } ] } ],
            "ioctls": [ { "name": "LEGACY", "nr": 1, "dir": "none", "encoding": "legacy" } ]
            """));
        // A pin of the report's order: lint of the struct and the ioctl (ABI301, ABI304, ABI310) follows their resolution;
        // the macro check's redefinition (ABI200 at the enum's DUP) comes next, then every implementation name in
        // declaration order (constant, enum value, flag, flag-field value; the allowed _F_B not), then the C# name
        // check's (ABI200 at to_string, which would hide ToString).
        Assert.Equal(new[] { "ABI301 9:87", "ABI304 9:24", "ABI310 10:69", "ABI200 6:96", "ABI313 5:28", "ABI313 6:64", "ABI313 7:63", "ABI313 8:88", "ABI200 9:87" },
            result.Diagnostics.Select(d => $"{d.Id} {d.Position.Line}:{d.Position.Column}").ToArray());
    }

    [Fact]
    public void Lint_locates_findings_by_the_index_not_the_model()
    {
        var sink = new DiagnosticSink("demo.abi.json");
        var index = new SourceIndex();
        var family = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "structs": [ { "name": "s", "fields": [ { "name": "a", "type": "u32" }, { "name": "b", "type": "u32" } ] } ]
            """)).Model!;
        // An index without the struct: the pass has nowhere to report and reports nothing (it never guesses a position).
        LintPass.Run(family with { Structs = new[] { family.Structs[0] with { Fields = new[] { family.Structs[0].Fields[0] with { Name = "flags" }, family.Structs[0].Fields[1] }.ToEquatableArray() } }.ToEquatableArray() },
            [], index, sink);
        Assert.Empty(sink.Items);
    }

    [Fact]
    public void Splice_inserts_after_the_given_count_and_keeps_the_order_of_equal_counts()
    {
        var sink = new DiagnosticSink("p");
        AbiDiagnostic D(string id) => new(id, Severity.Warning, id, "p", SourcePosition.Start);
        sink.Add(D("r1"));
        sink.Add(D("r2"));
        sink.Splice([(1, D("l1")), (1, D("l2")), (0, D("l0")), (2, D("l3"))]);
        Assert.Equal(new[] { "l0", "r1", "l1", "l2", "r2", "l3" }, sink.Items.Select(d => d.Id).ToArray());
    }
}
