using AbiKit.Analyzers.Rules;

namespace AbiKit.Analyzers.Tests;

/// <summary>
/// ABI001 (a RequiresPinned member used while the object may not be pinned). abikit-alloc has no RequiresPinned
/// member, so these use the hand-annotated API of <see cref="HandApi"/>.
/// </summary>
public class UnpinnedAccessAnalyzerTests
{
    private static Task Verify(string members) => AnalyzerHarness.VerifyAsync(new UnpinnedAccessAnalyzer(), HandApi.With(members));

    [Fact]
    public Task Access_without_any_pin() => Verify("""
        void M()
        {
            using var s = Surface.Allocate(4096);
            Console.WriteLine({|ABI001:s.GpuAddress|});
            {|ABI001:s.Submit(0)|};
        }
        """);

    [Fact]
    public Task Access_after_the_pin_scope_ended() => Verify("""
        void M()
        {
            using var s = Surface.Allocate(4096);
            using (s.MakeResident())
            {
                s.Submit(0);
            }
            {|ABI001:s.Submit(1)|};
            var pin = s.MakeResident();
            s.Submit(2);
            pin.Dispose();
            {|ABI001:s.Submit(3)|};
        }
        """);

    [Fact]
    public Task Access_when_pinned_on_one_branch_only() => Verify("""
        void M(bool resident)
        {
            using var s = Surface.Allocate(4096);
            Residency pin = default;
            if (resident) pin = s.MakeResident();
            {|ABI001:s.Submit(0)|};
            pin.Dispose();
        }
        """);

    [Fact]
    public Task Call_style_pins() => Verify("""
        void M(int n)
        {
            using var slab = Slab.Create();
            slab.Lock();
            for (int i = 0; i < n; i++)
            {
                Console.WriteLine({|ABI001:slab.Address|}); // the second iteration runs after Unlock
                slab.Unlock();
            }
        }
        void Correct()
        {
            using var slab = Slab.Create();
            slab.Lock();
            try { Console.WriteLine(slab.Address); }
            finally { slab.Unlock(); }
        }
        """);

    [Fact]
    public Task Pinned_accesses_are_clean() => Verify("""
        void UsingVar(bool early)
        {
            using var s = Surface.Allocate(4096);
            using var pin = s.MakeResident();
            if (early) return;
            s.Submit(0);
            Console.WriteLine(s.GpuAddress);
        }
        void Loop(int n)
        {
            using var s = Surface.Allocate(4096);
            for (int i = 0; i < n; i++)
            {
                using var pin = s.MakeResident();
                s.Submit(i);
                if (i > 2) break;
            }
        }
        void Nested()
        {
            using var s = Surface.Allocate(4096);
            using var outer = s.MakeResident();
            var inner = s.MakeResident();
            inner.Dispose();
            s.Submit(0); // still pinned by the outer scope
        }
        void TryFinally()
        {
            using var s = Surface.Allocate(4096);
            var pin = s.MakeResident();
            try { s.Submit(0); }
            finally { pin.Dispose(); }
        }
        void Parameter(Surface s) => s.Submit(0); // the caller's pin state is unknown here
        void Imported(long name)
        {
            using var s = Surface.Open(name);
            using (s.MakeResident()) s.Submit(0);
        }
        """);

    [Fact]
    public Task Captured_objects_are_not_tracked() => Verify("""
        void M()
        {
            using var s = Surface.Allocate(4096);
            Action submit = () => s.Submit(0);
            submit();
            var t = Surface.Allocate(1);
            Action pin = () => t.MakeResident();
            t.Submit(0);
            t.Dispose();
        }
        """);
}
