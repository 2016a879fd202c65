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
                if (!TryValue(invocation, methodRoot, semantic.WhenField, out ulong bits, out var type) || !TryFlag(type, semantic.WhenFlag, out ulong flag))
                {
                    uncertain = true;
                    continue;
                }
                bool set = flag != 0 && (bits & flag) == flag;
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

        /// <summary>The constant bits passed for <paramref name="field"/> at <paramref name="invocation"/>, and the field's type.</summary>
        public static bool TryValue(IInvocationOperation invocation, IOperation? methodRoot, string field, out ulong bits, out ITypeSymbol? type)
        {
            bits = 0;
            type = null;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } parameter) continue;
                if (string.Equals(parameter.Name, field, StringComparison.OrdinalIgnoreCase))
                {
                    type = parameter.Type;
                    return TryConstant(argument.Value, out bits);
                }
                if (parameter.Type.TypeKind != TypeKind.Struct || Member(parameter.Type, field) is not { } member) continue;
                type = member is IFieldSymbol f ? f.Type : ((IPropertySymbol)member).Type;
                var value = Strip(argument.Value);
                if (value is IObjectCreationOperation or IDefaultValueOperation) return TryMemberOf(value, field, out bits);
                if (value is not ILocalReferenceOperation local || methodRoot is null) return false;
                return TryLastWrite(methodRoot, local.Local, field, invocation.Syntax.SpanStart, out bits);
            }
            return false;
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
        private static bool TryLastWrite(IOperation root, ILocalSymbol local, string field, int before, out ulong bits)
        {
            bits = 0;
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
            return whole ? TryMemberOf(Strip(last), field, out bits) : TryConstant(last, out bits);
        }

        private static bool IsMemberOf(IOperation target, ILocalSymbol local, string field) => target switch
        {
            IFieldReferenceOperation f => f.Field.Name == field && Strip(f.Instance!) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local),
            IPropertyReferenceOperation p => p.Property.Name == field && p.Instance is not null && Strip(p.Instance) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local),
            _ => false,
        };

        /// <summary>The member's value in a struct value: <c>new S { F = c }</c> gives c, <c>new S()</c> and <c>default</c> give 0.</summary>
        private static bool TryMemberOf(IOperation value, string field, out ulong bits)
        {
            bits = 0;
            switch (value)
            {
                case IDefaultValueOperation:
                    return true;
                case IObjectCreationOperation creation when creation.Arguments.Length == 0:
                    if (creation.Initializer is null) return true;
                    foreach (var initializer in creation.Initializer.Initializers)
                    {
                        if (initializer is ISimpleAssignmentOperation { Target: IMemberReferenceOperation member } assignment && member.Member.Name == field)
                            return TryConstant(assignment.Value, out bits);
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
