using AbiKit.Interop.Alloc;
using AbiKit.Reference;
using AbiKit.Reference.Memory;
using AbiKit.Runtime;
using BenchmarkDotNet.Attributes;

namespace AbiKit.Benchmarks;

/// <summary>
/// Creating and destroying one 4 KiB object: CREATE + CLOSE through the reference device (sub-allocated from a
/// few large memfds) next to the one-memfd-per-object design, memfd_create + ftruncate(4096) + close.
/// Baseline: memfd per object. Target: create+close at least 20x faster (ratio at most 0.05).
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn] // on a shared machine the minimum is the figure least disturbed by other load
public class CreateCloseBenchmarks
{
    private const ulong ObjectSize = 4096;

    private ReferenceDevice _device = null!;
    private ReferenceChannel _channel = null!;
    private AllocClient _client;
    private BackingStore _store = null!;

    /// <summary>Opens a reference device and a bare backing store, and warms both with one object.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _device = new ReferenceDevice();
        _channel = _device.Open();
        _client = new AllocClient(_channel);
        DispatchBenchmarks.Check(DeviceCreateClose(), "CREATE+CLOSE");
        _store = new BackingStore();
        DispatchBenchmarks.Check(StoreAllocateFree(), "BackingStore allocate+free");
    }

    /// <summary>Closes the device and the store.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _channel?.Dispose();
        _device?.Dispose();
        _store?.Dispose();
    }

    /// <summary>memfd_create + ftruncate(4096) + close: what one memfd per object costs.</summary>
    [Benchmark(Baseline = true)]
    public Errno MemfdPerObject()
    {
        int fd = Native.MemfdCreate(out var errno);
        if (fd < 0) return errno;
        var result = Native.Truncate(fd, (long)ObjectSize);
        var closed = Native.Close(fd);
        return result != Errno.Ok ? result : closed;
    }

    /// <summary>DRM_IOCTL_ABIKIT_CREATE (4 KiB, cached) + DRM_IOCTL_ABIKIT_CLOSE through the typed client.</summary>
    [Benchmark]
    public Errno DeviceCreateClose()
    {
        var create = new CreateArgs { Size = ObjectSize, Caching = Caching.Cached };
        var result = _client.Create(ref create);
        if (result != Errno.Ok) return result;
        var close = new CloseArgs { Handle = create.Handle };
        return _client.Close(ref close);
    }

    /// <summary>
    /// Not a target: the device's backing store alone (allocate 4 KiB from a memfd arena, free it, which punches
    /// the pages out of the memfd with fallocate), to show how much of CREATE+CLOSE it accounts for.
    /// </summary>
    [Benchmark]
    public Errno StoreAllocateFree()
    {
        var status = _store.TryAllocate((long)ObjectSize, out var allocation);
        if (status != AllocationStatus.Success) return status.ToErrno();
        _store.Free(allocation);
        return Errno.Ok;
    }
}
