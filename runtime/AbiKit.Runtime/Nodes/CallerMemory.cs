using System.Runtime.InteropServices;
using AbiKit.Runtime.Native;

namespace AbiKit.Runtime.Nodes;

/// <summary>
/// The address space of the process that made the current ioctl: copy_from_user/copy_to_user for devices.
/// In process it is this process; a device node sets the calling process for the duration of a request
/// (<see cref="Enter(int, ulong)"/>), so a device reads and writes the memory a C caller's argument points to
/// (PREAD/PWRITE data pointers, USERPTR ranges) with process_vm_readv/writev on that process. The kernel checks
/// every page: a bad pointer is EFAULT, never a crash.
/// </summary>
public static unsafe class CallerMemory
{
    private static readonly int Self = Environment.ProcessId;

    // Thread-static, not per file: one open file may be used by several processes at once (fork, SCM_RIGHTS),
    // and each request runs on one thread from start to end.
    [ThreadStatic]
    private static int t_caller;

    [ThreadStatic]
    private static ulong t_argument;

    /// <summary>The current request's argument address in the caller (a device node's ioctl), or 0 when unknown (in
    /// process, the argument is the caller's own buffer). The dispatcher reads a flexible array's elements there.</summary>
    public static ulong ArgumentAddress => t_argument;

    /// <summary>The process whose memory user pointers of the current request name.</summary>
    public static int ProcessId => t_caller != 0 ? t_caller : Self;

    /// <summary>True when user pointers of the current request are this process's own.</summary>
    public static bool IsSelf => t_caller == 0 || t_caller == Self;

    /// <summary>Makes <paramref name="processId"/> the caller on this thread until the scope is disposed.</summary>
    public static Scope Enter(int processId) => Enter(processId, 0);

    /// <summary>Makes <paramref name="processId"/> the caller and <paramref name="argumentAddress"/> its ioctl argument's
    /// address on this thread until the scope is disposed.</summary>
    public static Scope Enter(int processId, ulong argumentAddress)
    {
        var scope = new Scope(t_caller, t_argument);
        t_caller = processId;
        t_argument = argumentAddress;
        return scope;
    }

    /// <summary>copy_from_user: <paramref name="destination"/>.Length bytes at <paramref name="address"/> in the caller.</summary>
    public static Errno Read(ulong address, Span<byte> destination)
    {
        fixed (byte* local = destination) return Copy(ProcessId, local, address, (ulong)destination.Length, toUser: false);
    }

    /// <summary>copy_to_user: <paramref name="source"/> to <paramref name="address"/> in the caller.</summary>
    public static Errno Write(ulong address, ReadOnlySpan<byte> source)
    {
        fixed (byte* local = source) return Copy(ProcessId, local, address, (ulong)source.Length, toUser: true);
    }

    /// <summary>Copies between <paramref name="local"/> and <paramref name="user"/> in process <paramref name="pid"/>.</summary>
    public static Errno Copy(int pid, byte* local, ulong user, ulong length, bool toUser)
    {
        if (length == 0) return Errno.Ok;
        if (user == 0 || user > ulong.MaxValue - length) return Errno.EFAULT; // NULL or a wrapping range
        ulong done = 0;
        while (done < length)
        {
            var l = new LibC.IoVec { Base = local + done, Length = (nuint)(length - done) };
            var r = new LibC.IoVec { Base = (void*)(user + done), Length = (nuint)(length - done) };
            nint n = toUser ? LibC.ProcessVmWritev(pid, &l, 1, &r, 1, 0) : LibC.ProcessVmReadv(pid, &l, 1, &r, 1, 0);
            if (n < 0)
            {
                if (Marshal.GetLastPInvokeError() == (int)Errno.EINTR) continue;
                return Errno.EFAULT; // also ESRCH: the caller is gone, its memory with it
            }
            if (n == 0) return Errno.EFAULT; // a partial transfer stops at the first bad page
            done += (ulong)n;
        }
        return Errno.Ok;
    }

    /// <summary>Restores the previous caller.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly int _previous;
        private readonly ulong _previousArgument;

        internal Scope(int previous, ulong previousArgument)
        {
            _previous = previous;
            _previousArgument = previousArgument;
        }

        /// <summary>Leaves the scope.</summary>
        public void Dispose()
        {
            t_caller = _previous;
            t_argument = _previousArgument;
        }
    }
}
