using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AbiKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AbiKit.CodeFixes
{
    /// <summary>
    /// ABI003: ends the CPU-access window on every path by making its scope's declaration <c>using var</c> (the
    /// window then ends at the end of the block; an explicit end left in place is harmless for scopes whose end is
    /// idempotent, like abikit-alloc's). A begin call whose scope is discarded becomes <c>using var cpu = ...;</c>.
    /// Offered only for scopes assigned once and never handed on, of an <see cref="System.IDisposable"/> type.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnbalancedSyncCodeFix)), Shared]
    public sealed class UnbalancedSyncCodeFix : CodeFixProvider
    {
        /// <summary>The fix's title and equivalence key.</summary>
        public const string Title = "End CPU access at the end of the block ('using var')";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.UnbalancedSync.Id);

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
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Fix, out var kind)) continue;
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (kind == DiagnosticProperties.FixUsingVar)
                {
                    var declaration = TypestateFixes.UsingCandidate(node, model, context.CancellationToken);
                    if (declaration is null) continue;
                    context.RegisterCodeFix(CodeAction.Create(Title, ct => TypestateFixes.MakeUsingAsync(context.Document, declaration, ct), equivalenceKey: Title), diagnostic);
                }
                else if (kind == DiagnosticProperties.FixUsingDeclaration
                    && node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Parent: ExpressionStatementSyntax { Parent: BlockSyntax } statement } invocation
                    && model.GetTypeInfo(invocation, context.CancellationToken).Type is { } type && TypestateFixes.IsDisposable(type))
                {
                    context.RegisterCodeFix(CodeAction.Create(Title, ct => ReplaceAsync(context.Document, statement, invocation, ct), equivalenceKey: Title), diagnostic);
                }
            }
        }

        private static async Task<Document> ReplaceAsync(Document document, ExpressionStatementSyntax statement, InvocationExpressionSyntax invocation, System.Threading.CancellationToken ct)
        {
            var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
            if (root is null || model is null) return document;
            string name = TypestateFixes.UniqueName(model, statement, "cpu");
            var declaration = Microsoft.CodeAnalysis.CSharp.SyntaxFactory.ParseStatement($"using var {name} = {invocation.WithoutTrivia().ToFullString()};")
                .WithLeadingTrivia(statement.GetLeadingTrivia())
                .WithTrailingTrivia(statement.GetTrailingTrivia());
            return document.WithSyntaxRoot(root.ReplaceNode(statement, declaration));
        }
    }
}
