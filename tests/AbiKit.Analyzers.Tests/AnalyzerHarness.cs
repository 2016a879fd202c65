using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AbiKit.Analyzers.Tests;

/// <summary>
/// A test harness for analyzers without Microsoft.CodeAnalysis.Testing: sources carry markup
/// <c>{|ABI002:text|}</c> marking where a diagnostic is expected; the markup-free source must compile; an
/// analyzer exception (AD0001) fails the test; expected and actual (id, span) sets must be equal.
/// </summary>
public static class AnalyzerHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    /// <summary>Everything the test process has loaded (the runtime, AbiKit.Runtime, AbiKit.Alloc, …), minus the analyzers.</summary>
    public static IReadOnlyList<MetadataReference> References { get; } =
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("AbiKit.Analyzers", StringComparison.Ordinal)
                && !Path.GetFileName(p).StartsWith("AbiKit.CodeFixes", StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();

    public static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithAllowUnsafe(true)
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["AD0001"] = ReportDiagnostic.Error });

    /// <summary>Parses markup: returns the plain source and the expected (id, span) pairs.</summary>
    public static (string Source, List<(string Id, TextSpan Span)> Expected) ParseMarkup(string markup, string? defaultId = null)
    {
        var source = new StringBuilder();
        var expected = new List<(string, TextSpan)>();
        var open = new Stack<(string Id, int Start)>();
        for (int i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                int colon = markup.IndexOf(':', i + 2);
                open.Push((markup.Substring(i + 2, colon - i - 2), source.Length));
                i = colon;
            }
            else if (markup[i] == '[' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                open.Push((defaultId ?? throw new ArgumentException("[| |] needs a default id"), source.Length));
                i++;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && (markup[i + 1] == '}' || markup[i + 1] == ']') && open.Count > 0)
            {
                var (id, start) = open.Pop();
                expected.Add((id, TextSpan.FromBounds(start, source.Length)));
                i++;
            }
            else
            {
                source.Append(markup[i]);
            }
        }
        if (open.Count > 0) throw new ArgumentException("unclosed markup");
        return (source.ToString(), expected);
    }

    public static CSharpCompilation Compile(params string[] sources) => CSharpCompilation.Create(
        "Consumer",
        sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, $"/Test{i}.cs")),
        References,
        CompilationOptions);

    /// <summary>Runs <paramref name="analyzer"/> and returns its diagnostics (the source must compile cleanly).</summary>
    public static async Task<ImmutableArray<Diagnostic>> RunAsync(DiagnosticAnalyzer analyzer, Compilation compilation)
    {
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the test source does not compile:\n" + string.Join("\n", errors));
        var withAnalyzers = compilation.WithAnalyzers([analyzer], new CompilationWithAnalyzersOptions(
            new AnalyzerOptions([]), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
        var all = await withAnalyzers.GetAllDiagnosticsAsync();
        var crashes = all.Where(d => d.Id == "AD0001").ToList();
        Assert.True(crashes.Count == 0, "the analyzer threw:\n" + string.Join("\n", crashes.Select(c => c.GetMessage())));
        return await withAnalyzers.GetAnalyzerDiagnosticsAsync();
    }

    /// <summary>Asserts that <paramref name="analyzer"/> reports exactly the marked diagnostics in <paramref name="markup"/>.</summary>
    public static async Task VerifyAsync(DiagnosticAnalyzer analyzer, string markup, string? defaultId = null)
    {
        var (source, expected) = ParseMarkup(markup, defaultId);
        var actual = await RunAsync(analyzer, Compile(source));
        var got = actual.Select(d => (d.Id, d.Location.SourceSpan)).OrderBy(x => x.SourceSpan.Start).ThenBy(x => x.Id).ToList();
        var want = expected.OrderBy(x => x.Span.Start).ThenBy(x => x.Id).ToList();
        string Show(IEnumerable<(string Id, TextSpan Span)> items) => string.Join("\n", items.Select(x => $"  {x.Id} at {x.Span}: '{source.Substring(x.Span.Start, x.Span.Length)}'"));
        Assert.True(got.SequenceEqual(want), $"expected:\n{Show(want)}\nactual:\n{Show(got)}\nmessages:\n{string.Join("\n", actual.Select(d => "  " + d))}");
    }

    /// <summary>Applies the first fix <paramref name="fix"/> offers for each diagnostic until none is left, and compares.</summary>
    public static async Task VerifyFixAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, string before, string after)
    {
        using var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var documentId = DocumentId.CreateNewId(projectId);
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Create(), "Consumer", "Consumer", LanguageNames.CSharp, compilationOptions: CompilationOptions, parseOptions: ParseOptions, metadataReferences: References))
            .AddDocument(documentId, "Test0.cs", SourceText.From(ParseMarkup(before, "X").Source));
        for (int round = 0; round < 10; round++)
        {
            var document = solution.GetDocument(documentId)!;
            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostics = (await RunAsync(analyzer, compilation)).Where(d => fix.FixableDiagnosticIds.Contains(d.Id)).ToList();
            if (diagnostics.Count == 0) break;
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None);
            await fix.RegisterCodeFixesAsync(context);
            Assert.True(actions.Count > 0, $"no fix offered for {diagnostics[0]}");
            var operations = await actions[0].GetOperationsAsync(CancellationToken.None);
            solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        }
        var text = (await solution.GetDocument(documentId)!.GetTextAsync()).ToString();
        Assert.Equal(after.Replace("\r\n", "\n"), text.Replace("\r\n", "\n"));
    }
}
