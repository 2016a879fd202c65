using AbiKit.Analyzers.Rules;

namespace AbiKit.Analyzers.Tests;

/// <summary>ABI008: a constant request code sent with an argument of the wrong type or size.</summary>
public class Rule8RequestCodeTests
{
    private static Task VerifyAsync(string body, string extra = "")
        => AnalyzerHarness.VerifyAsync(new RequestCodeAnalyzer(), Rule6Harness.Usings + extra + """

            public static class Consumer
            {
            """ + body + """

            }
            """);

    [Fact]
    public Task A_request_constant_sent_with_another_struct_is_reported() => VerifyAsync("""
        static void M(IIoctlChannel channel, CloseArgs close)
        {
            channel.Ioctl({|ABI008:AllocIoctls.Create|}, ref close);                  // 24-byte request, 8-byte struct
            channel.Ioctl({|ABI008:AllocIoctls.Pin|}, ref close);                     // same size, another struct
            IoctlChannelExtensions.Ioctl(channel, {|ABI008:AllocIoctls.Export|}, ref close);
            channel.Ioctl({|ABI008:AllocIoctls.Create|}, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref close, 1)));
        }
        """);

    [Fact]
    public Task A_request_constant_sent_with_a_span_of_the_wrong_length_is_reported() => VerifyAsync("""
        static void M(IIoctlChannel channel)
        {
            channel.Ioctl({|ABI008:AllocIoctls.Create|}, new byte[8]);
            channel.Ioctl({|ABI008:AllocIoctls.Create|}, stackalloc byte[16]);
            channel.Ioctl({|ABI008:AllocIoctls.Create|}, Span<byte>.Empty);
            channel.Ioctl(AllocIoctls.Create, new byte[24]);
            channel.Ioctl(AllocIoctls.Create, stackalloc byte[24]);
        }
        """);

    [Fact]
    public Task A_raw_code_is_checked_by_its_size_bits_or_as_the_constant_it_equals() => VerifyAsync("""
        static void M(IIoctlChannel channel, CloseArgs close, long wide, int narrow)
        {
            channel.Ioctl({|ABI008:0xC0186440u|}, ref close);     // the value of AllocIoctls.Create
            channel.Ioctl({|ABI008:0xC0106499u|}, ref close);     // unknown request, 16 bytes encoded
            channel.Ioctl({|ABI008:0x80046401u|}, ref wide);      // _IOR, 4 bytes encoded
            channel.Ioctl(0x80046401u, ref narrow);
            channel.Ioctl(0x40086499u, ref close);                // unknown request, 8 bytes: fits
            const uint Local = 0xC0106498u;                       // a constant without [AbiRequest] is a raw code
            channel.Ioctl({|ABI008:Local|}, ref close);
        }
        """);

    [Fact]
    public Task The_correct_patterns_and_what_cannot_be_known_are_not_reported() => VerifyAsync("""
        static void M<T>(IIoctlChannel channel, uint request, ref T generic, Unsized unsized, int count) where T : unmanaged
        {
            var create = new CreateArgs { Size = 4096 };
            channel.Ioctl(AllocIoctls.Create, ref create);
            channel.Ioctl(AllocIoctls.Create, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref create, 1)));
            var close = new CloseArgs();
            channel.Ioctl(request, ref close);                         // not a constant
            channel.Ioctl(AllocIoctls.Create, ref generic);            // a type parameter
            channel.Ioctl(0xC0106499u, ref unsized);                   // size not known without guessing the layout
            channel.Ioctl(0x0000541Bu, ref count);                      // _IO: a legacy code carries no size
            channel.Ioctl(AllocIoctls.Create, new byte[count]);        // length not constant
            new AllocClient(channel).Create(ref create);
        }
        """, """

        public struct Unsized { public ulong A; public uint B; }

        """);

    [Fact]
    public Task Any_channel_implementation_is_checked() => VerifyAsync("""
        static void M(LoopbackChannel channel, CloseArgs close)
        {
            channel.Ioctl({|ABI008:AllocIoctls.Create|}, new byte[8]);
            channel.Ioctl({|ABI008:AllocIoctls.Create|}, ref close);
        }
        """, """

        public sealed class LoopbackChannel : IIoctlChannel
        {
            public Errno Ioctl(uint request, Span<byte> argument) => Errno.Ok;
            public void Dispose() { }
        }

        """);

    [Fact]
    public Task A_second_spec_gets_the_same_warnings() => VerifyAsync("""
        static void M(IIoctlChannel channel, GadgetSmall small, GadgetArgs args)
        {
            channel.Ioctl({|ABI008:GadgetIoctls.Set|}, ref small);
            channel.Ioctl({|ABI008:0xC0107A01u|}, ref small);       // the value of GadgetIoctls.Set
            channel.Ioctl({|ABI008:0xC0107A02u|}, ref small);       // raw, 16 bytes encoded, 8 given
            channel.Ioctl(GadgetIoctls.Set, ref args);
            channel.Ioctl(GadgetIoctls.Poke, ref small);
            channel.Ioctl(0xC0087A03u, ref small);
        }
        """, """

        [StructLayout(LayoutKind.Explicit, Size = 16)]
        public struct GadgetArgs { [FieldOffset(0)] public ulong A; [FieldOffset(8)] public ulong B; }

        [StructLayout(LayoutKind.Sequential, Size = 8)]
        public struct GadgetSmall { public ulong A; }

        public static class GadgetIoctls
        {
            [AbiRequest(typeof(GadgetArgs))] public const uint Set = 0xC0107A01u;
            [AbiRequest(typeof(GadgetSmall))] public const uint Poke = 0xC0087A04u;
        }

        """);

    [Fact]
    public async Task The_message_says_what_the_request_expects()
    {
        var (source, _) = AnalyzerHarness.ParseMarkup(Rule6Harness.Usings + """
            public static class Consumer
            {
                static void M(IIoctlChannel channel, CloseArgs close)
                {
                    channel.Ioctl(AllocIoctls.Create, ref close);
                    channel.Ioctl(0xC0106499u, ref close);
                }
            }
            """);
        var diagnostics = (await AnalyzerHarness.RunAsync(new RequestCodeAnalyzer(), AnalyzerHarness.Compile(source))).OrderBy(d => d.Location.SourceSpan.Start).ToList();
        Assert.Equal(
            "Request 0xC0186440 (AllocIoctls.Create) expects 'CreateArgs', but is sent with 'CloseArgs' (8 bytes); send 'CreateArgs', or use the request code meant for 'CloseArgs'",
            diagnostics[0].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(
            "Request 0xC0106499 (_IOWR('d', 0x99, 16 bytes)) expects a 16-byte argument, but is sent with 'CloseArgs' (8 bytes); send a 16-byte argument, or use the request code meant for 'CloseArgs'",
            diagnostics[1].GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.EndsWith("docs/diagnostics/ABI008.md", diagnostics[0].Descriptor.HelpLinkUri);
    }
}
