using System.Security.Cryptography;
using AbiKit.Interop.Alloc;
using AbiKit.Interop.DrmCore;
using AbiKit.Reference.Device;
using AbiKit.Reference.Memory;
using AbiKit.Runtime;
using AbiKit.Runtime.Checked;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.Reference;

/// <summary>
/// AbiKit's reference allocator device: the abikit-alloc ABI implemented in process on real memory, behind
/// the generated dispatch table (so every request gets drm_ioctl()'s semantics). Clients are open files
/// (<see cref="Open(DrmNode)"/>), each with its own handle namespace; objects live in a few large memfds, so file
/// descriptors do not grow with objects; a simulated engine thread really reads and writes them.
/// </summary>
public sealed unsafe partial class ReferenceDevice : IAllocHandler, IObjectIdentity, IDisposable
{
    /// <summary>The dispatch table: the abikit-alloc ioctls, generated from the spec.</summary>
    public static DispatchTable<ReferenceDevice> Table { get; } = DispatchTable<ReferenceDevice>.Drm(DrmCoreDispatch.Entries<ReferenceDevice>(), AllocDispatch.Entries<ReferenceDevice>());

    // drm_vma_offset_manager hands out fake mmap offsets above 4 GiB (DRM_FILE_PAGE_OFFSET_START).
    private const ulong FirstFakeOffset = 1UL << 32;

    private readonly object _gate = new();
    private readonly BackingStore _store = new();
    private readonly DeviceEngine _engine;
    private readonly Dictionary<ulong, DeviceObject> _byToken = new();
    private readonly Dictionary<ulong, DeviceObject> _byFakeOffset = new();
    // Live objects, oldest first: a doubly linked list through the objects themselves (DeviceObject.Older and
    // Newer). Objects are created in id order, so appending keeps the list sorted by id; adding and removing are
    // O(1) and allocate nothing (a sorted dictionary allocates a node per object, a hash table costs a hash
    // insert and remove per object), so closing a client with n objects is linear.
    private DeviceObject? _oldest;
    private DeviceObject? _newest;
    private int _objectCount;
    // Live objects whose advice is DONTNEED, by id, so oldest first: the shrinker's candidates. Only MADVISE
    // adds to it, so CREATE and CLOSE of ordinary objects never touch it.
    private readonly SortedDictionary<long, DeviceObject> _dontneed = new();
    private readonly List<ClientState> _clients = new();
    // Live USERPTR objects: their ranges may overlap, and mlock/madvise do not nest (see ReleaseUserRange).
    private readonly PinnedUserRanges _userRanges = new();
    // Ioctls waiting under Monitor.Wait(_gate) for another ioctl's pin of the same USERPTR object (under _gate).
    private int _pinWaiters;
    // Checked mode (null when off): the runtime's, driven by the spec's semantics in the dispatch table; the device
    // only tells it what only the device sees (user memory unmapped under an object) and lends it object identities.
    private readonly CheckedMode? _checked;
    private readonly ulong _pageSize = (ulong)Environment.SystemPageSize;
    private long _nextObjectId;
    private long _nextClientId;
    private ulong _nextFakeOffset = FirstFakeOffset;
    private ulong _objectBytes;
    private ulong _purgedBytes;
    // Set once by Dispose; ioctls inside the device (Enter) see it and answer ENODEV.
    private volatile bool _disposed;

    /// <summary>Creates a device.</summary>
    public ReferenceDevice(DeviceOptions? options = null)
    {
        Options = options ?? new DeviceOptions();
        _checked = Options.Checked ? new CheckedMode() : null;
        _engine = new DeviceEngine(EngineMemoryOf, Completed);
    }

    /// <summary>True once disposed: like an unplugged DRM device, it then answers every request with ENODEV.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>The device's limits and modes.</summary>
    public DeviceOptions Options { get; }

    /// <summary>What checked mode found so far.</summary>
    public IReadOnlyCollection<MisuseReport> Reports => _checked?.Reports ?? (IReadOnlyCollection<MisuseReport>)Array.Empty<MisuseReport>();

    /// <summary>Raised (on the ioctl's thread) for each checked-mode report.</summary>
    public event Action<MisuseReport>? MisuseReported
    {
        add
        {
            if (_checked is not null) _checked.MisuseReported += value;
        }
        remove
        {
            if (_checked is not null) _checked.MisuseReported -= value;
        }
    }

    /// <summary>Live objects.</summary>
    public int ObjectCount
    {
        get { lock (_gate) return _objectCount; }
    }

    /// <summary>Bytes of memory held by live objects (both views of non-coherent ones).</summary>
    public ulong ObjectBytes
    {
        get { lock (_gate) return _objectBytes; }
    }

    /// <summary>Opens the device: a new client with its own handle namespace. Dispose the channel to close it.</summary>
    public ReferenceChannel Open(DrmNode node = DrmNode.Render) => Open(node, hasSysAdmin: false);

    /// <summary>
    /// Opens the device on <paramref name="node"/> for a caller with or without CAP_SYS_ADMIN: on the primary
    /// node the first file is master, and files of such callers are authenticated (drm_auth.c).
    /// </summary>
    public ReferenceChannel Open(DrmNode node, bool hasSysAdmin)
    {
        var file = new DrmFile(node) { HasSysAdmin = hasSysAdmin };
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var client = new ClientState(++_nextClientId, Options.Checked);
            _clients.Add(client);
            file.DriverState = client;
            _checked?.Attach(file);
            _authentication.Opened(file);
        }
        return new ReferenceChannel(this, file);
    }

    internal static ClientState Client(DrmFile file) => (ClientState)file.DriverState!;

    /// <inheritdoc />
    /// <remarks>The object itself: checked mode counts CPU-access windows per object, whichever client opened them.</remarks>
    public object? IdentityOf(DrmFile file, ulong handle)
    {
        if (handle > uint.MaxValue) return null;
        lock (_gate)
        {
            return file.DriverState is ClientState client && client.Handles.TryGet((uint)handle, out var entry) == HandleLookup.Found ? entry.Object : null;
        }
    }

    /// <summary>Looks a handle up: unknown handles (and, in checked mode, stale ones of a reused slot) are ENOENT.</summary>
    private static Errno Lookup(ClientState client, BoHandle handle, out HandleEntry entry)
        => client.Handles.TryGet(handle.Value, out entry) == HandleLookup.Found ? Errno.Ok : Errno.ENOENT;

    private ulong RoundToPages(ulong size) => (size + _pageSize - 1) / _pageSize * _pageSize;

    private static ulong NewToken()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}

