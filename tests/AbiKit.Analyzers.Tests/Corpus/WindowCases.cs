namespace AbiKit.Analyzers.Tests.Corpus;

/// <summary>Corpus cases for CPU-access windows: ABI002 (access outside a window, after it, or writing a read-only one) and ABI003 (not ended).</summary>
internal static class WindowCases
{
    public static IEnumerable<CorpusCase> All()
    {
        // ---------------------------------------------------------------- straight-line
        yield return new("straight", "window-ok", """
            void M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Write); cpu.Span[0] = 1; }
            """);
        yield return new("straight", "window-not-ended", """
            void M(AllocBuffer b) { var cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Write)|}; cpu.Span[0] = 1; }
            """);
        yield return new("straight", "access-after-end", """
            byte M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Read); cpu.Dispose(); return {|ABI002:cpu.Span|}[0]; }
            """);
        yield return new("straight", "write-in-read-window", """
            void M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); {|ABI002:cpu.Span|}[0] = 1; }
            """);
        yield return new("straight", "read-in-read-window", """
            byte M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); return cpu.Span[0]; }
            """);
        yield return new("straight", "discarded-scope", """
            void M(AllocBuffer b) { {|ABI003:b.BeginCpuAccess(CpuAccess.Read)|}; }
            """);

        // ---------------------------------------------------------------- branches
        yield return new("branches", "ended-on-one-path", """
            void M(AllocBuffer b, bool x) { var cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Read)|}; if (x) cpu.Dispose(); }
            """);
        yield return new("branches", "ended-on-both", """
            void M(AllocBuffer b, bool x) { var cpu = b.BeginCpuAccess(CpuAccess.Write); if (x) { cpu.Span[0] = 1; cpu.Dispose(); } else cpu.Dispose(); }
            """);
        yield return new("branches", "access-after-end-on-a-path", """
            byte M(AllocBuffer b, bool x) { var cpu = b.BeginCpuAccess(CpuAccess.Read); if (x) cpu.Dispose(); var v = {|ABI002:cpu.Span|}[0]; cpu.Dispose(); return v; }
            """);
        yield return new("branches", "early-return-unended", """
            int M(AllocBuffer b, int n) { var cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Read)|}; if (n == 0) return 0; int v = cpu.Span[n]; cpu.Dispose(); return v; }
            """);
        yield return new("branches", "write-after-read-branch", """
            void M(AllocBuffer b, bool w) { using var cpu = b.BeginCpuAccess(w ? CpuAccess.Read | CpuAccess.Write : CpuAccess.Read); Console.WriteLine(cpu.Span[0]); }
            """);

        // ---------------------------------------------------------------- loops
        yield return new("loops", "window-per-iteration", """
            void M(AllocBuffer b, int n) { for (int i = 0; i < n; i++) { using var cpu = b.BeginCpuAccess(CpuAccess.Write); cpu.Span[i] = 1; } }
            """);
        yield return new("loops", "break-leaves-window-open", """
            void M(AllocBuffer b, int n) { for (int i = 0; i < n; i++) { var cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Write)|}; if (i == 2) break; cpu.Dispose(); } }
            """);
        yield return new("loops", "span-used-after-loop-window", """
            void M(AllocBuffer b, int n) { Span<byte> s = default; for (int i = 0; i < n; i++) { using var cpu = b.BeginCpuAccess(CpuAccess.Write); s = cpu.Span; s[0] = 1; } {|ABI002:s|}[1] = 2; }
            """);
        yield return new("loops", "while-ok", """
            void M(AllocBuffer b, int n) { while (n-- > 0) { var cpu = b.BeginCpuAccess(CpuAccess.Read); Console.WriteLine(cpu.Span[0]); cpu.Dispose(); } }
            """);

        // ---------------------------------------------------------------- try / finally
        yield return new("try-finally", "finally-ends", """
            void M(AllocBuffer b, int n) { var cpu = b.BeginCpuAccess(CpuAccess.Write); try { if (n == 0) return; cpu.Span[0] = 1; } finally { cpu.Dispose(); } }
            """);
        yield return new("try-finally", "access-after-finally", """
            byte M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Read); try { Console.WriteLine(cpu.Span[0]); } finally { cpu.Dispose(); } return {|ABI002:cpu.Span|}[0]; }
            """);
        yield return new("try-finally", "using-block-then-access", """
            void M(AllocBuffer b) { Span<byte> s; using (var cpu = b.BeginCpuAccess(CpuAccess.Write)) { s = cpu.Span; s[0] = 1; } {|ABI002:s|}.Fill(0); }
            """);
        yield return new("try-finally", "catch-does-not-end", """
            void M(AllocBuffer b) { var cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Write)|}; try { cpu.Span[0] = 1; cpu.Dispose(); } catch (InvalidOperationException) { } }
            """);

        // ---------------------------------------------------------------- aliases
        yield return new("aliases", "ended-through-alias", """
            void M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Write); var alias = cpu; alias.Span[0] = 1; alias.Dispose(); }
            """);
        yield return new("aliases", "idisposable-alias-ends", """
            void M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Write); IDisposable d = cpu; cpu.Span[0] = 1; d.Dispose(); }
            """);
        yield return new("aliases", "access-after-alias-ended", """
            void M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Write); var alias = cpu; alias.Dispose(); {|ABI002:cpu.Span|}[0] = 1; }
            """);
        yield return new("aliases", "buffer-alias-window", """
            void M(AllocBuffer b) { var c = b; using var cpu = c.BeginCpuAccess(CpuAccess.Read); {|ABI002:cpu.Span|}[0] = 1; }
            """);

        // ---------------------------------------------------------------- struct copies of scopes
        yield return new("struct-copies", "copy-disposed", """
            void M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Write); CpuAccessScope copy = cpu; copy.Span[0] = 1; copy.Dispose(); }
            """);
        yield return new("struct-copies", "copy-in-array-ended", """
            void M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Write); var scopes = new[] { cpu }; scopes[0].Dispose(); }
            """);
        yield return new("struct-copies", "copy-ended-original-used", """
            void M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Write); var copy = cpu; copy.Dispose(); {|ABI002:cpu.Span|}[0] = 1; }
            """);
        yield return new("struct-copies", "copy-read-only-write", """
            void M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); var copy = cpu; {|ABI002:copy.Span|}[0] = 1; }
            """);
        yield return new("struct-copies", "tuple-copy-not-ended", """
            void M(AllocBuffer b) { var cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Write)|}; var copy = cpu; copy.Span[0] = 1; }
            """);

        // ---------------------------------------------------------------- pattern variables
        yield return new("patterns", "pattern-scope-ends", """
            void M(AllocBuffer b) { object o = b.BeginCpuAccess(CpuAccess.Write); if (o is CpuAccessScope s) s.Dispose(); }
            """);
        yield return new("patterns", "pattern-buffer-window-write", """
            void M(object o) { if (o is AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); {|ABI002:cpu.Span|}[0] = 1; } }
            """);
        yield return new("patterns", "pattern-window-ok", """
            void M(object o) { if (o is AllocBuffer { Size: > 0 } b) { using var cpu = b.BeginCpuAccess(CpuAccess.Write); cpu.Span[0] = 1; } }
            """);

        // ---------------------------------------------------------------- ternaries
        yield return new("ternaries", "ternary-direction-read-write", """
            void M(AllocBuffer b, bool w) { using var cpu = b.BeginCpuAccess(w ? CpuAccess.Write : CpuAccess.Read); Console.WriteLine(cpu.Span[0]); }
            """);
        yield return new("ternaries", "ternary-scope-not-ended", """
            void M(AllocBuffer a, AllocBuffer b, bool x) { var cpu = x ? {|ABI003:a.BeginCpuAccess(CpuAccess.Read)|} : {|ABI003:b.BeginCpuAccess(CpuAccess.Read)|}; Console.WriteLine(cpu.Span[0]); }
            """);
        yield return new("ternaries", "ternary-scope-ended", """
            void M(AllocBuffer a, AllocBuffer b, bool x) { using var cpu = x ? a.BeginCpuAccess(CpuAccess.Read) : b.BeginCpuAccess(CpuAccess.Read); Console.WriteLine(cpu.Span[0]); }
            """);

        // ---------------------------------------------------------------- helpers
        yield return new("helpers", "helper-ends-window", """
            void M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Write); cpu.Span[0] = 1; End(cpu); }
            static void End(CpuAccessScope scope) => scope.Dispose();
            """);
        yield return new("helpers", "helper-ends-then-access", """
            void M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Write); End(cpu); {|ABI002:cpu.Span|}[0] = 1; }
            static void End(CpuAccessScope scope) => scope.Dispose();
            """);
        yield return new("helpers", "helper-writes-read-window", """
            void M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); Fill({|ABI002:cpu.Span|}); }
            static void Fill(Span<byte> span) { span[0] = 1; }
            """);
        yield return new("helpers", "helper-reads-read-window", """
            int M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); return Sum(cpu.Span); }
            static int Sum(ReadOnlySpan<byte> span) { int s = 0; foreach (var x in span) s += x; return s; }
            """);
        yield return new("helpers", "helper-only-reads-scope", """
            void M(AllocBuffer b) { var cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Read)|}; Show(cpu); }
            static void Show(CpuAccessScope scope) => Console.WriteLine(scope.Span[0]);
            """);
        yield return new("helpers", "helper-span-param-writes-via-slice", """
            void M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); Zero({|ABI002:cpu.Span|}); }
            static void Zero(Span<byte> span) => span.Slice(1).Clear();
            """);

        // ---------------------------------------------------------------- derived memory
        yield return new("derived", "slice-write", """
            void M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); {|ABI002:cpu.Span|}.Slice(2, 4)[0] = 1; }
            """);
        yield return new("derived", "slice-local-write", """
            void M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); var s = cpu.Span.Slice(2); {|ABI002:s|}[0] = 1; }
            """);
        yield return new("derived", "memorymarshal-cast-write", """
            void M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); MemoryMarshal.Cast<byte, int>({|ABI002:cpu.Span|})[0] = 5; }
            """);
        yield return new("derived", "stream-read", """
            void M(AllocBuffer b, Stream stream) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); stream.Read({|ABI002:cpu.Span|}); }
            """);
        yield return new("derived", "encoding-getbytes", """
            void M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); Encoding.UTF8.GetBytes("hi", {|ABI002:cpu.Span|}); }
            """);
        yield return new("derived", "span-clear", """
            void M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); {|ABI002:cpu.Span|}.Clear(); }
            """);
        yield return new("derived", "slice-write-in-write-window-ok", """
            void M(AllocBuffer b, Stream stream) { using var cpu = b.BeginCpuAccess(CpuAccess.Read | CpuAccess.Write); cpu.Span.Slice(2)[0] = 1; stream.Read(cpu.Span); MemoryMarshal.Cast<byte, int>(cpu.Span)[0] = 2; }
            """);
        yield return new("derived", "slice-read-ok", """
            int M(AllocBuffer b, Stream stream) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); stream.Write(cpu.Span); return cpu.Span.Slice(1)[0] + MemoryMarshal.Cast<byte, int>(cpu.Span)[0]; }
            """);
        yield return new("derived", "cast-local-write", """
            void M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); var ints = MemoryMarshal.Cast<byte, int>(cpu.Span); {|ABI002:ints|}[0] = 1; }
            """);
        yield return new("derived", "derived-after-end", """
            void M(AllocBuffer b) { Span<byte> s; using (var cpu = b.BeginCpuAccess(CpuAccess.Write)) { s = cpu.Span.Slice(1); } {|ABI002:s|}[0] = 1; }
            """);

        // ---------------------------------------------------------------- throw paths
        yield return new("throw", "throw-leaves-window-open", """
            void M(AllocBuffer b, int n) { var cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Read)|}; if (n < 0) throw new ArgumentOutOfRangeException(nameof(n)); cpu.Dispose(); }
            """);
        yield return new("throw", "throw-inside-using-window-ok", """
            void M(AllocBuffer b, int n) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); if (n < 0) throw new ArgumentOutOfRangeException(nameof(n)); }
            """);
        yield return new("throw", "throw-after-end-ok", """
            void M(AllocBuffer b, int n) { var cpu = b.BeginCpuAccess(CpuAccess.Read); cpu.Dispose(); if (n < 0) throw new InvalidOperationException(); }
            """);

        // ---------------------------------------------------------------- correlated branches
        yield return new("correlated", "begin-and-end-under-same-flag", """
            void M(AllocBuffer b, bool x) { CpuAccessScope cpu = default; if (x) cpu = b.BeginCpuAccess(CpuAccess.Write); Console.WriteLine(); if (x) cpu.Dispose(); }
            """);
        yield return new("correlated", "end-under-flag-and-negation", """
            void M(AllocBuffer b, bool x) { var cpu = b.BeginCpuAccess(CpuAccess.Read); if (x) cpu.Dispose(); if (!x) cpu.Dispose(); }
            """);
        yield return new("correlated", "uncorrelated-unended", """
            void M(AllocBuffer b, bool x, bool y) { CpuAccessScope cpu = default; if (x) cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Write)|}; if (y) cpu.Dispose(); }
            """);
        yield return new("correlated", "access-under-same-flag-as-begin", """
            void M(AllocBuffer b, bool x) { CpuAccessScope cpu = default; if (x) cpu = b.BeginCpuAccess(CpuAccess.Write); if (x) { cpu.Span[0] = 1; cpu.Dispose(); } }
            """);

        // ---------------------------------------------------------------- lambdas and async
        yield return new("lambdas", "lambda-window-unended", """
            Action M(AllocBuffer b) => () => { var cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Read)|}; Console.WriteLine(cpu.Span[0]); };
            """);
        yield return new("lambdas", "local-function-window-ok", """
            void M(AllocBuffer b) { Run(); void Run() { using var cpu = b.BeginCpuAccess(CpuAccess.Write); cpu.Span[0] = 1; } }
            """);
        yield return new("lambdas", "async-window-unended", """
            async Task M(AllocBuffer b) { var cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Read)|}; await Task.Yield(); }
            """);
    }
}
