using System.Globalization;
using System.Runtime.InteropServices;
using AbiKit.Interop.Alloc;
using AbiKit.Reference.Tests.Device;
using AbiKit.Runtime;
using AbiKit.Runtime.Native;

namespace AbiKit.Reference.Tests.Userptr;

/// <summary>
/// USERPTR tests change this process's address space (munmap under a live object, fork, mlock, madvise) and
/// read it back from /proc/self. They run one at a time, in parallel with the other collections: their memory
/// comes from <see cref="UserPages"/>, mapped far from where other mmaps go, so no other test maps memory into
/// a hole they made or shares the mappings they inspect. (Not DisableParallelization: that would run them
/// right before the fd-counting collection, whose counts the runtime's after-effects would disturb.)
/// </summary>
[CollectionDefinition(Name)]
public sealed class UserptrCollection
{
    public const string Name = "userptr address space";
}

/// <summary>USERPTR helpers for <see cref="TestClient"/>.</summary>
internal static class UserptrCalls
{
    public static UserptrArgs ArgsFor(ulong pointer, ulong size, UserptrFlags flags = 0)
        => new() { UserPtr = pointer, UserSize = size, Flags = flags };

    public static Errno Userptr(this TestClient client, ulong pointer, ulong size, UserptrFlags flags, out BoHandle handle)
    {
        var args = ArgsFor(pointer, size, flags);
        var result = client.Alloc.Userptr(ref args);
        handle = args.Handle;
        return result;
    }

    public static Errno Userptr(this TestClient client, UserptrArgs args) => client.Alloc.Userptr(ref args);

    /// <summary>USERPTR asserting success; returns the handle.</summary>
    public static BoHandle WrapUser(this TestClient client, ulong pointer, ulong size, UserptrFlags flags = 0)
    {
        Assert.Equal(Errno.Ok, client.Userptr(pointer, size, flags, out var handle));
        Assert.NotEqual(0u, handle.Value);
        return handle;
    }

    /// <summary>
    /// i915 without PROBE: creating succeeds (only access_ok is checked), and the first use — a SUBMIT, or
    /// CPU_ACCESS_BEGIN (set_domain) — is EFAULT, as get_pages finds the memory missing. Closes the object.
    /// </summary>
    public static void EfaultAtFirstUse(this TestClient client, UserptrArgs args)
    {
        Assert.Equal(0u, (uint)(args.Flags & UserptrFlags.Probe));
        Assert.Equal(Errno.Ok, client.Userptr(ref args));
        bool readOnly = (args.Flags & UserptrFlags.ReadOnly) != 0;
        Assert.Equal(Errno.EFAULT, client.Begin(args.Handle, readOnly ? AccessFlags.Read : AccessFlags.Write));
        var other = client.Create(args.UserSize);
        var use = readOnly ? TestClient.Copy(args.Handle, 0, other, 0, args.UserSize) : TestClient.Fill(args.Handle, 0, args.UserSize, 1);
        Assert.Equal(Errno.EFAULT, client.Submit(use));
        Assert.Equal(Errno.Ok, client.Close(other));
        Assert.Equal(Errno.Ok, client.Close(args.Handle));
    }

    private static Errno Userptr(this TestClient client, ref UserptrArgs args) => client.Alloc.Userptr(ref args);

    /// <summary>Bytes this client has charged against the pin limit (the device's internal account).</summary>
    public static ulong PinnedBytes(this TestClient client) => ReferenceDevice.Client(client.Channel.File).PinnedBytes;

    /// <summary>Has the device engine checksum <paramref name="size"/> bytes of <paramref name="source"/> into a fresh object; returns the hash.</summary>
    public static ulong DeviceChecksum(this TestClient client, BoHandle source, ulong offset, ulong size)
    {
        var result = client.Create(DeviceFixture.PageSize);
        Assert.Equal(Errno.Ok, client.Submit(TestClient.Checksum(source, offset, size, result, 0)));
        client.WaitIdle(result);
        ulong hash = BitConverter.ToUInt64(client.Read(result, 0, 8));
        Assert.Equal(Errno.Ok, client.Close(result));
        return hash;
    }
}

/// <summary>Raw user memory for USERPTR: mmap'd ranges (so holes, protections and flags are the test's own VMAs).</summary>
internal sealed unsafe partial class UserPages : IDisposable
{
    public const int ProtNone = 0x0;
    public const int ProtRead = 0x1;
    public const int ProtWrite = 0x2;
    public const int MapShared = 0x01;
    public const int MapPrivate = 0x02;
    public const int MapAnonymous = 0x20;

    private static readonly ulong Page = DeviceFixture.PageSize;
    private readonly List<(ulong Start, ulong Length)> _mapped = new();

    private UserPages(ulong address, ulong length)
    {
        Address = address;
        Length = length;
        _mapped.Add((address, length));
    }

    public ulong Address { get; }
    public ulong Length { get; }
    public byte* Pointer => (byte*)Address;
    public Span<byte> Span => new((void*)Address, (int)Length);
    public ulong PageAt(int index) => Address + (ulong)index * Page;

    /// <summary>Maps <paramref name="pages"/> private anonymous pages, read-write (or as <paramref name="prot"/> says).</summary>
    public static UserPages Anonymous(int pages, int prot = ProtRead | ProtWrite, bool shared = false)
    {
        ulong length = (ulong)pages * Page;
        return new UserPages(MapAway(length, prot, (shared ? MapShared : MapPrivate) | MapAnonymous, -1), length);
    }

    // Test mappings go far below where the kernel's top-down allocator places ordinary mmaps (just under
    // mmap_base, near the top of the 47-bit address space), each in its own 1 GiB slot. A hole a test punches
    // then stays a hole: no mmap of another test (running in parallel) or of the runtime lands in it.
    private const ulong FirstSlot = 0x2000_0000_0000;
    private const ulong SlotSize = 1UL << 30;
    private static long s_nextSlot;

    private static ulong MapAway(ulong length, int prot, int flags, int fd)
    {
        const int MapFixedNoreplace = 0x100000;
        for (int attempt = 0; attempt < 64; attempt++)
        {
            ulong hint = FirstSlot + (ulong)(Interlocked.Increment(ref s_nextSlot) % 4096) * SlotSize;
            void* p = LibC.Mmap((void*)hint, (nuint)length, prot, flags | MapFixedNoreplace, fd, 0);
            if (p == (void*)hint) return hint;
            if (p != (void*)-1) LibC.Munmap(p, (nuint)length); // an old kernel that only took it as a hint
        }
        Assert.Fail($"could not map {length} bytes in the test slots: errno {Marshal.GetLastPInvokeError()}");
        return 0;
    }

    /// <summary>Maps <paramref name="pages"/> pages of a file (e.g. /dev/zero) read-write.</summary>
    public static UserPages OfFile(string path, int pages, bool shared)
    {
        ulong length = (ulong)pages * Page;
        int fd = LibC.Open(path, 2 /* O_RDWR */);
        Assert.True(fd >= 0, $"open {path} failed: errno {Marshal.GetLastPInvokeError()}");
        try
        {
            return new UserPages(MapAway(length, ProtRead | ProtWrite, shared ? MapShared : MapPrivate, fd), length);
        }
        finally
        {
            LibC.Close(fd);
        }
    }

    public void Protect(int firstPage, int pages, int prot)
        => Assert.Equal(0, LibC.Mprotect((void*)PageAt(firstPage), (nuint)((ulong)pages * Page), prot));

    /// <summary>Unmaps part of the range (the rest stays mapped until Dispose).</summary>
    public void Unmap(int firstPage, int pages)
    {
        ulong start = PageAt(firstPage), length = (ulong)pages * Page;
        Assert.Equal(0, LibC.Munmap((void*)start, (nuint)length));
        var remaining = new List<(ulong, ulong)>();
        foreach (var (s, l) in _mapped)
        {
            ulong e = s + l, cutEnd = start + length;
            if (cutEnd <= s || start >= e)
            {
                remaining.Add((s, l));
                continue;
            }
            if (start > s) remaining.Add((s, start - s));
            if (cutEnd < e) remaining.Add((cutEnd, e - cutEnd));
        }
        _mapped.Clear();
        _mapped.AddRange(remaining);
    }

    public void Dispose()
    {
        foreach (var (s, l) in _mapped) LibC.Munmap((void*)s, (nuint)l);
        _mapped.Clear();
    }

    /// <summary>The VmFlags of the mapping that holds <paramref name="address"/> (/proc/self/smaps): "lo" locked, "wf" wipe on fork, "dc" do not copy.</summary>
    public static string[] VmFlagsAt(ulong address)
    {
        bool inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash > 0 && space > dash && IsHex(line.AsSpan(0, dash)))
            {
                ulong lo = ulong.Parse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                ulong hi = ulong.Parse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                inside = lo <= address && address < hi;
                continue;
            }
            if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        throw new InvalidOperationException($"no mapping holds {address:x}");
    }

    private static bool IsHex(ReadOnlySpan<char> text)
    {
        foreach (char c in text) if (!char.IsAsciiHexDigit(c)) return false;
        return text.Length > 0;
    }

    /// <summary>True when the pages of the range are resident (mincore).</summary>
    public static bool AllResident(ulong start, ulong length)
    {
        int pages = (int)(length / Page);
        var vector = new byte[pages];
        fixed (byte* v = vector) Assert.Equal(0, LibC.Mincore((void*)start, (nuint)length, v));
        return vector.All(b => (b & 1) != 0);
    }

    public static bool NoneResident(ulong start, ulong length)
    {
        int pages = (int)(length / Page);
        var vector = new byte[pages];
        fixed (byte* v = vector) Assert.Equal(0, LibC.Mincore((void*)start, (nuint)length, v));
        return vector.All(b => (b & 1) == 0);
    }

    /// <summary>mlock/munlock directly, as the kernel allows this process (CAP_IPC_LOCK or RLIMIT_MEMLOCK).</summary>
    public static bool TryMlock(ulong start, ulong length)
    {
        if (LibC.Mlock((void*)start, (nuint)length) != 0) return false;
        LibC.Munlock((void*)start, (nuint)length);
        return true;
    }

    /// <summary>The RLIMIT_MEMLOCK soft limit, or null when unlimited.</summary>
    public static ulong? MemlockSoftLimit()
    {
        ulong* limits = stackalloc ulong[2];
        Assert.Equal(0, LibC.Getrlimit(8 /* RLIMIT_MEMLOCK */, limits));
        return limits[0] == ulong.MaxValue ? null : limits[0];
    }
}
