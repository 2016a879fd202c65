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
    /// ABI002, for an access with no CPU-access window at all: inserts
    /// <c>using var cpu = x.BeginCpuAccess(CpuAccess.Read | CpuAccess.Write);</c> (the type's begin method returning a
    /// disposable window scope, as the analyzer found it) before the statement, so the window lasts to the end of
    /// the block and ends on every path. Not offered for an access after the window ended or a write in a
    /// read-only window: where the window should be is a design decision. No Fix All (two accesses in one
    /// statement would insert two windows, and the API allows one at a time).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingSyncCodeFix)), Shared]
    public sealed class MissingSyncCodeFix : CodeFixProvider
    {
        /// <summary>The fix's title and equivalence key.</summary>
        public const string Title = "Begin CPU access for the rest of the block ('using var cpu = ...')";

        /// <inheritdoc />
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(Descriptors.MissingSync.Id);

        /// <inheritdoc />
        public override FixAllProvider? GetFixAllProvider() => null;

        /// <inheritdoc />
        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null) return;
            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Fix, out var kind) || kind != DiagnosticProperties.FixBegin) continue;
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Method, out var method) || method is null) continue;
                bool direction = diagnostic.Properties.TryGetValue(DiagnosticProperties.TakesDirection, out var takes) && takes == "1";
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var receiver = TypestateFixes.SimpleReceiver(node);
                var anchor = TypestateFixes.AnchorStatement(node);
                if (receiver is null || anchor is null) continue;
                string arguments = "";
                if (direction)
                {
                    string type = TypestateFixes.CpuAccessName(model, anchor);
                    arguments = $"{type}.Read | {type}.Write";
                }
                string value = $"{receiver.Identifier.ValueText}.{method}({arguments})";
                context.RegisterCodeFix(CodeAction.Create(Title, ct => TypestateFixes.InsertUsingBeforeAsync(context.Document, anchor, "cpu", value, ct), equivalenceKey: Title), diagnostic);
            }
        }
    }
}
