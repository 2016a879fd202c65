using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Syntax;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    // Multi-bit fields inside a flags word (amdgpu MTYPE, msm cache bits, O_ACCMODE): contiguous bits of their own,
    // overlapping no flag and no other field, each value inside them.
    public sealed partial class Resolver
    {
        private List<AbiFlagField> ResolveFlagFields(FlagSetSyntax set, ScalarKind kind, List<AbiFlag> flags, HashSet<string> seen)
        {
            var fields = new List<AbiFlagField>();
            string setCsName = set.CsName ?? TypeCsName(set.Name.Value);
            foreach (var f in set.Fields)
            {
                string name = f.Name.Value;
                if (EvaluateText(f.Bits, $"field {name}'s bits") is not { } bitsValue) continue;
                if (bitsValue <= 0 || bitsValue > Scalars.MaxUnsigned(kind))
                {
                    _sink.Report(DiagnosticCatalog.ValueOutOfRange, f.Bits.Position, $"field {name}'s bits {bitsValue} do not fit the set's {set.Type.Value}; give the field's mask in place, e.g. \"(0xf << 5)\"");
                    continue;
                }
                ulong bits = (ulong)bitsValue;
                int shift = 0;
                while ((bits >> shift & 1) == 0) shift++;
                ulong run = bits >> shift;
                if ((run & (run + 1)) != 0)
                {
                    _sink.Report(DiagnosticCatalog.FlagBitsOverlap, f.Bits.Position, $"field {name}'s bits 0x{bits:x} are not contiguous; a field is one run of bits holding a number (split it, or make the bits flags)");
                    continue;
                }
                foreach (var flag in flags.Where(x => (x.Value & bits) != 0))
                    _sink.Report(DiagnosticCatalog.FlagBitsOverlap, f.Bits.Position, $"field {name}'s bits 0x{bits:x} overlap flag {flag.Name} (0x{flag.Value:x}); a bit is either a flag or part of one field");
                foreach (var other in fields.Where(x => (x.Bits & bits) != 0))
                    _sink.Report(DiagnosticCatalog.FlagBitsOverlap, f.Bits.Position, $"field {name}'s bits 0x{bits:x} overlap field {other.Name} (0x{other.Bits:x})");

                var members = Naming.Members(f.Values.Select(v => v.Name.Value).ToList(), name);
                var values = new List<AbiFlag>();
                for (int i = 0; i < f.Values.Count; i++)
                {
                    var v = f.Values[i];
                    CheckUniqueMacro(v, seen);
                    CheckSince(v.Since);
                    if (Evaluate(v) is not { } value) continue;
                    if (value < 0 || (value & ~new BigInteger(bits)) != 0)
                    {
                        _sink.Report(DiagnosticCatalog.FlagBitsOverlap, v.Number.Position, $"{v.Name.Value} = 0x{(value < 0 ? value.ToString() : ((ulong)value).ToString("x"))} has bits outside field {name} (0x{bits:x}); write the value in place (shifted), as the kernel's macros are: \"({(value < 0 ? 0 : value)} << {shift})\"");
                        continue;
                    }
                    values.Add(new AbiFlag(v.Name.Value, v.CsName ?? members[i], (ulong)value, CpuAccess.None, v.Doc, v.Since?.Value ?? 1, Spelling(v.Number)));
                }
                string maskMacro = f.NoMaskMacro ? "" : f.MaskMacro ?? name + "_MASK";
                string shiftMacro = f.NoShiftMacro ? "" : f.ShiftMacro ?? name + "_SHIFT";
                fields.Add(new AbiFlagField(name, f.CsName ?? setCsName + Naming.Members(new[] { name }, set.Name.Value)[0], bits, shift, maskMacro, shiftMacro, f.Doc,
                    values.ToEquatableArray(), Spelling(f.Bits)));
            }
            return fields;
        }
    }
}
