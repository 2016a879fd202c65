using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Json;
using AbiKit.Frontend.Syntax;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    /// <summary>
    /// Every C macro a family's header defines (enum values, flags, masks, ioctl numbers and request codes, the type
    /// macro, the include guard) may have one value across the spec and its imports: a second definition with another
    /// value would make the generated header silently redefine it (or fail to compile where both are included).
    /// </summary>
    internal static class MacroCheck
    {
        private sealed record Definition(string Value, string Where, SourcePosition? Position);

        public static void Run(AbiFamily family, IReadOnlyList<AbiFamily> imports, SpecSyntax syntax, DiagnosticSink sink)
        {
            var byName = new Dictionary<string, List<Definition>>(System.StringComparer.Ordinal);
            foreach (var imported in imports)
            {
                foreach (var (name, value, where, _) in Macros(imported)) Add(byName, name, new Definition(value, $"{where} in {imported.SourceName}", null));
            }

            var positions = Positions(syntax);
            foreach (var (name, value, where, declaration) in Macros(family))
            {
                // Declarations of one name are met in the same order in the syntax and the model.
                var at = positions.TryGetValue(declaration, out var queue) && queue.Count > 0 ? (queue.Count > 1 ? queue.Dequeue() : queue.Peek()) : syntax.Family.Position;
                Add(byName, name, new Definition(value, where, at));
            }

            foreach (var pair in byName)
            {
                var first = pair.Value[0];
                // Two imported headers that define one macro differently cannot both be included: the second would
                // redefine it. Located at the import that brings the second definition in.
                var clash = pair.Value.Skip(1).FirstOrDefault(d => d.Position is null && first.Position is null && d.Value != first.Value);
                if (clash is not null)
                {
                    var at = syntax.Imports.Where(i => clash.Where.EndsWith(" in " + System.IO.Path.GetFileName(i.Value), System.StringComparison.Ordinal)).Select(i => (SourcePosition?)i.Position).FirstOrDefault()
                        ?? (syntax.Imports.Count > 0 ? syntax.Imports[syntax.Imports.Count - 1].Position : syntax.Family.Position);
                    sink.Report(DiagnosticCatalog.DuplicateName, at,
                        $"C macro {pair.Key} is defined as {clash.Value} ({clash.Where}) and as {first.Value} ({first.Where}); a header including both would redefine it. Rename one");
                }
                // Duplicates inside one enum or flag set are reported where they are read; this is about different values.
                foreach (var d in pair.Value.Skip(1).Where(d => d.Position is not null && d.Value != first.Value && d.Where != first.Where))
                {
                    sink.Report(DiagnosticCatalog.DuplicateName, d.Position!.Value,
                        $"C macro {pair.Key} is defined as {d.Value} ({d.Where}) and as {first.Value} ({first.Where}); the header would redefine it. Rename one");
                }
            }
        }

        private static void Add(Dictionary<string, List<Definition>> byName, string name, Definition definition)
        {
            if (!byName.TryGetValue(name, out var list)) byName[name] = list = new List<Definition>();
            list.Add(definition);
        }

        // The macros a family's header defines, each with its replacement's value as text.
        // The macros a family's header defines: name, the replacement's value as text, what defines it, and the
        // declaration whose position locates it.
        internal static IEnumerable<(string Name, string Value, string Where, string Declaration)> Macros(AbiFamily f)
        {
            foreach (var c in f.Constants) yield return (c.Name, c.Value.ToString(CultureInfo.InvariantCulture), "constant", c.Name);
            foreach (var c in f.ExternalConstants) yield return (c.Name, c.Value.ToString(CultureInfo.InvariantCulture), "constant of " + c.Header, c.Name);
            foreach (var e in f.Enums)
            {
                foreach (var v in e.Values) yield return (v.Name, v.Value.ToString(CultureInfo.InvariantCulture), $"enum {e.Name}", v.Name);
            }
            foreach (var s in f.FlagSets)
            {
                foreach (var v in s.Flags) yield return (v.Name, v.Value.ToString(CultureInfo.InvariantCulture), $"flag set {s.Name}", v.Name);
                foreach (var field in s.Fields)
                {
                    foreach (var v in field.Values) yield return (v.Name, v.Value.ToString(CultureInfo.InvariantCulture), $"field {field.Name} of flag set {s.Name}", v.Name);
                    if (field.MaskMacro.Length > 0) yield return (field.MaskMacro, field.Bits.ToString(CultureInfo.InvariantCulture), $"mask of field {field.Name} of flag set {s.Name}", field.Name);
                    if (field.ShiftMacro.Length > 0) yield return (field.ShiftMacro, field.Shift.ToString(CultureInfo.InvariantCulture), $"shift of field {field.Name} of flag set {s.Name}", field.Name);
                }
                if (s.MaskName.Length > 0) yield return (s.MaskName, s.Mask.ToString(CultureInfo.InvariantCulture), $"mask of flag set {s.Name}", s.Name);
            }
            foreach (var io in f.Ioctls)
            {
                yield return (io.CodeMacro, new IoctlCode(io.Code(Arch.X86_64)).ToString(), $"request code of {io.Name}", io.Name);
                // A newer form's number macro is spelled through its older form's (same number).
                if (io.NrMacro.Length > 0) yield return (io.NrMacro, io.Nr.ToString(CultureInfo.InvariantCulture), $"number of {io.Name}", io.Name);
            }
            if (f.Ioctl.DefinesTypeMacro && f.Ioctl.TypeMacro.Length > 0 && f.Ioctl.Style == IoctlStyle.Generic)
                yield return (f.Ioctl.TypeMacro, ((int)f.Ioctl.Type).ToString(CultureInfo.InvariantCulture), "ioctl type", "");
            yield return (f.C.Guard, "the include guard of " + f.C.FileName, "include guard", "");
        }

        private static Dictionary<string, Queue<SourcePosition>> Positions(SpecSyntax syntax)
        {
            var positions = new Dictionary<string, Queue<SourcePosition>>(System.StringComparer.Ordinal);
            var declarations = syntax.Includes.SelectMany(i => i.Constants).Concat(syntax.Constants).Concat(syntax.Enums.SelectMany(e => e.Values))
                .Concat(syntax.FlagSets.SelectMany(s => s.Flags.Concat(s.Fields.SelectMany(f => f.Values))))
                .Concat<DeclarationSyntax>(syntax.FlagSets).Concat(syntax.FlagSets.SelectMany(s => s.Fields)).Concat(syntax.FlagSets.SelectMany(s => s.Fields)).Concat(syntax.Ioctls);
            foreach (var d in declarations)
            {
                if (!positions.TryGetValue(d.Name.Value, out var queue)) positions[d.Name.Value] = queue = new Queue<SourcePosition>();
                queue.Enqueue(d.Name.Position);
            }
            return positions;
        }
    }
}
