using AbiKit.Reference;
using AbiKit.Reference.Device;
using AbiKit.Reference.Node;
using AbiKit.TestSupport;

namespace AbiKit.DeviceNode.Tests;

/// <summary>A reference device served at a fresh directory for one test; disposing unmounts and removes it.</summary>
internal sealed class ServedReference : IDisposable
{
    private readonly string _root;

    public ServedReference(DeviceOptions? options = null)
    {
        _root = NativeToolchain.CreateTempDirectory("node");
        Device = new ReferenceDevice(options);
        Server = DeviceNodeServer.Start(new ReferenceNodeDevice(Device), Path.Combine(_root, "dri"),
            new DeviceNodeOptions { OnError = ex => Faults.Add(ex) });
    }

    public ReferenceDevice Device { get; }

    public DeviceNodeServer Server { get; }

    public string NodePath => Server.NodePath;

    /// <summary>Exceptions requests raised (each answered EIO): a test expects none.</summary>
    public List<Exception> Faults { get; } = new();

    public void Dispose()
    {
        Server.Dispose();
        Device.Dispose();
        NativeToolchain.DeleteTempDirectory(_root);
    }

    /// <summary>True while <paramref name="directory"/> is a mount point of this process's mount namespace.</summary>
    public static bool IsMounted(string directory)
    {
        string full = Path.GetFullPath(directory);
        return File.ReadLines("/proc/self/mountinfo").Any(line => line.Split(' ') is { Length: > 4 } f && f[4] == full);
    }
}
