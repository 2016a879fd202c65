using AbiKit.DeviceNode;
using AbiKit.Interop.Alloc;
using AbiKit.Reference;
using AbiKit.Reference.Node;
using AbiKit.Runtime;
using AbiKit.Runtime.Channels;
using BenchmarkDotNet.Attributes;

namespace AbiKit.Benchmarks;

/// <summary>
/// A trivial ioctl through a real device node: DRM_IOCTL_ABIKIT_GET_PARAM through AbiKit's FUSE node (raw
/// /dev/fuse protocol, the reference device's dispatch table), next to FIOC_GET_SIZE on libfuse's example ioctl
/// server (the floor of the FUSE route) and the same GET_PARAM dispatched in process. All three are called from
/// this process with ioctl(2) (or the in-process channel). Needs root and /dev/fuse.
/// Baseline: the libfuse example. Target: AbiKit's node at most 1.5x the floor.
/// </summary>
[MemoryDiagnoser]
public class DeviceNodeBenchmarks
{
    private string _directory = null!;
    private ReferenceDevice _device = null!;
    private DeviceNodeServer _server = null!;
    private DeviceFdChannel _node = null!;
    private ReferenceChannel _inProcess = null!;
    private LibfuseIoctlExample _example = null!;
    private DeviceFdChannel _fioc = null!;
    private ulong _sink;

    /// <summary>Serves the reference device and the libfuse example, each on a fresh directory.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "abikit-bench-node-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
        _device = new ReferenceDevice();
        _server = DeviceNodeServer.Start(new ReferenceNodeDevice(_device), Path.Combine(_directory, "dri"));
        _node = DeviceFdChannel.Open(_server.NodePath);
        _inProcess = _device.Open();
        _example = LibfuseIoctlExample.Start(_directory);
        _fioc = DeviceFdChannel.Open(_example.FilePath);
    }

    /// <summary>Stops both servers and removes the directory.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _fioc?.Dispose();
        _example?.Dispose();
        _node?.Dispose();
        _inProcess?.Dispose();
        _server?.Dispose();
        _device?.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A mount point still held elsewhere: it is detached already and goes with its last user.
        }
    }

    /// <summary>FIOC_GET_SIZE on libfuse's example ioctl server: the floor of a served ioctl.</summary>
    [Benchmark(Baseline = true)]
    public Errno LibfuseExampleIoctl()
    {
        ulong size = 0;
        var result = _fioc.Ioctl(LibfuseIoctlExample.GetSize, ref size);
        _sink = size;
        return result;
    }

    /// <summary>GET_PARAM through AbiKit's node: ioctl(2), FUSE, the node's reader, the dispatch table, the device.</summary>
    [Benchmark]
    public Errno NodeGetParam()
    {
        var arg = new GetParamArgs { Param = Param.PageSize };
        var result = new AllocClient(_node).GetParam(ref arg);
        _sink = arg.Value;
        return result;
    }

    /// <summary>The same GET_PARAM dispatched in process (no syscall at all).</summary>
    [Benchmark]
    public Errno InProcessGetParam()
    {
        var arg = new GetParamArgs { Param = Param.PageSize };
        var result = new AllocClient(_inProcess).GetParam(ref arg);
        _sink = arg.Value;
        return result;
    }
}
