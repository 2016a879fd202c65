using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Syntax;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    // Values written as expressions that name constants ("(AMDGPU_X_SHIFT + 1)", "O_CLOEXEC | O_RDWR"): every named
    // value of the spec (constants, enum values, flags, flag-field values), of its imports and of its included
    // headers can be named; each is evaluated once, on first use, in any order, and a cycle is an error.
    public sealed partial class Resolver
    {
        private readonly Dictionary<string, ValueSyntax> _ownValues = new(StringComparer.Ordinal);
        private readonly Dictionary<string, BigInteger> _knownValues = new(StringComparer.Ordinal);
        private readonly HashSet<ValueSyntax> _evaluating = new();
        private readonly HashSet<ValueSyntax> _failed = new();

        private void CollectNamedValues(IReadOnlyList<AbiFamily> imports)
        {
            foreach (var f in imports)
            {
                foreach (var c in f.Constants) _knownValues[c.Name] = c.Value;
                foreach (var c in f.ExternalConstants) _knownValues[c.Name] = c.Value;
                foreach (var v in f.Enums.SelectMany(e => e.Values)) _knownValues[v.Name] = v.Value;
                foreach (var s in f.FlagSets)
                {
                    foreach (var v in s.Flags) _knownValues[v.Name] = v.Value;
                    foreach (var field in s.Fields)
                    {
                        foreach (var v in field.Values) _knownValues[v.Name] = v.Value;
                        if (field.MaskMacro.Length > 0) _knownValues[field.MaskMacro] = field.Bits;
                        if (field.ShiftMacro.Length > 0) _knownValues[field.ShiftMacro] = field.Shift;
                    }
                    if (s.MaskName.Length > 0) _knownValues[s.MaskName] = s.Mask;
                }
            }
            var own = _spec.Includes.SelectMany(i => i.Constants).Concat(_spec.Constants).Concat(_spec.Enums.SelectMany(e => e.Values))
                .Concat(_spec.FlagSets.SelectMany(s => s.Flags.Concat(s.Fields.SelectMany(f => f.Values))));
            foreach (var v in own)
            {
                // The first declaration of a name is the one expressions see; a second is reported as a duplicate macro.
                if (!_ownValues.ContainsKey(v.Name.Value)) _ownValues[v.Name.Value] = v;
            }
        }

        /// <summary>The value of <paramref name="v"/>, evaluating its expression if it names constants; null after reporting why not.</summary>
        private BigInteger? Evaluate(ValueSyntax v)
        {
            if (v.Number.Value is { } known) return known;
            if (_failed.Contains(v)) return null;
            if (!_evaluating.Add(v))
            {
                _sink.Report(DiagnosticCatalog.InvalidValue, v.Number.Position, $"the value of {v.Name.Value} refers to itself (through '{v.Number.Text}'); a macro cannot be defined by its own value");
                _failed.Add(v);
                return null;
            }
            var result = EvaluateText(v.Number, v.Name.Value);
            _evaluating.Remove(v);
            if (result is not { } value)
            {
                _failed.Add(v);
                return null;
            }
            v.Number.Value = value;
            v.Value = new Located<BigInteger>(value, v.Number.Position);
            return value;
        }

        /// <summary>Evaluates a number that may name constants, reporting an unknown name (ABI201) or a bad expression (ABI104).</summary>
        private BigInteger? EvaluateText(NumberSyntax number, string what)
        {
            if (number.Value is { } known) return known;
            string? unknown = null;
            bool failedName = false;
            var result = CIntegerExpression.Evaluate(number.Text ?? "", name =>
            {
                if (_knownValues.TryGetValue(name, out var value)) return value;
                if (_ownValues.TryGetValue(name, out var syntax))
                {
                    var named = Evaluate(syntax);
                    if (named is null) failedName = true;
                    return named;
                }
                unknown ??= name;
                return null;
            });
            if (result.Error is null)
            {
                number.Value = result.Value;
                return result.Value;
            }
            if (failedName) return null; // the named value's own error is reported where it is declared
            if (unknown is not null)
                _sink.Report(DiagnosticCatalog.UnresolvedName, number.Position,
                    $"the value of {what}, '{number.Text}', names '{unknown}', which is not a constant, enum value or flag of this spec or its imports, nor a constant of an included header (\"includes\")");
            else
                _sink.Report(DiagnosticCatalog.InvalidValue, number.Position, $"the value of {what}, '{number.Text}', is not a valid C constant expression: {result.Error}");
            return null;
        }

        /// <summary>The text a C header may write for <paramref name="number"/>: the spec's own spelling when C reads it as the
        /// same value on every ABI, otherwise empty (the back end writes the number).</summary>
        private string Spelling(NumberSyntax number)
        {
            if (number.Text is not { } text) return "";
            var result = CIntegerExpression.Evaluate(text, name => _knownValues.TryGetValue(name, out var v) ? v : _ownValues.TryGetValue(name, out var s) ? s.Number.Value : null);
            // Whitespace is one space: a line break would end the #define.
            return result.Error is null && result.SpellableInC ? System.Text.RegularExpressions.Regex.Replace(text.Trim(), @"\s+", " ") : "";
        }

        private List<AbiExternalConstant> ResolveIncludes()
        {
            var constants = new List<AbiExternalConstant>();
            foreach (var include in _spec.Includes)
            {
                foreach (var c in include.Constants)
                {
                    if (Evaluate(c) is not { } value) continue;
                    if (value < long.MinValue || value > long.MaxValue)
                    {
                        _sink.Report(DiagnosticCatalog.ValueOutOfRange, c.Number.Position, $"constant {c.Name.Value} = {value} does not fit a signed 64-bit value");
                        continue;
                    }
                    constants.Add(new AbiExternalConstant(include.Header.Value, include.System, c.Name.Value, (long)value, c.Number.Text ?? value.ToString()));
                }
            }
            return constants;
        }
    }
}
