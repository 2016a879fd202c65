using AbiKit.Analyzers.Rules;

namespace AbiKit.Analyzers.Tests;

/// <summary>ABI007: constants a reserved field or a flag-set field cannot hold.</summary>
public class Rule7ConstantArgumentTests
{
    private static Task VerifyAsync(string body, string extra = "")
        => AnalyzerHarness.VerifyAsync(new ConstantArgumentAnalyzer(), Rule6Harness.Usings + extra + """

            public static class Consumer
            {
            """ + body + """

            }
            """);

    [Fact]
    public Task Non_zero_reserved_fields_are_reported() => VerifyAsync("""
        static void M(IIoctlChannel channel, BoHandle handle)
        {
            var client = new AllocClient(channel);
            var close = new CloseArgs { Handle = handle, {|ABI007:Pad = 1|} };
            client.Close(ref close);
            var pin = new PinArgs { Handle = handle };
            {|ABI007:pin.Pad = 0xFFFFFFFF|};
            client.Pin(ref pin);
            var map = new MmapOffsetArgs { Handle = handle, {|ABI007:Flags = 2|} }; // reserved although named "flags"
            client.MmapOffset(ref map);
            {|ABI007:pin.Pad |= 4|};
        }
        """);

    [Fact]
    public Task Unknown_flag_bits_are_reported() => VerifyAsync("""
        static void M(IIoctlChannel channel, BoHandle handle)
        {
            var client = new AllocClient(channel);
            var begin = new CpuAccessArgs { Handle = handle, {|ABI007:Flags = AccessFlags.Read | (AccessFlags)8|} };
            client.CpuAccessBegin(ref begin);
            var create = new CreateArgs { Size = 4096 };
            {|ABI007:create.Flags = (CreateFlags)0x80000000|};
            {|ABI007:create.Flags |= (CreateFlags)2|};
            client.Create(ref create);
            var wait = new WaitArgs { Handle = handle, {|ABI007:Flags = unchecked((WaitFlags)(-1))|} };
            client.Wait(ref wait);
        }
        """);

    [Fact]
    public Task Zero_known_flags_and_non_constants_are_fine() => VerifyAsync("""
        static void M(IIoctlChannel channel, BoHandle handle, uint pad, AccessFlags access)
        {
            var client = new AllocClient(channel);
            var close = new CloseArgs { Handle = handle, Pad = 0 };
            var pin = new PinArgs { Handle = handle, Pad = pad };        // not a constant: the dispatcher checks it
            var begin = new CpuAccessArgs { Handle = handle, Flags = AccessFlags.Read | AccessFlags.Write };
            begin.Flags = access;
            begin.Flags |= AccessFlags.Write;
            begin.Flags = AllocIoctls.AbikitAccessFlagsMask;      // the known-bits mask itself
            var userptr = new UserptrArgs { Flags = UserptrFlags.ReadOnly | UserptrFlags.Probe, UserPtr = 4096 };
            userptr.Flags &= (UserptrFlags)0xFF;                           // clears bits: never adds unknown ones
            var busy = new BusyArgs { Handle = handle, Busy = 7 };       // neither reserved nor flags
            _ = close.Pad + pin.Pad + busy.Busy;                          // reads are fine
        }
        """);

    [Fact]
    public Task With_expressions_and_reserved_inline_arrays_are_checked() => VerifyAsync("""
        static void M(GadgetArgs args)
        {
            var copy = args with { {|ABI007:Reserved0 = 3|} };
            {|ABI007:copy.Padding[1] = 1|};
            copy.Padding[0] = 0;
        }
        """, Gadget);

    [Fact]
    public Task A_second_spec_gets_the_same_warnings() => VerifyAsync("""
        static void M()
        {
            var args = new GadgetArgs { {|ABI007:Mode = (GadgetMode)4|}, {|ABI007:Reserved0 = 9|} };
            args.Mode = GadgetMode.Fast | GadgetMode.Quiet;
            {|ABI007:args.Mode = (GadgetMode)0x100|};
            _ = args;
        }
        """, Gadget);

    [Fact]
    public Task Fields_without_the_attributes_are_not_checked_whatever_their_names() => VerifyAsync("""
        static void M()
        {
            var args = new Lookalike { Pad = 1, Reserved = 2, Flags = 0xFFFF };
            _ = args;
        }
        """, """

        public struct Lookalike { public uint Pad; public uint Reserved; public uint Flags; }

        """);

    private const string Gadget = """

        [Flags]
        public enum GadgetMode : ushort { Fast = 1, Quiet = 2 }

        [System.Runtime.CompilerServices.InlineArray(2)]
        public struct TwoWords { private uint _element0; }

        public struct GadgetArgs
        {
            [AbiFlags(0x3UL)] public GadgetMode Mode;
            [AbiReserved] public ushort Reserved0;
            [AbiReserved] public TwoWords Padding;
        }

        """;
}
