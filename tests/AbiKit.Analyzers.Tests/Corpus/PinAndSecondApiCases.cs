namespace AbiKit.Analyzers.Tests.Corpus;

/// <summary>
/// Corpus cases for ABI001 (a RequiresPinned member used while the object may be unpinned) and for the second,
/// hand-written API (<see cref="HandApi"/>): the same rules must hold for any API carrying the attributes.
/// </summary>
internal static class PinAndSecondApiCases
{
    public static IEnumerable<CorpusCase> All()
    {
        // ---------------------------------------------------------------- ABI001, straight and branches
        yield return new("straight", "pin-missing", """
            void M() { using var s = Surface.Allocate(64); {|ABI001:s.Submit(0)|}; }
            """);
        yield return new("straight", "pin-held", """
            void M() { using var s = Surface.Allocate(64); using var r = s.MakeResident(); s.Submit(0); Console.WriteLine(s.GpuAddress); }
            """);
        yield return new("straight", "after-unpin", """
            void M() { using var s = Surface.Allocate(64); var r = s.MakeResident(); s.Submit(0); r.Dispose(); Console.WriteLine({|ABI001:s.GpuAddress|}); }
            """);
        yield return new("branches", "pinned-on-one-branch", """
            void M(bool x) { using var s = Surface.Allocate(64); Residency r = default; if (x) r = s.MakeResident(); {|ABI001:s.Submit(0)|}; r.Dispose(); }
            """);
        yield return new("branches", "call-style-pin-both", """
            void M(bool x) { using var slab = Slab.Create(); slab.Lock(); if (x) Console.WriteLine(slab.Address); else Console.WriteLine(slab.Address + 1); slab.Unlock(); }
            """);
        yield return new("branches", "call-style-unlocked-branch", """
            void M(bool x) { using var slab = Slab.Create(); slab.Lock(); if (x) slab.Unlock(); Console.WriteLine({|ABI001:slab.Address|}); }
            """);
        yield return new("loops", "unlock-in-loop", """
            void M(int n) { using var slab = Slab.Create(); slab.Lock(); for (int i = 0; i < n; i++) { Console.WriteLine({|ABI001:slab.Address|}); slab.Unlock(); } }
            """);
        yield return new("loops", "pin-per-iteration", """
            void M(int n) { using var s = Surface.Allocate(64); for (int i = 0; i < n; i++) { using (s.MakeResident()) s.Submit(i); } }
            """);
        yield return new("try-finally", "unlock-in-finally", """
            void M() { using var slab = Slab.Create(); slab.Lock(); try { Console.WriteLine(slab.Address); } finally { slab.Unlock(); } }
            """);
        yield return new("try-finally", "access-after-finally-unlock", """
            void M() { using var slab = Slab.Create(); slab.Lock(); try { Console.WriteLine(slab.Address); } finally { slab.Unlock(); } Console.WriteLine({|ABI001:slab.Address|}); }
            """);

        // ---------------------------------------------------------------- ABI001, aliases, copies, patterns, ternaries
        yield return new("aliases", "pinned-through-alias", """
            void M() { using var s = Surface.Allocate(64); var t = s; using var r = t.MakeResident(); s.Submit(0); }
            """);
        yield return new("aliases", "unpinned-through-alias", """
            void M() { using var slab = Slab.Create(); var other = slab; slab.Lock(); other.Unlock(); Console.WriteLine({|ABI001:slab.Address|}); }
            """);
        yield return new("struct-copies", "residency-copy-disposed", """
            void M() { using var s = Surface.Allocate(64); var r = s.MakeResident(); var copy = r; copy.Dispose(); {|ABI001:s.Submit(0)|}; }
            """);
        yield return new("struct-copies", "residency-copy-held", """
            void M() { using var s = Surface.Allocate(64); var r = s.MakeResident(); var copy = r; s.Submit(0); copy.Dispose(); }
            """);
        yield return new("struct-copies", "idisposable-residency", """
            void M() { using var s = Surface.Allocate(64); IDisposable r = s.MakeResident(); s.Submit(0); r.Dispose(); }
            """);
        yield return new("patterns", "pattern-surface-from-parameter", """
            void M(object o) { if (o is Surface s) s.Submit(0); }
            """);
        yield return new("patterns", "pattern-surface-created-unpinned", """
            void M() { object o = Surface.Allocate(1); if (o is Surface s) { {|ABI001:s.Submit(0)|}; s.Dispose(); } }
            """);
        yield return new("patterns", "pattern-surface-pinned", """
            void M(object o) { if (o is Surface s) { using var r = s.MakeResident(); s.Submit(0); } }
            """);
        yield return new("ternaries", "ternary-surface-unpinned", """
            void M(bool x) { using var a = Surface.Allocate(1); using var b = Surface.Allocate(2); var s = x ? a : b; {|ABI001:s.Submit(0)|}; }
            """);
        yield return new("helpers", "helper-pins", """
            void M() { using var slab = Slab.Create(); Pin(slab); Console.WriteLine(slab.Address); slab.Unlock(); }
            static void Pin(Slab s) => s.Lock();
            """);
        yield return new("helpers", "helper-unpins", """
            void M() { using var slab = Slab.Create(); slab.Lock(); Unpin(slab); Console.WriteLine({|ABI001:slab.Address|}); }
            static void Unpin(Slab s) => s.Unlock();
            """);
        yield return new("helpers", "helper-reads-only", """
            void M() { using var slab = Slab.Create(); slab.Lock(); Show(slab); Console.WriteLine(slab.Address); slab.Unlock(); }
            static void Show(Slab s) => Console.WriteLine(s.GetHashCode());
            """);
        yield return new("correlated", "lock-and-use-under-same-flag", """
            void M(bool x) { using var slab = Slab.Create(); if (x) slab.Lock(); if (x) { Console.WriteLine(slab.Address); slab.Unlock(); } }
            """);
        yield return new("lambdas", "lambda-unpinned", """
            Action M() => () => { using var s = Surface.Allocate(1); {|ABI001:s.Submit(0)|}; };
            """);
        yield return new("throw", "throw-while-pinned-ok", """
            void M(int n) { using var s = Surface.Allocate(1); using var r = s.MakeResident(); if (n < 0) throw new InvalidOperationException(); s.Submit(n); }
            """);

        // ---------------------------------------------------------------- second API: lifetime and windows
        yield return new("second-api", "surface-leak", """
            void M() { var s = {|ABI005:Surface.Allocate(64)|}; Console.WriteLine(s.Length); }
            """);
        yield return new("second-api", "surface-open-leak", """
            void M(long name) { var s = {|ABI005:Surface.Open(name)|}; Console.WriteLine(s.Length); }
            """);
        yield return new("second-api", "surface-closed", """
            void M() { var s = Surface.Allocate(64); Console.WriteLine(s.Length); s.Dispose(); }
            """);
        yield return new("second-api", "surface-use-after-close", """
            void M() { var s = Surface.Allocate(64); s.Dispose(); {|ABI004:s.Submit(0)|}; }
            """);
        yield return new("second-api", "slab-use-after-close", """
            void M() { var slab = Slab.Create(); slab.Dispose(); {|ABI004:slab.Lock()|}; }
            """);
        yield return new("second-api", "mapping-not-ended", """
            void M() { using var s = Surface.Allocate(64); var m = {|ABI003:s.Map(CpuAccess.Read)|}; Console.WriteLine(m.Bytes[0]); }
            """);
        yield return new("second-api", "mapping-read-only-write", """
            void M() { using var s = Surface.Allocate(64); using var m = s.Map(CpuAccess.Read); {|ABI002:m.Bytes|}[0] = 1; }
            """);
        yield return new("second-api", "mapping-ok", """
            void M() { using var s = Surface.Allocate(64); using var m = s.Map(CpuAccess.Write); m.Bytes[0] = 1; m.Range(0, 4).Clear(); }
            """);
        yield return new("second-api", "slab-begin-end", """
            void M() { using var slab = Slab.Create(); slab.BeginAccess(CpuAccess.Write); slab.Contents[0] = 1; slab.EndAccess(); }
            """);
        yield return new("second-api", "slab-begin-not-ended", """
            void M() { using var slab = Slab.Create(); {|ABI003:slab.BeginAccess(CpuAccess.Write)|}; slab.Contents[0] = 1; }
            """);
        yield return new("second-api", "slab-access-without-begin", """
            void M() { using var slab = Slab.Create(); {|ABI002:slab.Contents|}[0] = 1; }
            """);
        yield return new("second-api", "slab-access-after-end", """
            void M() { using var slab = Slab.Create(); slab.BeginAccess(CpuAccess.Read); Console.WriteLine(slab.Contents[0]); slab.EndAccess(); Console.WriteLine({|ABI002:slab.Contents|}[0]); }
            """);
        yield return new("second-api", "slab-read-window-write-derived", """
            void M() { using var slab = Slab.Create(); slab.BeginAccess(CpuAccess.Read); {|ABI002:slab.Contents|}.Slice(1)[0] = 1; slab.EndAccess(); }
            """);
        yield return new("second-api", "mapping-range-cast-write", """
            void M() { using var s = Surface.Allocate(64); using var m = s.Map(CpuAccess.Read); MemoryMarshal.Cast<byte, int>({|ABI002:m.Range(0, 8)|})[0] = 1; }
            """);
        yield return new("second-api", "surface-helper-closes", """
            void M() { var s = Surface.Allocate(64); Drop(s); }
            static void Drop(Surface s) => s.Dispose();
            """);
        yield return new("second-api", "surface-factory-leak", """
            void M() { var s = {|ABI005:Make()|}; Console.WriteLine(s.Length); }
            static Surface Make() => Surface.Allocate(64);
            """);
        yield return new("second-api", "mapping-alias-ended", """
            void M() { using var s = Surface.Allocate(64); var m = s.Map(CpuAccess.Write); var n = m; m.Bytes[0] = 1; n.Dispose(); }
            """);
        yield return new("second-api", "mapping-throw-unended", """
            void M(int k) { using var s = Surface.Allocate(64); var m = {|ABI003:s.Map(CpuAccess.Write)|}; if (k < 0) throw new InvalidOperationException(); m.Dispose(); }
            """);
        yield return new("second-api", "surface-ternary-leak", """
            void M(bool x, long name) { var s = x ? {|ABI005:Surface.Allocate(64)|} : {|ABI005:Surface.Open(name)|}; Console.WriteLine(s.Length); }
            """);
        yield return new("second-api", "surface-loop-leak", """
            void M(int n) { for (int i = 0; i < n; i++) { var s = {|ABI005:Surface.Allocate(64)|}; if (i > 2) continue; s.Dispose(); } }
            """);
        yield return new("second-api", "surface-pattern-close", """
            void M(bool x) { object o = Surface.Allocate(1); if (o is Surface s) s.Dispose(); }
            """);
    }
}
