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
    /// ABI001: pins the object for the rest of the block, by inserting <c>using var pin = x.Pin();</c> (the type's
    /// parameterless pin method returning a disposable pin scope, as the analyzer found it) before the statement
    /// with the access. Offered only when the object is a local or parameter named directly at the access. No
    /// Fix All: two accesses in one statement would insert two pins.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnpinnedAccessCodeFix)), Shared]
    public sealed class UnpinnedAccessCodeFix : CodeFixProvider
    {
        /// <summary>The fix's title and equivalence key.</summary>
        public const string Title = "Pin it for the rest of the block ('using var pin = ...')";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.UnpinnedAccess.Id);

        /// <inheritdoc />
        public override FixAllProvider? GetFixAllProvider() => null;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Fix, out var kind) || kind != DiagnosticProperties.FixPin) continue;
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Method, out var method) || method is null) continue;
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var receiver = TypestateFixes.SimpleReceiver(node);
                var anchor = TypestateFixes.AnchorStatement(node);
                if (receiver is null || anchor is null) continue;
                string value = $"{receiver.Identifier.ValueText}.{method}()";
                context.RegisterCodeFix(CodeAction.Create(Title, ct => TypestateFixes.InsertUsingBeforeAsync(context.Document, anchor, "pin", value, ct), equivalenceKey: Title), diagnostic);
            }
        }
    }
}
