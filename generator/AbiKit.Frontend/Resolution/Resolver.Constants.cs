using System;
using System.Collections.Generic;
using System.Linq;
using AbiKit.Frontend.Diagnostics;
using AbiKit.Frontend.Syntax;
using AbiKit.Model;

namespace AbiKit.Frontend.Resolution
{
    // Named integer constants (C macros) and the array lengths that name them.
    public sealed partial class Resolver
    {
        private readonly Dictionary<string, AbiConstant> _constants = new(StringComparer.Ordinal);

        private List<AbiConstant> ResolveConstants(IReadOnlyList<AbiFamily> imports)
        {
            foreach (var imported in imports)
            {
                foreach (var c in imported.Constants)
                {
                    if (!_constants.ContainsKey(c.Name)) _constants[c.Name] = c;
                }
            }
            var own = new List<AbiConstant>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in _spec.Constants)
            {
                CheckUniqueMacro(c, seen);
                if (Evaluate(c) is null) continue;
                if (c.Value.Value < long.MinValue || c.Value.Value > long.MaxValue)
                {
                    _sink.Report(DiagnosticCatalog.ValueOutOfRange, c.Value.Position, $"constant {c.Name.Value} = {c.Value.Value} does not fit a signed 64-bit value");
                    continue;
                }
                var model = new AbiConstant(c.Name.Value, c.CsName ?? Naming.Pascal(c.Name.Value.ToLowerInvariant()), (long)c.Value.Value, c.Doc, Spelling(c.Number));
                own.Add(model);
                _constants[model.Name] = model; // the family's own wins over an import's; MacroCheck reports a different value
            }
            return own;
        }

        /// <summary>The array length a named constant gives, or null after reporting why it cannot be one.</summary>
        private int? ConstantCount(Located<string> name)
        {
            if (!_constants.TryGetValue(name.Value, out var constant))
            {
                _sink.Report(DiagnosticCatalog.UnresolvedName, name.Position,
                    $"count '{name.Value}' is not a constant of this spec or its imports; declare it under \"constants\" or give a number");
                return null;
            }
            if (constant.Value < 1 || constant.Value > 16383)
            {
                _sink.Report(DiagnosticCatalog.InvalidValue, name.Position, $"count '{name.Value}' is {constant.Value}; an array length must be between 1 and 16383");
                return null;
            }
            return (int)constant.Value;
        }
    }
}
