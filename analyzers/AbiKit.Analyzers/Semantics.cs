using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace AbiKit.Analyzers
{
    /// <summary>
    /// The spec's semantics vocabulary, as the analyzers read it from <c>[AbiSemantic]</c>. Mirrors
    /// AbiKit.Model.SemanticEffect by value (a test keeps them equal): analyzers load into the compiler and take
    /// no dependency on AbiKit's assemblies.
    /// </summary>
    public enum Effect
    {
        /// <summary>Returns (or fills) a new object.</summary>
        Creates = 0,
        /// <summary>Closes the object.</summary>
        Destroys = 1,
        /// <summary>Pins it.</summary>
        Pins = 2,
        /// <summary>Unpins it.</summary>
        Unpins = 3,
        /// <summary>Begins CPU access.</summary>
        BeginsCpuAccess = 4,
        /// <summary>Ends CPU access.</summary>
        EndsCpuAccess = 5,
        /// <summary>Needs the object pinned.</summary>
        RequiresPinned = 6,
        /// <summary>Needs a CPU-access window.</summary>
        RequiresCpuAccess = 7,
        /// <summary>Imports user memory as an object.</summary>
        ImportsUserMemory = 8,
        /// <summary>Exports the object.</summary>
        Exports = 9,
        /// <summary>Imports a shared object.</summary>
        Imports = 10,
    }

    /// <summary>One <c>[AbiSemantic]</c> on a member.</summary>
    /// <param name="Effect">The effect.</param>
    /// <param name="Object">The argument field naming the object (generated clients), or empty.</param>
    /// <param name="Access">The flags field giving the access direction, or empty.</param>
    public readonly record struct SemanticInfo(Effect Effect, string Object, string Access);

    /// <summary>
    /// Resolves <c>AbiKit.Runtime.Semantics.AbiSemanticAttribute</c> once per compilation and answers, with a
    /// cache, which effects a method or property carries. No rule names an ABI's methods or types: everything
    /// comes from these attributes, which the generator derives from each spec (and hand-written APIs may carry).
    /// </summary>
    public sealed class SemanticIndex
    {
        /// <summary>The attribute's metadata name.</summary>
        public const string AttributeName = "AbiKit.Runtime.Semantics.AbiSemanticAttribute";

        private readonly INamedTypeSymbol _attribute;
        private readonly ConcurrentDictionary<ISymbol, ImmutableArray<SemanticInfo>> _cache = new(SymbolEqualityComparer.Default);

        private SemanticIndex(INamedTypeSymbol attribute) => _attribute = attribute;

        /// <summary>The index for <paramref name="compilation"/>, or null when it does not reference AbiKit (rules then do nothing).</summary>
        public static SemanticIndex? Create(Compilation compilation)
            => compilation.GetTypeByMetadataName(AttributeName) is { } attribute ? new SemanticIndex(attribute) : null;

        /// <summary>The effects <paramref name="member"/> (a method, property or property accessor) declares.</summary>
        public ImmutableArray<SemanticInfo> EffectsOf(ISymbol? member)
        {
            if (member is null) return ImmutableArray<SemanticInfo>.Empty;
            if (member is IMethodSymbol { AssociatedSymbol: IPropertySymbol property }) member = property;
            member = member.OriginalDefinition;
            return _cache.GetOrAdd(member, m =>
            {
                var builder = ImmutableArray.CreateBuilder<SemanticInfo>();
                foreach (var attribute in m.GetAttributes())
                {
                    if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _attribute)) continue;
                    if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not int effect) continue;
                    string obj = "", access = "";
                    foreach (var named in attribute.NamedArguments)
                    {
                        if (named.Key == "Object" && named.Value.Value is string o) obj = o;
                        else if (named.Key == "Access" && named.Value.Value is string a) access = a;
                    }
                    builder.Add(new SemanticInfo((Effect)effect, obj, access));
                }
                return builder.ToImmutable();
            });
        }

        /// <summary>True when <paramref name="member"/> declares <paramref name="effect"/>.</summary>
        public bool Has(ISymbol? member, Effect effect)
        {
            foreach (var info in EffectsOf(member))
            {
                if (info.Effect == effect) return true;
            }
            return false;
        }
    }
}
