using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using AbiKit.Interop.Alloc;
using AbiKit.Reference.Device;
using AbiKit.Reference.Memory;
using AbiKit.Runtime;
using AbiKit.Runtime.Dispatch;

namespace AbiKit.Reference;

/// <summary>
/// AbiKit's reference allocator device: the abikit-alloc ABI implemented in process on real memory, behind
/// the generated dispatch table (so every request gets drm_ioctl()'s semantics). Clients are open files
/// (<see cref="Open"/>), each with its own handle namespace; objects live in a few large memfds, so file
/// descriptors do not grow with objects; a simulated engine thread really reads and writes them.
/// </summary>
public sealed unsafe partial class ReferenceDevice : IAllocHandler, IDisposable
{
    /// <summary>The dispatch table: the abikit-alloc ioctls, generated from the spec.</summary>
    public static DispatchTable<ReferenceDevice> Table { get; } = DispatchTable<ReferenceDevice>.Drm(AllocDispatch.Entries<ReferenceDevice>());

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
    private readonly HashSet<DeviceObject> _userRanges = new();
    private readonly ConcurrentQueue<MisuseReport> _reports = new();
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
        _engine = new DeviceEngine(EngineMemoryOf, Completed);
    }

    /// <summary>True once disposed: like an unplugged DRM device, it then answers every request with ENODEV.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>The device's limits and modes.</summary>
    public DeviceOptions Options { get; }

    /// <summary>What checked mode found so far.</summary>
    public IReadOnlyCollection<MisuseReport> Reports => _reports;

    /// <summary>Raised (on the ioctl's thread) for each checked-mode report.</summary>
    public event Action<MisuseReport>? MisuseReported;

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
    public ReferenceChannel Open(DrmNode node = DrmNode.Render)
    {
        var file = new DrmFile(node);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var client = new ClientState(++_nextClientId, Options.Checked);
            _clients.Add(client);
            file.DriverState = client;
        }
        return new ReferenceChannel(this, file);
    }

    /// <summary>Holds the engine before its next command, so queued work stays observably pending.</summary>
    public void PauseEngine() => _engine.Pause();

    /// <summary>Lets the engine go on.</summary>
    public void ResumeEngine() => _engine.Resume();

    /// <summary>
    /// Registers who to ask when the device wants to move an object a client has pinned: called with the
    /// client's handle, outside the device's lock, it may UNPIN and returns true if it did.
    /// </summary>
    public void SetMigrationCallback(ReferenceChannel channel, Func<uint, bool>? onMoveRequested)
    {
        lock (_gate) Client(channel.File).OnMoveRequested = onMoveRequested;
    }

    /// <summary>
    /// Compacts memory: moves every object that is idle, unpinned and outside any CPU-access window to the
    /// lowest free memory (objects with no free memory below them stay). Pinned objects are first offered back to the clients that pinned them (see
    /// <see cref="SetMigrationCallback"/>); the ones still pinned stay where they are.
    /// </summary>
    public CompactionResult Compact()
    {
        if (!Enter()) return default;
        try
        {
            return CompactEntered();
        }
        finally
        {
            Leave();
        }
    }

    private CompactionResult CompactEntered()
    {
        List<(Func<uint, bool> Callback, uint Handle)> asks;
        lock (_gate)
        {
            asks = _clients
                .Where(c => c.OnMoveRequested is not null)
                .SelectMany(c => c.Handles.Entries().Where(e => e.Value.Pins > 0).Select(e => (c.OnMoveRequested!, e.Handle)))
                .ToList();
        }
        foreach (var (callback, handle) in asks) callback(handle); // may UNPIN through the ioctl path

        int moved = 0, blocked = 0;
        lock (_gate)
        {
            for (var obj = _oldest; obj is not null; obj = obj.Newer) // oldest first; moving frees no object
            {
                if (obj.IsUserptr) continue; // the caller's memory: the device cannot move it
                if (obj.PinCount > 0 || obj.Busy > 0 || obj.CpuWindows > 0 || obj.InUse > 0)
                {
                    blocked++;
                    continue;
                }
                if (!_store.TryMove(obj.Cpu, MovePolicy.Compact, out var cpu)) continue; // nothing lower to move to: already compact
                obj.Cpu = cpu;
                RemapMappings(obj); // before anything else can take the old memory: still under the lock
                if (obj.Device is { } device && _store.TryMove(device, MovePolicy.Compact, out var movedDevice)) obj.Device = movedDevice;
                moved++;
            }
        }
        return new CompactionResult(moved, blocked);
    }

    internal static ClientState Client(DrmFile file) => (ClientState)file.DriverState!;

    private void Report(MisuseKind kind, string ioctl, uint handle, string message)
    {
        var report = new MisuseReport(kind, ioctl, handle, message);
        _reports.Enqueue(report);
        MisuseReported?.Invoke(report);
    }

    /// <summary>Looks a handle up; a stale one is reported in checked mode. Unknown handles are ENOENT.</summary>
    private Errno Lookup(ClientState client, BoHandle handle, string ioctl, out HandleEntry entry)
    {
        var result = client.Handles.TryGet(handle.Value, out entry);
        if (result == HandleLookup.Found) return Errno.Ok;
        if (result == HandleLookup.Stale)
        {
            Report(MisuseKind.StaleHandle, ioctl, handle.Value,
                $"handle {handle.Value:x} was closed and its slot reused: the caller kept using a closed buffer (use after close)");
        }
        return Errno.ENOENT;
    }

    /// <summary>Appends a new object (the newest, with the highest id) to the list of live objects.</summary>
    private void AddObject(DeviceObject obj)
    {
        obj.Older = _newest;
        if (_newest is null) _oldest = obj;
        else _newest.Newer = obj;
        _newest = obj;
        _objectCount++;
    }

    private void RemoveObject(DeviceObject obj)
    {
        if (obj.Older is null) _oldest = obj.Newer;
        else obj.Older.Newer = obj.Newer;
        if (obj.Newer is null) _newest = obj.Older;
        else obj.Newer.Older = obj.Older;
        obj.Older = obj.Newer = null;
        _objectCount--;
    }

    private bool Purgeable(DeviceObject obj)
        => !obj.IsUserptr && obj.Madvice == Advice.Dontneed && !obj.Purged && obj.PinCount == 0 && obj.Busy == 0 && obj.CpuWindows == 0 && obj.InUse == 0;

    private void Purge(DeviceObject obj)
    {
        _store.Purge(obj.Cpu);
        if (obj.Device is { } device) _store.Purge(device);
        obj.Purged = true;
        _purgedBytes += Footprint(obj);
    }

    /// <summary>The shrinker: purge DONTNEED objects, oldest first, until <paramref name="needed"/> more bytes fit the budget.</summary>
    private void PurgeUnderBudget(ulong needed)
    {
        foreach (var obj in _dontneed.Values)
        {
            if (_objectBytes - PurgedBytes() + needed <= Options.MemoryBudget) return;
            if (Purgeable(obj)) Purge(obj);
        }
    }

    private ulong PurgedBytes() => _purgedBytes;

    /// <summary>Device memory an object holds: none for USERPTR (the memory is the caller's), two views when non-coherent.</summary>
    private static ulong Footprint(DeviceObject obj) => obj.IsUserptr ? 0 : obj.Size * (obj.Coherent ? 1UL : 2UL);

    /// <summary>A purged object given WILLNEED lives on (with zeroed memory) and counts against the budget again.</summary>
    private void Unpurge(DeviceObject obj)
    {
        if (!obj.Purged) return;
        obj.Purged = false;
        _purgedBytes -= Footprint(obj);
    }

    private unsafe EngineMemory EngineMemoryOf(DeviceObject obj)
        => obj.IsUserptr ? new EngineMemory((nint)obj.UserPointer, IsUser: true) : new EngineMemory((nint)_store.Pointer(obj.EngineMemory), IsUser: false);

    /// <summary>Engine thread: a command finished (EFAULT when a USERPTR range vanished under it).</summary>
    private void Completed(EngineCommand command, Errno result)
    {
        lock (_gate)
        {
            if (result != Errno.Ok && Options.Checked)
            {
                Report(MisuseKind.UserptrUnmapped, "DRM_IOCTL_ABIKIT_SUBMIT", 0,
                    "the device engine found a USERPTR object's memory unmapped while running a command: keep the memory mapped until the object is closed");
            }
            command.Destination.Busy--;
            command.Destination.PendingWrites--;
            Put(command.Destination); // the command's references: the memory may go only now
            if (command.Source is { } source)
            {
                source.Busy--;
                Put(source);
            }
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>
    /// Waits (holding <see cref="_gate"/>, which Monitor.Wait releases meanwhile) until the engine is done with
    /// <paramref name="obj"/> — or, with <paramref name="writesOnly"/>, done writing it — or the monotonic deadline
    /// passes. False on timeout, and when the device is disposed meanwhile (callers then answer ENODEV).
    /// </summary>
    private bool WaitIdle(DeviceObject obj, long deadlineNs, bool writesOnly = false)
    {
        // Monitor.Wait takes at most int.MaxValue ms (~24.8 days); longer deadlines wait in slices of that.
        const long MaxSliceTicks = int.MaxValue * TimeSpan.TicksPerMillisecond;
        while ((writesOnly ? obj.PendingWrites : obj.Busy) > 0)
        {
            if (_disposed) return false;
            if (deadlineNs == long.MaxValue)
            {
                Monitor.Wait(_gate);
                continue;
            }
            long remaining = deadlineNs - MonotonicNs();
            if (remaining <= 0) return false;
            Monitor.Wait(_gate, TimeSpan.FromTicks(Math.Clamp(remaining / 100, 1, MaxSliceTicks)));
        }
        return !_disposed;
    }

    /// <summary>CLOCK_MONOTONIC in nanoseconds (Stopwatch reads it on Linux).</summary>
    internal static long MonotonicNs() => (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));

    private ulong RoundToPages(ulong size) => (size + _pageSize - 1) / _pageSize * _pageSize;

    private static ulong NewToken()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}

/// <summary>The outcome of <see cref="ReferenceDevice.Compact"/>.</summary>
/// <param name="Moved">Objects moved to lower memory.</param>
/// <param name="Blocked">Objects that could not move (pinned, busy or inside a CPU-access window).</param>
public readonly record struct CompactionResult(int Moved, int Blocked);
