using System.Runtime.InteropServices;
using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;

namespace AbiKit.Reference.Tests.Userptr;

/// <summary>
/// Zero-copy: the engine reads and writes the caller's memory itself. What the CPU writes through the user
/// pointer (then CPU_ACCESS_END) the device reads with no copy ioctl; what the device writes shows up at the
/// pointer (after WAIT and CPU_ACCESS_BEGIN) with no PREAD.
/// </summary>
[Collection(UserptrCollection.Name)]
public sealed unsafe class UserptrZeroCopyTests
{
    private static readonly ulong Page = DeviceFixture.PageSize;

    /// <summary>Page-aligned native memory, as NativeMemory.AlignedAlloc gives it (malloc's heap or, when big, a private anonymous mapping).</summary>
    private sealed class AlignedMemory : IDisposable
    {
        public AlignedMemory(ulong size)
        {
            Size = size;
            Pointer = (byte*)NativeMemory.AlignedAlloc((nuint)size, (nuint)Page);
            NativeMemory.Clear(Pointer, (nuint)size);
        }

        public byte* Pointer { get; }
        public ulong Size { get; }
        public ulong Address => (ulong)Pointer;
        public Span<byte> Span(ulong offset = 0, int length = -1) => new(Pointer + offset, length < 0 ? (int)(Size - offset) : length);
        public void Dispose() => NativeMemory.AlignedFree(Pointer);
    }

    private static void Pattern(Span<byte> span, int seed)
    {
        for (int i = 0; i < span.Length; i++) span[i] = (byte)((i * 31) ^ (i >> 8) ^ seed);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(600)] // over the engine's 1 MiB bounce chunk, from malloc's mmap threshold up
    public void TheDeviceReadsWhatTheCpuWroteThroughThePointer(int pages)
    {
        using var fx = new DeviceFixture(new DeviceOptions { PinLimit = 8UL << 20 });
        var c = fx.Open();
        using var mem = new AlignedMemory((ulong)pages * Page);
        var user = c.WrapUser(mem.Address, mem.Size, UserptrFlags.Probe);

        // Written after USERPTR: nothing copied the data into the device, it reads the memory itself.
        Assert.Equal(Errno.Ok, c.Begin(user, AccessFlags.Write));
        Pattern(mem.Span(), 1);
        Assert.Equal(Errno.Ok, c.End(user, AccessFlags.Write));

        Assert.Equal(DeviceEngine.Fnv1a(mem.Span()), c.DeviceChecksum(user, 0, mem.Size));
        var copy = c.Create(mem.Size);
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Copy(user, 0, copy, 0, mem.Size)));
        c.WaitIdle(copy);
        Assert.True(c.Read(copy, 0, (int)mem.Size).AsSpan().SequenceEqual(mem.Span()));

        // And again, without re-registering: still the same memory.
        Assert.Equal(Errno.Ok, c.Begin(user, AccessFlags.Write));
        Pattern(mem.Span(), 2);
        Assert.Equal(Errno.Ok, c.End(user, AccessFlags.Write));
        Assert.Equal(DeviceEngine.Fnv1a(mem.Span()), c.DeviceChecksum(user, 0, mem.Size));
        Assert.Equal(Errno.Ok, c.Close(user));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(600)]
    public void TheCpuSeesWhatTheDeviceWroteAtThePointer(int pages)
    {
        using var fx = new DeviceFixture(new DeviceOptions { PinLimit = 8UL << 20 });
        var c = fx.Open();
        using var mem = new AlignedMemory((ulong)pages * Page);
        var user = c.WrapUser(mem.Address, mem.Size);

        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(user, Page / 2, mem.Size - Page, 0xA5)));
        c.WaitIdle(user);
        Assert.Equal(Errno.Ok, c.Begin(user, AccessFlags.Read));
        Assert.All(mem.Span(0, (int)(Page / 2)).ToArray(), b => Assert.Equal(0, b));
        Assert.True(mem.Span(Page / 2, (int)(mem.Size - Page)).IndexOfAnyExcept((byte)0xA5) < 0);
        Assert.All(mem.Span(mem.Size - Page / 2).ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(Errno.Ok, c.End(user, AccessFlags.Read));

        // A copy from an ordinary object lands in the user's memory too.
        var source = c.Create(mem.Size);
        var data = new byte[mem.Size];
        Pattern(data, 7);
        c.Write(source, 0, data);
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Copy(source, 0, user, 0, mem.Size)));
        c.WaitIdle(user);
        Assert.Equal(Errno.Ok, c.Begin(user, AccessFlags.Read));
        Assert.True(mem.Span().SequenceEqual(data));
        Assert.Equal(Errno.Ok, c.End(user, AccessFlags.Read));
    }

    [Fact]
    public void TheDeviceCopiesBetweenTwoUserRanges()
    {
        using var fx = new DeviceFixture(new DeviceOptions { PinLimit = 8UL << 20 });
        var c = fx.Open();
        ulong size = 300 * Page; // both sides user memory: the engine goes through its bounce buffer in chunks
        using var from = UserPages.Anonymous(300);
        using var to = UserPages.Anonymous(300);
        Pattern(from.Span, 3);
        var src = c.WrapUser(from.Address, size, UserptrFlags.ReadOnly | UserptrFlags.Probe);
        var dst = c.WrapUser(to.Address, size, UserptrFlags.Probe);

        Assert.Equal(Errno.Ok, c.Submit(TestClient.Copy(src, Page, dst, 0, size - Page)));
        c.WaitIdle(dst);
        Assert.Equal(Errno.Ok, c.Begin(dst, AccessFlags.Read));
        Assert.True(to.Span[..(int)(size - Page)].SequenceEqual(from.Span[(int)Page..]));
        Assert.True(to.Span[(int)(size - Page)..].IndexOfAnyExcept((byte)0) < 0);
        Assert.Equal(Errno.Ok, c.End(dst, AccessFlags.Read));

        // The checksum written into user memory lands at the pointer.
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Checksum(src, 0, size, dst, 8)));
        c.WaitIdle(dst);
        Assert.Equal(DeviceEngine.Fnv1a(from.Span), BitConverter.ToUInt64(to.Span.Slice(8, 8)));
    }

    [Fact]
    public void BusyAndWaitObserveWorkOnUserMemory()
    {
        using var fx = new DeviceFixture();
        var c = fx.Open();
        using var mem = UserPages.Anonymous(1);
        var user = c.WrapUser(mem.Address, Page);

        fx.Device.PauseEngine();
        Assert.Equal(Errno.Ok, c.Submit(TestClient.Fill(user, 0, Page, 0x11)));
        Assert.Equal(Errno.Ok, c.Busy(user, out uint busy));
        Assert.Equal(1u, busy);
        long zero = 0;
        Assert.Equal(Errno.ETIME, c.Wait(user, ref zero));
        Assert.All(mem.Span.ToArray(), b => Assert.Equal(0, b)); // not run yet: nothing copied ahead of time

        fx.Device.ResumeEngine();
        c.WaitIdle(user);
        Assert.Equal(Errno.Ok, c.Begin(user, AccessFlags.Read));
        Assert.All(mem.Span.ToArray(), b => Assert.Equal(0x11, b));
        Assert.Equal(Errno.Ok, c.End(user, AccessFlags.Read));
    }
}
