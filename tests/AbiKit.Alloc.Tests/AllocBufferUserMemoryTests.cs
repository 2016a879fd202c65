using System.Reflection;
using AbiKit.Interop.Alloc;
using AbiKit.Model;
using AbiKit.Reference;
using AbiKit.Reference.Device;
using AbiKit.Runtime.Checked;
using AbiKit.Runtime;
using AbiKit.Runtime.Channels;

namespace AbiKit.Alloc.Tests;

/// <summary>
/// <see cref="AllocBuffer.FromUserMemory(IIoctlChannel, PageAlignedMemory, UserptrFlags)"/>: USERPTR through the
/// typed client. It takes only memory that cannot move (<see cref="PageAlignedMemory"/>), keeps that memory from
/// being freed while the buffer wraps it, and the device reads and writes it in place.
/// </summary>
public sealed class AllocBufferUserMemoryTests : IDisposable
{
    private static readonly ulong Page = (ulong)Environment.SystemPageSize;
    private readonly ReferenceDevice _device = new(new DeviceOptions { Checked = true, PinLimit = 16 * Page });
    private readonly ReferenceChannel _channel;

    public AllocBufferUserMemoryTests() => _channel = _device.Open();

    public void Dispose()
    {
        _channel.Dispose();
        _device.Dispose();
    }

    private Errno Submit(SubmitArgs args) => new AllocClient(_channel).Submit(ref args);

    private static void Pattern(Span<byte> span, int seed)
    {
        for (int i = 0; i < span.Length; i++) span[i] = (byte)(i * 7 + seed);
    }

    [Fact]
    public void PageAlignedMemoryIsWholeZeroedPages()
    {
        using var memory = PageAlignedMemory.Allocate(Page + 1);
        Assert.Equal(2 * Page, memory.Length);
        Assert.Equal(0UL, memory.Address % Page);
        Assert.True(memory.Span().IndexOfAnyExcept((byte)0) < 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => PageAlignedMemory.Allocate(0));
    }

    [Fact]
    public void TheDeviceWritesTheUsersMemoryInPlace()
    {
        using var memory = PageAlignedMemory.Allocate(3 * Page);
        using var buffer = AllocBuffer.FromUserMemory(_channel, memory);
        Assert.Equal(memory.Length, buffer.Size);
        Assert.Equal(Caching.Cached, buffer.Caching);

        Assert.Equal(Errno.Ok, Submit(new SubmitArgs { Op = EngineOp.Fill, DstHandle = buffer.Handle, DstOffset = Page, Size = Page, Value = 0xB7 }));
        Assert.True(buffer.Wait(Timeout.InfiniteTimeSpan));
        using (var read = buffer.BeginCpuAccess(CpuAccess.Read))
        {
            Assert.Equal((int)buffer.Size, read.Span.Length);
            Assert.True(read.Slice(Page, (int)Page).IndexOfAnyExcept((byte)0xB7) < 0);
            Assert.True(read.Slice(0, (int)Page).IndexOfAnyExcept((byte)0) < 0);
        }
        // The scope's span is the user's memory itself: no copy was made.
        Assert.True(memory.Span(Page, (int)Page).IndexOfAnyExcept((byte)0xB7) < 0);
        Assert.Empty(_device.Reports);
    }

    [Fact]
    public void TheDeviceReadsWhatTheCpuWroteInPlace()
    {
        using var memory = PageAlignedMemory.Allocate(2 * Page);
        using var buffer = AllocBuffer.FromUserMemory(_channel, memory);
        using var copy = AllocBuffer.Create(_channel, 2 * Page);
        using (var write = buffer.BeginCpuAccess(CpuAccess.Write))
        {
            Pattern(write.Span, 3);
        }

        Assert.Equal(Errno.Ok, Submit(new SubmitArgs { Op = EngineOp.Copy, SrcHandle = buffer.Handle, DstHandle = copy.Handle, Size = 2 * Page }));
        var seen = new byte[2 * Page];
        copy.Read(0, seen); // PREAD waits for the copy
        Assert.True(seen.AsSpan().SequenceEqual(memory.Span()));
        Assert.Empty(_device.Reports);
    }

    [Fact]
    public void ReadWriteAndExportAreRefusedAsInI915()
    {
        using var memory = PageAlignedMemory.Allocate(Page);
        using var buffer = AllocBuffer.FromUserMemory(_channel, memory);

        Assert.Equal(Errno.EINVAL, Assert.Throws<IoctlException>(() => buffer.Read(0, new byte[8])).Errno);
        Assert.Equal(Errno.EINVAL, Assert.Throws<IoctlException>(() => buffer.Write(0, new byte[8])).Errno);
        Assert.Equal(Errno.EINVAL, Assert.Throws<IoctlException>(() => buffer.Export()).Errno);
        Assert.False(buffer.IsBusy);
    }

    [Fact]
    public void ReadOnlyBuffersAreNeverWrittenByTheDevice()
    {
        using var memory = PageAlignedMemory.Allocate(Page);
        memory.Span().Fill(0x2F);
        using var buffer = AllocBuffer.FromUserMemory(_channel, memory, UserptrFlags.ReadOnly | UserptrFlags.Probe);

        Assert.Equal(Errno.EPERM, Submit(new SubmitArgs { Op = EngineOp.Fill, DstHandle = buffer.Handle, Size = Page, Value = 1 }));
        Assert.True(memory.Span().IndexOfAnyExcept((byte)0x2F) < 0);
    }

    [Fact]
    public void TheMemoryCannotBeFreedWhileABufferWrapsIt()
    {
        var memory = PageAlignedMemory.Allocate(Page);
        var buffer = AllocBuffer.FromUserMemory(_channel, memory);

        var refused = Assert.Throws<InvalidOperationException>(memory.Dispose);
        Assert.Contains("dispose the AllocBuffer first", refused.Message);
        Assert.Equal(Page, memory.Length); // still usable
        memory.Span()[0] = 1;

        buffer.Dispose();
        memory.Dispose();
        memory.Dispose(); // idempotent
        Assert.Throws<ObjectDisposedException>(() => memory.Address);
        Assert.Throws<ObjectDisposedException>(() => AllocBuffer.FromUserMemory(_channel, memory));
        Assert.Equal(0, _device.ObjectCount);
    }

    [Fact]
    public void ThePinLimitSurfacesAsEnomemAndDisposeReturnsTheCharge()
    {
        using var memory = PageAlignedMemory.Allocate(10 * Page);
        using var other = PageAlignedMemory.Allocate(10 * Page);
        var first = AllocBuffer.FromUserMemory(_channel, memory);

        var ex = Assert.Throws<IoctlException>(() => AllocBuffer.FromUserMemory(_channel, other)); // 20 pages > 16
        Assert.Equal(Errno.ENOMEM, ex.Errno);

        first.Dispose();
        using var second = AllocBuffer.FromUserMemory(_channel, other);
        Assert.Equal(1, _device.ObjectCount);
    }

    [Fact]
    public void ProbeIsTheDefault()
    {
        var method = typeof(AllocBuffer).GetMethod(nameof(AllocBuffer.FromUserMemory), [typeof(IIoctlChannel), typeof(PageAlignedMemory), typeof(UserptrFlags)])!;
        Assert.Equal(UserptrFlags.Probe, method.GetParameters()[2].DefaultValue);
    }

    [Fact]
    public void AByteArrayIsRefusedAtCompileTimeWithTheReason()
    {
        var method = typeof(AllocBuffer).GetMethod(nameof(AllocBuffer.FromUserMemory), [typeof(IIoctlChannel), typeof(byte[]), typeof(UserptrFlags)]);
        Assert.NotNull(method);
        var obsolete = method!.GetCustomAttribute<ObsoleteAttribute>();
        Assert.NotNull(obsolete);
        Assert.True(obsolete!.IsError); // calling it does not compile
        Assert.Contains("GC may move", obsolete.Message);
        Assert.Contains("page-aligned", obsolete.Message);
        Assert.Contains(nameof(PageAlignedMemory), obsolete.Message);

        // Reached anyway (reflection, dynamic): it throws before the device is asked.
        var thrown = Assert.Throws<TargetInvocationException>(() => method.Invoke(null, [_channel, new byte[Page], UserptrFlags.Probe]));
        var notSupported = Assert.IsType<NotSupportedException>(thrown.InnerException);
        Assert.Contains(nameof(PageAlignedMemory), notSupported.Message);
        Assert.Equal(0, _device.ObjectCount);
    }

    [Fact]
    public void ALeakedUserBufferIsReleasedAtClientCloseAndReported()
    {
        using var memory = PageAlignedMemory.Allocate(Page);
        var channel = _device.Open();
        var buffer = AllocBuffer.FromUserMemory(channel, memory);
        channel.Dispose();
        Assert.Equal(MisuseKind.LeakedObjects, Assert.Single(_device.Reports).Kind);
        Assert.Equal(0, _device.ObjectCount);

        buffer.Dispose(); // the handle is gone with the client; disposing only lets go of the memory
        using var again = AllocBuffer.FromUserMemory(_channel, memory);
    }
}
