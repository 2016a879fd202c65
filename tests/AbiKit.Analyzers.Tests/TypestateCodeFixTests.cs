using System.Collections.Immutable;
using AbiKit.Analyzers.Rules;
using AbiKit.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using static AbiKit.Analyzers.Tests.Sources;

namespace AbiKit.Analyzers.Tests;

/// <summary>The typestate code fixes (ABI001, ABI002, ABI003, ABI005): applied and compared, and not offered where unsafe.</summary>
public class TypestateCodeFixTests
{
    // ------------------------------------------------------------ ABI005: using var

    [Fact]
    public Task Leak_becomes_using_var() => AnalyzerHarness.VerifyFixAsync(new LifetimeAnalyzer(), new LeakCodeFix(),
        AllocSource("""
            void M(IIoctlChannel ch, bool stop)
            {
                // the scratch buffer
                var b = AllocBuffer.Create(ch, 4096);
                if (stop) return;
                b.Write(0, new byte[4]);
            }
            void Typed(IIoctlChannel ch)
            {
                AllocBuffer b = AllocBuffer.Import(ch, 7);
                Console.WriteLine(b.Size);
            }
            """),
        AllocSource("""
            void M(IIoctlChannel ch, bool stop)
            {
                // the scratch buffer
                using var b = AllocBuffer.Create(ch, 4096);
                if (stop) return;
                b.Write(0, new byte[4]);
            }
            void Typed(IIoctlChannel ch)
            {
                using AllocBuffer b = AllocBuffer.Import(ch, 7);
                Console.WriteLine(b.Size);
            }
            """));

    [Fact]
    public Task Leak_fix_is_not_offered_when_the_object_is_handed_on_or_reassigned() => VerifyNoFixAsync(new LifetimeAnalyzer(), new LeakCodeFix(), AllocSource("""
        AllocBuffer? Sometimes(IIoctlChannel ch, bool keep)
        {
            var b = AllocBuffer.Create(ch, 4096);
            if (keep) return b; // using var would dispose the returned object
            return null;
        }
        void Reassigned(IIoctlChannel ch)
        {
            var b = AllocBuffer.Create(ch, 4096);
            b.Dispose();
            b = AllocBuffer.Create(ch, 4096);
        }
        void OutCreated(IIoctlChannel ch)
        {
            if (AllocBuffer.TryCreate(ch, 4096, Caching.Cached, out var b) != Errno.Ok) return;
            Console.WriteLine(b!.Size);
        }
        void Discarded(IIoctlChannel ch) => AllocBuffer.Create(ch, 4096);
        """), expectedDiagnostics: 4);

    [Fact]
    public async Task Leak_fix_all_in_document()
    {
        string before = AllocSource("""
            void A(IIoctlChannel ch) { var a = AllocBuffer.Create(ch, 4096); }
            void B(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); Console.WriteLine(b.Size); }
            """);
        string after = AllocSource("""
            void A(IIoctlChannel ch) { using var a = AllocBuffer.Create(ch, 4096); }
            void B(IIoctlChannel ch) { using var b = AllocBuffer.Create(ch, 4096); Console.WriteLine(b.Size); }
            """);
        var (document, diagnostics) = await Diagnose(new LifetimeAnalyzer(), before);
        Assert.Equal(2, diagnostics.Length);
        var fix = new LeakCodeFix();
        var provider = fix.GetFixAllProvider()!;
        var context = new FixAllContext(document, fix, FixAllScope.Document, LeakCodeFix.Title, [Descriptors.Leak.Id], new FixedDiagnostics(diagnostics), CancellationToken.None);
        var action = await provider.GetFixAsync(context);
        var operations = await action!.GetOperationsAsync(CancellationToken.None);
        var solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
        var text = (await solution.GetDocument(document.Id)!.GetTextAsync()).ToString();
        Assert.Equal(after.Replace("\r\n", "\n"), text.Replace("\r\n", "\n"));
    }

    // ------------------------------------------------------------ ABI003: using var

    [Fact]
    public Task Unended_window_becomes_using_var() => AnalyzerHarness.VerifyFixAsync(new CpuAccessSyncAnalyzer(), new UnbalancedSyncCodeFix(),
        AllocSource("""
            int M(AllocBuffer b)
            {
                var cpu = b.BeginCpuAccess(CpuAccess.Read);
                if (cpu.Span[0] == 0) return 0;
                cpu.Dispose();
                return 1;
            }
            void Discarded(AllocBuffer b)
            {
                b.BeginCpuAccess(CpuAccess.Read);
                Console.WriteLine(b.Size);
            }
            """),
        AllocSource("""
            int M(AllocBuffer b)
            {
                using var cpu = b.BeginCpuAccess(CpuAccess.Read);
                if (cpu.Span[0] == 0) return 0;
                cpu.Dispose();
                return 1;
            }
            void Discarded(AllocBuffer b)
            {
                using var cpu = b.BeginCpuAccess(CpuAccess.Read);
                Console.WriteLine(b.Size);
            }
            """));

    [Fact]
    public Task Window_fix_is_not_offered_for_handed_on_scopes_or_call_style_windows() => VerifyNoFixAsync(new CpuAccessSyncAnalyzer(), new UnbalancedSyncCodeFix(), HandApi.With("""
        object? _kept;
        void Stored(Surface s, bool keep)
        {
            var m = s.Map(CpuAccess.Read);
            if (keep) { _kept = m; return; }
            Console.WriteLine(m.Bytes[0]);
        }
        void Calls(Slab slab) => slab.BeginAccess(CpuAccess.Read);
        """), expectedDiagnostics: 2);

    // ------------------------------------------------------------ ABI001: insert a pin

    [Fact]
    public Task Unpinned_access_gets_a_pin_scope() => AnalyzerHarness.VerifyFixAsync(new UnpinnedAccessAnalyzer(), new UnpinnedAccessCodeFix(),
        HandApi.With("""
            void M(Surface s, bool submit)
            {
                int pin = 0;
                Console.WriteLine(pin);
                using var owned = Surface.Allocate(4096);
                // submit it
                owned.Submit(0);
                if (submit)
                    owned.Submit(1);
            }
            """),
        HandApi.With("""
            void M(Surface s, bool submit)
            {
                int pin = 0;
                Console.WriteLine(pin);
                using var owned = Surface.Allocate(4096);
                // submit it
                using var pin2 = owned.MakeResident();
                owned.Submit(0);
                if (submit)
                    owned.Submit(1);
            }
            """));

    [Fact]
    public Task Embedded_statement_becomes_a_block_with_the_pin() => AnalyzerHarness.VerifyFixAsync(new UnpinnedAccessAnalyzer(), new UnpinnedAccessCodeFix(),
        HandApi.With("""
            void M(bool submit)
            {
                using var s = Surface.Allocate(4096);
                if (submit)
                    s.Submit(1);
            }
            """),
        HandApi.With("""
            void M(bool submit)
            {
                using var s = Surface.Allocate(4096);
                if (submit)
                {
                    using var pin = s.MakeResident();
                    s.Submit(1);
                }
            }
            """));

    // ------------------------------------------------------------ ABI002: insert a window

    [Fact]
    public Task Access_without_a_window_gets_one() => AnalyzerHarness.VerifyFixAsync(new CpuAccessSyncAnalyzer(), new MissingSyncCodeFix(),
        HandApi.With("""
            void M(byte[] data)
            {
                using var slab = Slab.Create();
                data.AsSpan().CopyTo(slab.Contents);
                Console.WriteLine(slab.Contents[0]);
            }
            """),
        HandApi.With("""
            void M(byte[] data)
            {
                using var slab = Slab.Create();
                using var cpu = slab.Open(CpuAccess.Read | CpuAccess.Write);
                data.AsSpan().CopyTo(slab.Contents);
                Console.WriteLine(slab.Contents[0]);
            }
            """));

    [Fact]
    public Task Window_fix_is_not_offered_after_the_end_or_for_direction() => VerifyNoFixAsync(new CpuAccessSyncAnalyzer(), new MissingSyncCodeFix(), AllocSource("""
        void M(AllocBuffer b)
        {
            var cpu = b.BeginCpuAccess(CpuAccess.Read);
            cpu.Span[0] = 1;
            cpu.Dispose();
            Console.WriteLine(cpu.Span[0]);
        }
        """), expectedDiagnostics: 2);

    // ------------------------------------------------------------ helpers

    /// <summary>Asserts that <paramref name="fix"/> offers nothing for any of the analyzer's diagnostics in <paramref name="source"/>.</summary>
    private static async Task VerifyNoFixAsync(DiagnosticAnalyzer analyzer, CodeFixProvider fix, string source, int expectedDiagnostics)
    {
        var (document, diagnostics) = await Diagnose(analyzer, source);
        var fixable = diagnostics.Where(d => fix.FixableDiagnosticIds.Contains(d.Id)).ToList();
        Assert.Equal(expectedDiagnostics, fixable.Count);
        foreach (var diagnostic in fixable)
        {
            var actions = new List<CodeAction>();
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
            Assert.True(actions.Count == 0, $"a fix was offered for {diagnostic}");
        }
    }

    private static async Task<(Document Document, ImmutableArray<Diagnostic> Diagnostics)> Diagnose(DiagnosticAnalyzer analyzer, string source)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var documentId = DocumentId.CreateNewId(projectId);
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(projectId, VersionStamp.Create(), "Consumer", "Consumer", LanguageNames.CSharp,
                compilationOptions: AnalyzerHarness.CompilationOptions, parseOptions: AnalyzerHarness.ParseOptions, metadataReferences: AnalyzerHarness.References))
            .AddDocument(documentId, "Test0.cs", SourceText.From(source));
        var document = solution.GetDocument(documentId)!;
        var compilation = (await document.Project.GetCompilationAsync())!;
        return (document, await AnalyzerHarness.RunAsync(analyzer, compilation));
    }

    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) => Task.FromResult<IEnumerable<Diagnostic>>([]);
    }
}
