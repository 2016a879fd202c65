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
    // Enums, flag sets and handle kinds: values checked against their base types, C# member names derived.
    public sealed partial class Resolver
    {
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
                _index.Add(e, _sink.Items.Count);
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
                var access = Vocabulary.CpuAccesses.ValueOf(v.Access, CpuAccess.None);
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
                _index.Add(f, _sink.Items.Count);
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
            var scope = Vocabulary.HandleScopes.ValueOf(h.Scope.Value, HandleScope.File);
            if (!Declare(h, TypeKind.Handle, s => { s.Base = kind; })) return null;
            _index.Add(h, _sink.Items.Count);
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
    }
}
