using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AbiKit.CodeFixes
{
    /// <summary>Syntax edits shared by the typestate fixes (ABI001, ABI002, ABI003, ABI005).</summary>
    internal static class TypestateFixes
    {
        /// <summary>
        /// The declaration <c>var x = ...;</c> (one variable, not yet <c>using</c>, directly in a block) whose
        /// initializer contains <paramref name="node"/>; such a declaration can become <c>using var</c>.
        /// </summary>
        public static LocalDeclarationStatementSyntax? UsingCandidate(SyntaxNode node, SemanticModel model, CancellationToken ct)
        {
            var declaration = node.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>();
            if (declaration is null || declaration.UsingKeyword != default || declaration.IsConst || declaration.Parent is not BlockSyntax) return null;
            if (declaration.Declaration.Variables.Count != 1) return null;
            var variable = declaration.Declaration.Variables[0];
            if (variable.Initializer is not { } initializer || !initializer.Value.Span.Contains(node.Span)) return null;
            if (node.Ancestors().TakeWhile(a => a != initializer).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)) return null;
            if (model.GetDeclaredSymbol(variable, ct) is not ILocalSymbol local || !IsDisposable(local.Type)) return null;
            return declaration;
        }

        /// <summary>Whether <paramref name="type"/> can be the type of a <c>using</c> declaration.</summary>
        public static bool IsDisposable(ITypeSymbol type)
            => type.SpecialType == SpecialType.System_IDisposable || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_IDisposable);

        /// <summary>Makes <paramref name="declaration"/> a <c>using var</c> declaration.</summary>
        public static async Task<Document> MakeUsingAsync(Document document, LocalDeclarationStatementSyntax declaration, CancellationToken ct)
        {
            var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
            if (root is null) return document;
            var type = declaration.Declaration.Type;
            var replacement = declaration
                .WithDeclaration(declaration.Declaration.WithType(type.WithLeadingTrivia(SyntaxFactory.TriviaList())))
                .WithUsingKeyword(SyntaxFactory.Token(declaration.GetLeadingTrivia(), SyntaxKind.UsingKeyword, SyntaxFactory.TriviaList(SyntaxFactory.Space)));
            return document.WithSyntaxRoot(root.ReplaceNode(declaration, replacement));
        }

        /// <summary>
        /// The statement <paramref name="node"/> belongs to, when a statement can be inserted before it in the same
        /// function (not across a lambda or local function boundary).
        /// </summary>
        public static StatementSyntax? AnchorStatement(SyntaxNode node)
        {
            var statement = node.FirstAncestorOrSelf<StatementSyntax>();
            if (statement is null) return null;
            if (node.Ancestors().TakeWhile(a => a != statement).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)) return null;
            return statement;
        }

        /// <summary>
        /// Inserts <c>using var name = value;</c> before <paramref name="anchor"/>, so that the scope lasts to the end
        /// of the anchor's block; an embedded statement (the body of an <c>if</c> without braces, a statement of a
        /// switch section) first becomes a block holding both.
        /// </summary>
        public static async Task<Document> InsertUsingBeforeAsync(Document document, StatementSyntax anchor, string baseName, string value, CancellationToken ct)
        {
            var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
            if (root is null || model is null) return document;
            string name = UniqueName(model, anchor, baseName);
            var declaration = (LocalDeclarationStatementSyntax)SyntaxFactory.ParseStatement($"using var {name} = {value};");
            var eol = anchor.GetTrailingTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            if (eol == default) eol = SyntaxFactory.EndOfLine("\n");

            SyntaxNode newRoot;
            if (anchor.Parent is BlockSyntax block)
            {
                int index = block.Statements.IndexOf(anchor);
                var statements = block.Statements
                    .Replace(anchor, anchor.WithLeadingTrivia(Indentation(anchor)))
                    .Insert(index, declaration.WithLeadingTrivia(anchor.GetLeadingTrivia()).WithTrailingTrivia(eol));
                newRoot = root.ReplaceNode(block, block.WithStatements(statements));
            }
            else if (anchor.Parent is GlobalStatementSyntax global && global.Parent is CompilationUnitSyntax unit)
            {
                var statement = SyntaxFactory.GlobalStatement(declaration.WithLeadingTrivia(global.GetLeadingTrivia()).WithTrailingTrivia(eol));
                var members = unit.Members.Replace(global, global.WithLeadingTrivia(Indentation(anchor))).Insert(unit.Members.IndexOf(global), statement);
                newRoot = root.ReplaceNode(unit, unit.WithMembers(members));
            }
            else
            {
                newRoot = root.ReplaceNode(anchor, Wrap(anchor, declaration, eol));
            }
            return document.WithSyntaxRoot(newRoot);
        }

        /// <summary>
        /// <c>{ declaration anchor }</c> in the place of an embedded <paramref name="anchor"/>: on one line when the
        /// anchor shares its line with its parent (<c>if (x) s.M();</c>), else with the braces at the parent
        /// statement's indentation and the statements at the anchor's.
        /// </summary>
        private static BlockSyntax Wrap(StatementSyntax anchor, LocalDeclarationStatementSyntax declaration, SyntaxTrivia eol)
        {
            var inner = Indentation(anchor);
            bool ownLine = inner.Count > 0 || anchor.GetLeadingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            if (!ownLine)
            {
                return SyntaxFactory.Block(
                        SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(SyntaxFactory.Space),
                        SyntaxFactory.List(new StatementSyntax[] { declaration.WithTrailingTrivia(SyntaxFactory.Space), anchor.WithoutTrivia().WithTrailingTrivia(SyntaxFactory.Space) }),
                        SyntaxFactory.Token(SyntaxKind.CloseBraceToken))
                    .WithLeadingTrivia(anchor.GetLeadingTrivia())
                    .WithTrailingTrivia(anchor.GetTrailingTrivia());
            }
            var outer = anchor.Parent is SwitchSectionSyntax
                ? inner
                : Indentation(anchor.Parent!.FirstAncestorOrSelf<StatementSyntax>() ?? anchor);
            if (anchor.Parent is SwitchSectionSyntax || inner.ToFullString().Length <= outer.ToFullString().Length)
            {
                inner = SyntaxFactory.TriviaList(SyntaxFactory.Whitespace(outer.ToFullString() + "    "));
            }
            var trailing = anchor.GetTrailingTrivia();
            if (!trailing.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia))) trailing = trailing.Add(eol);
            return SyntaxFactory.Block(
                    SyntaxFactory.Token(outer, SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(eol)),
                    SyntaxFactory.List(new StatementSyntax[]
                    {
                        declaration.WithLeadingTrivia(inner).WithTrailingTrivia(eol),
                        anchor.WithLeadingTrivia(inner).WithTrailingTrivia(trailing),
                    }),
                    SyntaxFactory.Token(outer, SyntaxKind.CloseBraceToken, SyntaxFactory.TriviaList(eol)));
        }

        private static SyntaxTriviaList Indentation(SyntaxNode statement)
        {
            var leading = statement.GetLeadingTrivia();
            int last = leading.Count - 1;
            return last >= 0 && leading[last].IsKind(SyntaxKind.WhitespaceTrivia) ? SyntaxFactory.TriviaList(leading[last]) : SyntaxFactory.TriviaList();
        }

        /// <summary>
        /// How to write a member of the vocabulary's CpuAccess enum at <paramref name="at"/>: by its simple name when
        /// it binds there (a <c>using AbiKit.Model;</c> is in scope), else fully qualified.
        /// </summary>
        public static string CpuAccessName(SemanticModel model, SyntaxNode at)
        {
            var type = model.Compilation.GetTypeByMetadataName("AbiKit.Model.CpuAccess");
            bool simple = model.LookupNamespacesAndTypes(at.SpanStart, name: "CpuAccess").Any(t => SymbolEqualityComparer.Default.Equals(t, type));
            return simple ? "CpuAccess" : "global::AbiKit.Model.CpuAccess";
        }

        /// <summary><paramref name="baseName"/>, or with a number appended, so that no name visible or declared in the member clashes.</summary>
        public static string UniqueName(SemanticModel model, SyntaxNode at, string baseName)
        {
            var member = at.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode)at.SyntaxTree.GetRoot();
            var taken = new HashSet<string>(member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
            for (int i = 1; ; i++)
            {
                string name = i == 1 ? baseName : baseName + i;
                if (!taken.Contains(name) && model.LookupSymbols(at.SpanStart, name: name).IsEmpty) return name;
            }
        }

        /// <summary>The receiver of a member access (<c>x</c> in <c>x.M()</c> or <c>x.P</c>), when it is a simple name.</summary>
        public static IdentifierNameSyntax? SimpleReceiver(SyntaxNode access)
        {
            var expression = access is InvocationExpressionSyntax invocation ? invocation.Expression : access;
            while (expression is ElementAccessExpressionSyntax element) expression = element.Expression;
            return expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax name } ? name : null;
        }
    }
}
