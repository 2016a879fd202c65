namespace AbiKit.Frontend.Tests;

/// <summary>A C macro name has one value across a spec and its imports (the header would otherwise redefine it).</summary>
public class MacroCheckTests
{
    [Fact]
    public void The_same_macro_with_two_values_in_one_spec_is_an_error_at_the_second()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "flags": [
              { "name": "a_flags", "type": "u32", "flags": [ { "name": "X_READ", "value": 1 } ] },
              { "name": "b_flags", "type": "u32", "flags": [ { "name": "X_READ", "value": 2 } ] } ]
            """));
        var d = result.Single("ABI200");
        Assert.Contains("C macro X_READ is defined as 2 (flag set b_flags) and as 1 (flag set a_flags)", d.Message);
        Assert.Equal(7, d.Position.Line); // the b_flags line
        Assert.Null(result.Model);
    }

    [Fact]
    public void The_same_macro_with_the_same_value_in_two_sets_is_allowed()
    {
        // An identical redefinition is valid C, as an alias in a second set is.
        InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "flags": [
              { "name": "a_flags", "type": "u32", "flags": [ { "name": "X_READ", "value": 1 } ] },
              { "name": "b_flags", "type": "u32", "flags": [ { "name": "X_READ", "value": 1 } ] } ]
            """)).Clean();
    }

    [Fact]
    public void Redefining_an_imported_macro_with_another_value_is_an_error()
    {
        var specs = new InMemorySpecs().Add("base.abi.json", InMemorySpecs.Spec("""
            "flags": [ { "name": "base_flags", "type": "u32", "flags": [ { "name": "BASE_CLOEXEC", "value": "02000000" } ] } ]
            """, family: "base"));
        var result = specs.Load(InMemorySpecs.Spec("""
            "imports": [ "base.abi.json" ],
            "enums": [ { "name": "modes", "type": "u32", "values": [ { "name": "BASE_CLOEXEC", "value": 1 } ] } ]
            """));
        Assert.Contains("C macro BASE_CLOEXEC is defined as 1 (enum modes) and as 524288 (flag set base_flags in base.abi.json)", result.Single("ABI200").Message);
    }

    [Fact]
    public void A_flag_named_like_a_request_macro_is_an_error()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "flags": [ { "name": "demo_flags", "type": "u32", "flags": [ { "name": "DEMO_IOCTL_PING", "value": 1 } ] } ],
            "ioctls": [ { "name": "PING", "nr": 1, "dir": "none" } ]
            """));
        Assert.Contains("C macro DEMO_IOCTL_PING is defined as 0x00007801 (request code of PING) and as 1 (flag set demo_flags)", result.Single("ABI200").Message);
    }
}
