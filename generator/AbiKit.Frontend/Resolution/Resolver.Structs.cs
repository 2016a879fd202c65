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
    // Structs and unions: fields resolved, versions and lengths checked, laid out on every ABI and recorded in the source index.
    public sealed partial class Resolver
    {
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

                var dir = Vocabulary.FieldDirections.ValueOf(f.Dir?.Value, FieldDirection.In);
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
            _index.Add(syntax, _sink.Items.Count);
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
