using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using AbiKit.Model;

namespace AbiKit.Emitters.CSharp
{
    /// <summary>
    /// Emits C# bindings: blittable explicit-layout structs with the exact sizes of the laid-out model,
    /// enums and [Flags] enums, typed handle structs, and a static class of request codes and masks. With
    /// <see cref="CSharpEmitOptions.RuntimeAttributes"/>, fields and request codes also carry what the analyzers need
    /// to know (AbiKit.Runtime's <c>[AbiReserved]</c>, <c>[AbiFlags(mask)]</c>, <c>[AbiRequest(typeof(arg))]</c>).
    /// </summary>
    public sealed class CSharpEmitter : IEmitter
    {
        private readonly TemplateSet _templates;

        private readonly CSharpEmitOptions _options;

        /// <summary>Creates the emitter over <paramref name="templates"/>.</summary>
        public CSharpEmitter(TemplateSet templates, CSharpEmitOptions? options = null)
        {
            _templates = templates;
            _options = options ?? CSharpEmitOptions.Default;
        }

        /// <inheritdoc />
        public string Language => "csharp";

        /// <summary>The generated file's name for <paramref name="family"/>.</summary>
        public static string FileName(AbiFamily family) => ModelNames.Of(family).CSharp.BindingsFile;

        /// <inheritdoc />
        public IReadOnlyList<GeneratedFile> Emit(AbiFamily family)
            => new[] { new GeneratedFile(FileName(family), _templates.Render("csharp.hbs", BuildView(family, _options))) };

        /// <summary>The view csharp.hbs renders; public so custom templates can be written against it.</summary>
        public static CsView BuildView(AbiFamily f, CSharpEmitOptions? options = null)
        {
            options ??= CSharpEmitOptions.Default;
            var view = new CsView
            {
                Source = f.SourceName,
                Visibility = options.Visibility,
                RuntimeAttributes = options.RuntimeAttributes,
                Namespace = f.CSharp.Namespace,
                ClassName = f.CSharp.ClassName,
                Summary = Text.XmlLines(f.Doc),
            };

            foreach (var c in f.Constants)
            {
                view.Constants.Add(new CsConstant(c.CsName, "long", c.Value.ToString(CultureInfo.InvariantCulture) + "L", Doc(c.Doc, $"C: {c.Name}.")));
            }
            foreach (var e in f.Enums)
            {
                view.Enums.Add(new CsEnum
                {
                    Name = e.CsName,
                    Base = Scalars.CsName(e.Base),
                    Doc = Doc(e.Doc, $"C: {e.Name}."),
                    Members = e.Values.Select(v => new CsMember(v.CsName, v.Value.ToString(CultureInfo.InvariantCulture), Doc(v.Doc, $"C: {v.Name}."))).ToList(),
                });
            }
            foreach (var s in f.FlagSets)
            {
                view.Enums.Add(new CsEnum
                {
                    Name = s.CsName,
                    Base = Scalars.CsName(s.Base),
                    IsFlags = true,
                    Doc = Doc(s.Doc, s.MaskName.Length > 0 ? $"C: {s.Name}; known bits: {s.MaskName}." : $"C: {s.Name}; known bits: every flag (the C header has no mask macro)."),
                    Members = s.Flags.Select(v => new CsMember(v.CsName, Text.CsHex(v.Value), Doc(v.Doc, $"C: {v.Name}."))
                    {
                        Attributes = v.Access == CpuAccess.None
                            ? new List<string>()
                            : new List<string> { $"[global::AbiKit.Runtime.Semantics.AbiAccess((global::AbiKit.Model.CpuAccess){(int)v.Access})]" },
                    }).ToList(),
                });
                view.Constants.Add(new CsConstant(s.CsMaskName, s.CsName, $"({s.CsName}){Text.CsHex(s.Mask)}",
                    Text.XmlLines($"Every flag of {s.CsName} this ABI version knows; other bits are rejected with EINVAL. C: {(s.MaskName.Length > 0 ? s.MaskName : "no macro")}.")));
                foreach (var field in s.Fields) FlagField(view, s, field);
            }
            foreach (var h in f.Handles)
            {
                view.Handles.Add(new CsHandle
                {
                    Name = h.CsName,
                    Base = Scalars.CsName(h.Base),
                    Doc = Doc(h.Doc, h.ReleasedBy.Length > 0 ? $"Released by {h.ReleasedBy}." : ""),
                });
            }
            // An anonymous member's fields become the enclosing struct's own (at their offsets), as C code names them.
            var dissolved = new HashSet<string>(f.Structs.SelectMany(x => x.Fields).Where(x => x.Anonymous).Select(x => x.Type.Name), System.StringComparer.Ordinal);
            foreach (var s in f.Structs.Where(x => !dissolved.Contains(x.Name)))
            {
                // One explicit layout serves every .NET ABI only because lint (ABI304, an error that cannot be allowed)
                // rejects any struct laid out differently anywhere; never emit one layout for a struct that differs.
                if (!s.SameLayoutOn(Arches.DotNet))
                    throw new InvalidOperationException($"struct {s.Name} is laid out differently on {Arches.Describe(Arches.DotNet.Where(a => !s.SameLayoutOn(new[] { a })).ToList())} than on x86_64; C# bindings would be wrong there (ABI304)");
                var layout = s.Layout(Arch.X86_64);
                var cs = new CsStruct
                {
                    Name = s.CsName,
                    Size = layout.Size.ToString(CultureInfo.InvariantCulture),
                    Packed = s.Packed,
                    Doc = Doc(s.Doc, $"C: {s.CType()}, {layout.Size} bytes{(s.Kind == AggregateKind.Union ? "; every member at offset 0" : "")}."),
                };
                foreach (var member in f.Named(s, Arch.X86_64))
                {
                    var field = member.Field;
                    string type = TypeName(field.Type, f);
                    if (field.Flexible)
                    {
                        cs.Trailing.Add(Trailing(f, s, field, type, member.Offset));
                        continue;
                    }
                    if (field.Count > 0)
                    {
                        cs.Arrays.Add(new CsArray(field.CsArrayName, field.Count.ToString(CultureInfo.InvariantCulture), type));
                        type = field.CsArrayName;
                    }
                    cs.Fields.Add(new CsField(member.Offset.ToString(CultureInfo.InvariantCulture), type, field.CsName, FieldDoc(field))
                    {
                        Attributes = FieldAttributes(field, f),
                    });
                }
                view.Structs.Add(cs);
            }
            foreach (var io in f.Ioctls)
            {
                var notes = new List<string> { $"C: {io.CodeMacro}, {Shape(io)}." };
                if (io.OlderFormOf.Length > 0) notes.Add($"Older, shorter form of {io.OlderFormOf}.");
                if (io.SizeVariantOf.Length > 0) notes.Add($"Same number as {io.SizeVariantOf}, another argument size.");
                if (io.Returns != IoctlReturn.Zero) notes.Add(io.Returns == IoctlReturn.FileDescriptor ? "Returns a new file descriptor." : "Returns a non-negative value.");
                if (io.Deprecated.Length > 0) notes.Add("Deprecated: " + io.Deprecated);
                view.Constants.Add(new CsConstant(io.CsName, "uint", "0x" + io.Code(Arch.X86_64).ToString("X8", CultureInfo.InvariantCulture) + "u", Doc(io.Doc, string.Join(" ", notes)))
                {
                    Attributes = RequestAttributes(io),
                });
            }
            return view;
        }

        private const string Semantics = "global::AbiKit.Runtime.Semantics.";

        /// <summary>A multi-bit field of a flags word: an enum of its values (in place), its mask and shift, and typed accessors.</summary>
        private static void FlagField(CsView view, AbiFlagSet set, AbiFlagField field)
        {
            string scalar = Scalars.CsName(set.Base);
            view.Enums.Add(new CsEnum
            {
                Name = field.CsName,
                Base = scalar,
                Doc = Doc(field.Doc, $"The values of field {field.Name} of {set.CsName}, in place (bits 0x{field.Bits:X}); one of them is set. C: {(field.MaskMacro.Length > 0 ? field.MaskMacro : field.Name)}."),
                Members = field.Values.Select(v => new CsMember(v.CsName, Text.CsHex(v.Value), Doc(v.Doc, $"C: {v.Name}."))).ToList(),
            });
            view.Constants.Add(new CsConstant(field.CsMaskName, set.CsName, $"({set.CsName}){Text.CsHex(field.Bits)}",
                Text.XmlLines($"The bits of field {field.CsName}. C: {(field.MaskMacro.Length > 0 ? field.MaskMacro : "no macro")}.")));
            view.Constants.Add(new CsConstant(field.CsShiftName, "int", field.Shift.ToString(CultureInfo.InvariantCulture),
                Text.XmlLines($"The lowest bit of field {field.CsName}. C: {(field.ShiftMacro.Length > 0 ? field.ShiftMacro : "no macro")}.")));
            // Byte and ushort arithmetic is int in C#; uint and ulong keep their width, so the mask literal takes their suffix.
            string suffix = Vocabulary.Scalars[set.Base].CsLiteralSuffix;
            view.FlagFields.Add(new CsFlagField(field.CsName, set.CsName, scalar, Text.CsHex(field.Bits) + suffix));
        }

        /// <summary>Access to a flexible array's elements, which follow the struct in the caller's buffer.</summary>
        private static CsTrailing Trailing(AbiFamily f, AbiStruct s, AbiField field, string type, int offset)
        {
            var element = field.Type.Kind == TypeKind.Struct
                ? f.Structs.FirstOrDefault(x => x.Name == field.Type.Name)?.Layout(Arch.X86_64).Size
                : Scalars.Size(field.Type.Scalar, Arch.X86_64);
            string count = field.CountedBy.Length > 0 ? s.Fields.First(x => x.Name == field.CountedBy).CsName : "";
            var doc = Text.XmlLines(field.Doc);
            doc.Add(count.Length > 0
                ? $"The flexible array {field.Name}[]: the {count} elements that follow the struct in <paramref name=\"argument\"/> (the struct's bytes first)."
                : $"The flexible array {field.Name}[]: the <paramref name=\"count\"/> elements that follow the struct in <paramref name=\"argument\"/> (the struct's bytes first).");
            return new CsTrailing(field.CsName, type, offset.ToString(CultureInfo.InvariantCulture),
                (element ?? 0).ToString(CultureInfo.InvariantCulture), count, doc);
        }

        /// <summary>What the analyzers need to know about a field: reserved (must be zero) or a flag set's known bits.</summary>
        private static List<string> FieldAttributes(AbiField field, AbiFamily f)
        {
            var attributes = new List<string>();
            if (field.Reserved)
            {
                attributes.Add($"[{Semantics}AbiReserved]");
            }
            else if (field.Type.Kind == TypeKind.Flags && field.Type.Family == f.Family)
            {
                // The model carries only this family's flag sets; an imported set's mask is its owner's to state.
                var set = f.FlagSets.FirstOrDefault(s => s.Name == field.Type.Name);
                if (set is not null) attributes.Add($"[{Semantics}AbiFlags(0x{set.Mask.ToString("X", CultureInfo.InvariantCulture)}UL)]");
            }
            return attributes;
        }

        /// <summary>The argument type of a request code, for requests that carry one.</summary>
        private static List<string> RequestAttributes(AbiIoctl io)
        {
            bool hasArg = io.Direction != IoctlDirection.None && io.Arg.Name.Length > 0;
            return hasArg ? new List<string> { $"[{Semantics}AbiRequest(typeof({CSharpNames.Qualified(io.Arg)}))]" } : new List<string>();
        }

        private static string Shape(AbiIoctl io)
        {
            if (io.LegacyEncoding) return $"legacy _IO nr 0x{io.Nr:x2} (argument {io.Arg.Name} copied without size bits)";
            string dir = io.Direction.MacroName();
            return io.Direction == IoctlDirection.None ? $"{dir} nr 0x{io.Nr:x2}" : $"{dir} nr 0x{io.Nr:x2}, {io.Arg.Name}";
        }

        private static string TypeName(TypeRef type, AbiFamily family)
        {
            if (type.Kind is TypeKind.Scalar or TypeKind.UserPointer) return type.CsType;
            return type.Family == family.Family ? type.CsType : "global::" + type.CsNamespace + "." + type.CsType;
        }

        private static List<string> FieldDoc(AbiField field)
        {
            var notes = new List<string>();
            if (field.Reserved) notes.Add("Must be zero.");
            notes.Add(Vocabulary.FieldDirections[field.Direction].CsNote);
            if (field.Type.Kind == TypeKind.UserPointer) notes.Add(field.LengthField.Length > 0 ? $"User pointer; length in {field.LengthField}." : "User pointer.");
            if (field.Since > 1) notes.Add($"Since version {field.Since}.");
            notes.Add($"C: {field.Name}.");
            return Doc(field.Doc, string.Join(" ", notes));
        }

        private static List<string> Doc(string doc, string note)
        {
            var lines = Text.XmlLines(doc);
            if (note.Length > 0) lines.Add(Text.XmlLines(note).FirstOrDefault() ?? "");
            return lines;
        }
    }

#pragma warning disable CS1591 // View-model properties are named for what the template prints.
    /// <summary>What csharp.hbs renders.</summary>
    public sealed class CsView
    {
        public string Source { get; set; } = "";
        public string Visibility { get; set; } = "public";
        /// <summary>Whether the template prints the fields' and constants' <c>Attributes</c> (they name AbiKit.Runtime types).</summary>
        public bool RuntimeAttributes { get; set; } = true;
        public string Namespace { get; set; } = "";
        public string ClassName { get; set; } = "";
        public List<string> Summary { get; set; } = new();
        public List<CsEnum> Enums { get; } = new();
        public List<CsHandle> Handles { get; } = new();
        public List<CsStruct> Structs { get; } = new();
        public List<CsConstant> Constants { get; } = new();
        /// <summary>Multi-bit fields of flag sets, for their typed accessors.</summary>
        public List<CsFlagField> FlagFields { get; } = new();
    }

    /// <summary>A multi-bit field of a flag set: <c>Get{Name}</c> and <c>With{Name}</c> extension methods on the set.</summary>
    /// <param name="Name">The field's C# enum.</param>
    /// <param name="SetType">The flag set's C# enum.</param>
    /// <param name="Base">Their scalar type.</param>
    /// <param name="Mask">The field's bits as a C# literal of that type's arithmetic.</param>
    public sealed record CsFlagField(string Name, string SetType, string Base, string Mask);

    /// <summary>An enum or [Flags] enum.</summary>
    public sealed class CsEnum
    {
        public string Name { get; set; } = "";
        public string Base { get; set; } = "";
        public bool IsFlags { get; set; }
        public List<string> Doc { get; set; } = new();
        public List<CsMember> Members { get; set; } = new();
    }

    /// <summary>An enum member.</summary>
    public sealed record CsMember(string Name, string Value, List<string> Doc)
    {
        /// <summary>AbiKit.Runtime semantic attributes (<c>[AbiAccess]</c>), printed only when <see cref="CsView.RuntimeAttributes"/>.</summary>
        public List<string> Attributes { get; init; } = new();
    }

    /// <summary>A typed handle.</summary>
    public sealed class CsHandle
    {
        public string Name { get; set; } = "";
        public string Base { get; set; } = "";
        public List<string> Doc { get; set; } = new();
    }

    /// <summary>A struct.</summary>
    public sealed partial class CsStruct
    {
        public string Name { get; set; } = "";
        public string Size { get; set; } = "";
        public List<string> Doc { get; set; } = new();
        public List<CsField> Fields { get; } = new();
        public List<CsArray> Arrays { get; } = new();
        /// <summary>Flexible array members: accessors over the caller's buffer, not fields.</summary>
        public List<CsTrailing> Trailing { get; } = new();
    }

    /// <summary>A flexible array member: its elements start at <see cref="Offset"/> of a buffer that begins with the struct.</summary>
    /// <param name="Name">Accessor name.</param>
    /// <param name="ElementType">Element type.</param>
    /// <param name="Offset">offsetof the array.</param>
    /// <param name="ElementSize">sizeof one element (the C layout; the generated element type has the same size).</param>
    /// <param name="CountField">The struct field holding the element count; empty when the caller says it.</param>
    /// <param name="Doc">XML doc lines.</param>
    public sealed record CsTrailing(string Name, string ElementType, string Offset, string ElementSize, string CountField, List<string> Doc)
    {
        /// <summary>True when the count comes from a field of the struct.</summary>
        public bool Counted => CountField.Length > 0;
    }

    /// <summary>A struct field at its offset.</summary>
    public sealed record CsField(string Offset, string Type, string Name, List<string> Doc)
    {
        /// <summary>AbiKit.Runtime semantic attributes (<c>[AbiReserved]</c>, <c>[AbiFlags(mask)]</c>), printed only when <see cref="CsView.RuntimeAttributes"/>.</summary>
        public List<string> Attributes { get; init; } = new();
    }

    /// <summary>An inline array type for a fixed-size array field.</summary>
    public sealed record CsArray(string Name, string Length, string ElementType);

    /// <summary>A constant of the static class (request codes, masks).</summary>
    public sealed record CsConstant(string Name, string Type, string Value, List<string> Doc)
    {
        /// <summary>AbiKit.Runtime semantic attributes (<c>[AbiRequest(typeof(arg))]</c>), printed only when <see cref="CsView.RuntimeAttributes"/>.</summary>
        public List<string> Attributes { get; init; } = new();
    }
#pragma warning restore CS1591
}
