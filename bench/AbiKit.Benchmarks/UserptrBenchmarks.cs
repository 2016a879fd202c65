using AbiKit.Alloc;
using AbiKit.Interop.Alloc;
using AbiKit.Reference;
using AbiKit.Reference.Device;
using AbiKit.Runtime;
using BenchmarkDotNet.Attributes;

namespace AbiKit.Benchmarks;

/// <summary>
/// Handing the device data that already sits in user memory, two ways, next to the cost of pinning it:
/// <list type="bullet">
/// <item><see cref="UserptrImportClose"/>: USERPTR of the page-aligned range (the device validates the
/// mapping, records it for fork protection, which is applied only when the process forks, and pins the pages
/// with mlock) and CLOSE (unpin).</item>
/// <item><see cref="CreatePwriteClose"/>: the copy alternative, CREATE an object of the same size, PWRITE the
/// data into it, CLOSE it.</item>
/// <item><see cref="MlockMunlock"/>: mlock + munlock of the same range directly, the cost of pinning alone.</item>
/// <item><see cref="PinAndForkProtect"/>: not part of a target. The system calls USERPTR + CLOSE made besides the
/// mapping check before the fork protection became lazy, made directly: mlock + madvise(WIPEONFORK) and munlock +
/// madvise(KEEPONFORK). It shows what the eager protection cost, and how much is the device's own work.</item>
/// </list>
/// Baseline: mlock + munlock. Target: import at most 1.1x the cost of pinning the same range. The break-even
/// size is where import gets cheaper than the copy.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn] // on a shared machine the minimum is the figure least disturbed by other load
public unsafe class UserptrBenchmarks
{
    private ReferenceDevice _device = null!;
    private ReferenceChannel _channel = null!;
    private AllocClient _client;
    private PageAlignedMemory _memory = null!;

    /// <summary>Bytes imported, copied or pinned.</summary>
    [Params(4096, 65536, 262144, 1048576, 16777216, 67108864)]
    public int Size { get; set; }

    /// <summary>
    /// Opens a device whose pin limit allows the largest size (the default, RLIMIT_MEMLOCK, is often 8 MiB), and
    /// allocates and fills a page-aligned user range of <see cref="Size"/> bytes, so every page is resident.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        _device = new ReferenceDevice(new DeviceOptions { PinLimit = 256UL << 20, MaxObjectSize = 1UL << 32 });
        _channel = _device.Open();
        _client = new AllocClient(_channel);
        _memory = PageAlignedMemory.Allocate((ulong)Size);
        byte* p = (byte*)_memory.Address;
        for (int i = 0; i < Size; i++) p[i] = (byte)(i * 31 + 7);

        DispatchBenchmarks.Check(MlockMunlock(), "mlock+munlock");
        DispatchBenchmarks.Check(PinAndForkProtect(), "mlock+madvise+munlock+madvise");
        DispatchBenchmarks.Check(UserptrImportClose(), "USERPTR+CLOSE");
        DispatchBenchmarks.Check(CreatePwriteClose(), "CREATE+PWRITE+CLOSE");
    }

    /// <summary>Closes the device and frees the range.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _channel?.Dispose();
        _device?.Dispose();
        _memory?.Dispose();
    }

    /// <summary>mlock + munlock of the range: what pinning it costs.</summary>
    [Benchmark(Baseline = true)]
    public Errno MlockMunlock()
    {
        var result = Native.Mlock(_memory.Address, (ulong)Size);
        if (result != Errno.Ok) return result;
        return Native.Munlock(_memory.Address, (ulong)Size);
    }

    /// <summary>
    /// Not a target: mlock + madvise(MADV_WIPEONFORK), then munlock + madvise(MADV_KEEPONFORK), directly: the
    /// pinning and fork protection USERPTR + CLOSE do for private anonymous memory, without the device.
    /// </summary>
    [Benchmark]
    public Errno PinAndForkProtect()
    {
        var result = Native.Mlock(_memory.Address, (ulong)Size);
        if (result != Errno.Ok) return result;
        result = Native.Madvise(_memory.Address, (ulong)Size, Native.MADV_WIPEONFORK);
        var unlocked = Native.Munlock(_memory.Address, (ulong)Size);
        var kept = Native.Madvise(_memory.Address, (ulong)Size, Native.MADV_KEEPONFORK);
        return result != Errno.Ok ? result : unlocked != Errno.Ok ? unlocked : kept;
    }

    /// <summary>DRM_IOCTL_ABIKIT_USERPTR of the range (validate + pin), then DRM_IOCTL_ABIKIT_CLOSE (unpin).</summary>
    [Benchmark]
    public Errno UserptrImportClose()
    {
        var userptr = new UserptrArgs { UserPtr = _memory.Address, UserSize = (ulong)Size };
        var result = _client.Userptr(ref userptr);
        if (result != Errno.Ok) return result;
        var close = new CloseArgs { Handle = userptr.Handle };
        return _client.Close(ref close);
    }

    /// <summary>The copy alternative: CREATE an object of the same size, PWRITE the range into it, CLOSE it.</summary>
    [Benchmark]
    public Errno CreatePwriteClose()
    {
        var create = new CreateArgs { Size = (ulong)Size, Caching = Caching.Cached };
        var result = _client.Create(ref create);
        if (result != Errno.Ok) return result;
        var write = new PwriteArgs { Handle = create.Handle, Offset = 0, Size = (ulong)Size, DataPtr = _memory.Address };
        result = _client.Pwrite(ref write);
        var close = new CloseArgs { Handle = create.Handle };
        var closed = _client.Close(ref close);
        return result != Errno.Ok ? result : closed;
    }
}
