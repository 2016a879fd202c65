using AbiSemantic = AbiKit.Model.AbiSemantic;
using SemanticEffect = AbiKit.Model.SemanticEffect;
using System.Collections.Immutable;
using System.Linq;
using AbiKit.Analyzers.Memory;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace AbiKit.Analyzers.Rules
{
    /// <summary>
    /// ABI006: memory that can move or vanish handed to a member carrying <c>[AbiSemantic(ImportsUserMemory)]</c>.
    /// The device keeps using the address until the object is closed, so the memory must outlive the object and
    /// never move. Reported, at the argument that hands the memory over:
    /// <list type="bullet">
    /// <item>a managed array, a span or memory over one, or a string (an API that accepts them);</item>
    /// <item>a pointer (or address-sized integer, directly or stored into a field of an argument struct passed to a
    /// generated client, e.g. <c>args.UserPtr = (ulong)p; client.Userptr(ref args)</c>) that comes from a <c>fixed</c>
    /// statement — unless the object is also closed inside that statement —, from <c>stackalloc</c> or the address of
    /// a local — unless the object is closed before the method returns —, from <c>Unsafe.AsPointer</c> of an array
    /// element or <c>MemoryMarshal.GetArrayDataReference</c>, or from a <c>GCHandle</c> that is not Pinned.</item>
    /// </list>
    /// Native memory (NativeMemory, Marshal.AllocHGlobal, PageAlignedMemory …) and anything the method does not show
    /// (parameters, fields, other calls) are not reported. The analysis is local to one method body.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UserMemoryAnalyzer : DiagnosticAnalyzer
    {
        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnpinnedUserMemory);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(AnalyzerDefaults.GeneratedCode);
            context.RegisterCompilationStartAction(start =>
            {
                var index = SemanticIndex.Create(start.Compilation);
                if (index is null) return; // AbiKit.Runtime not referenced
                start.RegisterOperationAction(c => Analyze(c, index), OperationKind.Invocation, OperationKind.ObjectCreation);
            });
        }

        private static void Analyze(OperationAnalysisContext context, SemanticIndex index)
        {
            IMethodSymbol? method;
            ImmutableArray<IArgumentOperation> arguments;
            switch (context.Operation)
            {
                case IInvocationOperation invocation:
                    method = invocation.TargetMethod;
                    arguments = invocation.Arguments;
                    break;
                case IObjectCreationOperation creation:
                    method = creation.Constructor;
                    arguments = creation.Arguments;
                    break;
                default:
                    return;
            }
            if (method is null || !index.Has(method, SemanticEffect.ImportsUserMemory)) return;
            if (context.Operation.SemanticModel is not { } model) return;

            var provenance = new MemoryProvenance(MemoryProvenance.RootOf(context.Operation), model);
            string name = method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name : method.ContainingType.Name + "." + method.Name;
            foreach (var argument in arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter is null) continue;
                var found = Find(argument, provenance, context.Operation.Syntax.SpanStart);
                if (!found.IsProblem) continue;
                if (found.Kind == MemoryKind.Fixed && ClosedWithin(found.Scope is FixedStatementSyntax f ? f.Statement : null, context.Operation, model, index)) continue;
                if (found.Kind == MemoryKind.Stack && ClosedWithin(provenance.Root.Syntax, context.Operation, model, index)) continue;
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnpinnedUserMemory, argument.Syntax.GetLocation(), name, found.Reason));
            }
        }

        /// <summary>The first problem memory an argument carries: itself, or (a struct local passed to a generated client) one of its fields.</summary>
        private static Provenance Find(IArgumentOperation argument, MemoryProvenance provenance, int position)
        {
            var parameterType = argument.Parameter!.Type;
            if (parameterType.TypeKind == TypeKind.Struct && !AcceptsMemory(parameterType))
            {
                // Generated clients: the memory is a pointer stored into the argument struct.
                if (argument.Value is ILocalReferenceOperation local)
                {
                    foreach (var value in provenance.FieldValuesOf(local.Local, position))
                    {
                        var found = provenance.Classify(value);
                        if (found.IsProblem) return found;
                    }
                }
                return Provenance.Unknown;
            }
            if (!AcceptsMemory(parameterType)) return Provenance.Unknown;
            return provenance.Classify(argument.Value);
        }

        /// <summary>Parameter types that can carry memory: arrays, spans and memory, pointers and address-sized integers.</summary>
        /// <remarks>Text (char arrays and spans) is not memory an import wraps.</remarks>
        private static bool AcceptsMemory(ITypeSymbol type)
            => type is IArrayTypeSymbol { ElementType.SpecialType: not SpecialType.System_Char } or IPointerTypeSymbol
               || IsAddressLike(type)
               || type is INamedTypeSymbol { IsGenericType: true, ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } named
                  && named.Name is "Span" or "ReadOnlySpan" or "Memory" or "ReadOnlyMemory"
                  && named.TypeArguments[0].SpecialType != SpecialType.System_Char;

        private static bool IsAddressLike(ITypeSymbol type)
            => type.SpecialType is SpecialType.System_IntPtr or SpecialType.System_UIntPtr or SpecialType.System_UInt64 or SpecialType.System_Int64;

        /// <summary>
        /// Whether the object the import creates is closed inside <paramref name="scope"/> after the import: the import is
        /// the resource of a <c>using</c> there, its result is disposed there, or a member with
        /// <c>[AbiSemantic(Destroys)]</c> is called there.
        /// </summary>
        private static bool ClosedWithin(SyntaxNode? scope, IOperation import, SemanticModel model, SemanticIndex index)
        {
            if (scope is null) return false;
            var syntax = import.Syntax;
            if (!scope.Span.Contains(syntax.Span)) return false;

            ILocalSymbol? result = null;
            for (var node = syntax.Parent; node is not null && node != scope; node = node.Parent)
            {
                if (node is UsingStatementSyntax usingStatement && (usingStatement.Declaration?.Span.Contains(syntax.Span) == true || usingStatement.Expression?.Span.Contains(syntax.Span) == true)) return true;
                if (node is LocalDeclarationStatementSyntax declaration)
                {
                    if (declaration.UsingKeyword.Span.Length > 0) return true;
                    var declarator = declaration.Declaration.Variables.FirstOrDefault(v => v.Span.Contains(syntax.Span));
                    // Only an object the import returns is tracked (an errno result is not the object).
                    if (declarator is not null && model.GetDeclaredSymbol(declarator) is ILocalSymbol { Type: { } type } declared
                        && type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable))
                        result = declared;
                }
                if (node is StatementSyntax) break;
            }

            foreach (var call in scope.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (call.SpanStart < syntax.Span.End) continue;
                var symbol = model.GetSymbolInfo(call).Symbol;
                if (result is null)
                {
                    // The import returns no object (a generated client fills a handle in): any close counts.
                    if (index.Has(symbol, SemanticEffect.Destroys)) return true;
                    continue;
                }
                // The import returned an object: it must be that object that is closed (or disposed).
                if ((index.Has(symbol, SemanticEffect.Destroys) || symbol is IMethodSymbol { Name: "Dispose", Parameters.Length: 0 })
                    && call.Expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver }
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(receiver).Symbol, result))
                    return true;
            }
            return false;
        }
    }
}
