namespace AbiKit.Model
{
    public static partial class Vocabulary
    {
        /// <summary>
        /// The scalar types: spec, C and C# spellings, size rule, signedness, fixed width, the C spellings the
        /// importer maps to each. The reader, the resolver, the layout engine, the emitters, the importer and the
        /// JSON Schema (tied by a test) read this table; a new scalar is a <see cref="ScalarKind"/> member and a row.
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
