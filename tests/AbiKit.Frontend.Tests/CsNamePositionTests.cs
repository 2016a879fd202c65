namespace AbiKit.Frontend.Tests;

/// <summary>Where the C# name check reports: at the declaration whose C# name clashes (a member's clash at its enum or flag
/// set, a struct member's at the field), located through the front end's source index.</summary>
public class CsNamePositionTests
{
    [Fact]
    public void Each_clash_is_reported_at_its_declaration()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "enums": [ { "name": "a_b", "type": "u32", "values": [ { "name": "E_ONE", "value": 0, "csName": "Same" }, { "name": "E_TWO", "value": 1, "csName": "Same" } ] } ],
            "flags": [ { "name": "a__b", "type": "u32", "flags": [ { "name": "FL_A", "value": 1, "csName": "ToString" } ],
                         "fields": [ { "name": "FL_KIND", "bits": "(3 << 4)", "values": [ { "name": "FL_KIND_A", "value": "(1 << 4)", "csName": "Same" },
                                                                                   { "name": "FL_KIND_B", "value": "(2 << 4)", "csName": "Same" } ] } ] } ],
            "structs": [ { "name": "s", "fields": [ { "name": "x", "type": "u32" }, { "name": "value", "type": "u32", "csName": "ToString" },
                                                    { "name": "inner", "fields": [ { "name": "y", "type": "u32", "csName": "Equals" } ] } ] } ],
            "ioctls": [ { "name": "ONE", "nr": 1, "dir": "none", "csName": "Same" }, { "name": "TWO", "nr": 2, "dir": "none", "csName": "Same" } ]
            """));
        // The type clash at the second type (a__b); enum and flag-set members at their set; struct members at their field,
        // an inline struct's too (y, which was reported at the family's name before the check read the index); ioctls at
        // the second ioctl.
        Assert.Equal(
            [
                "6:22 flag set a__b is C# type AB, as is enum a_b",
                "5:24 E_TWO of enum a_b is C# member Same, as is E_ONE",
                "6:22 FL_A of flag set a__b is C# member ToString, which would hide the inherited ToString",
                "6:22 FL_KIND_B of field FL_KIND is C# member Same, as is FL_KIND_A",
                "10:82 y of struct s.inner is C# member Equals, which would hide the inherited Equals",
                "9:83 value of struct s is C# member ToString, which would hide the inherited ToString",
                "11:84 TWO of the ioctl class is C# member Same, as is ONE",
            ],
            result.Diagnostics.Where(d => d.Id == "ABI200").Select(d => $"{d.Position.Line}:{d.Position.Column} {d.Message.Split(';')[0]}"));
    }
}
