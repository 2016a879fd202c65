using System.Collections.Generic;
using System.Linq;

namespace AbiKit.Model
{
    /// <summary>Scalar types a field can have. The first eight are the kernel's fixed-width types; the rest
    /// are native C types that a spec may use to describe an existing (botched) ABI, and that lint rejects.
    /// Each has one row in <see cref="Vocabulary.Scalars"/>, which says everything else about it.</summary>
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

    /// <summary>One scalar type of the vocabulary: its spellings in the spec, C and C#, and its size rule.</summary>
    public sealed class ScalarTerm : Term<ScalarKind>
    {
        private readonly string[] _aliases;

        /// <summary>Creates a row of <see cref="Vocabulary.Scalars"/>.</summary>
        /// <param name="kind">The model's kind.</param>
        /// <param name="spec">The spec spelling (what the importer writes).</param>
        /// <param name="cName">The C spelling used in generated headers; a spec may write it too.</param>
        /// <param name="csName">The C# spelling (native kinds take their x86_64 width).</param>
        /// <param name="bytes">Size in bytes on every ABI, or 0 for pointer-sized (4 or 8 by ABI).</param>
        /// <param name="signed">True for signed kinds.</param>
        /// <param name="fixedWidth">True for the kernel's fixed-width types (what enums, flag sets and lint accept).</param>
        /// <param name="doc">What it is.</param>
        /// <param name="aliases">Further spellings a spec may write.</param>
        /// <param name="cAliases">C spellings (typedefs, castxml's fundamental type names) that are this scalar on every Linux ABI, for the importer.</param>
        /// <param name="carriesHandles">True when a handle kind may be carried as it.</param>
        public ScalarTerm(ScalarKind kind, string spec, string cName, string csName, int bytes, bool signed, bool fixedWidth, string doc,
            string[]? aliases = null, string[]? cAliases = null, bool carriesHandles = false)
            : base(kind, spec, doc)
        {
            CName = cName;
            CsName = csName;
            Bytes = bytes;
            Signed = signed;
            FixedWidth = fixedWidth;
            _aliases = new[] { cName }.Concat(aliases ?? new string[0]).Where(a => a != spec).Distinct().ToArray();
            CAliases = cAliases ?? new string[0];
            CarriesHandles = carriesHandles;
        }

        /// <summary>The C spelling used in generated headers.</summary>
        public string CName { get; }

        /// <summary>The C# spelling.</summary>
        public string CsName { get; }

        /// <summary>Size in bytes on every ABI, or 0 for pointer-sized.</summary>
        public int Bytes { get; }

        /// <summary>True for signed kinds.</summary>
        public bool Signed { get; }

        /// <summary>True for the kernel's fixed-width types.</summary>
        public bool FixedWidth { get; }

        /// <summary>C spellings the importer reads as this scalar (besides <see cref="CName"/>).</summary>
        public IReadOnlyList<string> CAliases { get; }

        /// <summary>True when a handle kind may be carried as it.</summary>
        public bool CarriesHandles { get; }

        /// <summary>The C# literal suffix that keeps a constant at this width in arithmetic (<c>u</c>, <c>UL</c>; byte and
        /// ushort arithmetic is int anyway).</summary>
        public string CsLiteralSuffix => CsName switch { "uint" => "u", "ulong" => "UL", "long" => "L", _ => "" };

        /// <inheritdoc />
        public override IEnumerable<string> Aliases => _aliases;
    }

    /// <summary>Facts about scalar kinds, read from <see cref="Vocabulary.Scalars"/>; the single source of sizes and
    /// alignments per architecture.</summary>
    public static class Scalars
    {
        // The layout engine asks per field and ABI: an array indexed by kind, not a dictionary lookup.
        private static readonly ScalarTerm[] Rows = Vocabulary.Scalars.OrderBy(t => (int)t.Value).ToArray();

        private static ScalarTerm Row(ScalarKind kind) => (uint)kind < (uint)Rows.Length && Rows[(int)kind].Value == kind ? Rows[(int)kind] : Vocabulary.Scalars[kind];

        /// <summary>True for the kernel's fixed-width types (__u8 … __s64).</summary>
        public static bool IsFixedWidth(ScalarKind kind) => Row(kind).FixedWidth;

        /// <summary>True for signed kinds.</summary>
        public static bool IsSigned(ScalarKind kind) => Row(kind).Signed;

        /// <summary>Size in bytes on <paramref name="arch"/>.</summary>
        public static int Size(ScalarKind kind, Arch arch)
        {
            int bytes = Row(kind).Bytes;
            return bytes != 0 ? bytes : arch.PointerSize();
        }

        /// <summary>Alignment in bytes on <paramref name="arch"/>: natural, capped by the ABI
        /// (<see cref="Arches.MaxScalarAlign"/>: i386 aligns 8-byte scalars to 4, m68k everything to 2).</summary>
        public static int Align(ScalarKind kind, Arch arch)
        {
            int size = Size(kind, arch);
            return size < arch.MaxScalarAlign() ? size : arch.MaxScalarAlign();
        }

        /// <summary>The C spelling used in generated headers.</summary>
        public static string CName(ScalarKind kind) => Row(kind).CName;

        /// <summary>The C# spelling (native kinds map to their x86_64 width).</summary>
        public static string CsName(ScalarKind kind) => Row(kind).CsName;

        /// <summary>The spec spelling.</summary>
        public static string SpecName(ScalarKind kind) => Row(kind).Spec;

        /// <summary>The largest value a field of this kind can hold, as raw bits.</summary>
        public static ulong MaxUnsigned(ScalarKind kind, Arch arch = Arch.X86_64)
        {
            int bits = Size(kind, arch) * 8;
            return bits == 64 ? ulong.MaxValue : (1UL << bits) - 1;
        }
    }
}
