using System.Globalization;
using AbiKit.Runtime.Nodes;

namespace AbiKit.Reference.Device;

/// <summary>
/// Another process whose memory a USERPTR object wraps (a C program on a device node). The device cannot
/// mlock or madvise another address space, so it reaches the pages with process_vm_readv/writev on every
/// access; the start time guards against the pid being reused by an unrelated process after the owner exits.
/// </summary>
internal sealed record CallerProcess(int Pid, ulong StartTime)
{
    /// <summary>The caller of the current request when it is another process; null for this process.</summary>
    public static CallerProcess? Current()
    {
        if (CallerMemory.IsSelf) return null;
        int pid = CallerMemory.ProcessId;
        return new CallerProcess(pid, StartTimeOf(pid));
    }

    /// <summary>True while the process that made the object still runs (its pid was not reused).</summary>
    public bool IsAlive => StartTime != 0 && StartTimeOf(Pid) == StartTime;

    /// <summary>The process's start time in clock ticks (/proc/PID/stat field 22), or 0 when it is gone.</summary>
    private static ulong StartTimeOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
            string[] rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return rest.Length > 19 && ulong.TryParse(rest[19], NumberStyles.None, CultureInfo.InvariantCulture, out ulong ticks) ? ticks : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
