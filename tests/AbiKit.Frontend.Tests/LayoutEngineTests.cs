using AbiKit.Frontend.Resolution;
using AbiKit.Model;

namespace AbiKit.Frontend.Tests;

public class LayoutEngineTests
{
    private static TypeRef Scalar(ScalarKind kind) => new(TypeKind.Scalar, kind, kind.ToString(), Scalars.CName(kind), Scalars.CsName(kind), "", "");

    private static StructLayout Layout(Arch arch, params (ScalarKind Kind, int Count)[] fields)
        => LayoutEngine.Layout(fields.Select(f => (Scalar(f.Kind), f.Count)).ToList(), arch, _ => null);

    [Fact]
    public void U32_then_u64_has_a_hole_on_x86_64_only()
    {
        var x64 = Layout(Arch.X86_64, (ScalarKind.U32, 0), (ScalarKind.U64, 0));
        var x86 = Layout(Arch.I386, (ScalarKind.U32, 0), (ScalarKind.U64, 0));
        Assert.Equal((16, 8), (x64.Size, x64.Align));
        Assert.Equal(8, x64.Fields[1].Offset);
        Assert.Equal(new Hole(4, 4, 0, false), Assert.Single(x64.Holes));
        Assert.Equal((12, 4), (x86.Size, x86.Align));
        Assert.Equal(4, x86.Fields[1].Offset);
        Assert.Empty(x86.Holes);
    }

    [Fact]
    public void Tail_padding_is_a_tail_hole()
    {
        var x64 = Layout(Arch.X86_64, (ScalarKind.U64, 0), (ScalarKind.U32, 0));
        Assert.Equal(16, x64.Size);
        Assert.Equal(new Hole(12, 4, 1, true), Assert.Single(x64.Holes));
        Assert.Equal(12, Layout(Arch.I386, (ScalarKind.U64, 0), (ScalarKind.U32, 0)).Size);
    }

    [Fact]
    public void Arrays_multiply_size_but_keep_element_alignment()
    {
        var layout = Layout(Arch.X86_64, (ScalarKind.U8, 3), (ScalarKind.U32, 4));
        Assert.Equal(3, layout.Fields[0].Size);
        Assert.Equal((4, 16), (layout.Fields[1].Offset, layout.Fields[1].Size));
        Assert.Equal(20, layout.Size);
    }

    [Fact]
    public void Native_types_differ_between_arches()
    {
        Assert.Equal(8, Layout(Arch.X86_64, (ScalarKind.NativePointer, 0)).Size);
        Assert.Equal(4, Layout(Arch.I386, (ScalarKind.NativePointer, 0)).Size);
        Assert.Equal(8, Layout(Arch.X86_64, (ScalarKind.Long, 0)).Size);
        Assert.Equal(4, Layout(Arch.I386, (ScalarKind.SizeT, 0)).Size);
    }

    [Fact]
    public void Nested_structs_use_their_own_layout()
    {
        var inner = Layout(Arch.I386, (ScalarKind.S64, 0), (ScalarKind.S64, 0));
        var innerRef = new TypeRef(TypeKind.Struct, ScalarKind.U8, "ts", "struct ts", "Ts", "demo", "Demo");
        var outer = LayoutEngine.Layout(new[] { (Scalar(ScalarKind.U32), 0), (innerRef, 0) }, Arch.I386, n => n == "ts" ? inner : null);
        Assert.Equal(4, outer.Fields[1].Offset); // i386 aligns the s64 pair to 4
        Assert.Equal(20, outer.Size);
    }

    [Fact]
    public void M68k_aligns_32_and_64_bit_scalars_to_2()
    {
        // Measured with m68k-linux-gnu-gcc (external-judges.md §1): b at 2, c at 6, 14 bytes, aligned to 2.
        var m68k = Layout(Arch.M68k, (ScalarKind.U16, 0), (ScalarKind.U32, 0), (ScalarKind.U64, 0));
        Assert.Equal((2, 6), (m68k.Fields[1].Offset, m68k.Fields[2].Offset));
        Assert.Equal((14, 2), (m68k.Size, m68k.Align));
        Assert.Empty(m68k.Holes);
        var x64 = Layout(Arch.X86_64, (ScalarKind.U16, 0), (ScalarKind.U32, 0), (ScalarKind.U64, 0));
        Assert.Equal((4, 8, 16), (x64.Fields[1].Offset, x64.Fields[2].Offset, x64.Size));
    }

    [Theory]
    [InlineData(Arch.X86_64, 16, 8, 8)]
    [InlineData(Arch.I386, 12, 4, 4)]
    [InlineData(Arch.X32, 16, 8, 4)]
    [InlineData(Arch.Aarch64, 16, 8, 8)]
    [InlineData(Arch.Arm, 16, 8, 4)]
    [InlineData(Arch.Riscv64, 16, 8, 8)]
    [InlineData(Arch.Ppc64le, 16, 8, 8)]
    [InlineData(Arch.S390x, 16, 8, 8)]
    [InlineData(Arch.M68k, 12, 2, 4)]
    public void Every_abi_places_a_u64_after_a_u32_as_its_compiler_does(Arch arch, int size, int align, int pointer)
    {
        var layout = Layout(arch, (ScalarKind.U32, 0), (ScalarKind.U64, 0));
        Assert.Equal((size, align), (layout.Size, layout.Align));
        Assert.Equal(pointer, Layout(arch, (ScalarKind.NativePointer, 0)).Size);
    }

    [Fact]
    public void Every_abi_has_a_name_that_parses_back()
    {
        Assert.Equal(9, Arches.All.Count);
        Assert.All(Arches.All, a => Assert.True(Arches.TryParse(a.Name(), out var back) && back == a));
        Assert.False(Arches.TryParse("vax", out _));
    }
}
