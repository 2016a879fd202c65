using System.Runtime.InteropServices;
using System.Text;
using AbiKit.Runtime.Native;

namespace AbiKit.DeviceNode.Fuse;

/// <summary>
/// The kernel end of one FUSE mount: /dev/fuse opened, mounted with mount(2) at a directory, read for
/// requests and written with replies and notifications. Unmounting is lazy (MNT_DETACH), so a node that is
/// still open elsewhere never leaves the directory stuck, and the connection is aborted through fusectl so
/// blocked readers return at once.
/// </summary>
internal sealed unsafe class FuseDevice : IDisposable
{
    private const int O_RDWR = 0x2;
    private const int O_CLOEXEC = 0x80000;
    private const ulong MS_NOSUID = 0x2;
    private const ulong MS_NODEV = 0x4;
    private const int MNT_DETACH = 0x2;
    private const int EINTR = 4;
    private const int ENOENT = 2;
    private const int EAGAIN = 11;
    private const int EPERM = 1;
    private const int EACCES = 13;
    private const string ConnectionsDir = "/sys/fs/fuse/connections";

    private int _fd;
    private string? _mountPoint;
    private string? _connection;





    private FuseDevice(int fd) => _fd = fd;

    /// <summary>Opens /dev/fuse and mounts it at <paramref name="mountPoint"/> (an existing directory).</summary>
    public static FuseDevice Mount(string mountPoint)
    {
        if (!File.Exists("/dev/fuse"))
            throw new DeviceNodeException("/dev/fuse does not exist: this kernel has no FUSE, or the container was started without it (load the module with 'modprobe fuse', or pass --device /dev/fuse)");
        DetachDeadMount(Path.GetFullPath(mountPoint));
        if (!Directory.Exists(mountPoint))
            throw new DeviceNodeException($"cannot serve at '{mountPoint}': the directory does not exist");
        int fd = LibC.Open("/dev/fuse", O_RDWR | O_CLOEXEC);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new DeviceNodeException(errno is EACCES or EPERM
                ? "cannot open /dev/fuse: permission denied (serving a device node needs root, or CAP_SYS_ADMIN and access to /dev/fuse)"
                : $"cannot open /dev/fuse: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        var device = new FuseDevice(fd);
        string full = Path.GetFullPath(mountPoint);
        // allow_other + default_permissions: any user may open the node, the kernel checks its mode (0666,
        // as a render node). rootmode is the mount root's type (a directory).
        string options = $"fd={fd},rootmode=40000,user_id={LibC.Geteuid()},group_id={LibC.Getegid()},allow_other,default_permissions,max_read={FuseConst.MaxWrite}";
        if (LibC.Mount("abikit", full, "fuse.abikit", MS_NOSUID | MS_NODEV, options) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            LibC.Close(fd);
            throw new DeviceNodeException(errno is EPERM or EACCES
                ? $"cannot mount FUSE at '{full}': permission denied (mount(2) needs root or CAP_SYS_ADMIN; unprivileged users would need fusermount3, which AbiKit does not use)"
                : $"cannot mount FUSE at '{full}': {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        device._mountPoint = full;
        device._connection = FindConnection(full);
        return device;
    }

    /// <summary>
    /// A server that crashed leaves its mount behind, answering ENOTCONN to everything (even stat). Serving
    /// again at that directory first detaches the dead mount; a live one (stat works) is left alone.
    /// </summary>
    internal static void DetachDeadMount(string mountPoint)
    {
        if (Directory.Exists(mountPoint)) return;
        try
        {
            foreach (string line in File.ReadLines("/proc/self/mountinfo"))
            {
                string[] fields = line.Split(' ');
                int separator = Array.IndexOf(fields, "-");
                if (fields.Length < 5 || separator < 0 || separator + 1 >= fields.Length) continue;
                if (Unescape(fields[4]) == mountPoint && fields[separator + 1] == "fuse.abikit") LibC.Umount2(mountPoint, MNT_DETACH);
            }
        }
        catch (IOException)
        {
        }
    }


    /// <summary>
    /// Reads one request into <paramref name="buffer"/>. Returns its length, or -1 when the connection is gone
    /// (unmounted or aborted).
    /// </summary>
    public int Read(byte* buffer, int size)
    {
        while (true)
        {
            int fd = Volatile.Read(ref _fd);
            if (fd < 0) return -1;
            nint n = LibC.Read(fd, buffer, (nuint)size);
            if (n > 0) return (int)n;
            int errno = Marshal.GetLastPInvokeError();
            // ENOENT: the request was interrupted before we read it; EINTR/EAGAIN: try again. Anything else
            // (ENODEV after an unmount or abort) ends the session.
            if (n < 0 && errno is EINTR or ENOENT or EAGAIN) continue;
            return -1;
        }
    }

    /// <summary>Writes one reply or notification. Returns 0 or the errno (ENOENT: the request was interrupted; ignorable).</summary>
    public int Write(byte* message, int length)
    {
        int fd = Volatile.Read(ref _fd);
        if (fd < 0) return 19; // ENODEV
        while (true)
        {
            nint n = LibC.Write(fd, (byte*)message, (nuint)length);
            if (n >= 0) return 0;
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EINTR) continue;
            return errno;
        }
    }

    /// <summary>FUSE_NOTIFY_INVAL_INODE: drops the inode's cached pages of the range, writing dirty ones back first.</summary>
    public int InvalidateInode(ulong nodeId, long offset, long length)
    {
        int size = sizeof(FuseOutHeader) + sizeof(FuseNotifyInvalInodeOut);
        byte* message = stackalloc byte[size];
        *(FuseOutHeader*)message = new FuseOutHeader { Len = (uint)size, Error = FuseConst.NotifyInvalInode, Unique = 0 };
        *(FuseNotifyInvalInodeOut*)(message + sizeof(FuseOutHeader)) = new FuseNotifyInvalInodeOut { Ino = nodeId, Off = offset, Len = length };
        return Write(message, size);
    }

    /// <summary>The fusectl connection directory of the mount (/sys/fs/fuse/connections/&lt;minor&gt;), if fusectl is there.</summary>
    private static string? FindConnection(string mountPoint)
    {
        try
        {
            EnsureFusectl();
            foreach (string line in File.ReadLines("/proc/self/mountinfo"))
            {
                // "id parent major:minor root mountpoint ..."; mount points escape spaces as \040.
                string[] fields = line.Split(' ');
                if (fields.Length < 5 || Unescape(fields[4]) != mountPoint) continue;
                string[] dev = fields[2].Split(':');
                string dir = Path.Combine(ConnectionsDir, dev[1]);
                return Directory.Exists(dir) ? dir : null;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return null;
    }

    /// <summary>fusectl is how a server aborts its own connection; mount it if the system has not (systemd does).</summary>
    private static void EnsureFusectl()
    {
        if (!Directory.Exists(ConnectionsDir)) return;
        foreach (string line in File.ReadLines("/proc/self/mounts"))
        {
            if (line.StartsWith("fusectl ", StringComparison.Ordinal)) return;
        }
        LibC.Mount("fusectl", ConnectionsDir, "fusectl", 0, null); // best effort: without it, Dispose unmounts lazily only
    }

    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal)) return field;
        var sb = new StringBuilder();
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length)
            {
                sb.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                sb.Append(field[i]);
            }
        }
        return sb.ToString();
    }

    /// <summary>Unmounts lazily and aborts the connection: blocked readers return, open nodes answer ENOTCONN.</summary>
    public void Dispose()
    {
        string? mountPoint = Interlocked.Exchange(ref _mountPoint, null);
        if (mountPoint is not null)
        {
            LibC.Umount2(mountPoint, MNT_DETACH);
            if (_connection is { } connection)
            {
                try
                {
                    File.WriteAllText(Path.Combine(connection, "abort"), "1");
                }
                catch (IOException)
                {
                    // Already gone with the unmount: nothing left to abort.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
        }
    }

    /// <summary>Closes /dev/fuse once no reader uses it any more.</summary>
    public void CloseDescriptor()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) LibC.Close(fd);
    }
}
