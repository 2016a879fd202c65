using System.Runtime.InteropServices;
using AbiKit.Interop.Alloc;
using AbiKit.Reference;
using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;
using BenchmarkDotNet.Attributes;

namespace AbiKit.Benchmarks;

/// <summary>
/// Where a validated BUSY's time goes, layer by layer, from the handler outwards (not part of a target; the target
/// is <see cref="DispatchBenchmarks.DispatchBusy"/> against <see cref="DispatchBenchmarks.DirectBusy"/>):
/// <list type="number">
/// <item><see cref="DirectBusy"/> (baseline): the device's handler, called directly.</item>
/// <item><see cref="ThunkBusy"/>: the generated thunk (struct view, validation) through its delegate, as the table calls it.</item>
/// <item><see cref="TableBusy"/>: the dispatch table: request decoding, the zero-extended kernel copy, permissions,
/// the checked-mode test, copy-back.</item>
/// <item><see cref="ChannelBusy"/>: the open file: the call gate (fget and drm_dev_enter), on the concrete channel.</item>
/// <item><see cref="ClientBusy"/>: the typed client, which calls the channel through its interface: what an application calls.</item>
/// </list>
/// Each step's cost is its difference to the one before, in the same run.
/// </summary>
[MemoryDiagnoser]
[MinColumn, MedianColumn]
public class DispatchLayersBenchmarks
{
    private ReferenceDevice _device = null!;
    private ReferenceChannel _channel = null!;
    private DrmFile _file = null!;
    private AllocClient _client;
    private BoHandle _handle;
    private IoctlThunk<ReferenceDevice> _thunk = null!;
    private ulong _sink;

    /// <summary>Opens a reference device with one 4 KiB object, and finds BUSY's generated thunk.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _device = new ReferenceDevice();
        _channel = _device.Open();
        _file = _channel.File;
        _client = new AllocClient(_channel);
        var create = new CreateArgs { Size = 4096, Caching = Caching.Cached };
        DispatchBenchmarks.Check(_client.Create(ref create), "CREATE");
        _handle = create.Handle;
        _thunk = AllocDispatch.Entries<ReferenceDevice>().Single(e => e.Code == AllocIoctls.Busy).Thunk;
    }

    /// <summary>Closes the object and the device.</summary>
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
    }

    /// <summary>The handler, directly.</summary>
    [Benchmark(Baseline = true)]
    public Errno DirectBusy()
    {
        var arg = new BusyArgs { Handle = _handle };
        var result = _device.Busy(ref arg, _file);
        _sink = arg.Busy;
        return result;
    }

    /// <summary>The generated thunk through its delegate.</summary>
    [Benchmark]
    public Errno ThunkBusy()
    {
        var arg = new BusyArgs { Handle = _handle };
        var result = _thunk(_device, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref arg, 1)), _file).Errno;
        _sink = arg.Busy;
        return result;
    }

    /// <summary>The dispatch table, without the file's gate.</summary>
    [Benchmark]
    public Errno TableBusy()
    {
        var arg = new BusyArgs { Handle = _handle };
        var result = ReferenceDevice.Table.Dispatch(_device, _file, AllocIoctls.Busy, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref arg, 1)));
        _sink = arg.Busy;
        return result;
    }

    /// <summary>The open file (gate and table), called on the concrete channel.</summary>
    [Benchmark]
    public Errno ChannelBusy()
    {
        var arg = new BusyArgs { Handle = _handle };
        var result = _channel.Ioctl(AllocIoctls.Busy, MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref arg, 1)));
        _sink = arg.Busy;
        return result;
    }

    /// <summary>The typed client: the channel through its interface.</summary>
    [Benchmark]
    public Errno ClientBusy()
    {
        var arg = new BusyArgs { Handle = _handle };
        var result = _client.Busy(ref arg);
        _sink = arg.Busy;
        return result;
    }
}
