using System.Collections.Concurrent;
using System.Collections.Immutable;
using AbiSemantic = AbiKit.Model.AbiSemantic;
using SemanticEffect = AbiKit.Model.SemanticEffect;
using Microsoft.CodeAnalysis;

namespace AbiKit.Analyzers
{
    /// <summary>
    /// Resolves <c>AbiKit.Runtime.Semantics.AbiSemanticAttribute</c> once per compilation and answers, with a
    /// cache, which semantics a method or property carries, as the model's own <see cref="AbiSemantic"/> records
    /// (the model's sources are compiled into the analyzer, so there is one vocabulary and nothing to keep equal).
    /// No rule names an ABI's methods or types: everything comes from these attributes, which the generator derives
    /// from each spec (and hand-written APIs may carry).
    /// </summary>
    public sealed class SemanticIndex
    {
        /// <summary>The attribute's metadata name.</summary>
        public const string AttributeName = "AbiKit.Runtime.Semantics.AbiSemanticAttribute";

        private readonly INamedTypeSymbol _attribute;
        private readonly ConcurrentDictionary<ISymbol, ImmutableArray<AbiSemantic>> _cache = new(SymbolEqualityComparer.Default);

        private SemanticIndex(INamedTypeSymbol attribute) => _attribute = attribute;

        /// <summary>The index for <paramref name="compilation"/>, or null when it does not reference AbiKit (rules then do nothing).</summary>
        public static SemanticIndex? Create(Compilation compilation)
            => compilation.GetTypeByMetadataName(AttributeName) is { } attribute ? new SemanticIndex(attribute) : null;

        /// <summary>The semantics <paramref name="member"/> (a method, property or property accessor) declares.</summary>
        public ImmutableArray<AbiSemantic> EffectsOf(ISymbol? member)
        {
            if (member is null) return ImmutableArray<AbiSemantic>.Empty;
            if (member is IMethodSymbol { AssociatedSymbol: IPropertySymbol property }) member = property;
            member = member.OriginalDefinition;
            return _cache.GetOrAdd(member, m =>
            {
                var builder = ImmutableArray.CreateBuilder<AbiSemantic>();
                foreach (var attribute in m.GetAttributes())
                {
                    if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _attribute)) continue;
                    if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int effect) continue;
                    builder.Add(Read((SemanticEffect)effect, attribute));
                }
                return builder.ToImmutable();
            });
        }

        /// <summary>The whole record: every named argument of the attribute is one field of the model's record.</summary>
        private static AbiSemantic Read(SemanticEffect effect, AttributeData attribute)
        {
            string obj = "", access = "", read = "", write = "", whenField = "", whenFlag = "", pointer = "", size = "", readOnly = "";
            bool whenSet = false;
            foreach (var named in attribute.NamedArguments)
            {
                object? value = named.Value.Value;
                switch (named.Key)
                {
                    case nameof(AbiSemantic.Object) when value is string s: obj = s; break;
                    case nameof(AbiSemantic.Access) when value is string s: access = s; break;
                    case nameof(AbiSemantic.ReadAccess) when value is string s: read = s; break;
                    case nameof(AbiSemantic.WriteAccess) when value is string s: write = s; break;
                    case nameof(AbiSemantic.WhenField) when value is string s: whenField = s; break;
                    case nameof(AbiSemantic.WhenFlag) when value is string s: whenFlag = s; break;
                    case nameof(AbiSemantic.WhenSet) when value is bool b: whenSet = b; break;
                    case nameof(AbiSemantic.Pointer) when value is string s: pointer = s; break;
                    case nameof(AbiSemantic.Size) when value is string s: size = s; break;
                    case nameof(AbiSemantic.ReadOnlyFlag) when value is string s: readOnly = s; break;
                }
            }
            return new AbiSemantic(effect, obj, access, read, write, whenField, whenFlag, whenSet, pointer, size, readOnly);
        }

        /// <summary>True when <paramref name="member"/> declares <paramref name="effect"/>.</summary>
        public bool Has(ISymbol? member, SemanticEffect effect)
        {
            foreach (var info in EffectsOf(member))
            {
                if (info.Effect == effect) return true;
            }
            return false;
        }
    }
}
