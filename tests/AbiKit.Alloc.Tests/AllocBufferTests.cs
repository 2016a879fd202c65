using AbiKit.Interop.Alloc;
using AbiKit.Model;
using AbiKit.Reference;
using AbiKit.Reference.Device;
using AbiKit.Runtime.Checked;
using AbiKit.Runtime;
using AbiKit.Runtime.Channels;

namespace AbiKit.Alloc.Tests;

public sealed class AllocBufferTests : IDisposable
{
    private readonly ReferenceDevice _device = new(new DeviceOptions { Checked = true });
    private readonly ReferenceChannel _channel;

    public AllocBufferTests() => _channel = _device.Open();

    public void Dispose()
    {
        _channel.Dispose();
        _device.Dispose();
    }

    private void Fill(AllocBuffer target, byte value)
    {
        var submit = new SubmitArgs { Op = EngineOp.Fill, DstHandle = target.Handle, Size = target.Size, Value = value };
        Assert.Equal(Errno.Ok, new AllocClient(_channel).Submit(ref submit));
    }

    [Fact]
    public void Create_rounds_to_pages_and_dispose_closes_the_handle()
    {
        var buffer = AllocBuffer.Create(_channel, 100);
        Assert.Equal((ulong)Environment.SystemPageSize, buffer.Size);
        Assert.Equal(1, _device.ObjectCount);
        buffer.Dispose();
        buffer.Dispose(); // idempotent
        Assert.Equal(0, _device.ObjectCount);
        Assert.Throws<ObjectDisposedException>(() => buffer.Pin());
    }

    [Fact]
    public void Failures_surface_as_typed_errors()
    {
        var ex = Assert.Throws<IoctlException>(() => AllocBuffer.Create(_channel, 0));
        Assert.Equal(Errno.EINVAL, ex.Errno);
        Assert.Equal(Errno.E2BIG, AllocBuffer.TryCreate(_channel, ulong.MaxValue, Caching.Cached, out var none));
        Assert.Null(none);
    }

    [Fact]
    public void A_cpu_access_scope_sees_device_writes_on_a_non_coherent_buffer()
    {
        using var buffer = AllocBuffer.Create(_channel, 4096, Caching.WriteCombined);
        Fill(buffer, 0x5A);
        Assert.True(buffer.Wait(Timeout.InfiniteTimeSpan));
        using (var read = buffer.BeginCpuAccess(CpuAccess.Read))
        {
            Assert.All(read.Span.ToArray(), b => Assert.Equal(0x5A, b));
        }
        Assert.Empty(_device.Reports);
    }

    [Fact]
    public void Cpu_writes_reach_the_device_when_the_scope_ends()
    {
        using var buffer = AllocBuffer.Create(_channel, 4096, Caching.Uncached);
        using (var write = buffer.BeginCpuAccess(CpuAccess.Write))
        {
            write.Span.Fill(0x11);
        }
        var copy = new byte[16];
        buffer.Read(0, copy); // PREAD reads what the device sees
        Assert.All(copy, b => Assert.Equal(0x11, b));
    }

    [Fact]
    public void The_span_is_unreachable_after_the_scope_ends()
    {
        using var buffer = AllocBuffer.Create(_channel, 4096);
        var scope = buffer.BeginCpuAccess(CpuAccess.Read | CpuAccess.Write);
        scope.Dispose();
        Assert.Throws<InvalidOperationException>(() => scope.Span.Length);
        scope.Dispose(); // ending twice is a no-op, not a second END
        Assert.Empty(_device.Reports);
    }

    [Fact]
    public void One_window_at_a_time()
    {
        using var buffer = AllocBuffer.Create(_channel, 4096);
        using var first = buffer.BeginCpuAccess(CpuAccess.Read);
        Assert.Throws<InvalidOperationException>(() => buffer.BeginCpuAccess(CpuAccess.Write));
    }

    [Fact]
    public void Pins_are_scopes()
    {
        var hole = AllocBuffer.Create(_channel, 4096);
        using var buffer = AllocBuffer.Create(_channel, 4096);
        hole.Dispose(); // free memory below the buffer: compaction wants to move it there
        using (buffer.Pin())
        {
            Assert.Equal(new CompactionResult(0, 1), _device.Compact());
        }
        Assert.Equal(new CompactionResult(1, 0), _device.Compact());
    }

    [Fact]
    public void Read_and_write_copy_through_pread_and_pwrite()
    {
        using var buffer = AllocBuffer.Create(_channel, 8192);
        buffer.Write(4000, new byte[] { 1, 2, 3, 4, 5 });
        var back = new byte[5];
        buffer.Read(4000, back);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, back);
        Assert.Equal(Errno.EINVAL, Assert.Throws<IoctlException>(() => buffer.Read(8190, new byte[4])).Errno);
    }

    [Fact]
    public void Export_and_import_share_memory_between_clients()
    {
        using var other = _device.Open();
        using var mine = AllocBuffer.Create(_channel, 4096);
        mine.Write(0, new byte[] { 42 });
        using var theirs = AllocBuffer.Import(other, mine.Export());
        var seen = new byte[1];
        theirs.Read(0, seen);
        Assert.Equal(42, seen[0]);
    }

    [Fact]
    public void Works_over_a_real_device_fd_too()
    {
        // /dev/null is no allocator, but the request really reaches the kernel, which answers ENOTTY.
        using var fd = DeviceFdChannel.Open("/dev/null");
        Assert.Equal(Errno.ENOTTY, AllocBuffer.TryCreate(fd, 4096, Caching.Cached, out var buffer));
        Assert.Null(buffer);
    }

    [Fact]
    public void Mapping_needs_a_mappable_channel()
    {
        using var fd = DeviceFdChannel.Open("/dev/null");
        // A buffer on a non-mappable channel can still be read and written, but not mapped.
        Assert.IsNotAssignableFrom<IMappableChannel>(fd);
    }

    [Fact]
    public void Closing_the_client_with_buffers_open_is_reported_in_checked_mode()
    {
        var channel = _device.Open();
        _ = AllocBuffer.Create(channel, 4096);
        channel.Dispose();
        Assert.Equal(MisuseKind.LeakedObjects, Assert.Single(_device.Reports).Kind);
        Assert.Equal(0, _device.ObjectCount);
    }
}
