using AbiKit.Analyzers.Rules;

namespace AbiKit.Analyzers.Tests;

/// <summary>ABI006: memory that can move or vanish handed to a user-memory import.</summary>
public class Rule6UserMemoryTests
{
    private static Task VerifyAsync(string body, string extra = "")
        => AnalyzerHarness.VerifyAsync(new UserMemoryAnalyzer(), Rule6Harness.Usings + Rule6Harness.Importer + extra + """

            public static unsafe class Consumer
            {
            """ + body + """

            }
            """);

    // ---- Hand-written APIs that accept managed memory -------------------------------------------------------------

    [Fact]
    public Task Managed_arrays_and_spans_over_them_are_reported() => VerifyAsync("""
        static void M(IIoctlChannel channel, byte[] parameter)
        {
            using var a = Importer.Import(channel, {|ABI006:new byte[4096]|});
            using var b = Importer.Import(channel, {|ABI006:parameter|});
            using var c = Importer.ImportSpan(channel, {|ABI006:parameter|});
            using var d = Importer.ImportSpan(channel, {|ABI006:parameter.AsSpan(0, 4096)|});
            using var e = Importer.ImportSpan(channel, {|ABI006:new Span<byte>(parameter)|});
            using var f = Importer.ImportMemory(channel, {|ABI006:parameter.AsMemory()|});
            Span<byte> local = parameter;
            using var g = Importer.ImportSpan(channel, {|ABI006:local.Slice(16)|});
            using var h = Importer.ImportSpan(channel, {|ABI006:parameter.AsMemory().Span|});
            using var i = Importer.ImportSpan(channel, {|ABI006:MemoryMarshal.CreateSpan(ref parameter[0], 4096)|});
        }
        """);

    [Fact]
    public Task Native_memory_and_unknown_memory_are_not_reported() => VerifyAsync("""
        static void M(IIoctlChannel channel, Span<byte> unknown, PageAlignedMemory pages)
        {
            using var a = Importer.Import(channel, pages);
            using var b = Importer.ImportSpan(channel, pages.Span());
            using var c = Importer.ImportSpan(channel, unknown);
            void* native = NativeMemory.AlignedAlloc(4096, 4096);
            using var d = Importer.ImportPointer(channel, native, 4096);
            using var e = Importer.ImportSpan(channel, new Span<byte>(native, 4096));
            using var f = Importer.ImportAddress(channel, (ulong)Marshal.AllocHGlobal(4096), 4096);
            using var g = Importer.ImportAddress(channel, pages.Address, pages.Length);
            Importer.Copy(channel, new byte[16]); // not an import
            using var h = Importer.ImportNamed(channel, "label", pages);  // text is not memory
        }
        """);

    [Fact]
    public Task Pointers_into_arrays_and_unpinned_handles_are_reported() => VerifyAsync("""
        static void M(IIoctlChannel channel, byte[] array)
        {
            using var a = Importer.ImportPointer(channel, {|ABI006:Unsafe.AsPointer(ref array[0])|}, 4096);
            using var b = Importer.ImportPointer(channel, {|ABI006:Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array))|}, 4096);
            var normal = GCHandle.Alloc(array);
            using var c = Importer.ImportAddress(channel, {|ABI006:(ulong)normal.AddrOfPinnedObject()|}, 4096);
            var weak = GCHandle.Alloc(array, GCHandleType.Weak);
            using var d = Importer.ImportAddress(channel, {|ABI006:(ulong)weak.AddrOfPinnedObject()|}, 4096);
            var pinned = GCHandle.Alloc(array, GCHandleType.Pinned);
            using var e = Importer.ImportAddress(channel, (ulong)pinned.AddrOfPinnedObject(), 4096); // pinned for as long as the handle lives
        }
        """);

    [Fact]
    public Task Stack_memory_is_reported_unless_the_object_is_closed_before_the_method_returns() => VerifyAsync("""
        static Imported Leaks(IIoctlChannel channel)
        {
            byte* stack = stackalloc byte[4096];
            return Importer.ImportPointer(channel, {|ABI006:stack|}, 4096);
        }

        static Imported Span(IIoctlChannel channel) => Importer.ImportSpan(channel, {|ABI006:stackalloc byte[64]|});

        static Imported AddressOfLocal(IIoctlChannel channel)
        {
            ulong local = 0;
            return Importer.ImportAddress(channel, {|ABI006:(ulong)&local|}, 8);
        }

        static void ClosedInTime(IIoctlChannel channel)
        {
            byte* stack = stackalloc byte[4096];
            using var imported = Importer.ImportPointer(channel, stack, 4096);
        }
        """);

    // ---- Generated clients: the pointer goes into the argument struct ----------------------------------------------

    [Fact]
    public Task A_fixed_pointer_stored_into_the_argument_is_reported() => VerifyAsync("""
        static BoHandle Initializer(IIoctlChannel channel, byte[] data)
        {
            var client = new AllocClient(channel);
            fixed (byte* p = data)
            {
                var args = new UserptrArgs { UserPtr = (ulong)p, UserSize = (ulong)data.Length };
                client.Userptr({|ABI006:ref args|});
                return args.Handle;
            }
        }

        static BoHandle Assignment(IIoctlChannel channel, byte[] data)
        {
            var client = new AllocClient(channel);
            var args = new UserptrArgs();
            fixed (byte* p = &data[0])
            {
                args.UserPtr = (ulong)p;
                args.UserSize = (ulong)data.Length;
                client.Userptr({|ABI006:ref args|});
            }
            return args.Handle;
        }

        static BoHandle ClosedBeforeTheImport(IIoctlChannel channel, byte[] data)
        {
            var client = new AllocClient(channel);
            fixed (byte* p = data)
            {
                var close = new CloseArgs();
                client.Close(ref close);
                var args = new UserptrArgs { UserPtr = (ulong)p, UserSize = 4096 };
                client.Userptr({|ABI006:ref args|});
                return args.Handle;
            }
        }
        """);

    [Fact]
    public Task Other_unpinned_pointers_stored_into_the_argument_are_reported() => VerifyAsync("""
        static BoHandle Stack(IIoctlChannel channel)
        {
            byte* p = stackalloc byte[4096];
            var args = new UserptrArgs { UserPtr = (ulong)p, UserSize = 4096 };
            new AllocClient(channel).Userptr({|ABI006:ref args|});
            return args.Handle;
        }

        static BoHandle AsPointer(IIoctlChannel channel, byte[] data)
        {
            var args = new UserptrArgs { UserPtr = (ulong)Unsafe.AsPointer(ref data[0]), UserSize = 4096 };
            new AllocClient(channel).Userptr({|ABI006:ref args|});
            return args.Handle;
        }

        static BoHandle Handle(IIoctlChannel channel, byte[] data)
        {
            var handle = GCHandle.Alloc(data, GCHandleType.Normal);
            var args = new UserptrArgs { UserPtr = (ulong)handle.AddrOfPinnedObject(), UserSize = 4096 };
            new AllocClient(channel).Userptr({|ABI006:ref args|});
            return args.Handle;
        }
        """);

    [Fact]
    public Task The_correct_patterns_are_not_reported() => VerifyAsync("""
        static BoHandle PageAligned(IIoctlChannel channel, PageAlignedMemory memory)
        {
            var args = new UserptrArgs { UserPtr = memory.Address, UserSize = memory.Length };
            new AllocClient(channel).Userptr(ref args);
            return args.Handle;
        }

        static BoHandle Native(IIoctlChannel channel)
        {
            void* p = NativeMemory.AlignedAlloc(4096, 4096);
            var args = new UserptrArgs { UserPtr = (ulong)p, UserSize = 4096 };
            new AllocClient(channel).Userptr(ref args);
            return args.Handle;
        }

        static BoHandle Pinned(IIoctlChannel channel, byte[] data)
        {
            var handle = GCHandle.Alloc(data, GCHandleType.Pinned);
            var args = new UserptrArgs { UserPtr = (ulong)handle.AddrOfPinnedObject(), UserSize = 4096 };
            new AllocClient(channel).Userptr(ref args);
            return args.Handle;
        }

        static AllocBuffer Typed(IIoctlChannel channel) => AllocBuffer.FromUserMemory(channel, PageAlignedMemory.Allocate(4096));

        static void NotAnImport(IIoctlChannel channel, byte[] data)
        {
            fixed (byte* p = data)
            {
                var args = new PreadArgs { DataPtr = (ulong)p, Size = (ulong)data.Length };
                new AllocClient(channel).Pread(ref args); // copies during the call: fixed is right here
            }
        }
        """);

    // ---- Tricky cases -------------------------------------------------------------------------------------------

    [Fact]
    public Task A_fixed_block_that_also_closes_the_object_is_fine() => VerifyAsync("""
        static void ClosedByTheClient(IIoctlChannel channel, byte[] data)
        {
            var client = new AllocClient(channel);
            fixed (byte* p = data)
            {
                var args = new UserptrArgs { UserPtr = (ulong)p, UserSize = 4096 };
                client.Userptr(ref args);
                try { /* use the object */ }
                finally
                {
                    var close = new CloseArgs { Handle = args.Handle };
                    client.Close(ref close);
                }
            }
        }

        static void ErrnoKept(IIoctlChannel channel, byte[] data)
        {
            var client = new AllocClient(channel);
            fixed (byte* p = data)
            {
                var args = new UserptrArgs { UserPtr = (ulong)p, UserSize = 4096 };
                var errno = client.Userptr(ref args);
                if (errno != Errno.Ok) return;
                var close = new CloseArgs { Handle = args.Handle };
                client.Close(ref close);
            }
        }

        static void ClosedByUsing(IIoctlChannel channel, byte[] data)
        {
            fixed (byte* p = data)
            {
                using var imported = Importer.ImportPointer(channel, p, 4096);
            }
        }

        static void ClosedByUsingStatement(IIoctlChannel channel, byte[] data)
        {
            fixed (byte* p = data)
            {
                using (Importer.ImportPointer(channel, p, 4096)) { }
            }
        }

        static void ClosedByDispose(IIoctlChannel channel, byte[] data)
        {
            fixed (byte* p = data)
            {
                var imported = Importer.ImportPointer(channel, p, 4096);
                imported.Dispose();
            }
        }
        """);

    [Fact]
    public Task A_fixed_block_over_native_memory_is_fine_but_over_unknown_memory_is_not() => VerifyAsync("""
        static Imported Native(IIoctlChannel channel)
        {
            var native = new Span<byte>(NativeMemory.AlignedAlloc(4096, 4096), 4096);
            fixed (byte* p = native)
            {
                return Importer.ImportPointer(channel, p, 4096);
            }
        }

        static Imported Unknown(IIoctlChannel channel, Span<byte> memory)
        {
            fixed (byte* p = memory)
            {
                return Importer.ImportPointer(channel, {|ABI006:p|}, (nuint)memory.Length);
            }
        }

        static Imported OnlyTheImportedObjectMatters(IIoctlChannel channel, byte[] data, Imported other)
        {
            fixed (byte* p = data)
            {
                var imported = Importer.ImportPointer(channel, {|ABI006:p|}, 4096);
                other.Dispose(); // closes another object, not the one the import returned
                return imported;
            }
        }
        """);

    [Fact]
    public Task Values_the_method_does_not_show_are_not_reported() => VerifyAsync("""
        static BoHandle Reassigned(IIoctlChannel channel, byte[] data, ulong elsewhere, bool native)
        {
            fixed (byte* p = data)
            {
                ulong address = (ulong)p;
                if (native) address = elsewhere; // two definitions: not followed
                var args = new UserptrArgs { UserPtr = address, UserSize = 4096 };
                new AllocClient(channel).Userptr(ref args);
                return args.Handle;
            }
        }

        static BoHandle FromAParameter(IIoctlChannel channel, ulong address)
        {
            var args = new UserptrArgs { UserPtr = address, UserSize = 4096 };
            new AllocClient(channel).Userptr(ref args);
            return args.Handle;
        }

        static BoHandle AssignedAfterTheImport(IIoctlChannel channel, byte[] data)
        {
            var args = new UserptrArgs { UserSize = 4096 };
            new AllocClient(channel).Userptr(ref args);
            fixed (byte* p = data) args.UserPtr = (ulong)p;
            return args.Handle;
        }
        """);

    [Fact]
    public Task A_local_followed_through_one_assignment_is_reported() => VerifyAsync("""
        static BoHandle M(IIoctlChannel channel, byte[] data)
        {
            fixed (byte* p = data)
            {
                ulong address = (ulong)p;
                var args = new UserptrArgs();
                args = new UserptrArgs { UserPtr = address, UserSize = 4096 };
                new AllocClient(channel).Userptr({|ABI006:ref args|});
                return args.Handle;
            }
        }
        """);

    [Fact]
    public Task Imports_in_lambdas_are_analyzed() => VerifyAsync("""
        static Func<Imported> M(IIoctlChannel channel, byte[] data)
            => () => Importer.Import(channel, {|ABI006:data|});
        """);

    [Fact]
    public Task Without_AbiKit_nothing_is_reported()
        => AnalyzerHarness.VerifyAsync(new UserMemoryAnalyzer(), """
            using System;
            public static class Importer
            {
                [Obsolete] public static void ImportsUserMemory(byte[] memory) { }
                public static void M() => ImportsUserMemory(new byte[16]);
            }
            """);

    // ---- The typed client, and a second, differently named spec ----------------------------------------------------

    [Fact]
    public Task The_typed_clients_refused_byte_array_overload_is_reported_next_to_its_compile_error()
        => Rule6Harness.VerifyAsync(new UserMemoryAnalyzer(), Rule6Harness.Usings + """
            public static class Consumer
            {
                public static AllocBuffer M(IIoctlChannel channel) => AllocBuffer.FromUserMemory(channel, {|ABI006:new byte[4096]|});
            }
            """, "CS0619");

    [Fact]
    public Task A_second_spec_gets_the_same_warnings() => VerifyAsync("""
        static GadgetHandle M(IIoctlChannel channel, byte[] frame)
        {
            fixed (byte* p = frame)
            {
                var map = new GadgetMapArgs { Address = (ulong)p, Length = (ulong)frame.Length };
                new GadgetClient(channel).MapUser({|ABI006:ref map|});
                return map.Handle;
            }
        }
        """, """

        public readonly record struct GadgetHandle(uint Value);

        [StructLayout(LayoutKind.Explicit, Size = 24)]
        public struct GadgetMapArgs
        {
            [FieldOffset(0)] public ulong Address;
            [FieldOffset(8)] public ulong Length;
            [FieldOffset(16)] public GadgetHandle Handle;
        }

        public readonly struct GadgetClient(IIoctlChannel channel)
        {
            [AbiSemantic(SemanticEffect.ImportsUserMemory, Object = "handle")]
            public Errno MapUser(ref GadgetMapArgs arg) => channel.Ioctl(0xC0187A01u, ref arg);
        }

        """);
}
