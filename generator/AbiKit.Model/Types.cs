using System;

namespace AbiKit.Model
{
    /// <summary>Scalar types a field can have. The first eight are the kernel's fixed-width types; the rest
    /// are native C types that a spec may use to describe an existing (botched) ABI, and that lint rejects.</summary>
    public enum ScalarKind
    {
        /// <summary>__u8</summary>
        U8,
        /// <summary>__u16</summary>
        U16,
        /// <summary>__u32</summary>
        U32,
        /// <summary>__u64</summary>
        U64,
        /// <summary>__s8</summary>
        S8,
        /// <summary>__s16</summary>
        S16,
        /// <summary>__s32</summary>
        S32,
        /// <summary>__s64</summary>
        S64,
        /// <summary>C <c>char</c> (native).</summary>
        Char,
        /// <summary>C <c>_Bool</c> (native).</summary>
        Bool,
        /// <summary>C <c>int</c> (native).</summary>
        Int,
        /// <summary>C <c>unsigned int</c> (native).</summary>
        UInt,
        /// <summary>C <c>long</c> (native, 4 or 8 bytes).</summary>
        Long,
        /// <summary>C <c>unsigned long</c> (native, 4 or 8 bytes).</summary>
        ULong,
        /// <summary>C <c>size_t</c> (native, 4 or 8 bytes).</summary>
        SizeT,
        /// <summary>A native pointer, <c>void *</c> (4 or 8 bytes).</summary>
        NativePointer,
    }

    /// <summary>Facts about scalar kinds; the single source of sizes and alignments per architecture.</summary>
    public static class Scalars
    {
        /// <summary>True for the kernel's fixed-width types (__u8 … __s64).</summary>
        public static bool IsFixedWidth(ScalarKind kind) => kind <= ScalarKind.S64;

        /// <summary>True for signed kinds.</summary>
        public static bool IsSigned(ScalarKind kind) => kind switch
        {
            ScalarKind.S8 or ScalarKind.S16 or ScalarKind.S32 or ScalarKind.S64 or ScalarKind.Int or ScalarKind.Long => true,
            _ => false,
        };

        /// <summary>Size in bytes on <paramref name="arch"/>.</summary>
        public static int Size(ScalarKind kind, Arch arch) => kind switch
        {
            ScalarKind.U8 or ScalarKind.S8 or ScalarKind.Char or ScalarKind.Bool => 1,
            ScalarKind.U16 or ScalarKind.S16 => 2,
            ScalarKind.U32 or ScalarKind.S32 or ScalarKind.Int or ScalarKind.UInt => 4,
            ScalarKind.U64 or ScalarKind.S64 => 8,
            ScalarKind.Long or ScalarKind.ULong or ScalarKind.SizeT or ScalarKind.NativePointer => arch.PointerSize(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        /// <summary>Alignment in bytes on <paramref name="arch"/>: natural, capped by the ABI
        /// (<see cref="Arches.MaxScalarAlign"/>: i386 aligns 8-byte scalars to 4, m68k everything to 2).</summary>
        public static int Align(ScalarKind kind, Arch arch)
        {
            int size = Size(kind, arch);
            return size < arch.MaxScalarAlign() ? size : arch.MaxScalarAlign();
        }

        /// <summary>The C spelling used in generated headers.</summary>
        public static string CName(ScalarKind kind) => kind switch
        {
            ScalarKind.U8 => "__u8",
            ScalarKind.U16 => "__u16",
            ScalarKind.U32 => "__u32",
            ScalarKind.U64 => "__u64",
            ScalarKind.S8 => "__s8",
            ScalarKind.S16 => "__s16",
            ScalarKind.S32 => "__s32",
            ScalarKind.S64 => "__s64",
            ScalarKind.Char => "char",
            ScalarKind.Bool => "_Bool",
            ScalarKind.Int => "int",
            ScalarKind.UInt => "unsigned int",
            ScalarKind.Long => "long",
            ScalarKind.ULong => "unsigned long",
            ScalarKind.SizeT => "size_t",
            ScalarKind.NativePointer => "void *",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        /// <summary>The C# spelling of the fixed-width kinds (native kinds map to their x86_64 width).</summary>
        public static string CsName(ScalarKind kind) => kind switch
        {
            ScalarKind.U8 or ScalarKind.Char => "byte",
            ScalarKind.U16 => "ushort",
            ScalarKind.U32 or ScalarKind.UInt => "uint",
            ScalarKind.U64 or ScalarKind.ULong or ScalarKind.SizeT => "ulong",
            ScalarKind.S8 => "sbyte",
            ScalarKind.S16 => "short",
            ScalarKind.S32 or ScalarKind.Int => "int",
            ScalarKind.S64 or ScalarKind.Long => "long",
            ScalarKind.Bool => "byte",
            ScalarKind.NativePointer => "nint",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        /// <summary>The largest value a field of this kind can hold, as raw bits.</summary>
        public static ulong MaxUnsigned(ScalarKind kind, Arch arch = Arch.X86_64)
        {
            int bits = Size(kind, arch) * 8;
            return bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        }
    }

    /// <summary>What a type reference points at.</summary>
    public enum TypeKind
    {
        /// <summary>A plain scalar.</summary>
        Scalar,
        /// <summary>A user pointer carried as __u64 (<c>ptr</c> in the spec).</summary>
        UserPointer,
        /// <summary>An enum, carried as its base scalar.</summary>
        Enum,
        /// <summary>A flag set, carried as its base scalar.</summary>
        Flags,
        /// <summary>A typed handle, carried as its base scalar.</summary>
        Handle,
        /// <summary>A nested struct or union (see <see cref="AggregateKind"/>; <see cref="TypeRef.CType"/> spells which).</summary>
        Struct,
    }

    /// <summary>
    /// A resolved reference to a field's or an ioctl argument's type. Carries everything back ends need
    /// (C and C# spellings, the owning family) so no emitter looks a name up again.
    /// </summary>
    /// <param name="Kind">What the reference points at.</param>
    /// <param name="Scalar">The scalar the value is carried as (for structs: <see cref="ScalarKind.U8"/>, unused).</param>
    /// <param name="Name">The spec name of the enum, flag set, handle or struct; the scalar's spec name otherwise.</param>
    /// <param name="CType">The C type spelling (e.g. <c>__u32</c>, <c>struct drm_gem_close</c>).</param>
    /// <param name="CsType">The C# type name, unqualified.</param>
    /// <param name="Family">The family that declares the type (empty for scalars).</param>
    /// <param name="CsNamespace">The C# namespace of the declaring family (empty for scalars).</param>
    public sealed record TypeRef(
        TypeKind Kind,
        ScalarKind Scalar,
        string Name,
        string CType,
        string CsType,
        string Family,
        string CsNamespace);
}
