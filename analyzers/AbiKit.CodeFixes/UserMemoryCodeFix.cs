using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace AbiKit.CodeFixes
{
    /// <summary>
    /// ABI006: replaces a managed array handed to a user-memory import with native page-aligned memory, when the
    /// import has an overload taking <c>PageAlignedMemory</c> in that position (as <c>AllocBuffer.FromUserMemory</c>
    /// has) and the array is <c>new byte[n]</c> written in the call, or a local initialised so and used nowhere else.
    /// <c>new byte[n]</c> becomes <c>PageAlignedMemory.Allocate(n)</c> (rounded up to whole pages, zero-filled, as
    /// the array was). Anything else (an array that is also read or written, a span, a pointer) gets no fix: moving
    /// it to native memory changes more than the call.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UserMemoryCodeFix)), Shared]
    public sealed class UserMemoryCodeFix : CodeFixProvider
    {
        /// <summary>Metadata name of the native allocation the fix switches to.</summary>
        public const string PageAlignedMemoryName = "AbiKit.Alloc.PageAlignedMemory";

        /// <summary>The fix's title and equivalence key.</summary>
        public const string Title = "Allocate native page-aligned memory (PageAlignedMemory) instead";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("ABI006");

        /// <inheritdoc />
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                var argument = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<ArgumentSyntax>();
                if (argument is null || !CanFix(argument, model, context.CancellationToken, out _, out _)) continue;
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixAsync(context.Document, argument, ct), equivalenceKey: Title),
                    diagnostic);
            }
        }

        /// <summary>
        /// Whether <paramref name="argument"/> can switch to native memory: the array creation to replace and, when the
        /// array is a local, its declarator.
        /// </summary>
        private static bool CanFix(ArgumentSyntax argument, SemanticModel model, CancellationToken ct, out ArrayCreationExpressionSyntax creation, out VariableDeclaratorSyntax? local)
        {
            creation = null!;
            local = null;
            var pageAligned = model.Compilation.GetTypeByMetadataName(PageAlignedMemoryName);
            if (pageAligned is null || argument.RefKindKeyword.Span.Length > 0) return false;
            if (argument.Parent?.Parent is not ExpressionSyntax call) return false;

            // The import must have an overload taking PageAlignedMemory here, the other parameters alike.
            var argumentOperation = model.GetOperation(argument, ct) as IArgumentOperation;
            var method = (model.GetOperation(call, ct) as IInvocationOperation)?.TargetMethod;
            if (argumentOperation?.Parameter is not { } parameter || method is null) return false;
            bool overload = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(m =>
                m.IsStatic == method.IsStatic
                && m.Parameters.Length == method.Parameters.Length
                && m.Parameters.Select((p, i) => i == parameter.Ordinal
                        ? SymbolEqualityComparer.Default.Equals(p.Type, pageAligned)
                        : SymbolEqualityComparer.Default.Equals(p.Type, method.Parameters[i].Type) && p.RefKind == method.Parameters[i].RefKind)
                    .All(ok => ok));
            if (!overload) return false;

            switch (argument.Expression)
            {
                case ArrayCreationExpressionSyntax direct:
                    creation = direct;
                    break;
                case IdentifierNameSyntax name when model.GetSymbolInfo(name, ct).Symbol is ILocalSymbol symbol
                    && symbol.DeclaringSyntaxReferences.Length == 1
                    && symbol.DeclaringSyntaxReferences[0].GetSyntax(ct) is VariableDeclaratorSyntax { Initializer.Value: ArrayCreationExpressionSyntax initial } declarator
                    && declarator.Parent is VariableDeclarationSyntax declaration
                    && (declaration.Type.IsVar || declaration.Variables.Count == 1)
                    && declaration.Parent is LocalDeclarationStatementSyntax { UsingKeyword.Span.Length: 0 } statement
                    && statement.Parent is { } body:
                    // Used nowhere but in this call (else the array's other readers and writers would need changing too).
                    int uses = body.DescendantNodes().OfType<IdentifierNameSyntax>()
                        .Count(n => n.Identifier.ValueText == name.Identifier.ValueText && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, ct).Symbol, symbol));
                    if (uses != 1) return false;
                    creation = initial;
                    local = declarator;
                    break;
                default:
                    return false;
            }
            return creation.Initializer is null
                && creation.Type.RankSpecifiers.Count == 1
                && creation.Type.RankSpecifiers[0].Sizes.Count == 1
                && creation.Type.RankSpecifiers[0].Sizes[0] is not OmittedArraySizeExpressionSyntax
                && model.GetTypeInfo(creation.Type.ElementType, ct).Type?.SpecialType == SpecialType.System_Byte;
        }

        private static async Task<Document> FixAsync(Document document, ArgumentSyntax argument, CancellationToken ct)
        {
            var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
            if (root is null || model is null || !CanFix(argument, model, ct, out var creation, out var local)) return document;

            var size = creation.Type.RankSpecifiers[0].Sizes[0];
            // Allocate takes a ulong: a constant converts implicitly, anything else needs a cast.
            ExpressionSyntax bytes = model.GetConstantValue(size, ct).HasValue
                ? size.WithoutTrivia()
                : SyntaxFactory.CastExpression(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.ULongKeyword)),
                    size is IdentifierNameSyntax or LiteralExpressionSyntax or MemberAccessExpressionSyntax ? size.WithoutTrivia() : SyntaxFactory.ParenthesizedExpression(size.WithoutTrivia()));
            var allocation = SyntaxFactory.InvocationExpression(
                    SyntaxFactory.ParseExpression("global::" + PageAlignedMemoryName + ".Allocate"),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(bytes))))
                .WithTriviaFrom(creation)
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

            Document changed;
            if (local?.Parent is VariableDeclarationSyntax { Type: { IsVar: false } type } declaration && declaration.Variables.Count == 1)
            {
                var newDeclaration = declaration
                    .ReplaceNode(creation, allocation)
                    .WithType(SyntaxFactory.IdentifierName("var").WithTriviaFrom(type));
                changed = document.WithSyntaxRoot(root.ReplaceNode(declaration, newDeclaration));
            }
            else
            {
                changed = document.WithSyntaxRoot(root.ReplaceNode(creation, allocation));
            }
            // Add `using AbiKit.Alloc;` if missing and shorten the name (hosts differ in whether they do it for us).
            changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: ct).ConfigureAwait(false);
            return await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: ct).ConfigureAwait(false);
        }
    }
}
