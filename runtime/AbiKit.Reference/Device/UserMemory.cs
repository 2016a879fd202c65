using System.Runtime.InteropServices;
using AbiKit.Runtime;
using AbiKit.Runtime.Native;
using AbiKit.Runtime.Nodes;

namespace AbiKit.Reference.Device;

/// <summary>
/// Copies between device memory and user pointers the way copy_to_user/copy_from_user do: a bad user
/// address is EFAULT, never a crash. The in-process device's "user space" is this process, so it copies with
/// process_vm_readv/process_vm_writev on its own pid, which the kernel checks page by page.
/// </summary>
internal static unsafe partial class UserMemory
{
    private static readonly int Pid = Environment.ProcessId;

    /// <summary>
    /// copy_to_user from a memfd-backed object: pread(2) on the object's memfd into the user's buffer. The kernel
    /// copies page-cache pages straight to user memory (no pinning of user pages), and a bad user address is
    /// EFAULT, as for a driver's own copy_to_user.
    /// </summary>
    public static Errno ToUserFromFile(ulong destination, int fd, long fileOffset, ulong length)
        => FileCopy(fd, fileOffset, destination, length, toUser: true);

    /// <summary>copy_from_user into a memfd-backed object: pwrite(2) from the user's buffer into the object's memfd.</summary>
    public static Errno FromUserToFile(int fd, long fileOffset, ulong source, ulong length)
        => FileCopy(fd, fileOffset, source, length, toUser: false);

    private static Errno FileCopy(int fd, long fileOffset, ulong user, ulong length, bool toUser)
    {
        if (length == 0) return Errno.Ok;
        if (user == 0 || user > ulong.MaxValue - length) return Errno.EFAULT;
        if (!CallerMemory.IsSelf) return RemoteFileCopy(fd, fileOffset, user, length, toUser);
        ulong done = 0;
        while (done < length)
        {
            // At most 1 GiB per call: read/write transfer at most 0x7ffff000 bytes anyway.
            nuint chunk = (nuint)Math.Min(length - done, 1UL << 30);
            nint n = toUser
                ? LibC.Pread(fd, (void*)(user + done), chunk, fileOffset + (long)done)
                : LibC.Pwrite(fd, (void*)(user + done), chunk, fileOffset + (long)done);
            if (n < 0)
            {
                if (Marshal.GetLastPInvokeError() == (int)Errno.EINTR) continue;
                return Errno.EFAULT;
            }
            if (n == 0) return Errno.EFAULT;
            done += (ulong)n;
        }
        return Errno.Ok;
    }

    /// <summary>
    /// The caller is another process (a C program on a device node): its pointers mean nothing here, so the copy
    /// goes through a bounce buffer and process_vm_readv/writev on the caller's pid.
    /// </summary>
    private static Errno RemoteFileCopy(int fd, long fileOffset, ulong user, ulong length, bool toUser)
    {
        const int Chunk = 64 * 1024;
        byte* bounce = stackalloc byte[Chunk];
        int pid = CallerMemory.ProcessId;
        ulong done = 0;
        while (done < length)
        {
            int chunk = (int)Math.Min(length - done, Chunk);
            if (!toUser)
            {
                var read = CallerMemory.Copy(pid, bounce, user + done, (ulong)chunk, toUser: false);
                if (read != Errno.Ok) return read;
            }
            int moved = 0;
            while (moved < chunk)
            {
                nint n = toUser
                    ? LibC.Pread(fd, bounce + moved, (nuint)(chunk - moved), fileOffset + (long)done + moved)
                    : LibC.Pwrite(fd, bounce + moved, (nuint)(chunk - moved), fileOffset + (long)done + moved);
                if (n < 0 && Marshal.GetLastPInvokeError() == (int)Errno.EINTR) continue;
                if (n <= 0) return Errno.EIO; // the object's own memfd failed: not the caller's fault
                moved += (int)n;
            }
            if (toUser)
            {
                var written = CallerMemory.Copy(pid, bounce, user + done, (ulong)chunk, toUser: true);
                if (written != Errno.Ok) return written;
            }
            done += (ulong)chunk;
        }
        return Errno.Ok;
    }

    /// <summary>copy_from_user: user <paramref name="source"/> into device memory.</summary>
    public static Errno FromUser(byte* destination, ulong source, ulong length, int processId = 0)
        => Copy(destination, source, length, toUser: false, processId);

    /// <summary>copy_to_user: device memory into user <paramref name="destination"/>.</summary>
    public static Errno ToUser(ulong destination, byte* source, ulong length, int processId = 0)
        => Copy(source, destination, length, toUser: true, processId);

    private static Errno Copy(byte* local, ulong user, ulong length, bool toUser, int processId)
        => CallerMemory.Copy(processId != 0 ? processId : Pid, local, user, length, toUser);
}
