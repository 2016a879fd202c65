namespace AbiKit.Import;

/// <summary>
/// Maps a castxml type to a spec type name. Fixed-width uapi typedefs keep their meaning (<c>__u32</c> → <c>u32</c>);
/// C types whose size and alignment are those of a fixed-width type on every Linux ABI take it (<c>unsigned char</c>
/// → <c>u8</c>, <c>long long</c> → <c>s64</c>); <c>int</c>, <c>long</c>, <c>char</c>, <c>size_t</c> and pointers stay
/// native, as the spec can say them (lint then reports them); anything else is not expressible.
/// </summary>
internal sealed class TypeMapper
{
    private static readonly Dictionary<string, string> Typedefs = new(StringComparer.Ordinal)
    {
        ["__u8"] = "u8", ["__u16"] = "u16", ["__u32"] = "u32", ["__u64"] = "u64",
        ["__s8"] = "s8", ["__s16"] = "s16", ["__s32"] = "s32", ["__s64"] = "s64",
        // Byte order is documentation (sparse checks it); the layout is the plain integer's.
        ["__le16"] = "u16", ["__le32"] = "u32", ["__le64"] = "u64", ["__be16"] = "u16", ["__be32"] = "u32", ["__be64"] = "u64",
        ["uint8_t"] = "u8", ["uint16_t"] = "u16", ["uint32_t"] = "u32", ["uint64_t"] = "u64",
        ["int8_t"] = "s8", ["int16_t"] = "s16", ["int32_t"] = "s32", ["int64_t"] = "s64",
        ["size_t"] = "size_t",
    };

    private static readonly Dictionary<string, string> Fundamentals = new(StringComparer.Ordinal)
    {
        ["char"] = "char", ["signed char"] = "s8", ["unsigned char"] = "u8",
        ["short int"] = "s16", ["short unsigned int"] = "u16",
        ["int"] = "int", ["unsigned int"] = "unsigned int",
        ["long int"] = "long", ["long unsigned int"] = "unsigned long",
        ["long long int"] = "s64", ["long long unsigned int"] = "u64",
        ["_Bool"] = "bool",
    };

    private readonly CastXmlDocument _doc;

    public TypeMapper(CastXmlDocument doc) => _doc = doc;

    /// <summary>Typedef names the spec keeps: a type reached through one is written with its name.</summary>
    public HashSet<string> Kept { get; } = new(StringComparer.Ordinal);

    /// <summary>Qualifiers dropped on the way (volatile), by the field that had them.</summary>
    public bool SawVolatile { get; private set; }

    /// <summary>The spec name of a scalar, enum, pointer or named aggregate; null with the reason otherwise.</summary>
    public string? Map(string typeId, out string? why)
    {
        why = null;
        var t = _doc.Type(typeId);
        while (true)
        {
            switch (t)
            {
                case CQualified q:
                    SawVolatile |= q.Volatile;
                    t = _doc.Type(q.TypeId);
                    continue;
                case CTypedef d when Typedefs.TryGetValue(d.Name, out var fixedName):
                    return fixedName;
                case CTypedef d when Kept.Contains(d.Name):
                    return d.Name;
                case CTypedef d:
                    t = _doc.Type(d.TypeId);
                    continue;
                case CFundamental f when Fundamentals.TryGetValue(f.Name, out var name):
                    return name;
                case CFundamental f:
                    why = $"'{f.Name}' has no spec type";
                    return null;
                case CPointer:
                    return "pointer";
                case CEnum e when e.Name.Length > 0:
                    return e.Name;
                case CEnum e:
                    // An anonymous enum type is its underlying integer.
                    return e.Values.Any(v => v.Value < 0) ? "s" + e.SizeBits : "u" + e.SizeBits;
                case CRecord r when r.Name.Length > 0:
                    return r.Name;
                case CRecord:
                    why = "an anonymous struct or union used as a type";
                    return null;
                case CArray:
                    why = "an array type (a member array has one dimension; an ioctl argument is not an array)";
                    return null;
                default:
                    why = "a function type";
                    return null;
            }
        }
    }
}
