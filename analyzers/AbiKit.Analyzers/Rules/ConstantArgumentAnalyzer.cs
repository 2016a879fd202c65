using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AbiKit.Analyzers.Rules
{
    /// <summary>
    /// ABI007: a constant stored into an argument-struct field that the kernel will reject: a non-zero value in a
    /// field carrying <c>[AbiReserved]</c>, or bits outside the known-bits mask of a field carrying
    /// <c>[AbiFlags(mask)]</c>. Covers object initializers (<c>new S { Pad = 1 }</c>), <c>with</c> initializers,
    /// plain assignments (<c>s.Flags = …</c>), <c>|=</c> of a constant, and elements of reserved inline arrays.
    /// The attributes come from the spec (the generator emits them); no field is recognised by its name.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ConstantArgumentAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Metadata name of the reserved-field attribute.</summary>
        public const string ReservedAttributeName = "AbiKit.Runtime.Semantics.AbiReservedAttribute";

        /// <summary>Metadata name of the flag-set field attribute.</summary>
        public const string FlagsAttributeName = "AbiKit.Runtime.Semantics.AbiFlagsAttribute";

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.BadConstantArgument);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(AnalyzerDefaults.GeneratedCode);
            context.RegisterCompilationStartAction(start =>
            {
                var reserved = start.Compilation.GetTypeByMetadataName(ReservedAttributeName);
                var flags = start.Compilation.GetTypeByMetadataName(FlagsAttributeName);
                if (reserved is null && flags is null) return; // AbiKit.Runtime not referenced (or too old)
                var analysis = new Analysis(reserved, flags);
                start.RegisterOperationAction(analysis.Analyze, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment);
            });
        }

        /// <summary>What a field's attributes require of it.</summary>
        private sealed record FieldRule(bool Reserved, ulong Mask);

        private sealed class Analysis
        {
            private readonly INamedTypeSymbol? _reserved;
            private readonly INamedTypeSymbol? _flags;
            private readonly ConcurrentDictionary<IFieldSymbol, FieldRule?> _rules = new(SymbolEqualityComparer.Default);

            public Analysis(INamedTypeSymbol? reserved, INamedTypeSymbol? flags)
            {
                _reserved = reserved;
                _flags = flags;
            }

            public void Analyze(OperationAnalysisContext context)
            {
                var assignment = (IAssignmentOperation)context.Operation;
                if (assignment is ICompoundAssignmentOperation compound && compound.OperatorKind != BinaryOperatorKind.Or) return;

                IFieldSymbol? field;
                bool element = false;
                switch (assignment.Target)
                {
                    case IFieldReferenceOperation reference:
                        field = reference.Field;
                        break;
                    case IInlineArrayAccessOperation { Instance: IFieldReferenceOperation reference }:
                        field = reference.Field;
                        element = true;
                        break;
                    default:
                        return;
                }
                var rule = RuleOf(field);
                if (rule is null) return;

                var constant = assignment.Value.ConstantValue;
                if (!constant.HasValue || !ConstantBits.TryGet(constant.Value, assignment.Target.Type, out ulong bits)) return;

                string name = field.ContainingType.Name + "." + field.Name + (element ? "[…]" : "");
                string verb = assignment is ICompoundAssignmentOperation ? "gets " + ConstantBits.Hex(bits) + " or-ed in" : "is set to " + ConstantBits.Hex(bits);
                if (rule.Reserved)
                {
                    if (bits != 0)
                        context.ReportDiagnostic(Diagnostic.Create(Descriptors.BadConstantArgument, assignment.Syntax.GetLocation(),
                            name, "is reserved and must be zero, but " + verb, "leave it zero"));
                    return;
                }
                ulong unknown = bits & ~rule.Mask;
                if (unknown != 0)
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.BadConstantArgument, assignment.Syntax.GetLocation(),
                        name, verb + ", with bit(s) " + ConstantBits.Hex(unknown) + " outside the known flags " + ConstantBits.Hex(rule.Mask),
                        "clear them and use only the flags the ABI defines"));
            }

            private FieldRule? RuleOf(IFieldSymbol field)
                => _rules.GetOrAdd(field.OriginalDefinition, f =>
                {
                    FieldRule? rule = null;
                    foreach (var attribute in f.GetAttributes())
                    {
                        if (_reserved is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _reserved))
                            return new FieldRule(true, 0);
                        if (_flags is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _flags)
                            && attribute.ConstructorArguments.Length == 1 && attribute.ConstructorArguments[0].Value is ulong mask)
                            rule = new FieldRule(false, mask);
                    }
                    return rule;
                });
        }
    }
}
