using AbiKit.Frontend.Diagnostics;
using System.Numerics;
using AbiKit.Frontend.Json;

namespace AbiKit.Frontend.Syntax
{
    /// <summary>Reads spec text into <see cref="SpecSyntax"/>, reporting every malformed element (never throwing).</summary>
    public static partial class SpecReader
    {
        /// <summary>Parses <paramref name="text"/> of the spec at <paramref name="path"/>. Returns null when the
        /// text is not JSON or not an object; otherwise a syntax tree that may be partial (errors are in the sink).</summary>
        public static SpecSyntax? Read(string path, string text, DiagnosticSink sink)
        {
            if (!PositionedJsonReader.TryParse(text, out var root, out var error, out var errorPosition))
            {
                sink.Report(DiagnosticCatalog.InvalidJson, errorPosition, error);
                return null;
            }
            if (root!.Kind != JsonKind.Object)
            {
                sink.Report(DiagnosticCatalog.WrongJsonType, root.Position, $"a spec must be a JSON object, not {root.Describe()}");
                return null;
            }

            var spec = new SpecSyntax { Path = path };
            var top = new ObjectReader(root, "the spec", sink,
                "$schema", "family", "doc", "version", "license", "c", "csharp", "imports", "includes", "ioctl", "constants", "enums", "flags", "handles", "typedefs", "structs", "ioctls");
            top.String("$schema");
            var family = top.String("family", required: true);
            if (family is { } f)
            {
                if (!System.Text.RegularExpressions.Regex.IsMatch(f.Value, @"^[a-z][a-z0-9-]{0,63}\z"))
                    sink.Report(DiagnosticCatalog.InvalidValue, f.Position, $"family '{ObjectReader.Printable(f.Value)}' must be lower-case letters, digits and '-', starting with a letter (at most 64 characters)");
                spec.Family = f;
            }
            spec.Doc = top.String("doc", required: true)?.Value ?? "";
            if (top.Int("version", 1, 1000) is { } version) spec.Version = version;
            spec.License = top.License("license")?.Value ?? "MIT";

            if (top.Object("c", "'c'", false, "header", "guard") is { } c)
            {
                spec.CHeader = c.FileName("header", ".h")?.Value;
                spec.CGuard = c.DeclaredName("guard", csharp: false)?.Value;
            }
            if (top.Object("csharp", "'csharp'", false, "namespace", "class", "stripPrefix") is { } cs)
            {
                spec.CsNamespace = cs.Namespace("namespace")?.Value;
                spec.CsClass = cs.CsTypeName("class")?.Value;
                spec.CsStripPrefix = cs.String("stripPrefix")?.Value;
            }
            foreach (var item in top.Array("imports"))
            {
                if (item.Kind == JsonKind.String) spec.Imports.Add(new Located<string>(item.Text, item.Position));
                else sink.Report(DiagnosticCatalog.WrongJsonType, item.Position, $"each import must be a string (a relative path), not {item.Describe()}");
            }
            if (top.Object("ioctl", "'ioctl'", true, "type", "typeMacro", "definesTypeMacro", "style", "nrPrefix", "codePrefix") is { } io)
            {
                spec.Ioctl.Position = io.Position;
                if (io.String("type", required: true) is { } type)
                {
                    if (type.Value.Length != 1 || type.Value[0] > 0xFF)
                        sink.Report(DiagnosticCatalog.InvalidValue, type.Position, $"ioctl type must be one character (the _IOC type byte, e.g. \"d\"), not '{type.Value}'");
                    else
                        spec.Ioctl.Type = type;
                }
                spec.Ioctl.TypeMacro = io.DeclaredName("typeMacro", csharp: false)?.Value;
                spec.Ioctl.DefinesTypeMacro = io.Bool("definesTypeMacro") ?? true;
                if (io.OneOf("style", new[] { "generic", "drm-core", "drm-driver" }, required: true) is { } style) spec.Ioctl.Style = style;
                spec.Ioctl.NrPrefix = io.Ident("nrPrefix")?.Value;
                spec.Ioctl.CodePrefix = io.Ident("codePrefix")?.Value;
            }

            foreach (var item in top.Array("constants"))
            {
                if (ReadValue(item, "constant", sink, allowAccess: false) is { } constant) spec.Constants.Add(constant);
            }
            foreach (var item in top.Array("includes")) ReadInclude(item, sink, spec);
            foreach (var item in top.Array("enums")) ReadEnum(item, sink, spec);
            foreach (var item in top.Array("flags")) ReadFlagSet(item, sink, spec);
            foreach (var item in top.Array("handles")) ReadHandle(item, sink, spec);
            foreach (var item in top.Array("typedefs")) ReadTypedef(item, sink, spec);
            foreach (var item in top.Array("structs")) ReadStruct(item, sink, spec);
            foreach (var item in top.Array("ioctls")) ReadIoctl(item, sink, spec);
            return spec;
        }

        private static bool ReadDeclaration(ObjectReader r, DeclarationSyntax d, string what)
        {
            // Members live in their struct's own name space: the kernel's uapi names them __pad and __reserved
            // (udmabuf_create_item), and only keywords break them. Values (constants, enum values, flags) may be named in
            // the implementation's name space as the kernel's are (drm.h's _DRM_LOCK_HELD): lint's ABI313 says the risk.
            // Other names must stay out of the reserved ones.
            var name = r.DeclaredName("name", csharp: false, required: true, implementationNames: d is FieldSyntax or ValueSyntax);
            if (name is { } n) d.Name = n;
            d.CsName = (d is EnumSyntax or FlagSetSyntax or HandleSyntax or StructSyntax ? r.CsTypeName("csName") : r.DeclaredName("csName", csharp: true))?.Value;
            d.Doc = r.String("doc")?.Value ?? "";
            if (r.Has("allow")) r.ReadAllow(d.Allow);
            return name is not null;
        }

        // "<fcntl.h>" or "dir/local.h": plain relative paths only, so the generated #include names nothing else.
        private static readonly System.Text.RegularExpressions.Regex HeaderPath = new(@"^(<[A-Za-z0-9_][A-Za-z0-9_./-]{0,127}>|[A-Za-z0-9_][A-Za-z0-9_./-]{0,127})\z");

        private static void ReadInclude(JsonValue item, DiagnosticSink sink, SpecSyntax spec)
        {
            if (ObjectReader.Item(item, "include", sink, "header", "constants") is not { } r) return;
            if (r.String("header", required: true) is not { } header) return;
            if (!HeaderPath.IsMatch(header.Value) || header.Value.Contains("..") || header.Value.Contains("//"))
            {
                sink.Report(DiagnosticCatalog.InvalidValue, header.Position, $"'header' must be a header path as #include writes it, \"<fcntl.h>\" or \"local.h\" (letters, digits, _ . - /; no ..), not '{ObjectReader.Printable(header.Value)}'");
                return;
            }
            bool system = header.Value.StartsWith("<", System.StringComparison.Ordinal);
            var include = new IncludeSyntax { Header = new Located<string>(system ? header.Value.Substring(1, header.Value.Length - 2) : header.Value, header.Position), System = system };
            var constants = r.Array("constants", required: true);
            if (r.Has("constants") && constants.Count == 0)
                sink.Report(DiagnosticCatalog.InvalidValue, r.Position, $"include {header.Value} lists no constants; list the ones the spec uses");
            foreach (var c in constants)
            {
                if (ReadValue(c, "included constant", sink, allowAccess: false) is not { } value) continue;
                if (value.Number.NamesConstants)
                    sink.Report(DiagnosticCatalog.InvalidValue, value.Number.Position, $"the value of {value.Name.Value} is what {header.Value} defines it as: a number, not an expression naming constants");
                else
                    include.Constants.Add(value);
            }
            spec.Includes.Add(include);
        }

        private static void ReadEnum(JsonValue item, DiagnosticSink sink, SpecSyntax spec)
        {
            if (ObjectReader.Item(item, "enum", sink, "name", "csName", "type", "doc", "values") is not { } r) return;
            var e = new EnumSyntax();
            bool ok = ReadDeclaration(r, e, "enum");
            if (r.OneOf("type", SpecSpellings.EnumTypes, required: true) is { } t) e.Type = t; else ok = false;
            var values = r.Array("values", required: true);
            if (r.Has("values") && values.Count == 0)
                sink.Report(DiagnosticCatalog.InvalidValue, r.Position, $"enum '{e.Name.Value}' has no values; declare at least one");
            foreach (var v in values)
            {
                if (ReadValue(v, "enum value", sink, allowAccess: false) is { } value) e.Values.Add(value);
            }
            if (ok) spec.Enums.Add(e);
        }

        private static void ReadFlagSet(JsonValue item, DiagnosticSink sink, SpecSyntax spec)
        {
            if (ObjectReader.Item(item, "flag set", sink, "name", "csName", "type", "mask", "doc", "flags", "fields") is not { } r) return;
            var s = new FlagSetSyntax();
            bool ok = ReadDeclaration(r, s, "flag set");
            if (r.OneOf("type", SpecSpellings.FlagSetTypes, required: true) is { } t) s.Type = t; else ok = false;
            // "mask": false opts out of the mask macro, for headers that re-describe a uapi without one.
            if (r.Has("mask") && r.Value.Properties.First(p => p.Name == "mask").Value.Kind == JsonKind.Boolean)
            {
                if (r.Bool("mask") == true)
                    sink.Report(DiagnosticCatalog.InvalidValue, r.Position, "'mask' is a macro name, or false for no mask macro; true is not a value");
                s.NoMask = true;
            }
            else
            {
                s.Mask = r.DeclaredName("mask", csharp: false)?.Value;
            }
            var flags = r.Array("flags", required: true);
            if (r.Has("flags") && flags.Count == 0)
                sink.Report(DiagnosticCatalog.InvalidValue, r.Position, $"flag set '{s.Name.Value}' has no flags; declare at least one (a field with no defined bits is a reserved field)");
            foreach (var v in flags)
            {
                if (ReadValue(v, "flag", sink, allowAccess: true) is { } value) s.Flags.Add(value);
            }
            foreach (var f in r.Array("fields"))
            {
                if (ReadFlagField(f, sink) is { } field) s.Fields.Add(field);
            }
            if (ok) spec.FlagSets.Add(s);
        }

        // A multi-bit field of a flags word: its bits in place, optional mask and shift macros, and its values.
        private static FlagFieldSyntax? ReadFlagField(JsonValue item, DiagnosticSink sink)
        {
            if (ObjectReader.Item(item, "flag field", sink, "name", "csName", "bits", "mask", "shift", "doc", "values") is not { } r) return null;
            var f = new FlagFieldSyntax { Position = r.Position };
            bool ok = ReadDeclaration(r, f, "flag field");
            if (r.Expression("bits", required: true) is { } bits) f.Bits = bits; else ok = false;
            (f.MaskMacro, f.NoMaskMacro) = MacroOrFalse(r, "mask", sink);
            (f.ShiftMacro, f.NoShiftMacro) = MacroOrFalse(r, "shift", sink);
            var values = r.Array("values", required: true);
            if (r.Has("values") && values.Count == 0)
                sink.Report(DiagnosticCatalog.InvalidValue, r.Position, $"flag field '{f.Name.Value}' has no values; declare at least one");
            foreach (var v in values)
            {
                if (ReadValue(v, "flag field value", sink, allowAccess: false) is { } value) f.Values.Add(value);
            }
            return ok ? f : null;
        }

        // A macro name, or false for "the header defines none" (as "mask" of a flag set).
        private static (string? Name, bool None) MacroOrFalse(ObjectReader r, string key, DiagnosticSink sink)
        {
            if (r.Has(key) && r.Value.Properties.First(p => p.Name == key).Value.Kind == JsonKind.Boolean)
            {
                if (r.Bool(key) == true)
                    sink.Report(DiagnosticCatalog.InvalidValue, r.Position, $"'{key}' is a macro name, or false for no such macro; true is not a value");
                return (null, true);
            }
            return (r.DeclaredName(key, csharp: false)?.Value, false);
        }

        private static ValueSyntax? ReadValue(JsonValue item, string what, DiagnosticSink sink, bool allowAccess)
        {
            var keys = allowAccess
                ? new[] { "name", "csName", "value", "access", "doc", "since", "allow" }
                : new[] { "name", "csName", "value", "doc", "since", "allow" };
            if (ObjectReader.Item(item, what, sink, keys) is not { } r) return null;
            var v = new ValueSyntax();
            bool ok = ReadDeclaration(r, v, what);
            if (r.Expression("value", required: true) is { } value)
            {
                v.Number = value;
                if (value.Value is { } known) v.Value = new Located<BigInteger>(known, value.Position);
            }
            else
            {
                ok = false;
            }
            if (allowAccess) v.Access = r.OneOf("access", SpecSpellings.CpuAccesses)?.Value;
            v.Since = r.Int("since", 1, 1000);
            return ok ? v : null;
        }

        private static void ReadHandle(JsonValue item, DiagnosticSink sink, SpecSyntax spec)
        {
            if (ObjectReader.Item(item, "handle", sink, "name", "csName", "type", "scope", "releasedBy", "doc", "allow") is not { } r) return;
            var h = new HandleSyntax();
            bool ok = ReadDeclaration(r, h, "handle");
            if (r.OneOf("type", SpecSpellings.HandleTypes, required: true) is { } t) h.Type = t; else ok = false;
            h.Scope = r.OneOf("scope", SpecSpellings.HandleScopes) ?? new Located<string>("file", r.Position);
            h.ReleasedBy = r.Ident("releasedBy");
            if (ok) spec.Handles.Add(h);
        }

        private static void ReadStruct(JsonValue item, DiagnosticSink sink, SpecSyntax spec)
        {
            if (ObjectReader.Item(item, "struct", sink, "name", "csName", "kind", "tag", "packed", "doc", "fields", "allow") is not { } r) return;
            var s = new StructSyntax();
            bool ok = ReadDeclaration(r, s, "struct");
            s.Kind = r.OneOf("kind", new[] { "struct", "union" });
            ReadTag(r, s);
            ReadPacked(r, s);
            var fields = r.Array("fields", required: true);
            if (r.Has("fields") && fields.Count == 0)
                sink.Report(DiagnosticCatalog.InvalidValue, r.Position, $"{s.Kind?.Value ?? "struct"} '{s.Name.Value}' has no fields; a C {s.Kind?.Value ?? "struct"} needs at least one");
            foreach (var fieldItem in fields)
            {
                if (ReadField(fieldItem, sink) is { } field) s.Fields.Add(field);
            }
            if (ok) spec.Structs.Add(s);
        }

        // A field has a type, or is an inline aggregate with its own "fields" (C's struct { … } name;); an inline
        // aggregate without a name is an anonymous member.
        private static FieldSyntax? ReadField(JsonValue item, DiagnosticSink sink)
        {
            if (ObjectReader.Item(item, "field", sink, "name", "csName", "type", "kind", "fields", "count", "flexible", "countedBy", "maxCount", "dir", "reserved", "length", "since", "doc", "allow") is not { } fr) return null;
            var field = new FieldSyntax { Position = fr.Position };
            bool inline = fr.Has("fields");
            bool fieldOk;
            if (inline && !fr.Has("name"))
            {
                field.Anonymous = true;
                field.Name = new Located<string>("", fr.Position);
                field.CsName = fr.DeclaredName("csName", csharp: true)?.Value;
                field.Doc = fr.String("doc")?.Value ?? "";
                if (fr.Has("allow")) fr.ReadAllow(field.Allow);
                fieldOk = true;
            }
            else
            {
                fieldOk = ReadDeclaration(fr, field, "field");
            }
            if (inline)
            {
                if (fr.Has("type"))
                {
                    sink.Report(DiagnosticCatalog.InvalidValue, fr.Position, "a field has either a 'type' or its own 'fields' (an inline struct or union), not both");
                    fieldOk = false;
                }
                field.Kind = fr.OneOf("kind", new[] { "struct", "union" });
                field.Members = new List<FieldSyntax>();
                var members = fr.Array("fields");
                if (members.Count == 0)
                {
                    sink.Report(DiagnosticCatalog.InvalidValue, fr.Position, "an inline struct or union needs at least one field");
                    fieldOk = false;
                }
                foreach (var m in members)
                {
                    if (ReadField(m, sink) is { } member) field.Members.Add(member);
                }
                field.Type = new Located<string>("", fr.Position);
            }
            else
            {
                if (fr.Has("kind")) sink.Report(DiagnosticCatalog.InvalidValue, fr.Position, "'kind' applies to inline aggregates (fields with their own 'fields')");
                if (fr.String("type", required: true) is { } type) field.Type = type; else fieldOk = false;
            }
            // A count is a number, or the name of a constant (this spec's or an import's): "AMDGPU_VCE_CLOCK_TABLE_ENTRIES".
            if (fr.Value.Properties.FirstOrDefault(p => p.Name == "count")?.Value is { Kind: JsonKind.String } countText && System.Text.RegularExpressions.Regex.IsMatch(countText.Text, "^[A-Za-z_][A-Za-z0-9_]*$"))
                field.CountName = new Located<string>(countText.Text, countText.Position);
            else
                field.Count = fr.Int("count", 1, IoctlMaxSize);
            if (field.Anonymous && (field.Count is not null || field.CountName is not null))
                sink.Report(DiagnosticCatalog.InvalidValue, fr.Position, "an anonymous member cannot be an array; give it a name");
            if (fr.Bool("flexible") == true)
            {
                field.Flexible = new Located<bool>(true, fr.Position);
                if (field.Count is not null || field.CountName is not null || field.Anonymous)
                {
                    sink.Report(DiagnosticCatalog.InvalidValue, fr.Position, "a flexible array member has no 'count' (its length is the caller's) and needs a name");
                    fieldOk = false;
                }
            }
            field.CountedBy = fr.Ident("countedBy");
            field.MaxCount = fr.Int("maxCount", 1, 1 << 20);
            if (field.MaxCount is { } max && field.CountedBy is null)
                sink.Report(DiagnosticCatalog.InvalidValue, max.Position, "'maxCount' applies to flexible array members with a 'countedBy' field (the dispatcher reads the count there)");
            if (field.CountedBy is { } counted && field.Flexible is null)
                sink.Report(DiagnosticCatalog.InvalidValue, counted.Position, "'countedBy' applies to flexible array members (\"flexible\": true)");
            field.Dir = fr.OneOf("dir", SpecSpellings.FieldDirections);
            field.Reserved = fr.Bool("reserved") ?? false;
            field.Length = fr.Ident("length");
            field.Since = fr.Int("since", 1, 1000);
            return fieldOk ? field : null;
        }

        private const int IoctlMaxSize = 16383;

        private static void ReadIoctl(JsonValue item, DiagnosticSink sink, SpecSyntax spec)
        {
            if (ObjectReader.Item(item, "ioctl", sink, "name", "csName", "nr", "dir", "arg", "code", "permissions", "olderFormOf", "sizeVariantOf", "returns", "since", "deprecated", "encoding", "semantics", "linuxDifferences", "doc", "allow") is not { } r) return;
            var io = new IoctlSyntax();
            bool ok = ReadDeclaration(r, io, "ioctl");
            if (r.Number("nr", required: true) is { } nr) io.Nr = nr; else ok = false;
            if (r.OneOf("dir", SpecSpellings.IoctlDirections, required: true) is { } dir) io.Dir = dir; else ok = false;
            io.Arg = r.String("arg");
            io.Code = r.DeclaredName("code", csharp: false)?.Value;
            foreach (var p in r.Array("permissions"))
            {
                if (p.Kind == JsonKind.String && System.Array.IndexOf(SpecSpellings.Permissions, p.Text) >= 0)
                {
                    if (io.Permissions.Exists(x => x.Value == p.Text))
                        sink.Report(DiagnosticCatalog.InvalidValue, p.Position, $"permission \"{p.Text}\" is listed twice");
                    else
                        io.Permissions.Add(new Located<string>(p.Text, p.Position));
                }
                else
                    sink.Report(DiagnosticCatalog.InvalidValue, p.Position, "permissions must be among " + SpecSpellings.Quoted(SpecSpellings.Permissions));
            }
            io.OlderFormOf = r.Ident("olderFormOf");
            io.SizeVariantOf = r.Ident("sizeVariantOf");
            io.Returns = r.OneOf("returns", new[] { "fd", "value" });
            io.Since = r.Int("since", 1, 1000);
            io.Deprecated = r.String("deprecated")?.Value;
            io.Encoding = r.OneOf("encoding", new[] { "ioc", "legacy" });
            foreach (var s in r.Array("semantics"))
            {
                if (ReadSemantic(s, sink) is { } semantic) io.Semantics.Add(semantic);
            }
            foreach (var d in r.Array("linuxDifferences"))
            {
                if (ReadLinuxDifference(d, sink, io) is { } difference) io.LinuxDifferences.Add(difference);
            }
            if (ok) spec.Ioctls.Add(io);
        }

        private static LinuxDifferenceSyntax? ReadLinuxDifference(JsonValue item, DiagnosticSink sink, IoctlSyntax io)
        {
            if (ObjectReader.Item(item, "linux difference", sink, "case", "abikit", "reason") is not { } r) return null;
            var caseId = r.String("case", required: true);
            var abikit = r.String("abikit", required: true);
            var reason = r.String("reason", required: true);
            if (caseId is not { } id || abikit is not { } answer || reason is not { } why) return null;
            if (io.LinuxDifferences.Exists(x => x.Case.Value == id.Value))
            {
                sink.Report(DiagnosticCatalog.InvalidValue, id.Position, $"case \"{id.Value}\" is listed twice");
                return null;
            }
            return new LinuxDifferenceSyntax { Case = id, AbiKit = answer.Value, Reason = why.Value };
        }

        private static SemanticSyntax? ReadSemantic(JsonValue item, DiagnosticSink sink)
        {
            if (ObjectReader.Item(item, "semantic", sink, "effect", "object", "access", "readAccess", "writeAccess", "when", "pointer", "size", "readOnlyFlag") is not { } r) return null;
            var s = new SemanticSyntax { Position = r.Position };
            if (r.OneOf("effect", SpecSpellings.Effects, required: true) is { } effect) s.Effect = effect; else return null;
            s.Object = r.FieldPath("object");
            s.Access = r.FieldPath("access");
            s.ReadAccess = r.FieldPath("readAccess");
            s.WriteAccess = r.FieldPath("writeAccess");
            if (r.Object("when", "'when'", false, "field", "flag", "set") is { } when)
            {
                s.WhenField = when.FieldPath("field", required: true);
                s.WhenFlag = when.Ident("flag", required: true);
                s.WhenSet = when.Bool("set") ?? true;
            }
            s.Pointer = r.FieldPath("pointer");
            s.Size = r.FieldPath("size");
            s.ReadOnlyFlag = r.Ident("readOnlyFlag");
            return s;
        }
    }
}
