using AbiKit.Model;

namespace AbiKit.Frontend.Tests;

/// <summary>Multi-bit fields inside a flags word (amdgpu's AMDGPU_VM_MTYPE_*): their own bits, macros and values.</summary>
public class FlagFieldTests
{
    private static string Spec(string flags, string fields) => InMemorySpecs.Spec($$"""
        "flags": [ { "name": "vm_flags", "type": "u32", "mask": false,
          "flags": [ {{flags}} ],
          "fields": [ {{fields}} ] } ]
        """);

    private const string Flags = """{ "name": "VM_READABLE", "value": "(1 << 1)" }, { "name": "VM_WRITEABLE", "value": "(1 << 2)" }""";

    private const string Mtype = """
        { "name": "VM_MTYPE", "bits": "(0xf << 5)", "shift": false, "doc": "Memory type.",
          "values": [ { "name": "VM_MTYPE_DEFAULT", "value": "(0 << 5)" }, { "name": "VM_MTYPE_NC", "value": "(1 << 5)" }, { "name": "VM_MTYPE_UC", "value": "0x80" } ] }
        """;

    [Fact]
    public void A_field_has_its_bits_shift_macros_and_values_in_place()
    {
        var result = InMemorySpecs.LoadOne(Spec(Flags, Mtype));
        result.Clean();
        var set = Assert.Single(result.Model!.FlagSets);
        var field = Assert.Single(set.Fields);
        Assert.Equal((0x1E0UL, 5, "VM_MTYPE_MASK", "", "(0xf << 5)"), (field.Bits, field.Shift, field.MaskMacro, field.ShiftMacro, field.BitsExpression));
        Assert.Equal(new[] { ("Default", 0UL, "(0 << 5)"), ("Nc", 0x20UL, "(1 << 5)"), ("Uc", 0x80UL, "0x80") },
            field.Values.Select(v => (v.CsName, v.Value, v.Expression)));
        Assert.Equal("VmFlagsMtype", field.CsName);
        // The set's known bits include the field's: the dispatcher's unknown-bit check lets a field value through.
        Assert.Equal(0x1E6UL, set.Mask);
    }

    [Fact]
    public void Default_macro_names_follow_the_field()
    {
        var field = Assert.Single(InMemorySpecs.LoadOne(Spec(Flags, """{ "name": "ACC", "bits": "(3 << 3)", "values": [ { "name": "ACC_RD", "value": 0 }, { "name": "ACC_WR", "value": "(1 << 3)" } ] }"""))
            .Model!.FlagSets[0].Fields);
        Assert.Equal(("ACC_MASK", "ACC_SHIFT", 3), (field.MaskMacro, field.ShiftMacro, field.Shift));
    }

    [Fact]
    public void Bits_that_overlap_a_flag_are_a_located_error()
    {
        var d = InMemorySpecs.LoadOne(Spec(Flags, """{ "name": "F", "bits": "(3 << 2)", "values": [ { "name": "F_A", "value": 0 } ] }""")).Single("ABI213");
        Assert.Contains("overlap flag VM_WRITEABLE", d.Message);
        Assert.True(d.Position.Line > 1);
    }

    [Fact]
    public void Fields_that_overlap_each_other_are_an_error()
        => Assert.Contains("overlap field A",
            InMemorySpecs.LoadOne(Spec(Flags, """{ "name": "A", "bits": "0x30", "values": [ { "name": "A_0", "value": 0 } ] }, { "name": "B", "bits": "0x60", "values": [ { "name": "B_0", "value": 0 } ] }""")).Single("ABI213").Message);

    [Fact]
    public void Bits_must_be_contiguous()
        => Assert.Contains("not contiguous",
            InMemorySpecs.LoadOne(Spec(Flags, """{ "name": "A", "bits": "0x90", "values": [ { "name": "A_0", "value": 0 } ] }""")).Single("ABI213").Message);

    [Fact]
    public void A_value_outside_its_bits_is_an_error_that_says_how_to_write_it()
    {
        var d = InMemorySpecs.LoadOne(Spec(Flags, """{ "name": "A", "bits": "(3 << 4)", "values": [ { "name": "A_ONE", "value": 1 } ] }""")).Single("ABI213");
        Assert.Contains("A_ONE = 0x1 has bits outside field A (0x30)", d.Message);
        Assert.Contains("\"(1 << 4)\"", d.Message);
    }

    [Fact]
    public void A_value_macro_named_like_a_flag_is_a_duplicate()
        => Assert.Contains(InMemorySpecs.LoadOne(Spec(Flags, """{ "name": "A", "bits": "0x30", "values": [ { "name": "VM_READABLE", "value": "0x10" } ] }""")).Diagnostics,
            d => d.Id == "ABI200" && d.Message.Contains("'VM_READABLE' is declared twice"));

    [Fact]
    public void A_mask_macro_defined_elsewhere_with_another_value_is_a_duplicate()
    {
        var result = InMemorySpecs.LoadOne(InMemorySpecs.Spec("""
            "constants": [ { "name": "A_MASK", "value": 1 } ],
            "flags": [ { "name": "f", "type": "u32", "flags": [ { "name": "F_X", "value": 1 } ],
              "fields": [ { "name": "A", "bits": "0x30", "values": [ { "name": "A_0", "value": 0 } ] } ] } ]
            """));
        Assert.Contains("C macro A_MASK is defined as 48 (mask of field A of flag set f) and as 1 (constant)", result.Single("ABI200").Message);
    }
}
