using System.Runtime.InteropServices;
using AbiKit.Interop.Alloc;
using AbiKit.Reference;
using AbiKit.Runtime;
using AbiKit.Runtime.Native;
using BenchmarkDotNet.Attributes;

namespace AbiKit.Benchmarks;

/// <summary>
/// Moving bytes between user memory and a CACHED object with PREAD and PWRITE through the reference device,
/// next to a plain memcpy (<c>Buffer.MemoryCopy</c>) of the same size between two user buffers.
/// Baseline: memcpy. Target: PREAD and PWRITE reach at least 90% of memcpy's throughput (ratio at most
/// 1.11) from 1 MiB up. The same transfers with buffers in shared memory take the kernel's checked copy
/// (pread/pwrite on the object's memfd), the path every transfer took before large ones into private
/// memory were copied directly: both side by side in one run.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn] // on a shared machine the minimum is the figure least disturbed by other load
public unsafe class CopyBenchmarks
{
    private ReferenceDevice _device = null!;
    private ReferenceChannel _channel = null!;
    private AllocClient _client;
    private BoHandle _handle;
    private byte* _source;
    private byte* _destination;
    private byte* _sharedSource;
    private byte* _sharedDestination;

    /// <summary>Bytes per copy.</summary>
    [Params(4096, 1048576, 16777216)]
    public int Size { get; set; }

    /// <summary>
    /// Creates a CACHED object of <see cref="Size"/> bytes and two page-aligned user buffers, and touches all of
    /// them once so no benchmark pays first-touch page faults.
    /// </summary>
    [GlobalSetup]
    public void Setup()
    {
        _device = new ReferenceDevice();
        _channel = _device.Open();
        _client = new AllocClient(_channel);
        var create = new CreateArgs { Size = (ulong)Size, Caching = Caching.Cached };
        DispatchBenchmarks.Check(_client.Create(ref create), "CREATE");
        _handle = create.Handle;

        _source = (byte*)NativeMemory.AlignedAlloc((nuint)Size, 4096);
        _destination = (byte*)NativeMemory.AlignedAlloc((nuint)Size, 4096);
        for (int i = 0; i < Size; i++) _source[i] = (byte)(i * 31 + 7);
        new Span<byte>(_destination, Size).Clear();

        DispatchBenchmarks.Check(DevicePwrite(), "PWRITE");
        DispatchBenchmarks.Check(DevicePread(), "PREAD");
        if (!new Span<byte>(_source, Size).SequenceEqual(new Span<byte>(_destination, Size)))
            throw new InvalidOperationException("PREAD did not return what PWRITE wrote");

        _sharedSource = MapShared(Size);
        _sharedDestination = MapShared(Size);
        new Span<byte>(_source, Size).CopyTo(new Span<byte>(_sharedSource, Size));
        DispatchBenchmarks.Check(DevicePwriteSharedBuffer(), "PWRITE (shared buffer)");
        DispatchBenchmarks.Check(DevicePreadSharedBuffer(), "PREAD (shared buffer)");
        if (!new Span<byte>(_source, Size).SequenceEqual(new Span<byte>(_sharedDestination, Size)))
            throw new InvalidOperationException("PREAD into shared memory did not return what PWRITE wrote");
    }

    /// <summary>Shared anonymous memory, touched: not private, so transfers through it take the checked copy.</summary>
    private static byte* MapShared(int size)
    {
        void* p = LibC.Mmap(null, (nuint)size, LibC.PROT_READ | LibC.PROT_WRITE, LibC.MAP_SHARED | LibC.MAP_ANONYMOUS, -1, 0);
        if (p == LibC.MAP_FAILED) throw new InvalidOperationException($"mmap failed: errno {Marshal.GetLastPInvokeError()}");
        new Span<byte>(p, size).Clear();
        return (byte*)p;
    }

    /// <summary>Closes the object and the device and frees the buffers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        if (_channel is not null)
        {
            var close = new CloseArgs { Handle = _handle };
            _client.Close(ref close);
            _channel.Dispose();
        }
        _device?.Dispose();
        NativeMemory.AlignedFree(_source);
        NativeMemory.AlignedFree(_destination);
        _source = _destination = null;
        if (_sharedSource is not null) LibC.Munmap(_sharedSource, (nuint)Size);
        if (_sharedDestination is not null) LibC.Munmap(_sharedDestination, (nuint)Size);
        _sharedSource = _sharedDestination = null;
    }

    /// <summary>Buffer.MemoryCopy of <see cref="Size"/> bytes between two user buffers.</summary>
    [Benchmark(Baseline = true)]
    public Errno Memcpy()
    {
        Buffer.MemoryCopy(_source, _destination, Size, Size);
        return Errno.Ok;
    }

    /// <summary>DRM_IOCTL_ABIKIT_PREAD of the whole object into a user buffer.</summary>
    [Benchmark]
    public Errno DevicePread()
    {
        var arg = new PreadArgs { Handle = _handle, Offset = 0, Size = (ulong)Size, DataPtr = (ulong)_destination };
        return _client.Pread(ref arg);
    }

    /// <summary>DRM_IOCTL_ABIKIT_PWRITE of a user buffer over the whole object.</summary>
    [Benchmark]
    public Errno DevicePwrite()
    {
        var arg = new PwriteArgs { Handle = _handle, Offset = 0, Size = (ulong)Size, DataPtr = (ulong)_source };
        return _client.Pwrite(ref arg);
    }

    /// <summary>PREAD of the whole object into shared memory: the checked copy (pread on the memfd).</summary>
    [Benchmark]
    public Errno DevicePreadSharedBuffer()
    {
        var arg = new PreadArgs { Handle = _handle, Offset = 0, Size = (ulong)Size, DataPtr = (ulong)_sharedDestination };
        return _client.Pread(ref arg);
    }

    /// <summary>PWRITE of shared memory over the whole object: the checked copy (pwrite on the memfd).</summary>
    [Benchmark]
    public Errno DevicePwriteSharedBuffer()
    {
        var arg = new PwriteArgs { Handle = _handle, Offset = 0, Size = (ulong)Size, DataPtr = (ulong)_sharedSource };
        return _client.Pwrite(ref arg);
    }
}
