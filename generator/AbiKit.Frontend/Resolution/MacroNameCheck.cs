using System.Collections.Generic;
using System.Linq;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Json;
using AbiKit.Frontend.Syntax;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    /// <summary>
    /// A macro the header defines replaces every later use of its name: a flag named like a field (<c>handle</c>) turns
    /// the field's declaration into a number, one named like a helper the header or &lt;linux/ioctl.h&gt; defines
    /// (<c>DRM_IOWR</c>, <c>IOC_IN</c>) redefines it. Either way the generated header does not compile, so each is a
    /// located error, in this spec and against its imports (whose headers are included first).
    /// </summary>
    internal static class MacroNameCheck
    {
        // Defined by the DRM helper block of a drm-core header and by <linux/ioctl.h> (asm-generic/ioctl.h); the
        // implementation's own (_IOC, __u32) are reserved identifiers, refused where names are read.
        private static readonly HashSet<string> HeaderNames = new(System.StringComparer.Ordinal)
        {
            "DRM_IOCTL_BASE", "DRM_IO", "DRM_IOR", "DRM_IOW", "DRM_IOWR", "DRM_COMMAND_BASE", "DRM_COMMAND_END",
            "IOC_IN", "IOC_OUT", "IOC_INOUT", "IOCSIZE_MASK", "IOCSIZE_SHIFT",
        };

        public static void Run(AbiFamily family, IReadOnlyList<AbiFamily> imports, SpecSyntax syntax, DiagnosticSink sink)
        {
            var positions = new Dictionary<string, SourcePosition>(System.StringComparer.Ordinal);
            foreach (var d in syntax.Includes.SelectMany(i => i.Constants).Concat(syntax.Constants).Concat(syntax.Enums.SelectMany(e => e.Values))
                         .Concat(syntax.FlagSets.SelectMany(s => s.Flags.Concat(s.Fields.SelectMany(f => f.Values))))
                         .Concat<DeclarationSyntax>(syntax.FlagSets).Concat(syntax.FlagSets.SelectMany(s => s.Fields)).Concat(syntax.Ioctls).Concat(syntax.Structs).Concat(syntax.Structs.SelectMany(s => s.Fields)))
            {
                if (!positions.ContainsKey(d.Name.Value)) positions[d.Name.Value] = d.Name.Position;
            }
            SourcePosition At(string declaration) => positions.TryGetValue(declaration, out var p) ? p : syntax.Family.Position;

            var ownNames = Names(family);
            var importedNames = imports.SelectMany(Names).ToList();
            var names = new Dictionary<string, string>(System.StringComparer.Ordinal);
            foreach (var (name, what) in importedNames.Concat(ownNames)) names[name] = what;

            // One name defined by two kinds of declaration with one value is spelled two ways (an enum value 2, a flag
            // 0x2): C calls that a redefinition too. (Different values are MacroCheck's.)
            var kinds = new Dictionary<string, (string Kind, string Value, string Where)>(System.StringComparer.Ordinal);
            foreach (var (name, value, where, _) in imports.SelectMany(MacroCheck.Macros)) kinds[name] = (Kind(where), value, where);
            foreach (var (name, value, where, declaration) in MacroCheck.Macros(family))
            {
                if (kinds.TryGetValue(name, out var earlier) && earlier.Kind != Kind(where) && earlier.Value == value)
                    sink.Report(DiagnosticCatalog.DuplicateName, At(declaration), $"C macro {name} is defined as the {where} and as the {earlier.Where}; the header would define it twice, spelled differently. Rename one");
                else if (!kinds.ContainsKey(name))
                    kinds[name] = (Kind(where), value, where);
            }

            // The header spells values as the spec writes them: one macro given twice with one value but two spellings
            // ("(1 << 0)" and 1) is a redefinition in C, even within one kind.
            var spellings = new Dictionary<string, (string Text, string Value)>(System.StringComparer.Ordinal);
            var spelled = family.Constants.Select(c => (c.Name, c.Expression, c.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Concat(family.Enums.SelectMany(e => e.Values).Select(v => (v.Name, v.Expression, v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))))
                .Concat(family.FlagSets.SelectMany(f => f.Flags.Concat(f.Fields.SelectMany(x => x.Values))).Select(v => (v.Name, v.Expression, v.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))));
            foreach (var (name, expression, value) in spelled)
            {
                string text = expression.Length > 0 ? expression : value;
                // Different values are MacroCheck's to report.
                if (spellings.TryGetValue(name, out var first) && first.Value == value && first.Text != text)
                    sink.Report(DiagnosticCatalog.DuplicateName, At(name), $"C macro {name} is defined twice, as {first.Text} and as {text}; C calls a second, differently spelled definition a redefinition. Define it once");
                else if (!spellings.ContainsKey(name))
                    spellings[name] = (text, value);
            }

            foreach (var (name, _, where, declaration) in MacroCheck.Macros(family))
            {
                bool typeMacro = where == "ioctl type" && name == "DRM_IOCTL_BASE";
                if (HeaderNames.Contains(name) && !typeMacro)
                    sink.Report(DiagnosticCatalog.DuplicateName, At(declaration), $"C macro {name} ({where}) is already defined by the generated header's DRM helpers or <linux/ioctl.h>; rename it");
                else if (ReservedWords.IsCKeyword(name) || (ReservedWords.IsImplementationName(name) && !ImplementationNames.ValueMacro(where)))
                    sink.Report(DiagnosticCatalog.DuplicateName, At(declaration), $"C macro {name} ({where}) is a C keyword or a name C reserves for the implementation; rename it");
                else if (names.TryGetValue(name, out var what))
                    sink.Report(DiagnosticCatalog.DuplicateName, At(declaration), $"C macro {name} ({where}) has the name of {what}; the macro would replace it in the header. Rename one");
            }
            var importedMacros = new HashSet<string>(imports.SelectMany(i => MacroCheck.Macros(i).Select(m => m.Name)), System.StringComparer.Ordinal);
            foreach (var (name, what) in ownNames)
            {
                if (importedMacros.Contains(name))
                    sink.Report(DiagnosticCatalog.DuplicateName, At(name), $"{what} has the name of a C macro an imported header defines; the macro would replace it. Rename it");
            }
        }

        // How a macro's value is spelled: enum values in decimal, flags and masks in hex, and so on.
        private static string Kind(string where)
            => where.StartsWith("enum ", System.StringComparison.Ordinal) ? "enum"
                : where.StartsWith("constant of ", System.StringComparison.Ordinal) ? "included"
                : where.IndexOf("flag set", System.StringComparison.Ordinal) >= 0 ? "flags"
                : where.StartsWith("request code", System.StringComparison.Ordinal) ? "code"
                : where.StartsWith("number", System.StringComparison.Ordinal) ? "number"
                : where;

        // The ordinary identifiers a header declares: struct tags and members.
        private static IEnumerable<(string Name, string What)> Names(AbiFamily f)
            => f.Structs.SelectMany(s => s.Fields.Select(x => (x.Name, $"field {x.Name} of struct {s.Name}")).Prepend((s.Name, $"struct {s.Name}")));
    }
}
