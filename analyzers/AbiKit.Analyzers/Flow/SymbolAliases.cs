using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AbiKit.Analyzers.Flow
{
    /// <summary>
    /// Locals that are only other names of one object: <c>var c = b;</c>, <c>IDisposable d = b;</c>, a struct copy of a
    /// scope (<c>var copy = cpu;</c>), or a pattern variable (<c>o is AllocBuffer b</c>), where the copy is written
    /// exactly once and its original is never written again. Such a copy is tracked as its original, so closing or
    /// ending through either name is seen on both.
    /// </summary>
    /// <remarks>
    /// A copy of a scope struct is an alias of the window (or pin) itself: the scopes hold a reference to their object
    /// and ending a copy ends the one window. Anything written more than once keeps its own state (an assignment of a
    /// tracked value then hands the object on, as before), which loses precision but never invents an alias.
    /// </remarks>
    internal static class SymbolAliases
    {
        /// <summary>Pairs (copy, original), originals resolved through chains of copies.</summary>
        public static List<(ISymbol Copy, ISymbol Original)> Find(List<IOperation> ops, HashSet<ISymbol> trackable)
        {
            // Compiler temporaries that only copy one local (a switch statement's governing value, for one).
            var captured = new Dictionary<CaptureId, ISymbol?>();
            foreach (var op in ops)
            {
                if (op is not IFlowCaptureOperation capture) continue;
                var value = NamedIn(Strip(capture.Value), null);
                captured[capture.Id] = captured.TryGetValue(capture.Id, out var previous) && !SymbolEqualityComparer.Default.Equals(previous, value) ? null : value;
            }
            ISymbol? Named(IOperation? op) => NamedIn(op, captured);

            var writes = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
            var copyOf = new Dictionary<ISymbol, ISymbol?>(SymbolEqualityComparer.Default);
            void Write(ISymbol? symbol, ISymbol? original)
            {
                if (symbol is null) return;
                writes[symbol] = writes.TryGetValue(symbol, out int n) ? n + 1 : 1;
                copyOf[symbol] = copyOf.ContainsKey(symbol) ? null : original;
            }

            foreach (var op in ops)
            {
                switch (op)
                {
                    case ISimpleAssignmentOperation { IsRef: false } assignment:
                        Write(Named(assignment.Target), Named(Strip(assignment.Value)));
                        break;
                    case ISimpleAssignmentOperation assignment:
                        Write(Named(assignment.Target), null);
                        break;
                    case ICompoundAssignmentOperation or ICoalesceAssignmentOperation or IDeconstructionAssignmentOperation:
                        foreach (var target in ((IAssignmentOperation)op).Target.DescendantsAndSelf()) Write(Named(target), null);
                        break;
                    case IIncrementOrDecrementOperation increment:
                        Write(Named(increment.Target), null);
                        break;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument:
                        Write(Named(argument.Value), null);
                        break;
                    case IDeclarationPatternOperation { DeclaredSymbol: { } declared } pattern:
                        Write(declared, pattern.Parent is IIsPatternOperation isPattern ? Named(Strip(isPattern.Value)) : null);
                        break;
                    case IRecursivePatternOperation { DeclaredSymbol: { } declaredRecursive } recursive:
                        Write(declaredRecursive, recursive.Parent is IIsPatternOperation recursiveIs ? Named(Strip(recursiveIs.Value)) : null);
                        break;
                }
            }

            bool WrittenOnce(ISymbol symbol) => symbol is IParameterSymbol ? !writes.ContainsKey(symbol) : writes.TryGetValue(symbol, out int n) && n == 1;
            var result = new List<(ISymbol, ISymbol)>();
            foreach (var pair in copyOf)
            {
                if (pair.Value is null || !trackable.Contains(pair.Key) || pair.Key is IParameterSymbol || writes[pair.Key] != 1) continue;
                var original = pair.Value;
                for (int depth = 0; depth < 8 && copyOf.TryGetValue(original, out var next) && next is not null && writes[original] == 1 && trackable.Contains(original); depth++) original = next;
                if (SymbolEqualityComparer.Default.Equals(original, pair.Key) || !trackable.Contains(original) || !WrittenOnce(original)) continue;
                result.Add((pair.Key, original));
            }
            return result;
        }

        private static ISymbol? NamedIn(IOperation? op, Dictionary<CaptureId, ISymbol?>? captured) => op switch
        {
            ILocalReferenceOperation l => l.Local,
            IParameterReferenceOperation p => p.Parameter,
            IFlowCaptureReferenceOperation c when captured is not null && captured.TryGetValue(c.Id, out var symbol) => symbol,
            _ => null,
        };

        private static IOperation Strip(IOperation op)
        {
            while (op is IConversionOperation { OperatorMethod: null } conversion) op = conversion.Operand;
            return op;
        }
    }
}
