using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using AbiKit.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace AbiKit.CodeFixes
{
    /// <summary>
    /// ABI005: makes the declaration of a created object <c>using var</c>, so that it is disposed on every path.
    /// Offered only where the analyzer saw that is safe: a local assigned once from the creating call and never
    /// handed on (disposing an object that is returned or stored would break its new owner), declared directly in
    /// a block, of an <see cref="System.IDisposable"/> type.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LeakCodeFix)), Shared]
    public sealed class LeakCodeFix : CodeFixProvider
    {
        /// <summary>The fix's title and equivalence key.</summary>
        public const string Title = "Dispose it at the end of the block ('using var')";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.Leak.Id);

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
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Fix, out var kind) || kind != DiagnosticProperties.FixUsingVar) continue;
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var declaration = TypestateFixes.UsingCandidate(node, model, context.CancellationToken);
                if (declaration is null) continue;
                context.RegisterCodeFix(CodeAction.Create(Title, ct => TypestateFixes.MakeUsingAsync(context.Document, declaration, ct), equivalenceKey: Title), diagnostic);
            }
        }
    }
}
