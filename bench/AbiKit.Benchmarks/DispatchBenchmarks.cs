using AbiKit.Interop.Alloc;
using AbiKit.Reference;
using AbiKit.Runtime;
using AbiKit.Runtime.Channels;
using BenchmarkDotNet.Attributes;

namespace AbiKit.Benchmarks;

/// <summary>
/// The cost of one validated ioctl through the reference device's generated dispatch table (drm_ioctl()
/// semantics: request decoding, zero-extended kernel copy, permission check, generated validation thunk,
/// copy-back), next to the same work as a direct call on the device and a real trivial ioctl(2) syscall
/// (FIONREAD on a pipe) through <see cref="DeviceFdChannel"/>. Baseline: the syscall.
/// Target: dispatch at most 0.1x the syscall, with 0 bytes allocated.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn] // on a shared machine the minimum is the figure least disturbed by other load
public class DispatchBenchmarks
{
    private ReferenceDevice _device = null!;
    private ReferenceChannel _channel = null!;
    private AllocClient _client;
    private BoHandle _handle;
    private DeviceFdChannel _pipe = null!;
    private int _pipeWrite = -1;
    private ulong _sink; // outputs are consumed, so the JIT cannot drop a direct call's work as dead

    /// <summary>Opens a reference device with one 4 KiB object, and a pipe to send FIONREAD to.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _device = new ReferenceDevice();
        _channel = _device.Open();
        _client = new AllocClient(_channel);
        var create = new CreateArgs { Size = 4096, Caching = Caching.Cached };
        Check(_client.Create(ref create), "CREATE");
        _handle = create.Handle;

        var (read, write) = Native.Pipe();
        _pipe = DeviceFdChannel.FromFileDescriptor(read, ownsHandle: true);
        _pipeWrite = write;
    }

    /// <summary>Closes the object, the device and the pipe.</summary>
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
        _pipe?.Dispose();
        if (_pipeWrite >= 0) Native.Close(_pipeWrite);
        _pipeWrite = -1;
    }

    /// <summary>A real trivial ioctl(2): FIONREAD on an empty pipe, through <see cref="DeviceFdChannel"/>.</summary>
    [Benchmark(Baseline = true)]
    public Errno SyscallFionread()
    {
        int available = 0;
        var result = _pipe.Ioctl(Native.FIONREAD, ref available);
        _sink = (ulong)available;
        return result;
    }

    /// <summary>DRM_IOCTL_ABIKIT_BUSY on an existing handle through the typed client, channel and dispatch table.</summary>
    [Benchmark]
    public Errno DispatchBusy()
    {
        var arg = new BusyArgs { Handle = _handle };
        var result = _client.Busy(ref arg);
        _sink = arg.Busy;
        return result;
    }

    /// <summary>The same BUSY as a hand-written direct call of the device's handler.</summary>
    [Benchmark]
    public Errno DirectBusy()
    {
        var arg = new BusyArgs { Handle = _handle };
        var result = _device.Busy(ref arg, _channel.File);
        _sink = arg.Busy;
        return result;
    }

    /// <summary>DRM_IOCTL_ABIKIT_GET_PARAM (no lock, no handle lookup) through the typed client and dispatch table.</summary>
    [Benchmark]
    public Errno DispatchGetParam()
    {
        var arg = new GetParamArgs { Param = Param.PageSize };
        var result = _client.GetParam(ref arg);
        _sink = arg.Value;
        return result;
    }

    /// <summary>The same GET_PARAM as a hand-written direct call of the device's handler.</summary>
    [Benchmark]
    public Errno DirectGetParam()
    {
        var arg = new GetParamArgs { Param = Param.PageSize };
        var result = _device.GetParam(ref arg, _channel.File);
        _sink = arg.Value;
        return result;
    }

    internal static void Check(Errno result, string what)
    {
        if (result != Errno.Ok) throw new InvalidOperationException($"{what} failed in setup: {result}");
    }
}
