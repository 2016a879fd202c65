using AbiKit.Analyzers.Rules;
using static AbiKit.Analyzers.Tests.Sources;

namespace AbiKit.Analyzers.Tests;

/// <summary>ABI004 (use after close) and ABI005 (leak) on the real abikit-alloc API.</summary>
public class LifetimeAnalyzerTests
{
    private static Task Verify(string members) => AnalyzerHarness.VerifyAsync(new LifetimeAnalyzer(), AllocSource(members));

    // ------------------------------------------------------------ ABI005 positives

    [Fact]
    public Task Leak_when_never_disposed() => Verify("""
        void M(IIoctlChannel ch)
        {
            var b = {|ABI005:AllocBuffer.Create(ch, 4096)|};
            b.Write(0, new byte[4]);
        }
        """);

    [Fact]
    public Task Leak_on_early_return() => Verify("""
        void M(IIoctlChannel ch, bool stop)
        {
            var b = {|ABI005:AllocBuffer.Create(ch, 4096)|};
            if (stop) return;
            b.Dispose();
        }
        """);

    [Fact]
    public Task Leak_on_one_branch() => Verify("""
        void M(IIoctlChannel ch, int n)
        {
            var b = {|ABI005:AllocBuffer.Import(ch, 42)|};
            if (n > 0) b.Dispose();
            else Console.WriteLine(b.Size);
        }
        """);

    [Fact]
    public Task Leak_in_loop_overwritten() => Verify("""
        void M(IIoctlChannel ch)
        {
            AllocBuffer b = {|ABI005:AllocBuffer.Create(ch, 4096)|};
            for (int i = 0; i < 3; i++)
            {
                b = {|ABI005:AllocBuffer.Create(ch, 4096)|};
            }
            b.Dispose();
        }
        """);

    [Fact]
    public Task Leak_of_discarded_result() => Verify("""
        void M(IIoctlChannel ch)
        {
            {|ABI005:AllocBuffer.Create(ch, 4096)|};
            _ = {|ABI005:AllocBuffer.Create(ch, 8192)|};
        }
        private readonly IIoctlChannel _channel = null!;
        void NothingElseTracked() => {|ABI005:AllocBuffer.Create(_channel, 4096)|};
        """);

    [Fact]
    public Task Leak_of_out_created_object_on_success_path() => Verify("""
        void M(IIoctlChannel ch)
        {
            if ({|ABI005:AllocBuffer.TryCreate(ch, 4096, Caching.Cached, out var b)|} != Errno.Ok) return;
            Console.WriteLine(b!.Size);
        }
        """);

    [Fact]
    public Task Leak_when_break_skips_the_dispose() => Verify("""
        void M(IIoctlChannel ch, int[] sizes)
        {
            foreach (var size in sizes)
            {
                var b = {|ABI005:AllocBuffer.Create(ch, (ulong)size)|};
                if (size == 0) break;
                b.Dispose();
            }
        }
        """);

    // ------------------------------------------------------------ ABI005 negatives

    [Fact]
    public Task No_leak_with_using_var() => Verify("""
        void M(IIoctlChannel ch, bool stop)
        {
            using var b = AllocBuffer.Create(ch, 4096);
            if (stop) return;
            b.Write(0, new byte[4]);
        }
        """);

    [Fact]
    public Task No_leak_with_using_statement_and_expression_resource() => Verify("""
        void M(IIoctlChannel ch)
        {
            using (var b = AllocBuffer.Create(ch, 4096)) { b.Write(0, new byte[4]); }
            using (AllocBuffer.Create(ch, 4096)) { }
            var c = AllocBuffer.Create(ch, 4096);
            using (c) { c.Write(0, new byte[4]); }
        }
        """);

    [Fact]
    public Task No_leak_with_try_finally() => Verify("""
        void M(IIoctlChannel ch, int n)
        {
            var b = AllocBuffer.Create(ch, 4096);
            try
            {
                if (n == 0) return;
                for (int i = 0; i < n; i++) { if (i == 3) break; b.Write(0, new byte[4]); }
            }
            finally
            {
                b.Dispose();
            }
        }
        """);

    [Fact]
    public Task No_leak_with_nullable_local_closed_in_finally_or_catch() => Verify("""
        void M(IIoctlChannel ch, int n)
        {
            AllocBuffer? b = null;
            try
            {
                if (n == 0) return;
                b = AllocBuffer.Create(ch, 4096);
                b.Write(0, new byte[4]);
            }
            finally
            {
                b?.Dispose();
            }
        }
        AllocBuffer Build(IIoctlChannel ch)
        {
            AllocBuffer? b = null;
            try
            {
                b = AllocBuffer.Create(ch, 4096);
                b.Write(0, new byte[4]);
                return b;
            }
            catch
            {
                if (b != null) b.Dispose();
                throw;
            }
        }
        async System.Threading.Tasks.Task Async(IIoctlChannel ch)
        {
            using var b = AllocBuffer.Create(ch, 4096);
            await System.Threading.Tasks.Task.Yield();
            b.Write(0, new byte[4]);
        }
        """);

    [Fact]
    public Task No_leak_when_ownership_is_transferred() => Verify("""
        private AllocBuffer? _kept;
        private readonly System.Collections.Generic.List<AllocBuffer> _all = new();
        AllocBuffer Returned(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); b.Write(0, new byte[4]); return b; }
        AllocBuffer Direct(IIoctlChannel ch) => AllocBuffer.Create(ch, 4096);
        void Field(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); _kept = b; }
        void Passed(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); _all.Add(b); }
        void Out(IIoctlChannel ch, out AllocBuffer result) { var b = AllocBuffer.Create(ch, 4096); result = b; }
        void Array(IIoctlChannel ch, AllocBuffer[] into) { var b = AllocBuffer.Create(ch, 4096); into[0] = b; }
        void Tuple(IIoctlChannel ch) { var b = AllocBuffer.Create(ch, 4096); var t = (b, 1); Console.WriteLine(t); }
        """);

    [Fact]
    public Task No_leak_when_out_creation_failed() => Verify("""
        void M(IIoctlChannel ch)
        {
            if (AllocBuffer.TryCreate(ch, 4096, Caching.Cached, out var b) != Errno.Ok) return;
            b!.Dispose();
            var result = AllocBuffer.TryCreate(ch, 4096, Caching.Cached, out var c);
            if (result != Errno.Ok) { Console.WriteLine(result); return; }
            using (c) { }
            AllocBuffer.TryCreate(ch, 4096, Caching.Cached, out var d);
            if (d is null) return;
            d.Dispose();
            AllocBuffer.TryCreate(ch, 4096, Caching.Cached, out var e);
            e?.Dispose();
            if (AllocBuffer.TryCreate(ch, 4096, Caching.Cached, out var f) is not Errno.Ok) return;
            f!.Dispose();
            if (AllocBuffer.TryCreate(ch, 4096, Caching.Cached, out var g) is Errno.Ok) g!.Dispose();
        }
        """);

    [Fact]
    public Task No_leak_when_captured_by_a_lambda() => Verify("""
        void M(IIoctlChannel ch)
        {
            var b = AllocBuffer.Create(ch, 4096);
            Action close = () => b.Dispose();
            close();
        }
        void Local(IIoctlChannel ch)
        {
            var b = AllocBuffer.Create(ch, 4096);
            Close();
            void Close() => b.Dispose();
        }
        """);

    [Fact]
    public Task Lambda_bodies_are_analyzed_on_their_own() => Verify("""
        void M(IIoctlChannel ch)
        {
            Action a = () =>
            {
                var b = {|ABI005:AllocBuffer.Create(ch, 4096)|};
                b.Write(0, new byte[4]);
            };
            Func<AllocBuffer> f = () => AllocBuffer.Create(ch, 4096);
            Action discard = () => {|ABI005:AllocBuffer.Create(ch, 4096)|};
            a();
            LocalLeak();
            void LocalLeak() { var c = {|ABI005:AllocBuffer.Create(ch, 4096)|}; }
        }
        """);

    [Fact]
    public Task Explicit_throw_paths_leak_like_any_exit() => Verify("""
        void M(IIoctlChannel ch, int n)
        {
            var b = {|ABI005:AllocBuffer.Create(ch, 4096)|};
            if (n < 0) throw new ArgumentOutOfRangeException(nameof(n));
            b.Dispose();
        }
        """);

    [Fact]
    public Task Catch_that_disposes_and_rethrows_is_fine() => Verify("""
        AllocBuffer M(IIoctlChannel ch)
        {
            var b = AllocBuffer.Create(ch, 4096);
            try
            {
                b.Write(0, new byte[4]);
                return b;
            }
            catch
            {
                b.Dispose();
                throw;
            }
        }
        """);

    // ------------------------------------------------------------ ABI004

    [Fact]
    public Task Use_after_dispose() => Verify("""
        void M(IIoctlChannel ch)
        {
            var b = AllocBuffer.Create(ch, 4096);
            b.Dispose();
            {|ABI004:b.Write(0, new byte[4])|};
            Console.WriteLine({|ABI004:b.Size|});
        }
        """);

    [Fact]
    public Task Use_after_dispose_on_some_path() => Verify("""
        void M(IIoctlChannel ch, bool early)
        {
            using var b = AllocBuffer.Create(ch, 4096);
            if (early) b.Dispose();
            {|ABI004:b.Pin()|}.Dispose();
        }
        """);

    [Fact]
    public Task Use_after_dispose_of_a_parameter_and_after_a_loop() => Verify("""
        void M(AllocBuffer b, int n)
        {
            for (int i = 0; i < n; i++)
            {
                {|ABI004:b.Write(0, new byte[4])|};
                if (i == 2) b.Dispose();
            }
        }
        """);

    [Fact]
    public Task Use_after_the_using_scope_disposed_it() => Verify("""
        void M(IIoctlChannel ch)
        {
            var b = AllocBuffer.Create(ch, 4096);
            using (b) { b.Write(0, new byte[4]); }
            {|ABI004:b.Export()|};
        }
        """);

    [Fact]
    public Task No_use_after_close_for_the_correct_pattern() => Verify("""
        void M(IIoctlChannel ch, bool early)
        {
            var b = AllocBuffer.Create(ch, 4096);
            try
            {
                if (early) return;
                b.Write(0, new byte[4]);
            }
            finally
            {
                b.Dispose();
            }
            b = AllocBuffer.Create(ch, 4096);
            b.Write(0, new byte[4]);
            b.Dispose();
            b.Dispose(); // closing twice is allowed (Dispose is idempotent)
        }
        """);

    [Fact]
    public Task Using_var_with_explicit_dispose_is_not_a_double_close_report() => Verify("""
        void M(IIoctlChannel ch)
        {
            using var b = AllocBuffer.Create(ch, 4096);
            b.Write(0, new byte[4]);
            b.Dispose();
        }
        """);

    [Fact]
    public Task Switch_and_goto_paths() => Verify("""
        void M(IIoctlChannel ch, int kind)
        {
            var b = {|ABI005:AllocBuffer.Create(ch, 4096)|};
            switch (kind)
            {
                case 0:
                    b.Dispose();
                    break;
                case 1:
                    goto done;
                default:
                    using (b) { }
                    return;
            }
            done:
            Console.WriteLine(kind);
        }
        void Clean(IIoctlChannel ch, int kind)
        {
            using var b = AllocBuffer.Create(ch, 4096);
            switch (kind)
            {
                case 0: return;
                case 1: goto case 0;
                default: b.Write(0, new byte[1]); break;
            }
        }
        """);

    [Fact]
    public async Task Messages_say_what_closed_it_and_what_to_do()
    {
        var (source, _) = AnalyzerHarness.ParseMarkup(AllocSource("""
            void M(IIoctlChannel ch)
            {
                var b = AllocBuffer.Create(ch, 4096);
                using (b) { }
                b.Export();
                var c = AllocBuffer.Create(ch, 4096);
                c.Dispose();
                c.Export();
                var d = AllocBuffer.Create(ch, 4096);
            }
            """));
        var messages = (await AnalyzerHarness.RunAsync(new LifetimeAnalyzer(), AnalyzerHarness.Compile(source)))
            .OrderBy(d => d.Location.SourceSpan.Start).Select(d => d.GetMessage()).ToList();
        Assert.Equal(
        [
            "'Export' uses 'b' after it may have been closed by 'using'; use it before closing it (its handle may already name another object)",
            "'Export' uses 'c' after it may have been closed by 'c.Dispose'; use it before closing it (its handle may already name another object)",
            "The object created by 'AllocBuffer.Create' is not closed on every path; dispose it (e.g. 'using var') or hand it on (return it, store it, or pass it on)",
        ], messages);
    }
}
