using System.Collections.Concurrent;

namespace AbiKit.Runtime.Nodes;

/// <summary>
/// The paths of device nodes this process serves. A device asked to wrap user memory (USERPTR with PROBE)
/// refuses a caller's mapping of one of them: that memory is another object's, not ordinary memory.
/// </summary>
public static class DeviceNodePaths
{
    private static readonly ConcurrentDictionary<string, byte> Paths = new(StringComparer.Ordinal);

    /// <summary>Registers a served node's path.</summary>
    public static void Register(string path) => Paths[path] = 0;

    /// <summary>Forgets a node that is no longer served.</summary>
    public static void Unregister(string path) => Paths.TryRemove(path, out _);

    /// <summary>True when <paramref name="path"/> (a mapping's path in /proc/PID/maps) is a served node.</summary>
    public static bool IsServedNode(string path) => !Paths.IsEmpty && Paths.ContainsKey(path);
}
