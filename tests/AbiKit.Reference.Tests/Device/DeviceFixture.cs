using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Runtime;
using AbiKit.Runtime.Channels;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.Reference.Tests.Device;

/// <summary>
/// A reference device and the clients opened on it, for one test. Disposing closes the clients first (their
/// handles go back to the device), lets a paused engine go on, and then disposes the device.
/// </summary>
internal sealed class DeviceFixture : IDisposable
{
    public static readonly ulong PageSize = (ulong)Environment.SystemPageSize;

    private readonly List<TestClient> _clients = new();

    public DeviceFixture(DeviceOptions? options = null) => Device = new ReferenceDevice(options ?? new DeviceOptions());

    public ReferenceDevice Device { get; }

    /// <summary>Opens the device: a new client (open file) with its own handle namespace.</summary>
    public TestClient Open()
    {
        var client = new TestClient(Device.Open());
        _clients.Add(client);
        return client;
    }

    /// <summary>Opens the device on <paramref name="node"/>, as a caller with or without CAP_SYS_ADMIN (IGT runs as root on the primary node).</summary>
    public TestClient Open(DrmNode node, bool hasSysAdmin)
    {
        var client = new TestClient(Device.Open(node, hasSysAdmin));
        _clients.Add(client);
        return client;
    }

    public void Dispose()
    {
        Device.ResumeEngine();
        foreach (var client in _clients) client.Dispose();
        Device.Dispose();
    }
}

/// <summary>
/// One client of the device: its channel and the generated typed client, plus helpers that build valid
/// arguments. Helpers named after an ioctl return its errno; Create, Read, Write and WaitIdle assert success.
/// </summary>
internal sealed unsafe class TestClient : IDisposable
{
    /// <summary>Generous bound for waits that must succeed (a bound, never an assertion about time).</summary>
    public const long IdleBoundNs = 30_000_000_000;

    public TestClient(ReferenceChannel channel)
    {
        Channel = channel;
        Alloc = new AllocClient(channel);
    }

    public ReferenceChannel Channel { get; }

    public AllocClient Alloc { get; }

    public static CreateArgs CreateArgsFor(ulong size, Caching caching = Caching.Cached) => new() { Size = size, Caching = caching };

    /// <summary>Creates an object (asserting success) and returns its handle.</summary>
    public BoHandle Create(ulong size = 0, Caching caching = Caching.Cached)
    {
        var args = CreateArgsFor(size == 0 ? DeviceFixture.PageSize : size, caching);
        Assert.Equal(Errno.Ok, Alloc.Create(ref args));
        Assert.NotEqual(0u, args.Handle.Value);
        return args.Handle;
    }

    public Errno Close(BoHandle handle)
    {
        var args = new CloseArgs { Handle = handle };
        return Alloc.Close(ref args);
    }

    public Errno Pread(BoHandle handle, ulong offset, Span<byte> into)
    {
        fixed (byte* p = into)
        {
            var args = new PreadArgs { Handle = handle, Offset = offset, Size = (ulong)into.Length, DataPtr = (ulong)p };
            return Alloc.Pread(ref args);
        }
    }

    public Errno Pwrite(BoHandle handle, ulong offset, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            var args = new PwriteArgs { Handle = handle, Offset = offset, Size = (ulong)data.Length, DataPtr = (ulong)p };
            return Alloc.Pwrite(ref args);
        }
    }

    public byte[] Read(BoHandle handle, ulong offset, int length)
    {
        var bytes = new byte[length];
        Assert.Equal(Errno.Ok, Pread(handle, offset, bytes));
        return bytes;
    }

    public void Write(BoHandle handle, ulong offset, ReadOnlySpan<byte> data) => Assert.Equal(Errno.Ok, Pwrite(handle, offset, data));

    public Errno MmapOffset(BoHandle handle, out ulong offset)
    {
        var args = new MmapOffsetArgs { Handle = handle };
        var result = Alloc.MmapOffset(ref args);
        offset = args.Offset;
        return result;
    }

    /// <summary>MMAP_OFFSET, then maps <paramref name="length"/> bytes at that offset.</summary>
    public IMappedMemory Map(BoHandle handle, ulong length)
    {
        Assert.Equal(Errno.Ok, MmapOffset(handle, out ulong offset));
        Assert.Equal(Errno.Ok, Channel.Map(offset, length, out var mapping));
        return mapping!;
    }

    public Errno Begin(BoHandle handle, AccessFlags flags)
    {
        var args = new CpuAccessArgs { Handle = handle, Flags = flags };
        return Alloc.CpuAccessBegin(ref args);
    }

    public Errno End(BoHandle handle, AccessFlags flags)
    {
        var args = new CpuAccessArgs { Handle = handle, Flags = flags };
        return Alloc.CpuAccessEnd(ref args);
    }

    public Errno Pin(BoHandle handle)
    {
        var args = new PinArgs { Handle = handle };
        return Alloc.Pin(ref args);
    }

    public Errno Unpin(BoHandle handle)
    {
        var args = new PinArgs { Handle = handle };
        return Alloc.Unpin(ref args);
    }

    public Errno Madvise(BoHandle handle, Advice advice, out uint retained)
    {
        var args = new MadviseArgs { Handle = handle, Advice = advice, Retained = 0xdead };
        var result = Alloc.Madvise(ref args);
        retained = args.Retained;
        return result;
    }

    public Errno Busy(BoHandle handle, out uint busy)
    {
        var args = new BusyArgs { Handle = handle, Busy = 0xdead };
        var result = Alloc.Busy(ref args);
        busy = args.Busy;
        return result;
    }

    public Errno Wait(BoHandle handle, ref long timeoutNs, WaitFlags flags = 0)
    {
        var args = new WaitArgs { Handle = handle, Flags = flags, TimeoutNs = timeoutNs };
        var result = Alloc.Wait(ref args);
        timeoutNs = args.TimeoutNs;
        return result;
    }

    /// <summary>Waits (bounded) until the engine is done with the object, asserting it got there.</summary>
    public void WaitIdle(BoHandle handle)
    {
        long timeout = IdleBoundNs;
        Assert.Equal(Errno.Ok, Wait(handle, ref timeout));
    }

    public Errno Export(BoHandle handle, out ulong token)
    {
        var args = new ExportArgs { Handle = handle };
        var result = Alloc.Export(ref args);
        token = args.Token;
        return result;
    }

    public Errno Import(ulong token, out BoHandle handle, out ulong size)
    {
        var args = new ImportArgs { Token = token };
        var result = Alloc.Import(ref args);
        handle = args.Handle;
        size = args.Size;
        return result;
    }

    public Errno Submit(SubmitArgs args) => Alloc.Submit(ref args);

    public static SubmitArgs Fill(BoHandle dst, ulong dstOffset, ulong size, byte value)
        => new() { Op = EngineOp.Fill, DstHandle = dst, DstOffset = dstOffset, Size = size, Value = value };

    public static SubmitArgs Copy(BoHandle src, ulong srcOffset, BoHandle dst, ulong dstOffset, ulong size)
        => new() { Op = EngineOp.Copy, SrcHandle = src, SrcOffset = srcOffset, DstHandle = dst, DstOffset = dstOffset, Size = size };

    public static SubmitArgs Checksum(BoHandle src, ulong srcOffset, ulong size, BoHandle dst, ulong dstOffset)
        => new() { Op = EngineOp.Checksum, SrcHandle = src, SrcOffset = srcOffset, DstHandle = dst, DstOffset = dstOffset, Size = size };

    public Errno GetParam(Param param, out ulong value)
    {
        var args = new GetParamArgs { Param = param };
        var result = Alloc.GetParam(ref args);
        value = args.Value;
        return result;
    }

    public void Dispose() => Channel.Dispose();
}
