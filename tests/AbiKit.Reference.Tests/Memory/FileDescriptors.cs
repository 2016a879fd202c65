namespace AbiKit.Reference.Tests.Memory;

/// <summary>Tests that count this process's open file descriptors run alone, after the parallel tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FdCountingCollection
{
    public const string Name = "fd counting";
}

internal static class FileDescriptors
{
    /// <summary>Entries of /proc/self/fd (the enumeration's own descriptor is counted every time, so deltas are exact).</summary>
    public static int OpenCount() => Directory.GetFileSystemEntries("/proc/self/fd").Length;

    /// <summary>How many open descriptors are memfds of backing-store arenas.</summary>
    public static int ArenaMemfdCount()
    {
        int count = 0;
        foreach (string entry in Directory.GetFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(entry).LinkTarget is string target && target.Contains("memfd:abikit-arena-", StringComparison.Ordinal))
                    count++;
            }
            catch (IOException)
            {
                // closed while we looked
            }
        }
        return count;
    }
}
