using System.Text;
using AbiKit.Analyzers.Rules;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AbiKit.Analyzers.Tests;

/// <summary>
/// The typestate analyzers on code nobody wrote by hand: a large random method body mixing every construct the
/// graph has (branches, loops, switch, try/catch/finally, using, using var, lambdas, local functions, goto,
/// conditional access) must compile, and analyzing it must not throw (AD0001) or take long. Also checks the
/// analyzers' copy of the effect vocabulary against the model's.
/// </summary>
public class TypestateRobustnessTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Large_random_method_is_analyzed_without_crashing(int seed)
    {
        string source = RandomProgram.Generate(seed, statements: 1000);
        var compilation = AnalyzerHarness.Compile(source);
        int reported = 0;
        foreach (DiagnosticAnalyzer analyzer in new DiagnosticAnalyzer[] { new LifetimeAnalyzer(), new CpuAccessSyncAnalyzer(), new UnpinnedAccessAnalyzer() })
        {
            reported += (await AnalyzerHarness.RunAsync(analyzer, compilation)).Length; // fails on AD0001 and on compile errors
        }
        Assert.True(reported > 0, "the random program should contain some misuse");
    }

    [Fact]
    public async Task Code_with_errors_does_not_crash_the_analyzers()
    {
        // What the IDE sees while typing: unbound names, missing arguments, half-written statements.
        string source = Sources.AllocSource("""
            void M(IIoctlChannel ch, bool c)
            {
                var b = AllocBuffer.Create(ch);
                var s = b.BeginCpuAccess(CpuAccess.Rea);
                using var x = Missing.Create(ch, 1);
                s.Span[0] = ;
                if (c) return b
                b.Dispose(;
                s.Span[1] = 2;
                foreach (var q in b) { }
                Action a = () => { var y = AllocBuffer.Create(ch, 1); y.; };
            }
            """);
        var compilation = AnalyzerHarness.Compile(source);
        Assert.NotEmpty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        foreach (DiagnosticAnalyzer analyzer in new DiagnosticAnalyzer[] { new LifetimeAnalyzer(), new CpuAccessSyncAnalyzer(), new UnpinnedAccessAnalyzer() })
        {
            var withAnalyzers = compilation.WithAnalyzers([analyzer], new CompilationWithAnalyzersOptions(new AnalyzerOptions([]), null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: false));
            var all = await withAnalyzers.GetAllDiagnosticsAsync();
            Assert.DoesNotContain(all, d => d.Id == "AD0001");
        }
    }

    [Fact]
    public async Task Methods_without_annotated_members_are_skipped_cheaply()
    {
        var body = new StringBuilder();
        for (int i = 0; i < 400; i++) body.AppendLine($"int M{i}(int n) {{ int s = 0; for (int i = 0; i < n; i++) {{ if (i % 3 == 0) continue; s += i; }} try {{ return s; }} finally {{ s = 0; }} }}");
        var compilation = AnalyzerHarness.Compile(Sources.AllocSource(body.ToString()));
        foreach (DiagnosticAnalyzer analyzer in new DiagnosticAnalyzer[] { new LifetimeAnalyzer(), new CpuAccessSyncAnalyzer(), new UnpinnedAccessAnalyzer() })
        {
            Assert.Empty(await AnalyzerHarness.RunAsync(analyzer, compilation));
        }
    }

    [Fact]
    public async Task Nothing_happens_without_AbiKit()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Plain",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("class C { void M() { var d = new System.IO.MemoryStream(); d.Dispose(); d.WriteByte(1); } }")],
            AnalyzerHarness.References.Where(r => !(r.Display ?? "").Contains("AbiKit", StringComparison.Ordinal)),
            AnalyzerHarness.CompilationOptions);
        Assert.Null(compilation.GetTypeByMetadataName(SemanticIndex.AttributeName));
        Assert.Empty(await AnalyzerHarness.RunAsync(new LifetimeAnalyzer(), compilation));
    }

    /// <summary>Random but compiling consumer code over AllocBuffer and the hand-annotated API.</summary>
    internal sealed class RandomProgram
    {
        private readonly Random _random;
        private readonly StringBuilder _text = new();
        private int _budget;
        private int _fresh;
        private int _labels;

        private RandomProgram(int seed, int statements)
        {
            _random = new Random(seed);
            _budget = statements;
        }

        public static string Generate(int seed, int statements)
        {
            var program = new RandomProgram(seed, statements);
            var t = program._text;
            t.AppendLine("void M(IIoctlChannel ch, int n, byte[] data, AllocBuffer param, Acme.Gpu.Surface surface, Acme.Gpu.Slab slab)");
            t.AppendLine("{");
            t.AppendLine("    AllocBuffer? b0 = null, b1 = null, b2 = null, b3 = null;");
            t.AppendLine("    CpuAccessScope s0 = default, s1 = default;");
            t.AppendLine("    Acme.Gpu.Residency r0 = default;");
            t.AppendLine("    Span<byte> span = default;");
            t.AppendLine("    object? sink = null;");
            while (program._budget > 0) program.Statement(1, inLoop: false);
            t.AppendLine("    Console.WriteLine(sink);");
            t.AppendLine("}");
            return Sources.AllocUsings + HandApi.Source + "public class Consumer\n{\n" + t + "\n}\n";
        }

        private string B => "b" + _random.Next(4);
        private string S => "s" + _random.Next(2);
        private string Access => _random.Next(3) switch { 0 => "CpuAccess.Read", 1 => "CpuAccess.Write", _ => "CpuAccess.Read | CpuAccess.Write" };

        private void Line(int depth, string line) => _text.Append(' ', depth * 4).AppendLine(line);

        private void Statement(int depth, bool inLoop, bool inFinally = false, bool simple = false)
        {
            _budget--;
            int choice = simple ? _random.Next(3) : depth > 6 ? _random.Next(22) : _random.Next(34);
            if (simple && choice == 0) choice = 2;
            int id = _fresh++;
            switch (choice)
            {
                case 0: Line(depth, $"{B} = AllocBuffer.Create(ch, 4096);"); break;
                case 1: Line(depth, $"{B}?.Dispose();"); break;
                case 2: Line(depth, $"{B}!.Write(0, data);"); break;
                case 3: Line(depth, $"using var u{id} = AllocBuffer.Create(ch, 4096);"); break;
                case 4: Line(depth, $"{S} = {B}!.BeginCpuAccess({Access});"); break;
                case 5: Line(depth, $"{S}.Span[{_random.Next(8)}] = 1;"); break;
                case 6: Line(depth, $"{S}.Dispose();"); break;
                case 7: Line(depth, $"span = {S}.Span;"); break;
                case 8: Line(depth, $"span[0] = (byte)n;"); break;
                case 9: Line(depth, $"sink = {B};"); break;
                case 10: Line(depth, $"if (AllocBuffer.TryCreate(ch, 4096, Caching.Cached, out var t{id}) == Errno.Ok) t{id}!.Dispose();"); break;
                case 11: Line(depth, $"r0 = surface.MakeResident();"); break;
                case 12: Line(depth, $"surface.Submit(n);"); break;
                case 13: Line(depth, $"r0.Dispose();"); break;
                case 14: Line(depth, $"slab.BeginAccess({Access});"); break;
                case 15: Line(depth, $"slab.Contents[n] = 2;"); break;
                case 16: Line(depth, $"slab.EndAccess();"); break;
                case 17: Line(depth, $"param.Write(0, data);"); break;
                case 18: Line(depth, $"{B} = n > {id % 7} ? {B} : null;"); break;
                case 19: Line(depth, inLoop && _random.Next(2) == 0 ? "break;" : "n++;"); break;
                case 20: Line(depth, inLoop && _random.Next(2) == 0 ? "continue;" : "n--;"); break;
                case 21: Line(depth, $"using (var c{id} = param.BeginCpuAccess({Access})) {{ c{id}.Span[0] = 3; }}"); break;
                case 22:
                    Line(depth, $"if (n > {id % 11})");
                    Block(depth, inLoop, inFinally);
                    if (_random.Next(2) == 0) { Line(depth, "else"); Block(depth, inLoop, inFinally); }
                    break;
                case 23:
                    Line(depth, $"for (int i{id} = 0; i{id} < n; i{id}++)");
                    Block(depth, inLoop: true, inFinally);
                    break;
                case 24:
                    Line(depth, $"while (n-- > {id % 5})");
                    Block(depth, inLoop: true, inFinally);
                    break;
                case 25:
                    Line(depth, "try");
                    Block(depth, inLoop, inFinally);
                    Line(depth, "finally");
                    Block(depth, inLoop: false, inFinally: true);
                    break;
                case 26:
                    Line(depth, "try");
                    Block(depth, inLoop, inFinally);
                    Line(depth, "catch (InvalidOperationException) when (n > 2)");
                    Block(depth, inLoop, inFinally);
                    Line(depth, "catch (Exception)");
                    Block(depth, inLoop, inFinally);
                    break;
                case 27:
                    Line(depth, $"switch (n % 3)");
                    Line(depth, "{");
                    Line(depth + 1, "case 0:");
                    Block(depth + 1, inLoop, inFinally);
                    Line(depth + 2, "break;");
                    Line(depth + 1, "default:");
                    Block(depth + 1, inLoop, inFinally);
                    Line(depth + 2, "break;");
                    Line(depth, "}");
                    break;
                case 28:
                    Line(depth, $"Action a{id} = () =>");
                    Line(depth, "{");
                    Line(depth + 1, $"var x{id} = AllocBuffer.Create(ch, 4096);");
                    Line(depth + 1, $"x{id}.Write(0, data);");
                    Line(depth + 1, $"{B}?.Dispose();");
                    Line(depth, "};");
                    Line(depth, $"a{id}();");
                    break;
                case 29:
                    Line(depth, $"using (var m{id} = {B}!.BeginCpuAccess({Access}))");
                    Block(depth, inLoop, inFinally);
                    break;
                case 30:
                    Line(depth, $"void L{id}() {{ var y{id} = AllocBuffer.Create(ch, 4096); if (n > 1) return; y{id}.Dispose(); }}");
                    Line(depth, $"L{id}();");
                    break;
                case 31:
                    Line(depth, $"foreach (var item{id} in data)");
                    Block(depth, inLoop: true, inFinally);
                    break;
                case 32:
                    int label = _labels++;
                    Line(depth, $"if (n == {id}) goto skip{label};");
                    Statement(depth, inLoop, inFinally, simple: true);
                    Line(depth, $"skip{label}:;");
                    break;
                default:
                    Line(depth, inFinally ? "n += 42;" : "if (n == 42) return;");
                    break;
            }
        }

        private void Block(int depth, bool inLoop, bool inFinally = false)
        {
            Line(depth, "{");
            int count = _random.Next(1, 5);
            for (int i = 0; i < count && _budget > 0; i++) Statement(depth + 1, inLoop, inFinally);
            Line(depth, "}");
        }
    }
}
