using AbiSemantic = AbiKit.Model.AbiSemantic;
using SemanticEffect = AbiKit.Model.SemanticEffect;
using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AbiKit.Analyzers.Flow
{
    /// <summary>
    /// What the typestate rules need from one compilation, resolved once: the <see cref="SemanticIndex"/>, the
    /// vocabulary's CPU-access direction enum, and cached per-type facts (which effects a type's members declare).
    /// Thread-safe: shared by the concurrent operation-block actions of one compilation.
    /// </summary>
    internal sealed class FlowContext
    {
        /// <summary>Metadata name of the vocabulary's direction enum (Read = 1, Write = 2).</summary>
        public const string CpuAccessTypeName = "AbiKit.Model.CpuAccess";

        /// <summary>The attribute the generator puts on flags the spec tags with a CPU-access direction.</summary>
        public const string AccessAttributeName = "AbiKit.Runtime.Semantics.AbiAccessAttribute";

        private readonly ConcurrentDictionary<ITypeSymbol, int> _typeEffects = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, int> _directions = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ISymbol, int> _memberFacts = new(SymbolEqualityComparer.Default);
        private readonly INamedTypeSymbol? _attribute;
        private readonly INamedTypeSymbol? _accessAttribute;

        private FlowContext(SemanticIndex index, Compilation compilation)
        {
            Index = index;
            CpuAccessType = compilation.GetTypeByMetadataName(CpuAccessTypeName);
            _attribute = compilation.GetTypeByMetadataName(SemanticIndex.AttributeName);
            _accessAttribute = compilation.GetTypeByMetadataName(AccessAttributeName);
            Summaries = new MethodSummaries(compilation, this);
        }

        /// <summary>Summaries of the compilation's own methods, computed once each and shared by every rule.</summary>
        public MethodSummaries Summaries { get; }

        /// <summary>The attribute index.</summary>
        public SemanticIndex Index { get; }

        /// <summary><c>AbiKit.Model.CpuAccess</c>, when referenced.</summary>
        public INamedTypeSymbol? CpuAccessType { get; }

        // One context per compilation, shared by the typestate rules: their attribute caches and the helper summaries
        // are computed once whichever rule asks first.
        private static readonly ConditionalWeakTable<Compilation, StrongBox<FlowContext?>> Contexts = new();

        /// <summary>The context for <paramref name="compilation"/> (shared by every rule), or null when AbiKit is not referenced.</summary>
        public static FlowContext? Create(Compilation compilation)
            => Contexts.GetValue(compilation, c => new StrongBox<FlowContext?>(SemanticIndex.Create(c) is { } index ? new FlowContext(index, c) : null)).Value;

        /// <summary>Bit for <paramref name="effect"/> in an effect mask.</summary>
        public static int Bit(SemanticEffect effect) => 1 << (int)effect;

        /// <summary>Mask of the effects <paramref name="member"/> declares (0 when none). Overrides inherit their base's.</summary>
        public int EffectMask(ISymbol? member) => member is null ? 0 : Facts(member) & ~ConditionalBit;

        /// <summary>Whether an effect of <paramref name="member"/> applies only when a flag is set or clear (dma-buf SYNC's <c>when</c>).</summary>
        public bool HasConditionalEffects(ISymbol member) => (Facts(member) & ConditionalBit) != 0;

        // Bit (no effect uses it) of a member with a conditional effect, next to its mask in the cache.
        private const int ConditionalBit = 1 << 29;

        // Every typestate step asks for the effects of the members it meets: one lookup per member and compilation,
        // keyed by the symbol (whose hash is already computed), instead of one per operation.
        private int Facts(ISymbol member)
        {
            if (_memberFacts.TryGetValue(member, out int facts)) return facts;
            facts = 0;
            var current = member;
            for (int depth = 0; current is not null && depth < 8; depth++)
            {
                foreach (var info in Index.EffectsOf(current))
                {
                    facts |= Bit(info.Effect);
                    // Conditions are decided from the member's own semantics (an override without them is unconditional).
                    if (depth == 0 && info.WhenField.Length > 0) facts |= ConditionalBit;
                }
                if (facts != 0) break;
                current = current switch
                {
                    IMethodSymbol { IsOverride: true } m => m.OverriddenMethod,
                    IPropertySymbol { IsOverride: true } p => p.OverriddenProperty,
                    _ => null,
                };
            }
            _memberFacts.TryAdd(member, facts);
            return facts;
        }

        /// <summary>
        /// The member a call really reaches: an interface member called on a concrete type (as the lowered
        /// <c>using</c> does with <c>IDisposable.Dispose</c>) resolves to the type's implementation.
        /// </summary>
        public static ISymbol Resolve(ISymbol target, ITypeSymbol? receiverType)
        {
            if (target.ContainingType is { TypeKind: TypeKind.Interface } && receiverType is { TypeKind: not TypeKind.Interface and not TypeKind.TypeParameter }
                && receiverType.FindImplementationForInterfaceMember(target) is { } implementation)
            {
                return implementation;
            }
            return target;
        }

        /// <summary>Mask of the effects declared by the members of <paramref name="type"/> and its base types.</summary>
        public int TypeEffects(ITypeSymbol? type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable) type = nullable.TypeArguments[0];
            if (type is null || type.SpecialType != SpecialType.None || type.TypeKind is TypeKind.Enum or TypeKind.Delegate or TypeKind.TypeParameter or TypeKind.Error) return 0;
            return _typeEffects.GetOrAdd(type, t =>
            {
                int mask = 0;
                for (var current = t; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
                {
                    foreach (var member in current.GetMembers())
                    {
                        if (member is IMethodSymbol or IPropertySymbol) mask |= EffectMask(member);
                    }
                }
                return mask;
            });
        }

        /// <summary>An object the rules track as owned: its type can be closed.</summary>
        public bool IsObjectType(ITypeSymbol? type) => (TypeEffects(type) & Bit(SemanticEffect.Destroys)) != 0;

        /// <summary>A CPU-access window scope type: it can end CPU access.</summary>
        public bool IsWindowScopeType(ITypeSymbol? type) => (TypeEffects(type) & Bit(SemanticEffect.EndsCpuAccess)) != 0;

        /// <summary>A pin scope type: it can unpin.</summary>
        public bool IsPinScopeType(ITypeSymbol? type) => (TypeEffects(type) & Bit(SemanticEffect.Unpins)) != 0;

        /// <summary>
        /// The CPU-access direction a begin call asks for, as Read = 1 | Write = 2, or 0 when unknown: the
        /// attribute's fixed <c>Direction</c>, else a constant argument of the vocabulary's CpuAccess type, else a
        /// constant argument of a flag enum whose members carry <c>[AbiAccess]</c> (from the spec's access tags).
        /// </summary>
        public int DirectionOf(IInvocationOperation begin, IOperation? methodRoot = null)
        {
            int fixedDirection = FixedDirection(begin.TargetMethod);
            if (fixedDirection != 0) return fixedDirection;
            int fromFields = FieldDirection(begin, methodRoot);
            if (fromFields != 0) return fromFields;
            foreach (var argument in begin.Arguments)
            {
                var value = argument.Value;
                // A direction built in a local counts by what it may hold: read-only only when no path adds write.
                if (value.Type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType
                    || !ArgumentValues.TryValueOf(value, methodRoot, begin.Syntax.SpanStart, out _, out ulong bits)) continue;
                if (CpuAccessType is not null && SymbolEqualityComparer.Default.Equals(enumType, CpuAccessType)) return (int)(bits & 3);
                int direction = FlagsDirection(enumType, bits);
                if (direction != 0) return direction;
            }
            return 0;
        }

        /// <summary>
        /// The direction the spec's access fields give at a begin call: the flags of <c>Access</c> (their members'
        /// <c>[AbiAccess]</c>), or <c>ReadAccess</c> / <c>WriteAccess</c> fields passed non-zero. 0 when unknown.
        /// </summary>
        private int FieldDirection(IInvocationOperation begin, IOperation? methodRoot)
        {
            int direction = 0;
            foreach (var semantic in Index.EffectsOf(begin.TargetMethod))
            {
                if (semantic.Effect != SemanticEffect.BeginsCpuAccess) continue;
                if (semantic.Access.Length > 0 && ArgumentValues.TryValue(begin, methodRoot, semantic.Access, out _, out ulong bits, out var type)
                    && type is INamedTypeSymbol { TypeKind: TypeKind.Enum } flags)
                {
                    direction |= FlagsDirection(flags, bits);
                }
                if (semantic.ReadAccess.Length > 0 && ArgumentValues.TryValue(begin, methodRoot, semantic.ReadAccess, out _, out ulong read, out _) && read != 0) direction |= 1;
                if (semantic.WriteAccess.Length > 0 && ArgumentValues.TryValue(begin, methodRoot, semantic.WriteAccess, out _, out ulong write, out _) && write != 0) direction |= 2;
            }
            return direction;
        }

        private int FlagsDirection(INamedTypeSymbol enumType, ulong bits)
        {
            int direction = 0;
            foreach (var field in enumType.GetMembers())
            {
                if (field is not IFieldSymbol { HasConstantValue: true } f) continue;
                ulong fieldBits = ToUInt64(f.ConstantValue);
                if (fieldBits == 0 || (bits & fieldBits) != fieldBits) continue;
                direction |= AccessOf(f);
            }
            return direction;
        }

        /// <summary>The direction an enum member's <c>[AbiAccess]</c> declares (Read = 1 | Write = 2), or 0.</summary>
        private int AccessOf(IFieldSymbol member)
        {
            if (_accessAttribute is null) return 0;
            foreach (var attribute in member.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _accessAttribute)
                    && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is int access)
                    return access & 3;
            }
            return 0;
        }

        private int FixedDirection(IMethodSymbol method) => _attribute is null ? 0 : _directions.GetOrAdd(method.OriginalDefinition, m =>
        {
            foreach (var attribute in m.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _attribute)) continue;
                foreach (var named in attribute.NamedArguments)
                {
                    if (named.Key == "Direction" && named.Value.Value is { } v) return (int)(ToUInt64(v) & 3);
                }
            }
            return 0;
        });

        private static ulong ToUInt64(object? value) => ArgumentValues.ToUInt64(value);

        /// <summary>The parameterless instance methods of <paramref name="type"/> declaring <paramref name="effect"/>.</summary>
        public ImmutableArray<IMethodSymbol> MethodsWith(ITypeSymbol type, SemanticEffect effect)
        {
            var builder = ImmutableArray.CreateBuilder<IMethodSymbol>();
            for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member is IMethodSymbol { IsStatic: false, MethodKind: MethodKind.Ordinary } method && (EffectMask(method) & Bit(effect)) != 0) builder.Add(method);
                }
            }
            return builder.ToImmutable();
        }
    }
}
