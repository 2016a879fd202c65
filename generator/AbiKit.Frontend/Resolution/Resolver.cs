using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Json;
using AbiKit.Frontend.Syntax;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    /// <summary>
    /// Turns a spec's syntax (plus its already-resolved imports) into the laid-out <see cref="AbiFamily"/>,
    /// validating names, numbers, directions, versions and semantics, and linting the layout against the
    /// kernel's ioctl rules. Reports every problem it finds; returns a model only when there is no error.
    /// </summary>
    public sealed partial class Resolver
    {
        private static readonly Dictionary<string, ScalarKind> ScalarTypes = new(StringComparer.Ordinal)
        {
            ["u8"] = ScalarKind.U8, ["u16"] = ScalarKind.U16, ["u32"] = ScalarKind.U32, ["u64"] = ScalarKind.U64,
            ["s8"] = ScalarKind.S8, ["s16"] = ScalarKind.S16, ["s32"] = ScalarKind.S32, ["s64"] = ScalarKind.S64,
            ["__u8"] = ScalarKind.U8, ["__u16"] = ScalarKind.U16, ["__u32"] = ScalarKind.U32, ["__u64"] = ScalarKind.U64,
            ["__s8"] = ScalarKind.S8, ["__s16"] = ScalarKind.S16, ["__s32"] = ScalarKind.S32, ["__s64"] = ScalarKind.S64,
            // Native C types: accepted so that existing ABIs can be described faithfully; lint rejects them.
            ["char"] = ScalarKind.Char, ["bool"] = ScalarKind.Bool, ["_Bool"] = ScalarKind.Bool,
            ["int"] = ScalarKind.Int, ["unsigned int"] = ScalarKind.UInt, ["uint"] = ScalarKind.UInt,
            ["long"] = ScalarKind.Long, ["unsigned long"] = ScalarKind.ULong, ["ulong"] = ScalarKind.ULong,
            ["size_t"] = ScalarKind.SizeT, ["pointer"] = ScalarKind.NativePointer, ["void*"] = ScalarKind.NativePointer,
            ["void *"] = ScalarKind.NativePointer, ["const char *"] = ScalarKind.NativePointer, ["char*"] = ScalarKind.NativePointer,
            ["char *"] = ScalarKind.NativePointer,
        };

        private readonly SpecSyntax _spec;
        private readonly DiagnosticSink _sink;
        private readonly SymbolTable _symbols = new();
        private readonly List<AbiStruct> _structs = new();
        private readonly Dictionary<string, StructSyntax> _structSyntax = new(StringComparer.Ordinal);
        private readonly HashSet<string> _visiting = new(StringComparer.Ordinal);
        private string _stripPrefix = "";
        private string _csNamespace = "";

        private Resolver(SpecSyntax spec, DiagnosticSink sink)
        {
            _spec = spec;
            _sink = sink;
        }

        /// <summary>Resolves <paramref name="spec"/> against its resolved <paramref name="imports"/>.</summary>
        /// <returns>The model, or null when any error was reported to <paramref name="sink"/>.</returns>
        public static AbiFamily? Resolve(SpecSyntax spec, IReadOnlyList<AbiFamily> imports, string sourceName, DiagnosticSink sink)
            => Resolve(spec, imports, sourceName, sink, out _);

        /// <summary>Resolves <paramref name="spec"/>; also hands out the laid-out model when the only errors are lint errors.</summary>
        /// <param name="spec">The spec's syntax.</param>
        /// <param name="imports">Its resolved imports.</param>
        /// <param name="sourceName">The spec's file name, for banners.</param>
        /// <param name="sink">Receives every diagnostic.</param>
        /// <param name="laidOut">The model whenever every name resolved (lint errors allowed), so that layouts and holes can be shown; null otherwise.</param>
        /// <returns>The model, or null when any error was reported to <paramref name="sink"/>.</returns>
        public static AbiFamily? Resolve(SpecSyntax spec, IReadOnlyList<AbiFamily> imports, string sourceName, DiagnosticSink sink, out AbiFamily? laidOut)
        {
            laidOut = new Resolver(spec, sink).Run(imports, sourceName);
            bool resolved = !sink.Items.Any(d => d.Severity == Severity.Error && !d.Id.StartsWith("ABI3", StringComparison.Ordinal));
            if (!resolved) laidOut = null;
            return sink.HasErrors ? null : laidOut;
        }

        private AbiFamily Run(IReadOnlyList<AbiFamily> imports, string sourceName)
        {
            string family = _spec.Family.Value ?? "";
            string familyMacro = Naming.Macro(family);
            _stripPrefix = _spec.CsStripPrefix ?? "";
            _csNamespace = _spec.CsNamespace ?? "AbiKit.Interop." + Naming.Pascal(family);
            string header = _spec.CHeader ?? family.Replace('-', '_') + ".h";
            var c = new CHeaderOptions(header, _spec.CGuard ?? "ABIKIT_" + Naming.Macro(header) + "_");
            var cs = new CSharpOptions(_csNamespace, _spec.CsClass ?? Naming.Pascal(family) + "Ioctls");

            foreach (var imported in imports) _symbols.AddImported(imported);
            var ioctlFamily = ResolveIoctlFamily(familyMacro, imports);

            CollectNamedValues(imports);
            var externals = ResolveIncludes();
            var constants = ResolveConstants(imports);
            var enums = _spec.Enums.Select(ResolveEnum).Where(e => e is not null).Select(e => e!).ToList();
            var flagSets = _spec.FlagSets.Select(ResolveFlagSet).Where(f => f is not null).Select(f => f!).ToList();
            var handles = _spec.Handles.Select(ResolveHandle).Where(h => h is not null).Select(h => h!).ToList();
            for (int i = 0; i < _spec.Structs.Count; i++) Declare(_spec.Structs[i], TypeKind.Struct, s =>
            {
                s.PendingStruct = i;
                s.Aggregate = _spec.Structs[i].Kind?.Value == "union" ? AggregateKind.Union : AggregateKind.Struct;
                s.Tagless = _spec.Structs[i].Tagless is not null;
                s.Packed = _spec.Structs[i].Packed is not null;
            });
            var typedefs = ResolveTypedefs();
            foreach (var s in _spec.Structs) ResolveStruct(s.Name.Value);

            var ioctls = new List<(AbiIoctl Model, IoctlSyntax Syntax)>();
            foreach (var io in _spec.Ioctls)
            {
                if (ResolveIoctl(io, ioctlFamily) is { } model) ioctls.Add((model, io));
            }
            ValidateIoctlSet(ioctls);
            ValidateHandles(handles);

            var resolved = new AbiFamily(
                family,
                sourceName,
                _spec.Doc,
                _spec.Version.Value,
                _spec.License,
                c,
                cs,
                ioctlFamily,
                imports.Select(i => new AbiImport(i.Family, i.C.FileName, i.CSharp.Namespace)).ToEquatableArray(),
                enums.ToEquatableArray(),
                flagSets.ToEquatableArray(),
                handles.ToEquatableArray(),
                _structs.ToEquatableArray(),
                ioctls.Select(i => i.Model).ToEquatableArray(),
                constants.ToEquatableArray(),
                externals.ToEquatableArray(),
                typedefs.ToEquatableArray());
            MacroCheck.Run(resolved, imports, _spec, _sink);
            MacroNameCheck.Run(resolved, imports, _spec, _sink);
            ImplementationNames.Lint(_spec, _sink);
            CsNameCheck.Run(resolved, _spec, _sink);
            return resolved;
        }

        // ---- family-level -------------------------------------------------------------------------

        private IoctlFamily ResolveIoctlFamily(string familyMacro, IReadOnlyList<AbiFamily> imports)
        {
            var syntax = _spec.Ioctl;
            var style = syntax.Style.Value switch
            {
                "drm-core" => IoctlStyle.DrmCore,
                "drm-driver" => IoctlStyle.DrmDriver,
                _ => IoctlStyle.Generic,
            };
            byte type = syntax.Type.Value is { Length: 1 } t ? (byte)t[0] : (byte)0;
            bool drm = style != IoctlStyle.Generic;
            if (drm && type != 0 && type != (byte)'d')
                _sink.Report(DiagnosticCatalog.InvalidValue, syntax.Type.Position, $"DRM families use ioctl type 'd' (DRM_IOCTL_BASE), not '{(char)type}'");
            if (style == IoctlStyle.DrmDriver && !imports.Any(i => i.Ioctl.Style == IoctlStyle.DrmCore && i.Ioctl.DefinesTypeMacro))
                _sink.Report(DiagnosticCatalog.InvalidValue, syntax.Position, "a drm-driver family needs the DRM ioctl macros: import a drm-core spec (e.g. \"imports\": [\"drm-core.abi.json\"])");

            string typeMacro = syntax.TypeMacro ?? (drm ? "DRM_IOCTL_BASE" : "");
            bool defines = syntax.DefinesTypeMacro && style != IoctlStyle.DrmDriver && typeMacro.Length > 0;
            string codePrefix = syntax.CodePrefix ?? style switch
            {
                IoctlStyle.DrmCore => "DRM_IOCTL_",
                IoctlStyle.DrmDriver => "DRM_IOCTL_" + familyMacro + "_",
                _ => familyMacro + "_IOCTL_",
            };
            string nrPrefix = style == IoctlStyle.DrmDriver ? syntax.NrPrefix ?? "DRM_" + familyMacro + "_" : "";
            return new IoctlFamily(style, type, typeMacro, defines, style == IoctlStyle.DrmDriver ? 0x40 : 0, nrPrefix, codePrefix);
        }

        private bool Declare(DeclarationSyntax d, TypeKind kind, Action<Symbol> init)
        {
            string name = d.Name.Value;
            if (ScalarTypes.ContainsKey(name) || name == "ptr")
            {
                _sink.Report(DiagnosticCatalog.DuplicateName, d.Name.Position, $"'{name}' is a built-in type name; a declaration with that name could never be referred to, so pick another");
                return false;
            }
            if (_symbols.TryGet(name, out var existing))
            {
                string where = existing.Position is { } p ? $"line {p.Line}" : $"imported family '{existing.Family}'";
                _sink.Report(DiagnosticCatalog.DuplicateName, d.Name.Position, $"'{name}' is already declared ({where}); type names must be unique across a spec and its imports");
                return false;
            }
            var symbol = new Symbol(kind, name, _spec.Family.Value ?? "", _csNamespace, d.Name.Position) { CsName = d.CsName ?? TypeCsName(name) };
            init(symbol);
            _symbols.TryAdd(symbol);
            return true;
        }

        private string TypeCsName(string name)
        {
            string stripped = Naming.Strip(name, _stripPrefix);
            stripped = Naming.Strip(stripped, (_spec.Family.Value ?? "").Replace('-', '_') + "_");
            return Naming.Pascal(stripped);
        }

        // ---- enums, flags, handles -----------------------------------------------------------------

        private AbiEnum? ResolveEnum(EnumSyntax e)
        {
            var kind = ScalarTypes[e.Type.Value];
            var members = Naming.Members(e.Values.Select(v => v.Name.Value).ToList(), e.Name.Value);
            var values = new List<AbiEnumValue>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < e.Values.Count; i++)
            {
                var v = e.Values[i];
                CheckUniqueMacro(v, seen);
                CheckSince(v.Since);
                if (Evaluate(v) is null) continue;
                if (!FitsSigned(v.Value.Value, kind))
                {
                    _sink.Report(DiagnosticCatalog.ValueOutOfRange, v.Value.Position, $"{v.Name.Value} = {v.Value.Value} does not fit the enum's {e.Type.Value}; widen the type or change the value");
                    continue;
                }
                if (v.Value.Value > long.MaxValue)
                {
                    // Enum values are carried as a signed 64-bit number; a u64 enum above 2^63-1 is a flag set's job.
                    _sink.Report(DiagnosticCatalog.ValueOutOfRange, v.Value.Position, $"{v.Name.Value} = {v.Value.Value} is above 2^63-1, the largest enum value AbiKit carries; use a flag set for bit patterns this wide");
                    continue;
                }
                values.Add(new AbiEnumValue(v.Name.Value, v.CsName ?? members[i], (long)v.Value.Value, v.Doc, v.Since?.Value ?? 1, Spelling(v.Number)));
            }
            AbiEnum? model = null;
            if (Declare(e, TypeKind.Enum, s => { s.Base = kind; }))
            {
                model = new AbiEnum(e.Name.Value, e.CsName ?? TypeCsName(e.Name.Value), kind, e.Doc, values.ToEquatableArray());
                _symbols.TryGet(e.Name.Value, out var symbol);
                symbol.Enum = model;
            }
            return model;
        }

        private AbiFlagSet? ResolveFlagSet(FlagSetSyntax f)
        {
            var kind = ScalarTypes[f.Type.Value];
            var members = Naming.Members(f.Flags.Select(v => v.Name.Value).ToList(), f.Name.Value);
            var flags = new List<AbiFlag>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            ulong mask = 0;
            for (int i = 0; i < f.Flags.Count; i++)
            {
                var v = f.Flags[i];
                CheckUniqueMacro(v, seen);
                CheckSince(v.Since);
                if (Evaluate(v) is null) continue;
                if (v.Value.Value < 0 || v.Value.Value > Scalars.MaxUnsigned(kind))
                {
                    _sink.Report(DiagnosticCatalog.ValueOutOfRange, v.Value.Position, $"flag {v.Name.Value} = {v.Value.Value} does not fit the set's {f.Type.Value}; flags are unsigned bit masks");
                    continue;
                }
                ulong value = (ulong)v.Value.Value;
                mask |= value;
                var access = v.Access switch
                {
                    "read" => CpuAccess.Read,
                    "write" => CpuAccess.Write,
                    "readwrite" => CpuAccess.Read | CpuAccess.Write,
                    _ => CpuAccess.None,
                };
                flags.Add(new AbiFlag(v.Name.Value, v.CsName ?? members[i], value, access, v.Doc, v.Since?.Value ?? 1, Spelling(v.Number)));
            }
            var fields = ResolveFlagFields(f, kind, flags, seen);
            foreach (var field in fields) mask |= field.Bits;
            AbiFlagSet? model = null;
            if (Declare(f, TypeKind.Flags, s => { s.Base = kind; }))
            {
                string maskName = f.NoMask ? "" : f.Mask ?? Naming.Macro(f.Name.Value) + "_MASK";
                model = new AbiFlagSet(f.Name.Value, f.CsName ?? TypeCsName(f.Name.Value), kind, maskName, mask, f.Doc, flags.ToEquatableArray(), fields.ToEquatableArray());
                _symbols.TryGet(f.Name.Value, out var symbol);
                symbol.FlagSet = model;
            }
            return model;
        }

        private void CheckUniqueMacro(ValueSyntax v, HashSet<string> seen)
        {
            if (!seen.Add(v.Name.Value))
                _sink.Report(DiagnosticCatalog.DuplicateName, v.Name.Position, $"'{v.Name.Value}' is declared twice in the same set");
        }

        private static bool FitsSigned(BigInteger value, ScalarKind kind)
        {
            int bits = Scalars.Size(kind, Arch.X86_64) * 8;
            if (Scalars.IsSigned(kind))
            {
                var limit = BigInteger.One << (bits - 1);
                return value >= -limit && value < limit;
            }
            return value >= 0 && value <= Scalars.MaxUnsigned(kind);
        }

        private AbiHandle? ResolveHandle(HandleSyntax h)
        {
            var kind = ScalarTypes[h.Type.Value];
            var scope = h.Scope.Value switch { "global" => HandleScope.Global, "fd" => HandleScope.Fd, _ => HandleScope.File };
            if (scope == HandleScope.Global && !h.Allow.Ids.ContainsKey(DiagnosticCatalog.GlobalHandle.Id))
            {
                _sink.Report(DiagnosticCatalog.GlobalHandle, h.Scope.Position,
                    $"handle kind '{h.Name.Value}' is device-global: any client can guess its small integer names and open other clients' objects (GEM flink's flaw); use per-file handles and share through file descriptors or unguessable tokens");
            }
            if (!Declare(h, TypeKind.Handle, s => { s.Base = kind; })) return null;
            var model = new AbiHandle(h.Name.Value, h.CsName ?? TypeCsName(h.Name.Value), kind, scope, h.ReleasedBy?.Value ?? "", h.Doc);
            _symbols.TryGet(h.Name.Value, out var symbol);
            symbol.Handle = model;
            return model;
        }

        private void ValidateHandles(List<AbiHandle> handles)
        {
            foreach (var h in _spec.Handles)
            {
                if (h.ReleasedBy is { } r && !_spec.Ioctls.Any(i => i.Name.Value == r.Value))
                    _sink.Report(DiagnosticCatalog.UnresolvedName, r.Position, $"handle kind '{h.Name.Value}' is released by '{r.Value}', which is not an ioctl of this family");
            }
        }

        private void CheckSince(Located<int>? since)
        {
            if (since is { } s && s.Value > _spec.Version.Value)
                _sink.Report(DiagnosticCatalog.InvalidVersioning, s.Position, $"since {s.Value} is newer than the family's version {_spec.Version.Value}; raise \"version\" first");
        }

        // ---- structs ----------------------------------------------------------------------------

        private StructLayout? LayoutOf(string name, Arch arch)
        {
            if (!_symbols.TryGet(name, out var symbol) || symbol.Kind != TypeKind.Struct) return null;
            if (symbol.Struct is null && symbol.PendingStruct >= 0) ResolveStruct(name);
            return symbol.Struct?.Layout(arch);
        }

        private void ResolveStruct(string name)
        {
            if (!_symbols.TryGet(name, out var symbol) || symbol.Struct is not null || symbol.PendingStruct < 0) return;
            ResolveAggregate(symbol, _spec.Structs[symbol.PendingStruct]);
        }

        private void ResolveAggregate(Symbol symbol, StructSyntax syntax)
        {
            string name = symbol.Name;
            if (_visiting.Count >= StructLimits.MaxNesting)
            {
                _sink.Report(DiagnosticCatalog.StructBeyondLimits, syntax.Name.Position, $"struct '{name}' is nested more than {StructLimits.MaxNesting} structs deep; flatten the chain");
                symbol.PendingStruct = -1;
                return;
            }
            if (!_visiting.Add(name))
            {
                _sink.Report(DiagnosticCatalog.RecursiveStruct, syntax.Name.Position, $"struct '{name}' contains itself (directly or through another struct); a C struct cannot, use a ptr instead");
                symbol.PendingStruct = -1;
                return;
            }
            _structSyntax[name] = syntax;

            var fields = new List<AbiField>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            int lastSince = 1;
            bool ok = true;
            for (int index = 0; index < syntax.Fields.Count; index++)
            {
                var f = syntax.Fields[index];
                if (!f.Anonymous && !seen.Add(f.Name.Value))
                    _sink.Report(DiagnosticCatalog.DuplicateName, f.Name.Position, $"struct '{name}' already has a field '{f.Name.Value}'");
                var type = f.Members is not null ? ResolveInline(symbol, f, index) : ResolveType(f.Type, $"field '{f.Name.Value}'");
                if (type is null) { ok = false; continue; }
                if (f.Anonymous) CheckAnonymousNames(name, f, type, seen);
                if (type.Kind == TypeKind.Struct && type.Family == symbol.Family) ResolveStruct(type.Name);
                if (type.Kind == TypeKind.Struct && LayoutOf(type.Name, Arch.X86_64) is null) { ok = false; continue; }

                int since = f.Since?.Value ?? 1;
                CheckSince(f.Since);
                if (since < lastSince)
                    _sink.Report(DiagnosticCatalog.InvalidVersioning, f.Since?.Position ?? f.Name.Position,
                        $"field '{f.Name.Value}' (since {since}) follows a field added in version {lastSince}; fields can only be appended, so later versions' fields go at the end");
                lastSince = Math.Max(lastSince, since);

                var dir = f.Dir?.Value switch { "out" => FieldDirection.Out, "inout" => FieldDirection.InOut, _ => FieldDirection.In };
                string csName = f.CsName ?? Naming.Pascal(f.Name.Value);
                if (csName == symbol.CsName) csName += "Value"; // C# forbids a member named like its type
                int count = f.Count?.Value ?? 0;
                if (f.CountName is { } countName)
                {
                    if (ConstantCount(countName) is { } named) count = named; else { ok = false; continue; }
                }
                fields.Add(new AbiField(f.Name.Value, csName, type, count, dir, f.Reserved, since, f.Length?.Value ?? "", f.Doc, f.Anonymous,
                    f.Flexible is not null, f.CountedBy?.Value ?? "", f.CountName?.Value ?? "", f.MaxCount?.Value ?? 0));
            }
            _visiting.Remove(name);
            if (!ok) { symbol.PendingStruct = -1; return; }

            ValidateLengthFields(syntax, fields);
            ValidateFlexibleArrays(symbol, syntax, fields);
            var shape = fields.Select(f => (f.Type, f.Flexible ? LayoutEngine.FlexibleCount : f.Count)).ToList();
            if (Arches.All.Select(a => StructLimits.UpperBound(shape, a, n => LayoutOf(n, a))).Max() is var bound && bound > StructLimits.MaxSize)
            {
                _sink.Report(DiagnosticCatalog.StructBeyondLimits, syntax.Name.Position, $"struct '{name}' would be about {bound} bytes (array counts multiply through nested structs); AbiKit lays out structs of up to {StructLimits.MaxSize} bytes");
                symbol.PendingStruct = -1;
                return;
            }
            var layouts = Arches.All.Select(a => LayoutEngine.Layout(shape, a, n => LayoutOf(n, a), symbol.Aggregate, symbol.Packed)).ToEquatableArray();
            var model = new AbiStruct(name, symbol.CsName, syntax.Doc, fields.ToEquatableArray(), layouts, symbol.Aggregate, symbol.Inline, symbol.Tagless, symbol.Packed);
            symbol.Struct = model;
            symbol.PendingStruct = -1;
            _structs.Add(model);
            Lint.Struct(model, syntax, _sink);
        }

        private void ValidateLengthFields(StructSyntax syntax, List<AbiField> fields)
        {
            foreach (var f in syntax.Fields)
            {
                if (f.Length is not { } length) continue;
                var field = fields.FirstOrDefault(x => x.Name == f.Name.Value);
                var target = fields.FirstOrDefault(x => x.Name == length.Value);
                if (field is not null && field.Type.Kind != TypeKind.UserPointer)
                    _sink.Report(DiagnosticCatalog.InvalidLengthField, length.Position, $"'length' applies to ptr fields; '{f.Name.Value}' is {f.Type.Value}");
                else if (target is null)
                    _sink.Report(DiagnosticCatalog.InvalidLengthField, length.Position, $"length field '{length.Value}' is not a field of this struct");
                else if (target.Type.Kind != TypeKind.Scalar || !Scalars.IsFixedWidth(target.Type.Scalar) || Scalars.IsSigned(target.Type.Scalar) || target.Count != 0)
                    _sink.Report(DiagnosticCatalog.InvalidLengthField, length.Position, $"length field '{length.Value}' must be an unsigned scalar (u32 or u64)");
            }
        }

        private TypeRef? ResolveType(Located<string> type, string what)
        {
            string name = type.Value.Trim();
            if (name == "ptr")
                return new TypeRef(TypeKind.UserPointer, ScalarKind.U64, "ptr", "__u64", "ulong", "", "");
            if (ScalarTypes.TryGetValue(name, out var scalar))
                return new TypeRef(TypeKind.Scalar, scalar, name, Scalars.CName(scalar), Scalars.CsName(scalar), "", "");
            if (_symbols.TryGet(name, out var symbol)) return symbol.ToTypeRef();
            _sink.Report(DiagnosticCatalog.UnresolvedName, type.Position,
                $"{what} has unknown type '{name}'; use u8…u64, s8…s64, ptr, or the name of an enum, flag set, handle or struct declared here or in an import");
            return null;
        }
    }
}
