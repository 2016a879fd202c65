using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AbiKit.Analyzers.Flow
{
    /// <summary>
    /// The bits a local of an integral or enum type holds at a call when it is built only from constants:
    /// assignments of constants and <c>|=</c> of constants (<c>var flags = Read; if (w) flags |= Write;</c>).
    /// </summary>
    /// <remarks>
    /// Two answers, both sound without a flow analysis: "may" is every bit any write puts in (so a bit no write
    /// sets is surely clear), "must" is what every assignment sets plus the <c>|=</c> writes that run on every
    /// path to the call (top-level statements after every assignment and before the call). Any other write (a
    /// non-constant, <c>&amp;=</c>, <c>ref</c>/<c>out</c>, a write in a lambda) makes the value unknown.
    /// </remarks>
    internal static class LocalValues
    {
        /// <summary>The bits <paramref name="local"/> must and may hold at <paramref name="before"/> (a position in <paramref name="root"/>'s source).</summary>
        public static bool TryGet(IOperation root, ILocalSymbol local, int before, out ulong must, out ulong may)
        {
            must = 0;
            may = 0;
            if (local.IsRef || local.Type.TypeKind != TypeKind.Enum && !IsIntegral(local.Type.SpecialType)) return false;
            ulong assigned = ulong.MaxValue;
            int lastAssignment = -1;
            bool any = false;
            ulong ors = 0;
            var orWrites = new System.Collections.Generic.List<(int At, ulong Bits, bool Unconditional)>();
            foreach (var op in root.DescendantsAndSelf())
            {
                IOperation? value;
                bool compound = false;
                switch (op)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        if (declarator.Initializer is null) continue;
                        value = declarator.Initializer.Value;
                        break;
                    case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local):
                        if (assignment is ICompoundAssignmentOperation c)
                        {
                            if (c.OperatorKind != BinaryOperatorKind.Or) return false;
                            compound = true;
                        }
                        else if (assignment is not ISimpleAssignmentOperation) return false;
                        value = assignment.Value;
                        break;
                    case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                        return false;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                        return false;
                    case IAddressOfOperation { Reference: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                        return false;
                    case ISimpleAssignmentOperation { IsRef: true, Value: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, local):
                        return false; // a ref alias may write it
                    case IVariableDeclaratorOperation { Initializer.Value: ILocalReferenceOperation target } declarator when declarator.Symbol.IsRef && SymbolEqualityComparer.Default.Equals(target.Local, local):
                        return false;
                    default:
                        continue;
                }
                if (InFunction(op, root) || !value.ConstantValue.HasValue) return false;
                ulong bits = ArgumentValues.ToUInt64(value.ConstantValue.Value);
                may |= bits;
                if (compound)
                {
                    ors |= bits;
                    orWrites.Add((op.Syntax.SpanStart, bits, IsUnconditional(op, root)));
                }
                else
                {
                    any = true;
                    assigned &= bits;
                    if (op.Syntax.SpanStart > lastAssignment) lastAssignment = op.Syntax.SpanStart;
                }
            }
            if (!any) return false; // only or-ed into: its start is unknown
            must = assigned;
            foreach (var (at, bits, unconditional) in orWrites)
            {
                if (unconditional && at > lastAssignment && at < before) must |= bits;
            }
            return true;
        }

        /// <summary>Whether <paramref name="op"/> runs on every path through <paramref name="root"/>: only blocks and plain statements above it.</summary>
        public static bool IsUnconditional(IOperation op, IOperation root)
        {
            for (var current = op.Parent; current is not null && !ReferenceEquals(current, root); current = current.Parent)
            {
                switch (current)
                {
                    case IBlockOperation:
                    case IExpressionStatementOperation:
                    case IVariableDeclarationGroupOperation:
                    case IVariableDeclarationOperation:
                    case IVariableDeclaratorOperation:
                    case IVariableInitializerOperation:
                    case IConversionOperation:
                    case IParenthesizedOperation:
                    case IMethodBodyOperation:
                    case IConstructorBodyOperation:
                        continue;
                    default:
                        return false;
                }
            }
            return true;
        }

        private static bool InFunction(IOperation op, IOperation root)
        {
            for (var current = op.Parent; current is not null && !ReferenceEquals(current, root); current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation) return true;
            }
            return false;
        }

        private static bool IsIntegral(SpecialType type)
            => type is SpecialType.System_Byte or SpecialType.System_SByte or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64;
    }
}
