using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AbiKit.Model;

namespace AbiKit.Emitters.C
{
    /// <summary>Emits a Linux uapi-style C header: kernel-doc comments, fixed-width types, _IOWR-family request macros.</summary>
    public sealed class CHeaderEmitter : IEmitter
    {
        private readonly TemplateSet _templates;

        /// <summary>Creates the emitter over <paramref name="templates"/>.</summary>
        public CHeaderEmitter(TemplateSet templates) => _templates = templates;

        /// <inheritdoc />
        public string Language => "c";

        /// <inheritdoc />
        public IReadOnlyList<GeneratedFile> Emit(AbiFamily family)
            => new[] { new GeneratedFile(family.C.FileName, _templates.Render("c-header.hbs", BuildView(family))) };

        /// <summary>The view the template renders; public so custom templates can be written against it.</summary>
        public static CHeaderView BuildView(AbiFamily f)
        {
            var view = new CHeaderView
            {
                License = f.License,
                FileName = f.C.FileName,
                Source = f.SourceName,
                Summary = Text.Summary(f.Doc),
                Doc = Text.Rest(f.Doc),
                Intro = CLines.Item(f.C.FileName + " -", Text.Summary(f.Doc)).Concat(Text.Rest(f.Doc).SelectMany(CLines.Star)).ToList(),
                Guard = f.C.Guard,
                Includes = f.Imports.Select(i => i.CHeader).ToList(),
                SystemIncludes = f.ExternalConstants.Where(c => c.System).Select(c => c.Header).Distinct().ToList(),
                LocalIncludes = f.ExternalConstants.Where(c => !c.System).Select(c => c.Header).Distinct().ToList(),
                ExternalChecks = f.ExternalConstants.Select(c => new CExternalCheck(c.Name, c.Text, c.Header)).ToList(),
                DrmMacros = f.Ioctl.Style == IoctlStyle.DrmCore && f.Ioctl.DefinesTypeMacro,
                TypeMacro = f.Ioctl.DefinesTypeMacro && f.Ioctl.Style == IoctlStyle.Generic ? f.Ioctl.TypeMacro : "",
                TypeChar = CharLiteral(f.Ioctl.Type),
            };

            if (f.Constants.Count > 0)
            {
                view.Constants.Add(new CConstants
                {
                    Title = "constants",
                    Summary = "named values, such as array lengths.",
                    Defines = f.Constants.Select(c => new CDefine(c.Name, Text.CExpression(c.Expression, Text.CSigned(c.Value)), Text.OneLine(c.Doc))).ToList(),
                });
            }
            foreach (var e in f.Enums)
            {
                view.Constants.Add(new CConstants
                {
                    Title = $"enum {e.Name}",
                    Summary = Text.Summary(e.Doc),
                    Defines = e.Values.Select(v => new CDefine(v.Name, Text.CExpression(v.Expression, Text.CSigned(v.Value)), Text.OneLine(v.Doc))).ToList(),
                });
            }
            foreach (var s in f.FlagSets)
            {
                var defines = s.Flags.Select(v => new CDefine(v.Name, Text.CExpression(v.Expression, Text.CHex(v.Value)), Text.OneLine(v.Doc))).ToList();
                foreach (var field in s.Fields)
                {
                    // The kernel's spelling: the field's shift and mask macros where it has them, then its values in place.
                    string what = $"field {field.Name}: {Text.OneLine(field.Doc)}".TrimEnd(' ', ':');
                    if (field.ShiftMacro.Length > 0) defines.Add(new CDefine(field.ShiftMacro, field.Shift.ToString(CultureInfo.InvariantCulture), $"Lowest bit of {what}."));
                    if (field.MaskMacro.Length > 0) defines.Add(new CDefine(field.MaskMacro, Text.CExpression(field.BitsExpression, Text.CHex(field.Bits)), $"Bits of {what}; holds one of the values below."));
                    defines.AddRange(field.Values.Select(v => new CDefine(v.Name, Text.CExpression(v.Expression, Text.CHex(v.Value)), Text.OneLine(v.Doc))));
                }
                if (s.MaskName.Length > 0) defines.Add(new CDefine(s.MaskName, MaskValue(s), "All flags this ABI version knows; others are rejected with EINVAL."));
                view.Constants.Add(new CConstants { Title = $"flags {s.Name}", Summary = Text.Summary(s.Doc), Defines = defines });
            }

            // Inline aggregates have no tag: they are spelled inside their user's declaration.
            foreach (var s in f.Structs.Where(x => !x.Inline))
            {
                var layout = s.Layout(Arch.X86_64);
                view.Structs.Add(new CStruct
                {
                    Name = s.Name,
                    Keyword = s.CKeyword,
                    Tagless = s.Tagless,
                    Packed = s.Packed,
                    Summary = Text.Summary(s.Doc),
                    Doc = Text.Rest(s.Doc),
                    Size = layout.Size.ToString(CultureInfo.InvariantCulture),
                    Members = s.Fields.Select(x => new CMember
                    {
                        Name = x.Name,
                        DeclLines = CInline.Declaration(f, x),
                        Doc = FieldDoc(x),
                    }).ToList(),
                    MemberDocs = CInline.DocMembers(f, s, "").Select(m => new CMember { Name = m.Path, Doc = FieldDoc(m.Field) }).ToList(),
                });
            }

            CTypedefs.Add(f, view);

            foreach (var io in f.Ioctls)
            {
                // A newer form shares its older form's number; spell it through the older macro as
                // i915_drm.h does (#define DRM_I915_GEM_MMAP_OFFSET DRM_I915_GEM_MMAP_GTT).
                var older = f.Ioctls.FirstOrDefault(o => o.OlderFormOf == io.Name && o.NrMacro.Length > 0);
                view.Ioctls.Add(new CIoctl
                {
                    NrMacro = io.NrMacro,
                    Nr = older is not null ? older.NrMacro : "0x" + io.RelativeNr.ToString("x2", CultureInfo.InvariantCulture),
                    Macro = io.CodeMacro,
                    Value = RequestExpression(f.Ioctl, io),
                    Summary = Text.Summary(io.Doc),
                    Notes = IoctlNotes(io),
                });
            }
            return view;
        }

        /// <summary>The value of a flag set's mask macro: the OR of its flags' macros.</summary>
        internal static string MaskValue(AbiFlagSet s)
        {
            var bits = s.Flags.Where(x => x.Value != 0).Select(x => x.Name)
                .Concat(s.Fields.Select(field => field.MaskMacro.Length > 0 ? field.MaskMacro : Text.CHex(field.Bits))).ToList();
            return bits.Count == 0 ? "0" : "(" + string.Join(" | ", bits) + ")";
        }

        internal static string FieldDoc(AbiField x)
        {
            var parts = new List<string>();
            string doc = string.Join(" ", Text.CommentLines(x.Doc));
            if (doc.Length > 0) parts.Add(doc);
            if (x.Reserved && doc.IndexOf("must be zero", System.StringComparison.OrdinalIgnoreCase) < 0) parts.Add("Must be zero.");
            string direction = Vocabulary.FieldDirections[x.Direction].CNote;
            if (direction.Length > 0) parts.Add(direction);
            if (x.Type.Kind is TypeKind.Enum or TypeKind.Flags or TypeKind.Handle) parts.Add($"Type: {x.Type.Name}.");
            if (x.Since > 1) parts.Add($"Since version {x.Since}.");
            return parts.Count == 0 ? x.Name : string.Join(" ", parts);
        }

        private static List<string> IoctlNotes(AbiIoctl io)
        {
            var notes = Text.Rest(io.Doc);
            var perms = Kernel.KernelNames.DrmFlags(io.Permissions);
            if (perms.Count > 0) notes.Add("Permissions: " + string.Join(" | ", perms) + ".");
            if (io.OlderFormOf.Length > 0) notes.Add($"Older, shorter form of {io.OlderFormOf} (same number; the kernel zero-extends the argument).");
            if (io.SizeVariantOf.Length > 0) notes.Add($"Same number and direction as {io.SizeVariantOf}, with an argument of another size: a request code of its own.");
            if (io.Returns == IoctlReturn.FileDescriptor) notes.Add("Returns: a new file descriptor on success.");
            else if (io.Returns == IoctlReturn.Value) notes.Add("Returns: a non-negative value on success.");
            if (io.LegacyEncoding) notes.Add($"Legacy request code: no direction or size bits, although the argument ({io.Arg.CType}) is copied {(io.Direction == IoctlDirection.In ? "in" : io.Direction == IoctlDirection.Out ? "out" : "both ways")}.");
            if (io.Since > 1) notes.Add($"Since version {io.Since}.");
            if (io.Deprecated.Length > 0) notes.Add("Deprecated: " + Text.OneLine(io.Deprecated));
            return notes;
        }

        private static string RequestExpression(IoctlFamily family, AbiIoctl io)
        {
            // A legacy code predates _IOC: the kernel spells it as a number (asm-generic/ioctls.h: FIONREAD 0x541B),
            // which is not _IO() on powerpc, where _IO sets a direction bit.
            if (io.LegacyEncoding) return "0x" + io.Code(Arch.X86_64).ToString("X4", CultureInfo.InvariantCulture);
            var direction = io.Direction;
            string macro = direction.MacroName();
            string arg = io.Arg.CType;
            string argPart = direction == IoctlDirection.None ? "" : ", " + arg;
            string nr = "0x" + io.RelativeNr.ToString("x2", CultureInfo.InvariantCulture);
            return family.Style switch
            {
                IoctlStyle.DrmDriver => $"DRM{macro}(DRM_COMMAND_BASE + {io.NrMacro}{argPart})",
                IoctlStyle.DrmCore => $"DRM{macro}({nr}{argPart})",
                _ => $"{macro}({(family.TypeMacro.Length > 0 ? family.TypeMacro : CharLiteral(family.Type))}, {nr}{argPart})",
            };
        }

        private static string CharLiteral(byte type)
            => type >= 0x20 && type < 0x7F && type != '\'' && type != '\\'
                ? "'" + (char)type + "'"
                : "0x" + type.ToString("x2", CultureInfo.InvariantCulture);
    }

#pragma warning disable CS1591 // View-model properties are named for what the template prints.
    /// <summary>What c-header.hbs renders.</summary>
    public sealed partial class CHeaderView
    {
        public string License { get; set; } = "";
        public string FileName { get; set; } = "";
        public string Source { get; set; } = "";
        public string Summary { get; set; } = "";
        public List<string> Doc { get; set; } = new();
        /// <summary>The header comment's body: <c> * file - summary</c> and the doc, wrapped at 80 columns.</summary>
        public List<string> Intro { get; set; } = new();
        public string Guard { get; set; } = "";
        public List<string> Includes { get; set; } = new();
        /// <summary>Headers of the constants the spec names but does not define (<c>fcntl.h</c>), as <c>#include &lt;…&gt;</c>.</summary>
        public List<string> SystemIncludes { get; set; } = new();
        /// <summary>The same, as <c>#include "…"</c>.</summary>
        public List<string> LocalIncludes { get; set; } = new();
        /// <summary>Each included constant with the value the spec was written for, checked by the preprocessor.</summary>
        public List<CExternalCheck> ExternalChecks { get; set; } = new();
        public bool DrmMacros { get; set; }
        public string TypeMacro { get; set; } = "";
        public string TypeChar { get; set; } = "";
        public List<CConstants> Constants { get; } = new();
        public List<CStruct> Structs { get; } = new();
        public List<CIoctl> Ioctls { get; } = new();
        /// <summary>True when some ioctl has a number macro (DRM driver style).</summary>
        public bool HasNrMacros => Ioctls.Exists(i => i.NrMacro.Length > 0);
    }

    /// <summary>A group of #defines (an enum's values or a flag set).</summary>
    public sealed class CConstants
    {
        public string Title { get; set; } = "";
        public string Summary { get; set; } = "";
        /// <summary>The group's comment, laid out (one line or a block).</summary>
        public List<string> Comment => CLines.Comment($"{Title}: {Summary}");
        public List<CDefine> Defines { get; set; } = new();
    }

    /// <summary>A constant of an included header and the value the spec expects (<c>#if O_CLOEXEC != (02000000)</c>).</summary>
    public sealed record CExternalCheck(string Name, string Value, string Header);

    /// <summary>One #define.</summary>
    public sealed record CDefine(string Name, string Value, string Doc)
    {
        /// <summary>The doc as a laid-out comment (empty without a doc).</summary>
        public List<string> Comment => CLines.Comment(Doc);

        /// <summary>The #define, continued with backslashes when it is too wide.</summary>
        public List<string> Lines => CLines.Define(Name, Value);
    }

    /// <summary>A struct or union.</summary>
    public sealed partial class CStruct
    {
        public string Name { get; set; } = "";
        /// <summary><c>struct</c> or <c>union</c>.</summary>
        public string Keyword { get; set; } = "struct";
        public string Summary { get; set; } = "";
        public List<string> Doc { get; set; } = new();
        public string Size { get; set; } = "";
        public List<CMember> Members { get; set; } = new();
        /// <summary>The members kernel-doc describes: the fields, with an anonymous member's fields in its place and a
        /// named inline aggregate's as <c>name.member</c>.</summary>
        public List<CMember> MemberDocs { get; set; } = new();
        /// <summary>The kernel-doc heading, <c> * struct name - summary</c>, wrapped.</summary>
        public List<string> Heading => CLines.Item($"{Keyword} {Name} -", Summary);
        /// <summary>The doc after the member list, wrapped.</summary>
        public List<string> Body => Doc.SelectMany(CLines.Star).ToList();
    }

    /// <summary>A struct member.</summary>
    public sealed class CMember
    {
        public string Name { get; set; } = "";
        /// <summary>The declaration, one line per element (several for an inline struct or union), without the indent.</summary>
        public List<string> DeclLines { get; set; } = new();
        /// <summary>The whole declaration.</summary>
        public string Decl => string.Join("\n", DeclLines);
        public string Doc { get; set; } = "";
        /// <summary>The kernel-doc member line, <c> * @name: doc</c>, wrapped.</summary>
        public List<string> DocLines => CLines.Item($"@{Name}:", Doc);
    }

    /// <summary>An ioctl's number and request macros.</summary>
    public sealed class CIoctl
    {
        public string NrMacro { get; set; } = "";
        public string Nr { get; set; } = "";
        public string Macro { get; set; } = "";
        public string Value { get; set; } = "";
        public string Summary { get; set; } = "";
        public List<string> Notes { get; set; } = new();
        /// <summary>The comment body: <c> * MACRO - summary</c> and the notes, wrapped.</summary>
        public List<string> CommentBody => CLines.Item(Macro + " -", Summary).Concat(Notes.SelectMany(CLines.Star)).ToList();
        /// <summary>The number #define (DRM driver style), laid out; empty when there is none.</summary>
        public List<string> NrLines => NrMacro.Length == 0 ? new List<string>() : CLines.Define(NrMacro, Nr);
        /// <summary>The request #define, laid out.</summary>
        public List<string> Lines => CLines.Define(Macro, Value);
    }
#pragma warning restore CS1591
}
