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

    public static partial class Vocabulary
    {
        /// <summary>
        /// The scalar types: spec, C and C# spellings, size rule, signedness, fixed width, the C spellings the
        /// importer maps to each. The reader, the resolver, the layout engine, the emitters, the importer and the
        /// JSON Schema (tied by a test) read this table; a new scalar is a <see cref="ScalarKind"/> member and a row, both in this file.
        /// </summary>
        public static TermTable<ScalarTerm, ScalarKind> Scalars { get; } = new("scalar type",
            // C aliases: the importer's spellings. __le/__be byte order is documentation (sparse checks it); the layout is the plain integer's.
            new(ScalarKind.U8, "u8", "__u8", "byte", 1, signed: false, fixedWidth: true, "Unsigned 8-bit.", cAliases: new[] { "uint8_t", "unsigned char" }),
            new(ScalarKind.U16, "u16", "__u16", "ushort", 2, signed: false, fixedWidth: true, "Unsigned 16-bit.", cAliases: new[] { "__le16", "__be16", "uint16_t", "short unsigned int" }),
            new(ScalarKind.U32, "u32", "__u32", "uint", 4, signed: false, fixedWidth: true, "Unsigned 32-bit.", cAliases: new[] { "__le32", "__be32", "uint32_t" }, carriesHandles: true),
            new(ScalarKind.U64, "u64", "__u64", "ulong", 8, signed: false, fixedWidth: true, "Unsigned 64-bit.", cAliases: new[] { "__le64", "__be64", "uint64_t", "long long unsigned int" }, carriesHandles: true),
            new(ScalarKind.S8, "s8", "__s8", "sbyte", 1, signed: true, fixedWidth: true, "Signed 8-bit.", cAliases: new[] { "int8_t", "signed char" }),
            new(ScalarKind.S16, "s16", "__s16", "short", 2, signed: true, fixedWidth: true, "Signed 16-bit.", cAliases: new[] { "int16_t", "short int" }),
            new(ScalarKind.S32, "s32", "__s32", "int", 4, signed: true, fixedWidth: true, "Signed 32-bit.", cAliases: new[] { "int32_t" }, carriesHandles: true),
            new(ScalarKind.S64, "s64", "__s64", "long", 8, signed: true, fixedWidth: true, "Signed 64-bit.", cAliases: new[] { "int64_t", "long long int" }),
            // Native C types: accepted so that existing ABIs can be described faithfully; lint rejects them.
            new(ScalarKind.Char, "char", "char", "byte", 1, signed: false, fixedWidth: false, "C char (native; lint rejects it outside char arrays)."),
            new(ScalarKind.Bool, "bool", "_Bool", "byte", 1, signed: false, fixedWidth: false, "C _Bool (native; lint rejects it)."),
            new(ScalarKind.Int, "int", "int", "int", 4, signed: true, fixedWidth: false, "C int (native; lint rejects it)."),
            new(ScalarKind.UInt, "unsigned int", "unsigned int", "uint", 4, signed: false, fixedWidth: false, "C unsigned int (native; lint rejects it).", aliases: new[] { "uint" }),
            new(ScalarKind.Long, "long", "long", "long", 0, signed: true, fixedWidth: false, "C long (native, 4 or 8 bytes; lint rejects it).", cAliases: new[] { "long int" }),
            new(ScalarKind.ULong, "unsigned long", "unsigned long", "ulong", 0, signed: false, fixedWidth: false, "C unsigned long (native, 4 or 8 bytes; lint rejects it).",
                aliases: new[] { "ulong" }, cAliases: new[] { "long unsigned int" }),
            new(ScalarKind.SizeT, "size_t", "size_t", "ulong", 0, signed: false, fixedWidth: false, "C size_t (native, 4 or 8 bytes; lint rejects it)."),
            new(ScalarKind.NativePointer, "pointer", "void *", "nint", 0, signed: false, fixedWidth: false, "A native pointer (4 or 8 bytes; lint rejects it: carry user pointers as ptr).",
                aliases: new[] { "void*", "const char *", "char*", "char *" }));
    }
}
