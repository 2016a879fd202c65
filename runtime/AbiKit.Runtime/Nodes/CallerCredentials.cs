using System.Globalization;

namespace AbiKit.Runtime.Nodes;

/// <summary>What a served device may learn about the process behind a request, from /proc.</summary>
public static class CallerCredentials
{
    private const int CapSysAdmin = 21;

    /// <summary>
    /// Whether thread <paramref name="pid"/> has CAP_SYS_ADMIN in its effective set (the kernel's
    /// capable(CAP_SYS_ADMIN) at open). False when it cannot be told (the process is gone, or no /proc).
    /// </summary>
    public static bool HasSysAdmin(int pid)
    {
        if (pid <= 0) return false;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("CapEff:", StringComparison.Ordinal)) continue;
                return ulong.TryParse(line.AsSpan(7).Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong caps)
                    && (caps & (1UL << CapSysAdmin)) != 0;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return false;
    }
}
