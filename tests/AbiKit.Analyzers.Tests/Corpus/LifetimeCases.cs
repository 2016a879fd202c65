namespace AbiKit.Analyzers.Tests.Corpus;

/// <summary>Corpus cases for object lifetime: ABI004 (use after close) and ABI005 (leak), on the real abikit-alloc API.</summary>
internal static class LifetimeCases
{
    public static IEnumerable<CorpusCase> All()
    {
        // ---------------------------------------------------------------- straight-line
        yield return new("straight", "leak-simple", """
            void M(IIoctlChannel ch) { var b = {|ABI005:AllocBuffer.Create(ch, 4096)|}; b.Write(0, new byte[4]); }
            """);
        yield return new("straight", "closed-ok", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); b.Write(0, new byte[4]); b.Dispose(); }
            """);
        yield return new("straight", "use-after-dispose", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); b.Dispose(); {|ABI004:b.Write(0, new byte[4])|}; }
            """);
        yield return new("straight", "property-after-dispose", """
            ulong M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); b.Dispose(); return {|ABI004:b.Size|}; }
            """);
        yield return new("straight", "import-leak", """
            void M(IIoctlChannel ch) { var b = {|ABI005:AllocBuffer.Import(ch, 7)|}; Console.WriteLine(b.Size); }
            """);
        yield return new("straight", "returned-ok", """
            AllocBuffer M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); b.Write(0, new byte[1]); return b; }
            """);
        yield return new("straight", "discarded", """
            void M(IIoctlChannel ch) { {|ABI005:AllocBuffer.Create(ch, 4096)|}; }
            """);
        yield return new("straight", "overwritten", """
            void M(IIoctlChannel ch) { var b = {|ABI005:AllocBuffer.Create(ch, 4096)|}; b = AllocBuffer.Create(ch, 8192); b.Dispose(); }
            """);

        // ---------------------------------------------------------------- branches
        yield return new("branches", "leak-on-early-return", """
            void M(IIoctlChannel ch, bool stop) { var b = {|ABI005:AllocBuffer.Create(ch, 4096)|}; if (stop) return; b.Dispose(); }
            """);
        yield return new("branches", "closed-on-both", """
            void M(IIoctlChannel ch, bool x) { var b = AllocBuffer.Create(ch, 4096); if (x) { b.Write(0, new byte[1]); b.Dispose(); } else b.Dispose(); }
            """);
        yield return new("branches", "use-after-close-on-one-branch", """
            void M(IIoctlChannel ch, bool x) { using var b = AllocBuffer.Create(ch, 4096); if (x) b.Dispose(); Console.WriteLine({|ABI004:b.Size|}); }
            """);
        yield return new("branches", "switch-leak", """
            void M(IIoctlChannel ch, int k)
            {
                var b = {|ABI005:AllocBuffer.Create(ch, 4096)|};
                switch (k) { case 0: b.Dispose(); break; case 1: return; default: b.Dispose(); break; }
            }
            """);
        yield return new("branches", "switch-ok", """
            void M(IIoctlChannel ch, int k)
            {
                var b = AllocBuffer.Create(ch, 4096);
                switch (k) { case 0: b.Write(0, new byte[1]); break; default: break; }
                b.Dispose();
            }
            """);
        yield return new("branches", "null-conditional-close", """
            void M(IIoctlChannel ch, bool x) { AllocBuffer? b = x ? AllocBuffer.Create(ch, 4096) : null; b?.Dispose(); }
            """);

        // ---------------------------------------------------------------- loops
        yield return new("loops", "leak-per-iteration", """
            void M(IIoctlChannel ch, int n) { for (int i = 0; i < n; i++) { var b = {|ABI005:AllocBuffer.Create(ch, 4096)|}; b.Write(0, new byte[1]); } }
            """);
        yield return new("loops", "closed-per-iteration", """
            void M(IIoctlChannel ch, int n) { for (int i = 0; i < n; i++) { using var b = AllocBuffer.Create(ch, 4096); b.Write(0, new byte[1]); } }
            """);
        yield return new("loops", "use-after-close-next-iteration", """
            void M(IIoctlChannel ch, int n) { var b = {|ABI005:AllocBuffer.Create(ch, 4096)|}; for (int i = 0; i < n; i++) { {|ABI004:b.Write(0, new byte[1])|}; b.Dispose(); } }
            """);
        yield return new("loops", "break-leak", """
            void M(IIoctlChannel ch, int n) { while (n-- > 0) { var b = {|ABI005:AllocBuffer.Create(ch, 4096)|}; if (n == 3) break; b.Dispose(); } }
            """);
        yield return new("loops", "foreach-ok", """
            void M(IIoctlChannel ch, int[] sizes) { foreach (var s in sizes) { var b = AllocBuffer.Create(ch, (ulong)s); try { b.Write(0, new byte[1]); } finally { b.Dispose(); } } }
            """);

        // ---------------------------------------------------------------- try / finally / using
        yield return new("try-finally", "finally-closes", """
            void M(IIoctlChannel ch, int n) { var b = AllocBuffer.Create(ch, 4096); try { if (n == 0) return; b.Write(0, new byte[1]); } finally { b.Dispose(); } }
            """);
        yield return new("try-finally", "using-statement", """
            void M(IIoctlChannel ch) { using (var b = AllocBuffer.Create(ch, 4096)) { b.Write(0, new byte[1]); } }
            """);
        yield return new("try-finally", "use-after-using", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); using (b) { b.Write(0, new byte[1]); } {|ABI004:b.Write(0, new byte[1])|}; }
            """);
        yield return new("try-finally", "catch-leak", """
            void M(IIoctlChannel ch) { var b = {|ABI005:AllocBuffer.Create(ch, 4096)|}; try { b.Write(0, new byte[1]); b.Dispose(); } catch (InvalidOperationException) { Console.WriteLine("x"); } }
            """);
        yield return new("try-finally", "catch-closes", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); try { b.Write(0, new byte[1]); } catch (InvalidOperationException) { b.Dispose(); throw; } b.Dispose(); }
            """);

        // ---------------------------------------------------------------- aliases
        yield return new("aliases", "closed-through-alias", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); var c = b; c.Write(0, new byte[1]); c.Dispose(); }
            """);
        yield return new("aliases", "use-after-close-through-alias", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); var c = b; c.Dispose(); {|ABI004:b.Write(0, new byte[1])|}; }
            """);
        yield return new("aliases", "leak-through-alias", """
            void M(IIoctlChannel ch) { var b = {|ABI005:AllocBuffer.Create(ch, 4096)|}; var c = b; c.Write(0, new byte[1]); }
            """);
        yield return new("aliases", "idisposable-alias-closes", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); IDisposable d = b; b.Write(0, new byte[1]); d.Dispose(); }
            """);
        yield return new("aliases", "idisposable-alias-use-after", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); IDisposable d = b; d.Dispose(); Console.WriteLine({|ABI004:b.Size|}); }
            """);
        yield return new("aliases", "alias-reassigned-ok", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); var c = b; b = AllocBuffer.Create(ch, 1); c.Dispose(); b.Dispose(); }
            """);
        yield return new("aliases", "using-on-alias", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); using var c = b; c.Write(0, new byte[1]); }
            """);

        // ---------------------------------------------------------------- pattern variables
        yield return new("patterns", "pattern-variable-closes", """
            void M(IIoctlChannel ch) { object o = AllocBuffer.Create(ch, 4096); if (o is AllocBuffer b) b.Dispose(); }
            """);
        yield return new("patterns", "pattern-use-after-close", """
            void M(IIoctlChannel ch) { var a = AllocBuffer.Create(ch, 4096); if (a is { } b) { b.Dispose(); Console.WriteLine({|ABI004:a.Size|}); } }
            """);
        yield return new("patterns", "is-not-null-then-close", """
            void M(IIoctlChannel ch, bool x) { AllocBuffer? b = x ? AllocBuffer.Create(ch, 1) : null; if (b is not null) b.Dispose(); }
            """);
        yield return new("patterns", "switch-expression-leak", """
            int M(IIoctlChannel ch, int k) { var b = {|ABI005:AllocBuffer.Create(ch, 4096)|}; return k switch { 0 => 1, _ => (int)b.Size }; }
            """);

        // ---------------------------------------------------------------- ternaries
        yield return new("ternaries", "ternary-create-leak", """
            void M(IIoctlChannel ch, bool big) { var b = big ? {|ABI005:AllocBuffer.Create(ch, 8192)|} : {|ABI005:AllocBuffer.Create(ch, 4096)|}; b.Write(0, new byte[1]); }
            """);
        yield return new("ternaries", "ternary-create-closed", """
            void M(IIoctlChannel ch, bool big) { using var b = big ? AllocBuffer.Create(ch, 8192) : AllocBuffer.Create(ch, 4096); b.Write(0, new byte[1]); }
            """);
        yield return new("ternaries", "ternary-pick-close-use-after", """
            void M(IIoctlChannel ch, bool first)
            {
                using var a = AllocBuffer.Create(ch, 1);
                using var b = AllocBuffer.Create(ch, 2);
                var pick = first ? a : b;
                pick.Dispose();
                Console.WriteLine({|ABI004:pick.Size|} == 0 ? 0 : 1);
            }
            """);
        yield return new("ternaries", "ternary-import-or-create", """
            void M(IIoctlChannel ch, ulong token) { var b = token != 0 ? {|ABI005:AllocBuffer.Import(ch, token)|} : {|ABI005:AllocBuffer.Create(ch, 4096)|}; Console.WriteLine(b.Size); }
            """);

        // ---------------------------------------------------------------- helpers (same compilation)
        yield return new("helpers", "helper-closes", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); Release(b); }
            static void Release(AllocBuffer buffer) { buffer.Write(0, new byte[1]); buffer.Dispose(); }
            """);
        yield return new("helpers", "helper-closes-then-use", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); Release(b); {|ABI004:b.Write(0, new byte[1])|}; }
            static void Release(AllocBuffer buffer) => buffer.Dispose();
            """);
        yield return new("helpers", "helper-only-reads", """
            void M(IIoctlChannel ch) { var b = {|ABI005:AllocBuffer.Create(ch, 4096)|}; Print(b); }
            static void Print(AllocBuffer buffer) => Console.WriteLine(buffer.Size);
            """);
        yield return new("helpers", "helper-reads-then-closed", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); Print(b); b.Dispose(); }
            static void Print(AllocBuffer buffer) => Console.WriteLine(buffer.Size);
            """);
        yield return new("helpers", "unannotated-factory-leak", """
            void M(IIoctlChannel ch) { var b = {|ABI005:Make(ch)|}; b.Write(0, new byte[1]); }
            static AllocBuffer Make(IIoctlChannel ch) => AllocBuffer.Create(ch, 4096);
            """);
        yield return new("helpers", "unannotated-factory-closed", """
            void M(IIoctlChannel ch) { using var b = Make(ch); b.Write(0, new byte[1]); }
            static AllocBuffer Make(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); b.Write(0, new byte[1]); return b; }
            """);
        yield return new("helpers", "helper-keeps-it", """
            readonly List<AllocBuffer> _kept = new();
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); Keep(b); }
            void Keep(AllocBuffer buffer) => _kept.Add(buffer);
            """);
        yield return new("helpers", "helper-closes-on-one-path", """
            void M(IIoctlChannel ch, bool x) { var b = AllocBuffer.Create(ch, 4096); MaybeRelease(b, x); Console.WriteLine(b.Size); b.Dispose(); }
            static void MaybeRelease(AllocBuffer buffer, bool x) { if (x) Console.WriteLine(buffer.Size); }
            """);

        // ---------------------------------------------------------------- throw paths
        yield return new("throw", "throw-leaks", """
            void M(IIoctlChannel ch, int n) { var b = {|ABI005:AllocBuffer.Create(ch, 4096)|}; if (n < 0) throw new ArgumentOutOfRangeException(nameof(n)); b.Dispose(); }
            """);
        yield return new("throw", "throw-after-close-ok", """
            void M(IIoctlChannel ch, int n) { var b = AllocBuffer.Create(ch, 4096); b.Dispose(); if (n < 0) throw new ArgumentOutOfRangeException(nameof(n)); }
            """);
        yield return new("throw", "throw-inside-using-ok", """
            void M(IIoctlChannel ch, int n) { using var b = AllocBuffer.Create(ch, 4096); if (n < 0) throw new ArgumentOutOfRangeException(nameof(n)); b.Write(0, new byte[1]); }
            """);
        yield return new("throw", "throw-in-try-finally-ok", """
            void M(IIoctlChannel ch, int n) { var b = AllocBuffer.Create(ch, 4096); try { if (n < 0) throw new InvalidOperationException(); } finally { b.Dispose(); } }
            """);
        yield return new("throw", "throw-expression-leaks", """
            ulong M(IIoctlChannel ch, string? s) { var b = {|ABI005:AllocBuffer.Create(ch, 4096)|}; var t = s ?? throw new ArgumentNullException(nameof(s)); b.Dispose(); return (ulong)t.Length; }
            """);

        // ---------------------------------------------------------------- correlated branches
        yield return new("correlated", "create-and-close-under-same-flag", """
            void M(IIoctlChannel ch, bool x) { AllocBuffer? b = null; if (x) b = AllocBuffer.Create(ch, 1); Console.WriteLine(); if (x) b!.Dispose(); }
            """);
        yield return new("correlated", "close-under-flag-and-negation", """
            void M(IIoctlChannel ch, bool x) { var b = AllocBuffer.Create(ch, 1); if (x) b.Dispose(); if (!x) b.Dispose(); }
            """);
        yield return new("correlated", "uncorrelated-leak", """
            void M(IIoctlChannel ch, bool x, bool y) { AllocBuffer? b = null; if (x) b = {|ABI005:AllocBuffer.Create(ch, 1)|}; if (y) b!.Dispose(); }
            """);
        yield return new("correlated", "close-under-flag-use-under-negation", """
            void M(IIoctlChannel ch, bool x) { using var b = AllocBuffer.Create(ch, 1); if (x) b.Dispose(); if (!x) Console.WriteLine(b.Size); }
            """);

        // ---------------------------------------------------------------- lambdas and async
        yield return new("lambdas", "leak-in-lambda", """
            Action M(IIoctlChannel ch) => () => { var b = {|ABI005:AllocBuffer.Create(ch, 1)|}; b.Write(0, new byte[1]); };
            """);
        yield return new("lambdas", "local-function-closes", """
            void M(IIoctlChannel ch) { Run(); void Run() { using var b = AllocBuffer.Create(ch, 1); b.Write(0, new byte[1]); } }
            """);
        yield return new("lambdas", "async-leak", """
            async Task M(IIoctlChannel ch) { var b = {|ABI005:AllocBuffer.Create(ch, 1)|}; await Task.Yield(); b.Write(0, new byte[1]); }
            """);
        yield return new("lambdas", "async-use-after-close", """
            async Task M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 1); b.Dispose(); await Task.Yield(); {|ABI004:b.Write(0, new byte[1])|}; }
            """);
        yield return new("lambdas", "linq-ok", """
            ulong M(IIoctlChannel ch, int[] sizes) { using var b = AllocBuffer.Create(ch, 1); return sizes.Select(s => (ulong)s + b.Size).Sum(x => (long)x) > 0 ? 1UL : 0UL; }
            """);
    }
}
