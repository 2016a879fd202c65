using System.Collections.Immutable;
using AbiKit.Analyzers.Rules;
using AbiKit.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AbiKit.Analyzers.Tests;

/// <summary>
/// Shared sources of the ABI006–ABI008 tests, and harness variants for sources that are meant to carry one
/// compiler error: AllocBuffer.FromUserMemory(channel, byte[]) is [Obsolete(error: true)] (CS0619), yet the IDE
/// runs analyzers and fixes on it.
/// </summary>
internal static class Rule6Harness
{
    public const string Usings = """
        using System;
        using System.Runtime.CompilerServices;
        using System.Runtime.InteropServices;
        using AbiKit.Alloc;
        using AbiKit.Interop.Alloc;
        using AbiKit.Model;
        using AbiKit.Runtime;
        using AbiKit.Runtime.Channels;
        using AbiKit.Runtime.Semantics;

        """;

    /// <summary>A hand-written import API taking the kinds of memory APIs may take.</summary>
    public const string Importer = """

        public sealed class Imported : IDisposable
        {
            [AbiSemantic(SemanticEffect.Destroys)]
            public void Dispose() { }
        }

        public static unsafe class Importer
        {
            [AbiSemantic(SemanticEffect.ImportsUserMemory)] public static Imported Import(IIoctlChannel channel, byte[] memory) => new();
            [AbiSemantic(SemanticEffect.ImportsUserMemory)] public static Imported Import(IIoctlChannel channel, PageAlignedMemory memory) => new();
            [AbiSemantic(SemanticEffect.ImportsUserMemory)] public static Imported ImportSpan(IIoctlChannel channel, Span<byte> memory) => new();
            [AbiSemantic(SemanticEffect.ImportsUserMemory)] public static Imported ImportMemory(IIoctlChannel channel, ReadOnlyMemory<byte> memory) => new();
            [AbiSemantic(SemanticEffect.ImportsUserMemory)] public static Imported ImportPointer(IIoctlChannel channel, void* memory, nuint length) => new();
            [AbiSemantic(SemanticEffect.ImportsUserMemory)] public static Imported ImportAddress(IIoctlChannel channel, ulong address, ulong length) => new();
            [AbiSemantic(SemanticEffect.ImportsUserMemory)] public static Imported ImportNamed(IIoctlChannel channel, ReadOnlySpan<char> label, PageAlignedMemory memory) => new();
            public static void Copy(IIoctlChannel channel, byte[] memory) { }
        }

        """;

    public static async Task<ImmutableArray<Diagnostic>> RunAsync(DiagnosticAnalyzer analyzer, Compilation compilation, string[] toleratedErrors)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && !toleratedErrors.Contains(d.Id)).ToList();
        Assert.True(errors.Count == 0, "the test source does not compile:\n" + string.Join("\n", errors));
        var withAnalyzers = compilation.WithAnalyzers([analyzer], new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var all = await withAnalyzers.GetAllDiagnosticsAsync();
        var crashes = all.Where(d => d.Id == "AD0001").ToList();
        Assert.True(crashes.Count == 0, "the analyzer threw:\n" + string.Join("\n", crashes.Select(c => c.GetMessage())));
        return await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    }

    /// <summary><see cref="AnalyzerHarness.VerifyAsync"/> for a source that may carry <paramref name="toleratedErrors"/>.</summary>
    public static async Task VerifyAsync(DiagnosticAnalyzer analyzer, string markup, params string[] toleratedErrors)
    {
        var (source, expected) = AnalyzerHarness.ParseMarkup(markup);
        var actual = await RunAsync(analyzer, AnalyzerHarness.Compile(source), toleratedErrors);
        var got = actual.Select(d => (d.Id, d.Location.SourceSpan)).OrderBy(x => x.SourceSpan.Start).ToList();
        var want = expected.OrderBy(x => x.Span.Start).ToList();
        Assert.True(got.SequenceEqual(want), $"expected:\n{string.Join("\n", want)}\nactual:\n{string.Join("\n", actual)}");
    }

    /// <summary><see cref="AnalyzerHarness.VerifyFixAsync"/> for a source that may carry <paramref name="toleratedErrors"/> before the fix; the result must compile cleanly.</summary>
    public static async Task VerifyFixAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, string before, string after, params string[] toleratedErrors)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var documentId = DocumentId.CreateNewId(projectId);
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Create(), "Consumer", "Consumer", LanguageNames.CSharp,
                compilationOptions: AnalyzerHarness.CompilationOptions, parseOptions: AnalyzerHarness.ParseOptions, metadataReferences: AnalyzerHarness.References))
            .AddDocument(documentId, "Test0.cs", SourceText.From(AnalyzerHarness.ParseMarkup(before).Source));
        for (int round = 0; round < 10; round++)
        {
            var document = solution.GetDocument(documentId)!;
            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostics = (await RunAsync(analyzer, compilation, toleratedErrors)).Where(d => fix.FixableDiagnosticIds.Contains(d.Id)).ToList();
            if (diagnostics.Count == 0) break;
            var actions = new List<CodeAction>();
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None));
            Assert.True(actions.Count > 0, $"no fix offered for {diagnostics[0]}");
            var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
            solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        }
        var final = solution.GetDocument(documentId)!;
        var text = (await final.GetTextAsync()).ToString();
        Assert.Equal(after.Replace("\r\n", "\n"), text.Replace("\r\n", "\n"));
        await RunAsync(analyzer, (await final.Project.GetCompilationAsync())!, []);
    }

    /// <summary>The fixes offered for the first diagnostic of <paramref name="analyzer"/> in <paramref name="source"/>.</summary>
    public static async Task<List<CodeAction>> FixesOfferedAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, string source, params string[] toleratedErrors)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var documentId = DocumentId.CreateNewId(projectId);
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Create(), "Consumer", "Consumer", LanguageNames.CSharp,
                compilationOptions: AnalyzerHarness.CompilationOptions, parseOptions: AnalyzerHarness.ParseOptions, metadataReferences: AnalyzerHarness.References))
            .AddDocument(documentId, "Test0.cs", SourceText.From(source));
        var document = solution.GetDocument(documentId)!;
        var diagnostics = await RunAsync(analyzer, (await document.Project.GetCompilationAsync())!, toleratedErrors);
        Assert.NotEmpty(diagnostics);
        var actions = new List<CodeAction>();
        await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }
}
