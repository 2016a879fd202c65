using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Json;
using AbiKit.Frontend.Lint;
using AbiKit.Frontend.Syntax;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    /// <summary>
    /// Turns a spec's syntax (plus its already-resolved imports) into the laid-out <see cref="AbiFamily"/>,
    /// validating names, numbers, directions, versions and semantics, and recording where each element is written
    /// (<see cref="SourceIndex"/>) for <see cref="LintPass"/>, which then checks the kernel's ioctl rules. Reports every
    /// problem it finds; returns a model only when there is no error.
    /// </summary>
    public sealed partial class Resolver
    {
        // Every spelling of every scalar of the vocabulary (spec, C and alias spellings).
        private static readonly Dictionary<string, ScalarKind> ScalarTypes =
            Vocabulary.Scalars.AllSpellings.ToDictionary(x => x, x => Vocabulary.Scalars.Parse(x), StringComparer.Ordinal);

        private readonly SpecSyntax _spec;
        private readonly DiagnosticSink _sink;
        private readonly SymbolTable _symbols = new();
        private readonly List<AbiStruct> _structs = new();
        private readonly Dictionary<string, StructSyntax> _structSyntax = new(StringComparer.Ordinal);
        private readonly HashSet<string> _visiting = new(StringComparer.Ordinal);
        private readonly SourceIndex _index = new();
        private string _stripPrefix = "";
        private string _csNamespace = "";

        private readonly SemanticResolver _semantics;

        private Resolver(SpecSyntax spec, DiagnosticSink sink)
        {
            _spec = spec;
            _sink = sink;
            _semantics = new SemanticResolver(sink, n => _symbols.TryGet(n, out var s) ? s.Struct : null, n => _symbols.TryGet(n, out var s) ? s.FlagSet : null);
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
            var resolver = new Resolver(spec, sink);
            laidOut = resolver.Run(imports, sourceName);
            // Lint is a pass of its own over whatever resolved, located through the index resolution built.
            LintPass.Run(laidOut, imports, resolver._index, sink);
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
                Typedefs: typedefs.ToEquatableArray());
            resolved = BackEndNaming.Apply(resolved);
            MacroCheck.Run(resolved, imports, _spec, _sink);
            MacroNameCheck.Run(resolved, imports, _spec, _sink);
            IndexValues();
            CsNameCheck.Run(resolved, _index, _spec.Family.Position, _sink);
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
    }
}
