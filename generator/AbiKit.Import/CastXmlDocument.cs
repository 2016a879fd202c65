using System.Globalization;
using System.Xml.Linq;

namespace AbiKit.Import;

/// <summary>A declaration's place in a header.</summary>
internal readonly record struct CLocation(string File, int Line);

/// <summary>A C type as castxml describes it (only what uapi headers use).</summary>
internal abstract record CType(string Id);

/// <summary><c>int</c>, <c>unsigned long</c>, … with its size in bits on the translation's target.</summary>
internal sealed record CFundamental(string Id, string Name, int SizeBits) : CType(Id);

/// <summary>A typedef.</summary>
internal sealed record CTypedef(string Id, string Name, string TypeId, CLocation Location) : CType(Id);

/// <summary>A pointer to anything.</summary>
internal sealed record CPointer(string Id) : CType(Id);

/// <summary>An array; <see cref="Count"/> is null for <c>[]</c>, 0 for GNU <c>[0]</c>.</summary>
internal sealed record CArray(string Id, string ElementId, long? Count) : CType(Id);

/// <summary>const/volatile around a type.</summary>
internal sealed record CQualified(string Id, string TypeId, bool Volatile) : CType(Id);

/// <summary>A function type (only reached through pointers).</summary>
internal sealed record CFunction(string Id) : CType(Id);

/// <summary>An enumerator.</summary>
internal sealed record CEnumValue(string Name, System.Numerics.BigInteger Value);

/// <summary>A C enum.</summary>
internal sealed record CEnum(string Id, string Name, int SizeBits, IReadOnlyList<CEnumValue> Values, CLocation Location, string? CommentId) : CType(Id);

/// <summary>A field of a struct or union.</summary>
/// <param name="Name">Empty for an anonymous member.</param>
/// <param name="TypeId">Its type.</param>
/// <param name="Bits">Bit-field width, or null.</param>
/// <param name="OffsetBits">Offset in bits.</param>
/// <param name="Location">Where it is declared.</param>
/// <param name="CommentId">castxml's id of the doc comment attached to it.</param>
internal sealed record CField(string Name, string TypeId, int? Bits, long OffsetBits, CLocation Location, string? CommentId);

/// <summary>A struct or union; <see cref="Name"/> is empty for an anonymous one.</summary>
internal sealed record CRecord(string Id, string Name, bool IsUnion, bool Incomplete, long SizeBits, long AlignBits,
    IReadOnlyList<CField> Fields, CLocation Location, string? CommentId) : CType(Id);

/// <summary>A comment castxml attached to a declaration, by its lines.</summary>
internal sealed record CComment(string Id, string File, int BeginLine, int EndLine);

/// <summary>
/// The declarations of one castxml run (<c>--castxml-output=1</c>): types by id, the top-level records, enums and
/// typedefs in source order, and doc comments. castxml is clang: sizes and offsets are the compiler's.
/// </summary>
internal sealed class CastXmlDocument
{
    private readonly Dictionary<string, CType> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CComment> _comments = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _align = new(StringComparer.Ordinal);

    private CastXmlDocument() { }

    /// <summary>Named and anonymous records, enums and typedefs in source order.</summary>
    public List<CType> Declarations { get; } = new();

    /// <summary>The type of id <paramref name="id"/>.</summary>
    public CType Type(string id) => _types[id];

    /// <summary>The doc comment of id <paramref name="id"/>, if any.</summary>
    public CComment? Comment(string? id) => id is not null && _comments.TryGetValue(id, out var c) ? c : null;

    /// <summary>Strips typedef-free qualifiers and elaboration: the type itself.</summary>
    public CType Unqualified(string id)
    {
        var t = Type(id);
        while (t is CQualified q) t = Type(q.TypeId);
        return t;
    }

    /// <summary>Follows typedefs and qualifiers to the type they name.</summary>
    public CType Canonical(string id)
    {
        var t = Type(id);
        while (true)
        {
            switch (t)
            {
                case CQualified q: t = Type(q.TypeId); break;
                case CTypedef d: t = Type(d.TypeId); break;
                default: return t;
            }
        }
    }

    /// <summary>Size in bits of the type of id <paramref name="id"/>, or null when it has none (incomplete, function).</summary>
    public long? SizeBits(string id) => Canonical(id) switch
    {
        CFundamental f => f.SizeBits,
        CPointer => null,
        CRecord r when !r.Incomplete => r.SizeBits,
        CEnum e => e.SizeBits,
        CArray a when a.Count is { } n => SizeBits(a.ElementId) is { } s ? s * n : null,
        _ => null,
    };

    /// <summary>The alignment in bits the compiler gives the type of id <paramref name="id"/> (an array's is its element's).</summary>
    public long AlignBits(string id)
    {
        var t = Canonical(id);
        return t is CArray a ? AlignBits(a.ElementId) : _align.GetValueOrDefault(t.Id, 8);
    }

    /// <summary>Whether the compiler aligns <paramref name="r"/> less than its most aligned member: <c>__attribute__((packed))</c>.</summary>
    public bool IsPacked(CRecord r) => r.Fields.Count > 0 && r.Fields.Max(f => AlignBits(f.TypeId)) > r.AlignBits;

    /// <summary>Parses castxml's XML.</summary>
    public static CastXmlDocument Parse(string xml)
    {
        var doc = new CastXmlDocument();
        var root = XDocument.Parse(xml).Root ?? throw new NativeToolException("castxml wrote no XML");
        var files = root.Elements("File").ToDictionary(e => (string)e.Attribute("id")!, e => (string)e.Attribute("name")!, StringComparer.Ordinal);
        var fieldElements = root.Elements("Field").ToDictionary(e => (string)e.Attribute("id")!, StringComparer.Ordinal);
        CLocation Loc(XElement e) => new(files.TryGetValue((string?)e.Attribute("file") ?? "", out var f) ? f : "", (int?)e.Attribute("line") ?? 0);
        string? Str(XElement e, string name) => (string?)e.Attribute(name);
        long Long(XElement e, string name) => long.Parse(Str(e, name) ?? "0", CultureInfo.InvariantCulture);

        foreach (var e in root.Elements())
        {
            string id = Str(e, "id") ?? "";
            if (Str(e, "align") is { } align) doc._align[id] = long.Parse(align, CultureInfo.InvariantCulture);
            switch (e.Name.LocalName)
            {
                case "FundamentalType":
                    doc.Add(new CFundamental(id, Str(e, "name")!, (int)Long(e, "size")));
                    break;
                case "Typedef":
                    doc.Add(new CTypedef(id, Str(e, "name")!, Str(e, "type")!, Loc(e)), declared: true);
                    break;
                case "PointerType":
                    doc.Add(new CPointer(id));
                    break;
                case "ArrayType":
                    string max = Str(e, "max") ?? "";
                    long? count = max.Length == 0 ? null : long.Parse(max, CultureInfo.InvariantCulture) + 1;
                    doc.Add(new CArray(id, Str(e, "type")!, count));
                    break;
                case "CvQualifiedType":
                    doc.Add(new CQualified(id, Str(e, "type")!, Str(e, "volatile") == "1"));
                    break;
                case "ElaboratedType":
                    doc.Add(new CQualified(id, Str(e, "type")!, false));
                    break;
                case "FunctionType":
                    doc.Add(new CFunction(id));
                    break;
                case "Enumeration":
                    var values = e.Elements("EnumValue")
                        .Select(v => new CEnumValue(Str(v, "name")!, System.Numerics.BigInteger.Parse(Str(v, "init")!, CultureInfo.InvariantCulture)))
                        .ToList();
                    doc.Add(new CEnum(id, Str(e, "name") ?? "", (int)Long(e, "size"), values, Loc(e), Str(e, "comment")), declared: true);
                    break;
                case "Struct":
                case "Union":
                    var members = (Str(e, "members") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var fields = new List<CField>();
                    foreach (var m in members)
                    {
                        if (!fieldElements.TryGetValue(m, out var f)) continue; // nested record declarations are members too
                        fields.Add(new CField(Str(f, "name") ?? "", Str(f, "type")!, (int?)f.Attribute("bits"), Long(f, "offset"), Loc(f), Str(f, "comment")));
                    }

                    doc.Add(new CRecord(id, Str(e, "name") ?? "", e.Name.LocalName == "Union", Str(e, "incomplete") == "1",
                        Long(e, "size"), Long(e, "align"), fields, Loc(e), Str(e, "comment")), declared: true);
                    break;
                case "Comment":
                    doc._comments[id] = new CComment(id, files.TryGetValue(Str(e, "file") ?? "", out var cf) ? cf : "",
                        (int)Long(e, "begin_line"), (int)Long(e, "end_line"));
                    break;
            }
        }

        return doc;
    }

    private void Add(CType type, bool declared = false)
    {
        _types[type.Id] = type;
        if (declared) Declarations.Add(type);
    }
}
