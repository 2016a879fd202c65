using AbiKit.Model;

namespace AbiKit.Import;

/// <summary>
/// Maps a castxml type to a spec type name. Fixed-width uapi typedefs keep their meaning (<c>__u32</c> → <c>u32</c>);
/// C types whose size and alignment are those of a fixed-width type on every Linux ABI take it (<c>unsigned char</c>
/// → <c>u8</c>, <c>long long</c> → <c>s64</c>); <c>int</c>, <c>long</c>, <c>char</c>, <c>size_t</c> and pointers stay
/// native, as the spec can say them (lint then reports them); anything else is not expressible. The C spellings are the
/// vocabulary's (<see cref="Vocabulary.Scalars"/>: each scalar's C name and C aliases).
/// </summary>
internal sealed class TypeMapper
{
    // Typedef names (__u32, uint32_t, __le32, size_t) and castxml's fundamental type names (unsigned char, long int,
    // _Bool) share one map: no typedef can be named like a fundamental type.
    private static readonly Dictionary<string, string> CSpellings = Vocabulary.Scalars
        .SelectMany(t => new[] { t.CName }.Concat(t.CAliases).Select(c => (C: c, t.Spec)))
        .ToDictionary(x => x.C, x => x.Spec, StringComparer.Ordinal);

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
                case CTypedef d when CSpellings.TryGetValue(d.Name, out var fixedName):
                    return fixedName;
                case CTypedef d when Kept.Contains(d.Name):
                    return d.Name;
                case CTypedef d:
                    t = _doc.Type(d.TypeId);
                    continue;
                case CFundamental f when CSpellings.TryGetValue(f.Name, out var name):
                    return name;
                case CFundamental f:
                    why = $"'{f.Name}' has no spec type";
                    return null;
                case CPointer:
                    return Scalars.SpecName(ScalarKind.NativePointer);
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
