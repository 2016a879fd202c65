namespace AbiKit.Analyzers.Tests.Corpus;

/// <summary>Corpus cases that round the families out: more of each shape, across the rules.</summary>
internal static class MoreCases
{
    public static IEnumerable<CorpusCase> All()
    {
        // ---------------------------------------------------------------- correlated branches
        yield return new("correlated", "pin-under-flag-and-negation", """
            void M(bool x) { using var s = Surface.Allocate(1); Residency r = default; if (x) r = s.MakeResident(); if (x) { s.Submit(0); r.Dispose(); } }
            """);
        yield return new("correlated", "window-under-local-flag", """
            void M(AllocBuffer b, int n) { bool big = n > 10; CpuAccessScope cpu = default; if (big) cpu = b.BeginCpuAccess(CpuAccess.Write); Console.WriteLine(n); if (big) cpu.Dispose(); }
            """);
        yield return new("correlated", "uncorrelated-use-after-close", """
            void M(IIoctlChannel ch, bool x, bool y) { using var b = AllocBuffer.Create(ch, 1); if (x) b.Dispose(); if (y) Console.WriteLine({|ABI004:b.Size|}); }
            """);

        // ---------------------------------------------------------------- lambdas / local functions / async
        yield return new("lambdas", "local-function-leak", """
            void M(IIoctlChannel ch) { Make(); void Make() { var b = {|ABI005:AllocBuffer.Create(ch, 1)|}; b.Write(0, new byte[1]); } }
            """);
        yield return new("lambdas", "lambda-use-after-close", """
            Action M(IIoctlChannel ch) => () => { var b = AllocBuffer.Create(ch, 1); b.Dispose(); Console.WriteLine({|ABI004:b.Size|}); };
            """);
        yield return new("lambdas", "captured-local-not-reported", """
            Action M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 1); return () => b.Dispose(); }
            """);

        // ---------------------------------------------------------------- struct copies
        yield return new("struct-copies", "pin-scope-copy-held", """
            void M(AllocBuffer b) { var pin = b.Pin(); var copy = pin; Console.WriteLine(b.Size); copy.Dispose(); }
            """);
        yield return new("struct-copies", "window-copy-then-original-ended", """
            void M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Write); var copy = cpu; cpu.Dispose(); {|ABI002:copy.Span|}[0] = 1; }
            """);
        yield return new("struct-copies", "copy-written-in-write-window", """
            void M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Write); var copy = cpu; copy.Span[0] = 1; copy.Span.Clear(); }
            """);

        // ---------------------------------------------------------------- ternaries
        yield return new("ternaries", "ternary-created-and-disposed", """
            void M(IIoctlChannel ch, bool x) { var b = x ? AllocBuffer.Create(ch, 1) : AllocBuffer.Create(ch, 2); b.Write(0, new byte[1]); b.Dispose(); }
            """);
        yield return new("ternaries", "ternary-or-null-closed", """
            void M(IIoctlChannel ch, bool x) { var b = x ? AllocBuffer.Create(ch, 1) : null; b?.Dispose(); }
            """);
        yield return new("ternaries", "ternary-picked-pinned", """
            void M(bool x) { using var a = Surface.Allocate(1); using var b = Surface.Allocate(2); var s = x ? a : b; using var r = s.MakeResident(); s.Submit(0); }
            """);

        // ---------------------------------------------------------------- throw
        yield return new("throw", "rethrow-in-catch-closes", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 1); try { b.Write(0, new byte[1]); } catch { b.Dispose(); throw; } b.Dispose(); }
            """);
        yield return new("throw", "throw-in-switch-leaks", """
            void M(IIoctlChannel ch, int k) { var b = {|ABI005:AllocBuffer.Create(ch, 1)|}; switch (k) { case 0: throw new InvalidOperationException(); default: b.Dispose(); break; } }
            """);
        yield return new("throw", "throw-before-create-ok", """
            void M(IIoctlChannel ch, int n) { if (n < 0) throw new ArgumentOutOfRangeException(nameof(n)); using var b = AllocBuffer.Create(ch, (ulong)n); }
            """);

        // ---------------------------------------------------------------- derived memory
        yield return new("derived", "asbytes-write", """
            void M(AllocBuffer b) { using var cpu = b.BeginCpuAccess(CpuAccess.Read); var ints = MemoryMarshal.Cast<byte, int>(cpu.Span); MemoryMarshal.AsBytes({|ABI002:ints|})[0] = 1; }
            """);
        yield return new("derived", "stream-read-write-window-ok", """
            int M(AllocBuffer b, Stream s) { using var cpu = b.BeginCpuAccess(CpuAccess.Write); return s.Read(cpu.Span.Slice(4)); }
            """);
        yield return new("derived", "getbytes-outside-window", """
            void M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Write); cpu.Dispose(); Encoding.ASCII.GetBytes("x", {|ABI002:cpu.Span|}); }
            """);

        // ---------------------------------------------------------------- patterns
        yield return new("patterns", "pattern-in-switch-statement-closed", """
            void M(IIoctlChannel ch) { object o = AllocBuffer.Create(ch, 1); switch (o) { case AllocBuffer b: b.Dispose(); break; } }
            """);
        yield return new("patterns", "property-pattern-use-after-close", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 1); b.Dispose(); if ({|ABI004:b.Size|} is > 0) Console.WriteLine(); }
            """);

        // ---------------------------------------------------------------- aliases
        yield return new("aliases", "alias-chain-closes", """
            void M(IIoctlChannel ch) { var a = AllocBuffer.Create(ch, 1); var b = a; var c = b; c.Dispose(); }
            """);
        yield return new("aliases", "alias-chain-use-after", """
            void M(IIoctlChannel ch) { var a = AllocBuffer.Create(ch, 1); var b = a; var c = b; c.Dispose(); {|ABI004:a.Export()|}; }
            """);

        // ---------------------------------------------------------------- loops / try-finally / branches
        yield return new("loops", "do-while-window-ok", """
            void M(AllocBuffer b, int n) { do { using var cpu = b.BeginCpuAccess(CpuAccess.Read); Console.WriteLine(cpu.Span[0]); } while (--n > 0); }
            """);
        yield return new("try-finally", "nested-finally-ends", """
            void M(AllocBuffer b, int n) { var cpu = b.BeginCpuAccess(CpuAccess.Write); try { try { cpu.Span[0] = 1; } finally { Console.WriteLine(n); } } finally { cpu.Dispose(); } }
            """);
        yield return new("try-finally", "finally-closes-use-after", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 1); try { b.Write(0, new byte[1]); } finally { b.Dispose(); } Console.WriteLine({|ABI004:b.Size|}); }
            """);
        yield return new("branches", "else-if-chain-leak", """
            void M(IIoctlChannel ch, int k) { var b = {|ABI005:AllocBuffer.Create(ch, 1)|}; if (k == 0) b.Dispose(); else if (k == 1) b.Dispose(); }
            """);

        // ---------------------------------------------------------------- helpers
        yield return new("helpers", "helper-pins-window-buffer", """
            void M(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Read); Finish(cpu); Console.WriteLine({|ABI002:cpu.Span|}[0]); }
            static void Finish(CpuAccessScope scope) { Console.WriteLine(scope.Span[0]); scope.Dispose(); }
            """);
        yield return new("helpers", "helper-conditional-close-not-assumed", """
            void M(IIoctlChannel ch, bool x) { var b = AllocBuffer.Create(ch, 1); MaybeClose(b, x); }
            static void MaybeClose(AllocBuffer buffer, bool x) { if (x) buffer.Dispose(); }
            """);
        yield return new("helpers", "nested-helper-closes", """
            void M(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 1); Outer(b); {|ABI004:b.Write(0, new byte[1])|}; }
            static void Outer(AllocBuffer buffer) => Inner(buffer);
            static void Inner(AllocBuffer buffer) => buffer.Dispose();
            """);
        yield return new("helpers", "factory-through-local", """
            void M(IIoctlChannel ch) { var b = {|ABI005:Make(ch)|}; Console.WriteLine(b.Size); }
            static AllocBuffer Make(IIoctlChannel ch) { var made = AllocBuffer.Create(ch, 1); made.Write(0, new byte[1]); return made; }
            """);

        // ---------------------------------------------------------------- second API
        yield return new("second-api", "slab-lock-throw-ok", """
            void M(int n) { using var slab = Slab.Create(); slab.Lock(); try { if (n < 0) throw new InvalidOperationException(); Console.WriteLine(slab.Address); } finally { slab.Unlock(); } }
            """);
        yield return new("second-api", "surface-alias-use-after-close", """
            void M() { var s = Surface.Allocate(1); var t = s; t.Dispose(); {|ABI004:s.Submit(0)|}; }
            """);
        yield return new("second-api", "slab-helper-unlocks", """
            void M() { using var slab = Slab.Create(); slab.Lock(); Release(slab); Console.WriteLine({|ABI001:slab.Address|}); }
            static void Release(Slab s) { Console.WriteLine(s.GetHashCode()); s.Unlock(); }
            """);
        yield return new("second-api", "slab-window-throw-unended", """
            void M(int k) { using var slab = Slab.Create(); {|ABI003:slab.BeginAccess(CpuAccess.Read)|}; if (k < 0) throw new InvalidOperationException(); slab.EndAccess(); }
            """);
        yield return new("second-api", "mapping-derived-read-ok", """
            int M() { using var s = Surface.Allocate(1); using var m = s.Map(CpuAccess.Read); return MemoryMarshal.Cast<byte, int>(m.Bytes)[0] + m.Range(0, 4).Slice(1)[0]; }
            """);
        yield return new("second-api", "surface-pinned-by-helper", """
            void M() { using var s = Surface.Allocate(1); Submit(s); }
            static void Submit(Surface s) { using var r = s.MakeResident(); s.Submit(0); }
            """);
    }
}
