using AbiKit.Analyzers.Rules;
using static AbiKit.Analyzers.Tests.Sources;

namespace AbiKit.Analyzers.Tests;

/// <summary>ABI002 (CPU access without sync, after the end, or writing in a read-only window) and ABI003 (window not ended on every path).</summary>
public class CpuAccessSyncAnalyzerTests
{
    private static Task Verify(string members) => AnalyzerHarness.VerifyAsync(new CpuAccessSyncAnalyzer(), AllocSource(members));

    // ------------------------------------------------------------ ABI002 positives

    [Fact]
    public Task Access_after_the_window_ended() => Verify("""
        void M(AllocBuffer b)
        {
            var cpu = b.BeginCpuAccess(CpuAccess.Read | CpuAccess.Write);
            cpu.Span[0] = 1;
            cpu.Dispose();
            {|ABI002:cpu.Span|}[1] = 2;
            Console.WriteLine({|ABI002:cpu.Slice(0, 4)|}[0]);
        }
        """);

    [Fact]
    public Task Span_used_after_its_using_scope_ended() => Verify("""
        void M(AllocBuffer b)
        {
            Span<byte> span;
            using (var cpu = b.BeginCpuAccess(CpuAccess.Write))
            {
                span = cpu.Span;
                span[0] = 1;
            }
            {|ABI002:span|}[1] = 2;
            {|ABI002:span|}.Fill(0);
        }
        """);

    [Fact]
    public Task Write_inside_a_read_only_window() => Verify("""
        void M(AllocBuffer b, byte[] data)
        {
            using var cpu = b.BeginCpuAccess(CpuAccess.Read);
            Console.WriteLine(cpu.Span[0]);
            {|ABI002:cpu.Span|}[0] = 1;
            {|ABI002:cpu.Span|}[1]++;
            {|ABI002:cpu.Slice(0, 8)|}.Clear();
            data.AsSpan().CopyTo({|ABI002:cpu.Span|});
            var span = cpu.Span;
            {|ABI002:span|}[2] = 3;
            Console.WriteLine(span[3]);
        }
        """);

    [Fact]
    public Task Access_after_the_window_ended_on_some_path() => Verify("""
        void M(AllocBuffer b, bool early)
        {
            var cpu = b.BeginCpuAccess(CpuAccess.Read);
            if (early) cpu.Dispose();
            Console.WriteLine({|ABI002:cpu.Span|}[0]);
            cpu.Dispose(); // ending twice is harmless
        }
        """);

    /// <summary>
    /// Branches on the same flag are correlated (the state is split by the flag's value), so the infeasible path
    /// "not early, then not !early" is not considered; an independent second flag still is.
    /// </summary>
    [Fact]
    public Task Correlated_branches_are_not_reported() => Verify("""
        void M(AllocBuffer b, bool early, bool other)
        {
            var cpu = b.BeginCpuAccess(CpuAccess.Read);
            if (early) cpu.Dispose();
            if (!early) cpu.Dispose();
            var second = {|ABI003:b.BeginCpuAccess(CpuAccess.Read)|};
            if (early) second.Dispose();
            if (other) second.Dispose();
        }
        """);

    [Fact]
    public Task Access_after_a_try_finally_ended_the_window() => Verify("""
        int M(AllocBuffer b, int n)
        {
            var cpu = b.BeginCpuAccess(CpuAccess.Read);
            try
            {
                if (n == 0) return 0;
                for (int i = 0; i < n; i++) if (cpu.Span[i] == 0) break;
            }
            finally
            {
                cpu.Dispose();
            }
            return {|ABI002:cpu.Span|}[0];
        }
        """);

    // ------------------------------------------------------------ ABI002 negatives

    [Fact]
    public Task Correct_windows_are_clean() => Verify("""
        void M(AllocBuffer b, byte[] data, int n)
        {
            using (var cpu = b.BeginCpuAccess(CpuAccess.Read | CpuAccess.Write))
            {
                cpu.Span[0] = 1;
                data.AsSpan().CopyTo(cpu.Span);
                Console.WriteLine(cpu.Slice(0, 4)[0]);
            }
            for (int i = 0; i < n; i++)
            {
                using var cpu = b.BeginCpuAccess(CpuAccess.Write);
                cpu.Span[i] = (byte)i;
                if (i == 3) continue;
                cpu.Span.Fill(0);
            }
            using (var read = b.BeginCpuAccess(CpuAccess.Read))
            {
                read.Span.CopyTo(data);
                var s = read.Span;
                Console.WriteLine(s[0] + s.Length);
            }
        }
        CpuAccess Direction() => CpuAccess.Read;
        void NonConstantDirection(AllocBuffer b)
        {
            using var cpu = b.BeginCpuAccess(Direction());
            cpu.Span[0] = 1; // the direction is not a constant: not checked
        }
        void ParameterScope(CpuAccessScope cpu) => cpu.Span[0] = 1; // the caller's window: unknown here
        """);

    // ------------------------------------------------------------ ABI003

    [Fact]
    public Task Window_never_ended() => Verify("""
        void M(AllocBuffer b)
        {
            var cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Read)|};
            Console.WriteLine(cpu.Span[0]);
        }
        """);

    [Fact]
    public Task Window_not_ended_on_early_return() => Verify("""
        int M(AllocBuffer b)
        {
            var cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Read)|};
            if (cpu.Span[0] == 0) return 0;
            cpu.Dispose();
            return 1;
        }
        """);

    [Fact]
    public Task Window_begun_in_a_loop_and_ended_only_after_it() => Verify("""
        void M(AllocBuffer b, int n)
        {
            CpuAccessScope cpu = default;
            for (int i = 0; i < n; i++)
            {
                cpu = {|ABI003:b.BeginCpuAccess(CpuAccess.Write)|};
                cpu.Span[i] = 1;
            }
            cpu.Dispose();
        }
        """);

    [Fact]
    public Task Discarded_window_scope() => Verify("""
        void M(AllocBuffer b)
        {
            {|ABI003:b.BeginCpuAccess(CpuAccess.Read)|};
        }
        """);

    [Fact]
    public Task Windows_ended_on_every_path_are_clean() => Verify("""
        int M(AllocBuffer b, int n)
        {
            var cpu = b.BeginCpuAccess(CpuAccess.Read);
            try
            {
                if (n == 0) return -1;
                while (n > 0) { if (cpu.Span[n] == 0) break; n--; }
                return cpu.Span[0];
            }
            finally
            {
                cpu.Dispose();
            }
        }
        CpuAccessScope Handed(AllocBuffer b) => b.BeginCpuAccess(CpuAccess.Read);
        CpuAccessScope HandedLocal(AllocBuffer b) { var cpu = b.BeginCpuAccess(CpuAccess.Read); return cpu; }
        void UsingVar(AllocBuffer b, bool early)
        {
            using var cpu = b.BeginCpuAccess(CpuAccess.Write);
            if (early) return;
            cpu.Span[0] = 1;
        }
        void Nested(AllocBuffer a, AllocBuffer b)
        {
            using (var x = a.BeginCpuAccess(CpuAccess.Read))
            using (var y = b.BeginCpuAccess(CpuAccess.Write))
            {
                x.Span.CopyTo(y.Span);
            }
        }
        """);

    [Fact]
    public Task Captured_scopes_are_not_tracked() => Verify("""
        void M(AllocBuffer b)
        {
            var cpu = b.BeginCpuAccess(CpuAccess.Read);
            Action end = () => cpu.Dispose();
            end();
            Console.WriteLine(cpu.Span[0]);
        }
        """);

    // ------------------------------------------------------------ call-style windows (hand-annotated API)

    private static Task VerifyHand(string members) => AnalyzerHarness.VerifyAsync(new CpuAccessSyncAnalyzer(), HandApi.With(members));

    [Fact]
    public Task Call_style_access_without_a_window() => VerifyHand("""
        void M(byte[] data)
        {
            using var slab = Slab.Create();
            {|ABI002:slab.Contents|}[0] = 1;
            data.AsSpan().CopyTo({|ABI002:slab.Contents|});
        }
        """);

    [Fact]
    public Task Call_style_window_misuse() => VerifyHand("""
        void AfterEnd()
        {
            using var slab = Slab.Create();
            slab.BeginAccess(CpuAccess.Write);
            slab.Contents[0] = 1;
            slab.EndAccess();
            {|ABI002:slab.Contents|}[1] = 2;
        }
        void ReadOnlyWindow()
        {
            using var slab = Slab.Create();
            slab.BeginAccess(CpuAccess.Read);
            Console.WriteLine(slab.Contents[0]);
            {|ABI002:slab.Contents|}.Fill(0);
            slab.EndAccess();
        }
        void NotEnded(bool fast)
        {
            using var slab = Slab.Create();
            {|ABI003:slab.BeginAccess(CpuAccess.Read)|};
            if (fast) return;
            slab.EndAccess();
        }
        """);

    [Fact]
    public Task Call_style_windows_used_correctly() => VerifyHand("""
        void Calls(int n)
        {
            using var slab = Slab.Create();
            slab.BeginAccess(CpuAccess.Read | CpuAccess.Write);
            try
            {
                for (int i = 0; i < n; i++) slab.Contents[i] = 0;
            }
            finally
            {
                slab.EndAccess();
            }
        }
        void ScopeOnTheObject()
        {
            using var slab = Slab.Create();
            using (slab.Open(CpuAccess.Write))
            {
                slab.Contents[0] = 1; // the object's window is the scope's
            }
            using var mapping = slab.Open(CpuAccess.Read);
            Console.WriteLine(slab.Contents[0]);
        }
        void Parameter(Slab slab) => slab.Contents[0] = 1; // the caller's window: unknown here
        """);

    [Fact]
    public Task Window_direction_comes_from_the_specs_access_tags() => AnalyzerHarness.VerifyAsync(new CpuAccessSyncAnalyzer(), """
        using System;
        using AbiKit.Model;
        using AbiKit.Runtime.Semantics;

        [Flags]
        public enum SurfaceAccess : uint
        {
            [AbiAccess(CpuAccess.Read)] Fetch = 1,
            [AbiAccess(CpuAccess.Write)] Store = 2,
            ReadOnly = 4, // no access tag: its name must not make it a read
        }

        public sealed class Surface
        {
            [AbiSemantic(SemanticEffect.BeginsCpuAccess)]
            public Window Open(SurfaceAccess access) => new Window();
        }

        public readonly struct Window : IDisposable
        {
            [AbiSemantic(SemanticEffect.RequiresCpuAccess)]
            public Span<byte> Bytes => Span<byte>.Empty;

            [AbiSemantic(SemanticEffect.EndsCpuAccess)]
            public void Dispose() { }
        }

        public class Consumer
        {
            void Tagged(Surface s)
            {
                using var w = s.Open(SurfaceAccess.Fetch);
                {|ABI002:w.Bytes|}[0] = 1;
            }

            void Untagged(Surface s)
            {
                using var w = s.Open(SurfaceAccess.ReadOnly | SurfaceAccess.Store);
                w.Bytes[0] = 1;
            }
        }
        """);
}
