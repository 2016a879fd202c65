using System.Globalization;
using System.Text;
using System.Text.Json;
using AbiKit.Model;

namespace AbiKit.Cli;

/// <summary>Renders a family's layout: a pahole-like text picture, or JSON for other tools.</summary>
public static class LayoutPrinter
{
    /// <summary>
    /// JSON of exactly this shape: <c>{"arch","structs":[{"name","size","align","fields":[{"name","offset","size"}]}],"ioctls":[{"name","code"}]}</c>.
    /// </summary>
    public static string Json(AbiFamily family, Arch arch)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("arch", ArchName(arch));
            json.WriteStartArray("structs");
            foreach (var s in family.Structs)
            {
                var layout = s.Layout(arch);
                json.WriteStartObject();
                json.WriteString("name", s.Name);
                json.WriteNumber("size", layout.Size);
                json.WriteNumber("align", layout.Align);
                json.WriteStartArray("fields");
                for (int i = 0; i < s.Fields.Count; i++)
                {
                    json.WriteStartObject();
                    json.WriteString("name", s.Fields[i].Name);
                    json.WriteNumber("offset", layout.Fields[i].Offset);
                    json.WriteNumber("size", layout.Fields[i].Size);
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
                json.WriteString("code", new IoctlCode(io.Code(arch)).ToString());
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>pahole-style text: each struct with offsets, sizes and holes, then the request codes.</summary>
    public static string Text(AbiFamily family, Arch arch)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"/* {family.SourceName}: {family.Family} on {ArchName(arch)} */\n");
        foreach (var s in family.Structs)
        {
            var layout = s.Layout(arch);
            sb.Append(CultureInfo.InvariantCulture, $"\nstruct {s.Name} {{\n");
            int holeBytes = 0, holeCount = 0, memberBytes = 0;
            for (int i = 0; i < s.Fields.Count; i++)
            {
                var f = s.Fields[i];
                var fl = layout.Fields[i];
                string type = f.Type.Kind == TypeKind.Struct ? "struct " + f.Type.Name : f.Type.CType;
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
                var code = new IoctlCode(io.Code(arch));
                sb.Append(CultureInfo.InvariantCulture, $"{io.CodeMacro.PadRight(width)}  {code}  {RequestDecoder.Shape(code)}\n");
            }
        }
        return sb.ToString();
    }

    /// <summary>The name used on the command line and in reports.</summary>
    public static string ArchName(Arch arch) => arch == Arch.X86_64 ? "x86_64" : "i386";
}
