using AbiKit.DeviceNode;
using AbiKit.Reference;
using AbiKit.Reference.Node;
using AbiKit.Runtime.Nodes;
using AbiKit.TestSupport;

namespace AbiKit.Conformance.Tests;

/// <summary>
/// The suite run against AbiKit: the reference device (dispatch table generated from drm-core.abi.json and
/// abikit-alloc.abi.json) served as card0 and renderD128 through a real FUSE node, as `abikit serve` serves it.
/// </summary>
public static class AbiKitRun
{
    private static readonly Lazy<SuiteReport> Shipped = new(() => Against(device => device));

    /// <summary>What AbiKit answered.</summary>
    public static SuiteReport Report => Shipped.Value;

    /// <summary>
    /// Runs the suite (or the <paramref name="arguments"/> it is given) against the reference device, as
    /// <paramref name="wrap"/> changes it (a mutant, or the device itself).
    /// </summary>
    public static SuiteReport Against(Func<IServedDevice, IServedDevice> wrap, params string[] arguments)
    {
        string root = NativeToolchain.CreateTempDirectory("conformance-node");
        var faults = new List<Exception>();
        using (var device = new ReferenceDevice())
        using (var server = DeviceNodeServer.Start(wrap(new ReferenceNodeDevice(device)), Path.Combine(root, "dri"),
                   new DeviceNodeOptions { OnError = ex => { lock (faults) faults.Add(ex); } }))
        {
            var report = Suite.Run(server.PrimaryNodePath!, server.NodePath, arguments);
            if (faults.Count > 0) throw new InvalidOperationException($"the node faulted on {faults.Count} request(s): {faults[0]}");
            server.Dispose();
            NativeToolchain.DeleteTempDirectory(root);
            return report;
        }
    }
}
