using System.Runtime.InteropServices;
using AbiKit.Interop.Alloc;
using AbiKit.Reference;
using AbiKit.Runtime;
using BenchmarkDotNet.Attributes;

namespace AbiKit.Benchmarks;

/// <summary>
/// Moving bytes between user memory and a CACHED object with PREAD and PWRITE through the reference device,
/// next to a plain memcpy (<c>Buffer.MemoryCopy</c>) of the same size between two user buffers.
/// Baseline: memcpy. Target: PREAD and PWRITE reach at least 90% of memcpy's throughput (ratio at most
/// 1.11) from 1 MiB up.
/// </summary>
[MemoryDiagnoser]
public unsafe class CopyBenchmarks
{
    private ReferenceDevice _device = null!;
    private ReferenceChannel _channel = null!;
    private AllocClient _client;
    private BoHandle _handle;
    private byte* _source;
    private byte* _destination;

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
}
