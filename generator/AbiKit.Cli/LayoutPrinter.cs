using System.Globalization;
using System.Text;
using System.Text.Json;
using AbiKit.Model;

namespace AbiKit.Cli;

/// <summary>Renders a family's layout: a pahole-like text picture, or JSON for other tools.</summary>
public static class LayoutPrinter
{
    /// <summary>
    /// JSON of exactly this shape: <c>{"arch","structs":[{"name","size","align","fields":[{"name","offset","size"}]}],"ioctls":[{"name","code"}]}</c>;
    /// a union's entry also has <c>"kind": "union"</c> after its name.
    /// </summary>
    public static string Json(AbiFamily family, Arch arch) => Json(family, new[] { arch }, asArray: false);

    /// <summary>One JSON object per ABI, each of <see cref="Json(AbiFamily, Arch)"/>'s shape, in a JSON array.</summary>
    public static string JsonAll(AbiFamily family) => Json(family, Arches.All, asArray: true);

    private static string Json(AbiFamily family, IEnumerable<Arch> arches, bool asArray)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            if (asArray) json.WriteStartArray();
            foreach (var arch in arches) WriteReport(json, family, arch);
            if (asArray) json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    // Every member C can name in s: anonymous members dissolved, a named inline aggregate followed by its members (a.b).
    private static IEnumerable<FlatMember> Designators(AbiFamily family, AbiStruct s, Arch arch, string prefix, int offset)
    {
        foreach (var m in family.Named(s, arch, offset))
        {
            yield return m with { Path = prefix + m.Path };
            var inline = m.Field.Count == 0 ? family.Structs.FirstOrDefault(x => x.Inline && x.Name == m.Field.Type.Name) : null;
            if (inline is null) continue;
            foreach (var inner in Designators(family, inline, arch, prefix + m.Path + ".", m.Offset)) yield return inner;
        }
    }

    private static void WriteReport(Utf8JsonWriter json, AbiFamily family, Arch arch)
    {
        json.WriteStartObject();
        json.WriteString("arch", arch.Name());
        json.WriteStartArray("structs");
        // An inline aggregate has no tag to measure: its members are reported inside its user, by the C designator.
        foreach (var s in family.Structs.Where(x => !x.Inline))
        {
            var layout = s.Layout(arch);
            json.WriteStartObject();
            json.WriteString("name", s.Name);
            // Only unions say their kind, so a struct's report keeps the shape older readers know.
            if (s.Kind == AggregateKind.Union) json.WriteString("kind", s.CKeyword);
            json.WriteNumber("size", layout.Size);
            json.WriteNumber("align", layout.Align);
            json.WriteStartArray("fields");
            foreach (var m in Designators(family, s, arch, "", 0))
            {
                json.WriteStartObject();
                json.WriteString("name", m.Path);
                json.WriteNumber("offset", m.Offset);
                json.WriteNumber("size", m.Size);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("ioctls");
        foreach (var io in family.Ioctls)
        {
            json.WriteStartObject();
            json.WriteString("name", io.CodeMacro);
            json.WriteString("code", io.DecodedCode(arch).ToString());
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>
    /// One matrix of every struct and request code on every ABI: <c>offset+size</c> per field, size and alignment per
    /// struct, the code per ioctl; <c>*</c> marks a size, offset or argument size that differs from x86_64.
    /// </summary>
    public static string Matrix(AbiFamily family)
    {
        const int Column = 11;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"/* {family.SourceName}: {family.Family} on every ABI (offset+size; * differs from x86_64) */\n");
        int nameWidth = new[] { 24 }
            .Concat(family.Structs.SelectMany(s => s.Fields).Select(f => f.Name.Length + 3))
            .Concat(family.Structs.Select(s => s.Name.Length + 8))
            .Concat(family.Ioctls.Select(i => i.CodeMacro.Length + 3)).Max();
        string Header(string first) => first.PadRight(nameWidth) + string.Concat(Arches.All.Select(a => a.Name().PadRight(Column))).TrimEnd() + "\n";
        string Row(string label, Func<Arch, string> cell, Func<Arch, bool> differs)
            => ("  " + label).PadRight(nameWidth) + string.Concat(Arches.All.Select(a => (cell(a) + (differs(a) ? "*" : "")).PadRight(Column))).TrimEnd() + "\n";
        foreach (var s in family.Structs)
        {
            var x64 = s.Layout(Arch.X86_64);
            sb.Append('\n').Append(Header(s.CType()));
            for (int i = 0; i < s.Fields.Count; i++)
            {
                int index = i;
                sb.Append(Row(s.Fields[i].Name, a => $"{s.Layout(a).Fields[index].Offset}+{s.Layout(a).Fields[index].Size}",
                    a => s.Layout(a).Fields[index].Offset != x64.Fields[index].Offset || s.Layout(a).Fields[index].Size != x64.Fields[index].Size));
            }
            sb.Append(Row("(size)", a => s.Layout(a).Size.ToString(CultureInfo.InvariantCulture), a => s.Layout(a).Size != x64.Size));
            sb.Append(Row("(align)", a => s.Layout(a).Align.ToString(CultureInfo.InvariantCulture), _ => false));
        }
        if (family.Ioctls.Count > 0)
        {
            sb.Append('\n').Append(Header("request codes"));
            foreach (var io in family.Ioctls)
            {
                int size = io.DecodedCode(Arch.X86_64).Size;
                sb.Append(Row(io.CodeMacro, a => io.DecodedCode(a).ToString(), a => io.DecodedCode(a).Size != size));
            }
        }
        return sb.ToString();
    }

    /// <summary>pahole-style text: each struct with offsets, sizes and holes, then the request codes.</summary>
    public static string Text(AbiFamily family, Arch arch)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"/* {family.SourceName}: {family.Family} on {arch.Name()} */\n");
        foreach (var s in family.Structs)
        {
            var layout = s.Layout(arch);
            sb.Append(CultureInfo.InvariantCulture, $"\n{s.CKeyword} {s.Name} {{\n");
            int holeBytes = 0, holeCount = 0, memberBytes = 0;
            for (int i = 0; i < s.Fields.Count; i++)
            {
                var f = s.Fields[i];
                var fl = layout.Fields[i];
                string type = f.Type.CType;
                string decl = f.Name + (f.Count > 0 ? $"[{f.Count}]" : "") + ";";
                sb.Append(CultureInfo.InvariantCulture, $"\t{type,-24} {decl,-24} /* {fl.Offset,5} {fl.Size,5} */\n");
                memberBytes += fl.Size;
                foreach (var hole in layout.Holes.Where(h => !h.IsTail && h.AfterField == i))
                {
                    sb.Append(CultureInfo.InvariantCulture, $"\n\t/* XXX {hole.Size} byte{(hole.Size == 1 ? "" : "s")} hole, try to pack */\n\n");
                    holeBytes += hole.Size;
                    holeCount++;
                }
            }
            int cachelines = (layout.Size + 63) / 64;
            sb.Append(CultureInfo.InvariantCulture, $"\n\t/* size: {layout.Size}, cachelines: {cachelines}, members: {s.Fields.Count} */\n");
            if (holeCount > 0) sb.Append(CultureInfo.InvariantCulture, $"\t/* sum members: {memberBytes}, holes: {holeCount}, sum holes: {holeBytes} */\n");
            foreach (var tail in layout.Holes.Where(h => h.IsTail)) sb.Append(CultureInfo.InvariantCulture, $"\t/* padding: {tail.Size} */\n");
            sb.Append(CultureInfo.InvariantCulture, $"\t/* align: {layout.Align} */\n}};\n");
        }
        if (family.Ioctls.Count > 0)
        {
            sb.Append('\n');
            int width = family.Ioctls.Max(i => i.CodeMacro.Length);
            foreach (var io in family.Ioctls)
            {
                var code = io.DecodedCode(arch);
                sb.Append(CultureInfo.InvariantCulture, $"{io.CodeMacro.PadRight(width)}  {code}  {RequestDecoder.Shape(code)}\n");
            }
        }
        return sb.ToString();
    }
}
