using AbiKit.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AbiKit.Analyzers.Tests;

/// <summary>
/// dma-buf SYNC is one ioctl for both ends of a CPU-access window: its semantics begin CPU access when
/// DMA_BUF_SYNC_END is clear and end it when it is set. The generated client carries both conditions whole, so the
/// analyzers tell START from END by the flags the call passes (ABI003 for a START never ended).
/// </summary>
public class DmaBufSyncTests
{
    private const string Usings = """
        using System;
        using AbiKit.Interop.DmaBuf;
        using AbiKit.Runtime.Channels;

        """;

    private static async Task Verify(string members)
    {
        var (source, expected) = AnalyzerHarness.ParseMarkup(Usings + "public class Consumer\n{\n" + members + "\n}\n");
        var trees = GeneratedClients.Of("dma-buf").Select((s, i) => CSharpSyntaxTree.ParseText(s, AnalyzerHarness.ParseOptions, $"/Generated{i}.cs"))
            .Append(CSharpSyntaxTree.ParseText(source, AnalyzerHarness.ParseOptions, "/Test0.cs"));
        var compilation = CSharpCompilation.Create("Consumer", trees, AnalyzerHarness.References, AnalyzerHarness.CompilationOptions);
        var actual = await AnalyzerHarness.RunAsync(new CpuAccessSyncAnalyzer(), compilation);
        var got = actual.Where(d => d.Location.SourceTree?.FilePath == "/Test0.cs").Select(d => (d.Id, d.Location.SourceSpan)).OrderBy(x => x.SourceSpan.Start).ToList();
        var want = expected.Select(x => (x.Id, x.Span)).OrderBy(x => x.Span.Start).ToList();
        Assert.True(got.SequenceEqual(want), $"expected: {string.Join(", ", want)}\nactual: {string.Join("\n", actual)}");
    }

    [Fact]
    public Task Start_without_end_is_an_unbalanced_window() => Verify("""
        void M(IIoctlChannel channel)
        {
            var client = new DmaBufClient(channel);
            var sync = new SyncArgs { Flags = SyncFlags.Start | SyncFlags.Read };
            {|ABI003:client.Sync(ref sync)|};
        }
        """);

    [Fact]
    public Task Start_then_end_is_balanced() => Verify("""
        void M(IIoctlChannel channel)
        {
            var client = new DmaBufClient(channel);
            var sync = new SyncArgs { Flags = SyncFlags.Start | SyncFlags.Rw };
            client.Sync(ref sync);
            sync.Flags = SyncFlags.End | SyncFlags.Rw;
            client.Sync(ref sync);
        }
        """);

    [Fact]
    public Task Start_ended_on_one_path_only() => Verify("""
        void M(IIoctlChannel channel, bool done)
        {
            var client = new DmaBufClient(channel);
            var start = new SyncArgs { Flags = SyncFlags.Write };
            {|ABI003:client.Sync(ref start)|};
            if (done)
            {
                var end = new SyncArgs { Flags = SyncFlags.End | SyncFlags.Write };
                client.Sync(ref end);
            }
        }
        """);

    [Fact]
    public Task End_alone_opens_nothing() => Verify("""
        void M(IIoctlChannel channel)
        {
            var client = new DmaBufClient(channel);
            var sync = default(SyncArgs);
            sync.Flags = SyncFlags.End | SyncFlags.Read;
            client.Sync(ref sync);
        }
        """);

    [Fact]
    public Task Flags_not_known_at_the_call_decide_nothing() => Verify("""
        void M(IIoctlChannel channel, SyncFlags flags)
        {
            var client = new DmaBufClient(channel);
            var sync = new SyncArgs { Flags = flags };
            client.Sync(ref sync);
        }
        """);
}
