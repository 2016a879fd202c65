using AbiKit.Compat;
using AbiKit.Frontend;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Json;
using AbiKit.Frontend.Syntax;

namespace AbiKit.Cli;

/// <summary>
/// Line and column of each declaration of a spec, for <c>abikit compat</c>'s locations. The model is position-free by
/// design, so they come from the front end's own syntax tree (its reader, over the text the loader read), keyed by the
/// declaration paths <see cref="AbiComparer"/> reports (<c>struct bo.size</c>, <c>flags f.READ</c>, ...).
/// </summary>
internal static class DeclarationPositions
{
    public static DeclarationLocator Of(string path, string text)
    {
        var positions = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        var syntax = SpecReader.Read(path, text, new DiagnosticSink(path));
        if (syntax is not null)
        {
            void Add(string key, SourcePosition at) => positions.TryAdd(key, at);
            Add("family " + syntax.Family.Value, syntax.Family.Position);
            foreach (var e in syntax.Enums)
            {
                Add("enum " + e.Name.Value, e.Name.Position);
                foreach (var v in e.Values) Add($"enum {e.Name.Value}.{v.Name.Value}", v.Name.Position);
            }
            foreach (var f in syntax.FlagSets)
            {
                Add("flags " + f.Name.Value, f.Name.Position);
                foreach (var v in f.Flags) Add($"flags {f.Name.Value}.{v.Name.Value}", v.Name.Position);
                foreach (var field in f.Fields)
                {
                    string name = $"flag field {f.Name.Value}.{field.Name.Value}";
                    Add(name, field.Name.Position);
                    foreach (var v in field.Values) Add($"{name}.{v.Name.Value}", v.Name.Position);
                }
            }
            foreach (var h in syntax.Handles) Add("handle " + h.Name.Value, h.Name.Position);
            foreach (var s in syntax.Structs)
            {
                Add("struct " + s.Name.Value, s.Name.Position);
                foreach (var f in s.Fields) Add($"struct {s.Name.Value}.{f.Name.Value}", f.Name.Position);
            }
            foreach (var i in syntax.Ioctls) Add("ioctl " + i.Name.Value, i.Name.Position);
            foreach (var c in syntax.Constants) Add("constant " + c.Name.Value, c.Name.Position);
            foreach (var include in syntax.Includes)
            {
                foreach (var c in include.Constants) Add("included constant " + c.Name.Value, c.Name.Position);
            }
        }
        return declaration => positions.TryGetValue(declaration, out var at) && at.Line > 0 ? (at.Line, at.Column) : null;
    }
}
