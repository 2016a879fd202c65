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
    /// From this size up, a copy between this process's memory and an object checks the user range once and then
    /// copies directly (memcpy speed); below it, the check would cost more than the pread/process_vm_readv it saves.
    /// </summary>
    internal const ulong DirectCopyThreshold = 64 * 1024;

    /// <summary>
    /// copy_to_user from a memfd-backed object mapped at <paramref name="mapped"/> (its memfd and offset also given).
    /// An in-process caller's large buffer in private anonymous memory (checked once: <see cref="UserRange.IsPrivateAnonymous"/>)
    /// is copied into directly. Anything else goes through pread(2) on the memfd: the kernel copies page-cache
    /// pages straight to user memory, and a bad user address is EFAULT, as for a driver's own copy_to_user.
    /// </summary>
    public static Errno ToUserFromObject(ulong destination, byte* mapped, int fd, long fileOffset, ulong length)
    {
        if (Direct(destination, length, write: true))
        {
            Buffer.MemoryCopy(mapped, (void*)destination, (long)length, (long)length);
            return Errno.Ok;
        }
        return FileRead(fd, fileOffset, destination, length);
    }

    /// <summary>
    /// copy_from_user into an object mapped at <paramref name="mapped"/>: directly as <see cref="ToUserFromObject"/>
    /// for a large private buffer of this process, else with process_vm_readv (on the caller's process) straight into
    /// the mapping. Not pwrite(2): it faults the user's pages in while holding the memfd's inode lock, and one memfd
    /// holds many objects of every client, so a slow user page fault would stall every PWRITE and hole punch there
    /// (issue 14; UserFaultUnderLockTests). process_vm_readv waits for the fault holding no lock.
    /// </summary>
    public static Errno FromUserToObject(byte* mapped, ulong source, ulong length)
    {
        if (Direct(source, length, write: false))
        {
            Buffer.MemoryCopy((void*)source, mapped, (long)length, (long)length);
            return Errno.Ok;
        }
        return CallerMemory.Copy(CallerMemory.ProcessId, mapped, source, length, toUser: false);
    }

    /// <summary>
    /// Whether the user range can be copied directly: this process's, large, and every page of it private anonymous
    /// memory with the access needed. A caveat the kernel's copy_to_user does not have: a thread of the caller that
    /// unmaps (or guard-protects, MADV_GUARD_INSTALL) the buffer while its own PREAD/PWRITE runs faults the process,
    /// as any memcpy into memory freed under it would.
    /// </summary>
    private static bool Direct(ulong user, ulong length, bool write)
        => length >= DirectCopyThreshold && user != 0 && user <= ulong.MaxValue - length && CallerMemory.IsSelf
            && UserRange.IsPrivateAnonymous(user, length, write);

    // pread(2) faults the user's pages in holding only a reference to the page-cache page it copies from (no
    // lock of the memfd), so a slow fault stalls only its caller.
    private static Errno FileRead(int fd, long fileOffset, ulong user, ulong length)
    {
        if (length == 0) return Errno.Ok;
        if (user == 0 || user > ulong.MaxValue - length) return Errno.EFAULT;
        if (!CallerMemory.IsSelf) return RemoteFileRead(fd, fileOffset, user, length);
        ulong done = 0;
        while (done < length)
        {
            // At most 1 GiB per call: read/write transfer at most 0x7ffff000 bytes anyway.
            nuint chunk = (nuint)Math.Min(length - done, 1UL << 30);
            nint n = LibC.Pread(fd, (void*)(user + done), chunk, fileOffset + (long)done);
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
    /// goes through a bounce buffer and process_vm_writev on the caller's pid. (pread(2) from the memfd, not a
    /// read of the mapping: a hole in a purged or never-written object reads as zeros without allocating pages.)
    /// </summary>
    private static Errno RemoteFileRead(int fd, long fileOffset, ulong user, ulong length)
    {
        const int Chunk = 64 * 1024;
        byte* bounce = stackalloc byte[Chunk];
        int pid = CallerMemory.ProcessId;
        ulong done = 0;
        while (done < length)
        {
            int chunk = (int)Math.Min(length - done, Chunk);
            int moved = 0;
            while (moved < chunk)
            {
                nint n = LibC.Pread(fd, bounce + moved, (nuint)(chunk - moved), fileOffset + (long)done + moved);
                if (n < 0 && Marshal.GetLastPInvokeError() == (int)Errno.EINTR) continue;
                if (n <= 0) return Errno.EIO; // the object's own memfd failed: not the caller's fault
                moved += (int)n;
            }
            var written = CallerMemory.Copy(pid, bounce, user + done, (ulong)chunk, toUser: true);
            if (written != Errno.Ok) return written;
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
