using AbiKit.Analyzers.Rules;
using AbiKit.CodeFixes;

namespace AbiKit.Analyzers.Tests;

/// <summary>The ABI006 fix: a managed array handed to an import becomes native page-aligned memory.</summary>
public class Rule6CodeFixTests
{
    [Fact]
    public Task The_typed_clients_byte_array_becomes_page_aligned_memory()
        => Rule6Harness.VerifyFixAsync(new UserMemoryAnalyzer(), new UserMemoryCodeFix(), Rule6Harness.Usings + """
            public static class Consumer
            {
                public static AllocBuffer M(IIoctlChannel channel) => AllocBuffer.FromUserMemory(channel, new byte[4096]);
            }
            """, Rule6Harness.Usings + """
            public static class Consumer
            {
                public static AllocBuffer M(IIoctlChannel channel) => AllocBuffer.FromUserMemory(channel, PageAlignedMemory.Allocate(4096));
            }
            """, "CS0619");

    [Fact]
    public Task A_local_array_used_only_there_becomes_page_aligned_memory()
        => Rule6Harness.VerifyFixAsync(new UserMemoryAnalyzer(), new UserMemoryCodeFix(), Rule6Harness.Usings + """
            public static class Consumer
            {
                public static AllocBuffer M(IIoctlChannel channel, int pages)
                {
                    byte[] memory = new byte[pages * 4096];
                    return AllocBuffer.FromUserMemory(channel, memory, UserptrFlags.ReadOnly);
                }
            }
            """, Rule6Harness.Usings + """
            public static class Consumer
            {
                public static AllocBuffer M(IIoctlChannel channel, int pages)
                {
                    var memory = PageAlignedMemory.Allocate((ulong)(pages * 4096));
                    return AllocBuffer.FromUserMemory(channel, memory, UserptrFlags.ReadOnly);
                }
            }
            """, "CS0619");

    [Fact]
    public Task A_hand_written_import_with_a_page_aligned_overload_is_fixed_and_the_using_added()
        => AnalyzerHarness.VerifyFixAsync(new UserMemoryAnalyzer(), new UserMemoryCodeFix(), """
            using AbiKit.Model;
            using AbiKit.Runtime.Channels;
            using AbiKit.Runtime.Semantics;

            public static class Importer
            {
                [AbiSemantic(SemanticEffect.ImportsUserMemory)] public static int Import(IIoctlChannel channel, byte[] memory) => 0;
                [AbiSemantic(SemanticEffect.ImportsUserMemory)] public static int Import(IIoctlChannel channel, AbiKit.Alloc.PageAlignedMemory memory) => 0;

                public static int M(IIoctlChannel channel, int length)
                {
                    var data = new byte[length];
                    return Import(channel, data);
                }
            }
            """, """
            using AbiKit.Alloc;
            using AbiKit.Model;
            using AbiKit.Runtime.Channels;
            using AbiKit.Runtime.Semantics;

            public static class Importer
            {
                [AbiSemantic(SemanticEffect.ImportsUserMemory)] public static int Import(IIoctlChannel channel, byte[] memory) => 0;
                [AbiSemantic(SemanticEffect.ImportsUserMemory)] public static int Import(IIoctlChannel channel, AbiKit.Alloc.PageAlignedMemory memory) => 0;

                public static int M(IIoctlChannel channel, int length)
                {
                    var data = PageAlignedMemory.Allocate((ulong)length);
                    return Import(channel, data);
                }
            }
            """);

    [Theory]
    [InlineData("byte[] memory = new byte[4096]; memory[0] = 1; return AllocBuffer.FromUserMemory(channel, memory);")] // the array is also written
    [InlineData("byte[] memory = { 1, 2, 3 }; return AllocBuffer.FromUserMemory(channel, memory);")]                   // contents, not a size
    [InlineData("return AllocBuffer.FromUserMemory(channel, new byte[] { 1, 2, 3 });")]
    [InlineData("return AllocBuffer.FromUserMemory(channel, parameter);")]                                            // someone else's array
    public async Task No_fix_when_the_array_is_more_than_a_size(string body)
    {
        string source = Rule6Harness.Usings + "public static class Consumer { public static AllocBuffer M(IIoctlChannel channel, byte[] parameter) { " + body + " } }";
        Assert.Empty(await Rule6Harness.FixesOfferedAsync(new UserMemoryAnalyzer(), new UserMemoryCodeFix(), source, "CS0619"));
    }

    [Fact]
    public async Task No_fix_without_a_page_aligned_overload()
    {
        string source = Rule6Harness.Usings + Rule6Harness.Importer
            + "public static class Consumer { public static Imported M(IIoctlChannel channel) => Importer.ImportSpan(channel, new byte[4096]); }";
        Assert.Empty(await Rule6Harness.FixesOfferedAsync(new UserMemoryAnalyzer(), new UserMemoryCodeFix(), source));
    }
}
