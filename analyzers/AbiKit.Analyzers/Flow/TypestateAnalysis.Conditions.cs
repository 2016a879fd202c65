using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using static AbiKit.Analyzers.Flow.Typestate;

namespace AbiKit.Analyzers.Flow
{
    /// <summary>Refinement on conditional edges: null checks, the results of creating calls, and the correlated boolean conditions that split the state into partitions.</summary>
    internal sealed partial class TypestateAnalysis
    {
        private readonly List<int> _dropTrue = new();
        private readonly List<int> _dropFalse = new();

        /// <summary>The states on the true and false edges of a condition.</summary>
        private (ulong[] WhenTrue, ulong[] WhenFalse) Refine(IOperation condition, ulong[] state)
        {
            // Two lists per analysis, cleared per edge (Refine is not re-entered while they are read).
            var dropTrue = _dropTrue;
            var dropFalse = _dropFalse;
            dropTrue.Clear();
            dropFalse.Clear();
            Facts(condition, negate: false, dropTrue, dropFalse);
            int variable = ConditionVariable(condition, out bool negated);
            if (dropTrue.Count == 0 && dropFalse.Count == 0 && variable < 0) return (state, state);
            var whenTrue = Copy(state);
            var whenFalse = Copy(state);
            int count = _entities.Count;
            for (int p = 0; p < _partitions; p++)
            {
                int at = p * count;
                foreach (int e in dropTrue) if (whenTrue[at + e] != 0) whenTrue[at + e] = None;
                foreach (int e in dropFalse) if (whenFalse[at + e] != 0) whenFalse[at + e] = None;
                if (variable < 0) continue;
                // The partition where the variable has the value the edge contradicts is unreachable on that edge.
                bool value = ((p >> variable) & 1) != 0;
                Array.Clear(value != negated ? whenFalse : whenTrue, at, count);
            }
            return (whenTrue, whenFalse);
        }

        /// <summary>Which of the partitioning variables <paramref name="condition"/> is (possibly negated), or -1.</summary>
        private int ConditionVariable(IOperation condition, out bool negated)
        {
            negated = false;
            condition = Strip(condition);
            while (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
            {
                negated = !negated;
                condition = Strip(not.Operand);
            }
            var symbol = condition switch
            {
                ILocalReferenceOperation l => (ISymbol)l.Local,
                IParameterReferenceOperation p => p.Parameter,
                _ => null,
            };
            if (symbol is null) return -1;
            for (int i = 0; i < _conditions.Count; i++)
            {
                if (SymbolEqualityComparer.Default.Equals(_conditions[i], symbol)) return i;
            }
            return -1;
        }

        /// <summary>Picks up to two boolean locals or parameters, never written after their one assignment, that two or more branches test.</summary>
        private void ChooseConditions(List<IOperation> ops)
        {
            var tested = new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default);
            foreach (var block in _cfg.Blocks)
            {
                if (block.BranchValue is null || block.ConditionalSuccessor is null) continue;
                var condition = Strip(block.BranchValue);
                while (condition is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not) condition = Strip(not.Operand);
                ISymbol? symbol = condition switch
                {
                    ILocalReferenceOperation { Local.Type.SpecialType: SpecialType.System_Boolean } l when !_captured.Contains(l.Local) => l.Local,
                    IParameterReferenceOperation { Parameter.Type.SpecialType: SpecialType.System_Boolean, Parameter.RefKind: RefKind.None } p when !_captured.Contains(p.Parameter) => p.Parameter,
                    _ => null,
                };
                if (symbol is not null) tested[symbol] = tested.TryGetValue(symbol, out int n) ? n + 1 : 1;
            }
            foreach (var pair in tested)
            {
                if (pair.Value < 2 || _conditions.Count == 2) continue;
                int writes = 0;
                foreach (var op in ops)
                {
                    var target = op switch
                    {
                        IAssignmentOperation a => a.Target,
                        IIncrementOrDecrementOperation i => i.Target,
                        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } a => a.Value,
                        _ => null,
                    };
                    if (target is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, pair.Key)) writes++;
                    if (target is IParameterReferenceOperation p && SymbolEqualityComparer.Default.Equals(p.Parameter, pair.Key)) writes++;
                }
                if (writes == (pair.Key is IParameterSymbol ? 0 : 1)) _conditions.Add(pair.Key);
            }
            _partitions = 1 << _conditions.Count;
        }

        /// <summary>Entities that hold nothing on the true (or false) edge of <paramref name="condition"/>.</summary>
        private void Facts(IOperation condition, bool negate, List<int> dropTrue, List<int> dropFalse)
        {
            void Drop(bool onTrue, int entity)
            {
                if (entity < 0) return;
                (onTrue != negate ? dropTrue : dropFalse).Add(entity);
            }
            void DropAll(bool onTrue, List<int> entities)
            {
                foreach (int e in entities) Drop(onTrue, e);
            }

            condition = Strip(condition);
            switch (condition)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    Facts(not.Operand, !negate, dropTrue, dropFalse);
                    return;
                case IIsNullOperation isNull:
                    Drop(true, Resolve(isNull.Operand));
                    return;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                    {
                        bool equals = binary.OperatorKind == BinaryOperatorKind.Equals;
                        if (IsNull(binary.RightOperand) || IsNull(binary.LeftOperand))
                        {
                            // x == null: x holds nothing when true; x != null: when false.
                            Drop(equals, Resolve(IsNull(binary.RightOperand) ? binary.LeftOperand : binary.RightOperand));
                            return;
                        }
                        var (result, constant) = binary.RightOperand.ConstantValue.HasValue ? (binary.LeftOperand, binary.RightOperand) : (binary.RightOperand, binary.LeftOperand);
                        if (!constant.ConstantValue.HasValue) return;
                        var created = CreatedBy(result);
                        if (created.Count == 0) return;
                        if (IsZero(constant.ConstantValue.Value))
                        {
                            DropAll(!equals, created); // result == 0 (success) when true: the failure edge is the other one
                        }
                        else if (equals)
                        {
                            DropAll(true, created); // result == some error: nothing was created
                        }
                        return;
                    }
                case IIsPatternOperation pattern when CreatedBy(pattern.Value) is { Count: > 0 } created:
                    {
                        // TryCreate(..., out var b) is Errno.Ok / is not Errno.Ok: a zero constant means success.
                        switch (pattern.Pattern)
                        {
                            case IConstantPatternOperation constant when constant.Value.ConstantValue.HasValue:
                                DropAll(!IsZero(constant.Value.ConstantValue.Value), created);
                                break;
                            case INegatedPatternOperation { Pattern: IConstantPatternOperation constant } when constant.Value.ConstantValue.HasValue:
                                if (IsZero(constant.Value.ConstantValue.Value)) DropAll(true, created);
                                break;
                        }
                        return;
                    }
                case IIsPatternOperation pattern:
                    {
                        int e = Resolve(pattern.Value);
                        switch (pattern.Pattern)
                        {
                            case IConstantPatternOperation constant when IsNull(constant.Value):
                                Drop(true, e);
                                break;
                            case INegatedPatternOperation { Pattern: IConstantPatternOperation constant } when IsNull(constant.Value):
                                Drop(false, e);
                                break;
                            case IDeclarationPatternOperation or ITypePatternOperation or IRecursivePatternOperation:
                                Drop(false, e);
                                break;
                        }
                        return;
                    }
                case IInvocationOperation or ILocalReferenceOperation:
                    DropAll(false, CreatedBy(condition));
                    return;
            }
        }

        /// <summary>The entities a creating call's result (or a local holding it) says were created.</summary>
        private List<int> CreatedBy(IOperation result)
        {
            result = Strip(result);
            if (result is IInvocationOperation invocation) return OutCreations(invocation);
            if (result is ILocalReferenceOperation local && _resultOf.TryGetValue(local.Local, out var created)) return created;
            return new List<int>();
        }

        private static bool IsNull(IOperation op)
        {
            op = Strip(op);
            return op is IDefaultValueOperation { Type.IsReferenceType: true } || (op.ConstantValue.HasValue && op.ConstantValue.Value is null);
        }

        private static bool IsZero(object? value) => value switch
        {
            bool b => !b,
            int i => i == 0,
            uint u => u == 0,
            long l => l == 0,
            ulong ul => ul == 0,
            short s => s == 0,
            ushort us => us == 0,
            byte by => by == 0,
            sbyte sb => sb == 0,
            _ => false,
        };
    }
}
