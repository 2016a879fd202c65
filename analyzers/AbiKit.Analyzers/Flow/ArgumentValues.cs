using System;
using System.Collections.Immutable;
using AbiSemantic = AbiKit.Model.AbiSemantic;
using SemanticEffect = AbiKit.Model.SemanticEffect;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AbiKit.Analyzers.Flow
{
    /// <summary>
    /// The constant value a call passes for a field the spec names (a <c>when</c> condition's flags field, an
    /// access field): a parameter of that name, or that member of a struct argument (the generated clients take
    /// <c>ref SyncArgs arg</c>), whose value is the last write to the local before the call in the method's source.
    /// </summary>
    /// <remarks>
    /// Deliberately local and syntactic: the last write before the call (a declaration with an object initializer, an
    /// assignment of the whole struct, or of the member) is the value; anything not a constant is unknown, and an
    /// unknown condition makes the effect unknown (so nothing is reported from it) rather than guessed.
    /// </remarks>
    internal static class ArgumentValues
    {
        /// <summary>The effects of <paramref name="semantics"/> that apply at <paramref name="invocation"/>; <paramref name="uncertain"/> when a condition could not be decided.</summary>
        public static int ApplyingEffects(IInvocationOperation invocation, IOperation? methodRoot, ImmutableArray<AbiSemantic> semantics, out bool uncertain)
        {
            uncertain = false;
            int mask = 0;
            foreach (var semantic in semantics)
            {
                if (semantic.WhenField.Length == 0)
                {
                    mask |= FlowContext.Bit(semantic.Effect);
                    continue;
                }
                if (!TryValue(invocation, methodRoot, semantic.WhenField, out ulong bits, out ulong may, out var type) || !TryFlag(type, semantic.WhenFlag, out ulong flag))
                {
                    uncertain = true;
                    continue;
                }
                bool set = flag != 0 && (bits & flag) == flag;
                bool maySet = flag != 0 && (may & flag) == flag;
                if (set != maySet)
                {
                    uncertain = true; // set on some paths only (e.g. `if (done) flags |= END`)
                    continue;
                }
                if (set == semantic.WhenSet) mask |= FlowContext.Bit(semantic.Effect);
            }
            return mask;
        }

        /// <summary>The value of the enum member named <paramref name="name"/> of <paramref name="type"/>.</summary>
        public static bool TryFlag(ITypeSymbol? type, string name, out ulong value)
        {
            value = 0;
            if (type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType) return false;
            foreach (var member in enumType.GetMembers(name))
            {
                if (member is IFieldSymbol { HasConstantValue: true } field)
                {
                    value = ToUInt64(field.ConstantValue);
                    return true;
                }
            }
            return false;
        }

        /// <summary>
        /// The bits passed for <paramref name="field"/> at <paramref name="invocation"/>: those set on every path
        /// (<paramref name="bits"/>) and those set on some path (<paramref name="may"/>), and the field's type.
        /// </summary>
        public static bool TryValue(IInvocationOperation invocation, IOperation? methodRoot, string field, out ulong bits, out ulong may, out ITypeSymbol? type)
        {
            bits = may = 0;
            type = null;
            int before = invocation.Syntax.SpanStart;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } parameter) continue;
                if (string.Equals(parameter.Name, field, StringComparison.OrdinalIgnoreCase))
                {
                    type = parameter.Type;
                    return TryValueOf(argument.Value, methodRoot, before, out bits, out may);
                }
                if (parameter.Type.TypeKind != TypeKind.Struct || Member(parameter.Type, field) is not { } member) continue;
                type = member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type;
                var value = Strip(argument.Value);
                if (value is IObjectCreationOperation or IDefaultValueOperation) return TryMemberOf(value, field, methodRoot, before, out bits, out may);
                if (value is not ILocalReferenceOperation local || methodRoot is null) return false;
                return TryLastWrite(methodRoot, local.Local, field, before, out bits, out may);
            }
            return false;
        }

        /// <summary>
        /// The bits of a value: a constant, or a local built from constants (<c>var a = Read; a |= Write;</c>):
        /// <paramref name="bits"/> holds what every path sets, <paramref name="may"/> what some path may set.
        /// </summary>
        public static bool TryValueOf(IOperation value, IOperation? methodRoot, int before, out ulong bits, out ulong may)
        {
            if (TryConstant(value, out bits))
            {
                may = bits;
                return true;
            }
            may = 0;
            return Strip(value) is ILocalReferenceOperation local && methodRoot is not null && LocalValues.TryGet(methodRoot, local.Local, before, out bits, out may);
        }

        private static ISymbol? Member(ITypeSymbol type, string name)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (member is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false }) return member;
            }
            return null;
        }

        /// <summary>The last write of <paramref name="local"/>.<paramref name="field"/> before <paramref name="before"/>, if constant.</summary>
        private static bool TryLastWrite(IOperation root, ILocalSymbol local, string field, int before, out ulong bits, out ulong may)
        {
            bits = may = 0;
            IOperation? last = null;
            bool whole = false;
            int lastAt = -1;
            foreach (var op in root.DescendantsAndSelf())
            {
                int at = op.Syntax.SpanStart;
                if (at >= before || at < lastAt) continue;
                var previous = last;
                switch (op)
                {
                    case IVariableDeclaratorOperation { Initializer: { } initializer } declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        (last, whole) = (initializer.Value, true);
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local):
                        (last, whole) = (assignment.Value, true);
                        break;
                    case IAssignmentOperation assignment when IsMemberOf(assignment.Target, local, field):
                        (last, whole) = (assignment is ISimpleAssignmentOperation ? assignment.Value : assignment, false);
                        break;
                }
                if (!ReferenceEquals(previous, last)) lastAt = at;
            }
            if (last is null) return false;
            if (whole) return TryMemberOf(Strip(last), field, root, before, out bits, out may);
            if (last is ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Or } compound)
            {
                // `args.Flags |= c`: the member's value before it, with c set (only on some paths when the write is conditional).
                if (!TryConstant(compound.Value, out ulong or) || !TryLastWrite(root, local, field, compound.Syntax.SpanStart, out bits, out may)) return false;
                may |= or;
                if (LocalValues.IsUnconditional(compound, root)) bits |= or;
                return true;
            }
            return TryValueOf(last, root, last.Syntax.SpanStart, out bits, out may);
        }

        private static bool IsMemberOf(IOperation target, ILocalSymbol local, string field) => target switch
        {
            IFieldReferenceOperation f => f.Field.Name == field && Strip(f.Instance!) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local),
            IPropertyReferenceOperation p => p.Property.Name == field && p.Instance is not null && Strip(p.Instance) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local),
            _ => false,
        };

        /// <summary>The member's value in a struct value: <c>new S { F = c }</c> gives c, <c>new S()</c> and <c>default</c> give 0.</summary>
        private static bool TryMemberOf(IOperation value, string field, IOperation? root, int before, out ulong bits, out ulong may)
        {
            bits = may = 0;
            switch (value)
            {
                case IDefaultValueOperation:
                    return true;
                case IObjectCreationOperation creation when creation.Arguments.Length == 0:
                    if (creation.Initializer is null) return true;
                    foreach (var initializer in creation.Initializer.Initializers)
                    {
                        if (initializer is ISimpleAssignmentOperation { Target: IMemberReferenceOperation member } assignment && member.Member.Name == field)
                            return TryValueOf(assignment.Value, root, Math.Min(before, assignment.Syntax.SpanStart), out bits, out may);
                    }
                    return true;
                default:
                    return false;
            }
        }

        private static bool TryConstant(IOperation value, out ulong bits)
        {
            bits = 0;
            if (!value.ConstantValue.HasValue) return false;
            bits = ToUInt64(value.ConstantValue.Value);
            return true;
        }

        private static IOperation Strip(IOperation op)
        {
            while (op is IConversionOperation { OperatorMethod: null } or IParenthesizedOperation)
            {
                op = op is IConversionOperation c ? c.Operand : ((IParenthesizedOperation)op).Operand;
            }
            return op;
        }

        /// <summary>The raw bits of a constant of any integral (or enum) type.</summary>
        public static ulong ToUInt64(object? value) => value switch
        {
            null => 0,
            bool b => b ? 1UL : 0UL,
            long l => unchecked((ulong)l),
            int i => unchecked((ulong)i),
            short s => unchecked((ulong)s),
            sbyte sb => unchecked((ulong)sb),
            ulong ul => ul,
            uint ui => ui,
            ushort us => us,
            byte by => by,
            _ => 0,
        };
    }
}
