using AbiKit.Interop.Alloc;
using AbiKit.Reference.Memory;

namespace AbiKit.Reference.Device;

/// <summary>
/// A buffer object. Coherent (CACHED) objects have one memory that CPU and engine share; non-coherent
/// (WRITE_COMBINED, UNCACHED) ones have a CPU view (what mappings see) and a device view (what the engine
/// reads and writes), which only CPU_ACCESS_BEGIN (device → CPU) and CPU_ACCESS_END (CPU → device) reconcile.
/// A missing sync is therefore observable as stale data, as on real non-coherent hardware.
/// </summary>
internal sealed class DeviceObject
{
    // What only USERPTR objects have, kept out of line so ordinary objects (created and closed far more often)
    // are smaller.
    private sealed class UserBacking(ulong pointer, bool readOnly, ClientState owner, CallerProcess? process) : PinnedUserRanges.Links
    {
        public ulong Pointer { get; set; } = pointer;
        public bool ReadOnly { get; set; } = readOnly;
        public ClientState Owner { get; set; } = owner;
        public CallerProcess? Process { get; set; } = process;
        public ForkProtection.Range? ForkRange { get; set; }
        public bool Pinned { get; set; }
        public bool Pinning { get; set; }
    }

    private readonly UserBacking? _user; // set at construction: an object stays USERPTR or ordinary through reuse
    private Allocation _device; // empty for coherent objects

    public DeviceObject(long id, ulong size, Caching caching, Allocation cpu, Allocation? device, ulong fakeOffset)
    {
        Id = id;
        Size = size;
        Caching = caching;
        Cpu = cpu;
        Device = device;
        FakeOffset = fakeOffset;
    }

    private DeviceObject(long id, ulong size, UserBacking user)
        : this(id, size, Caching.Cached, default, null, 0)
        => _user = user;

    /// <summary>A USERPTR object wrapping the caller's own memory.</summary>
    public static DeviceObject ForUserMemory(long id, ulong pointer, ulong size, bool readOnly, ClientState owner, CallerProcess? process = null)
        => new(id, size, new UserBacking(pointer, readOnly, owner, process));

    /// <summary>For USERPTR objects of another process (a caller on a device node): that process; null for this one.</summary>
    public CallerProcess? UserProcess => _user?.Process;

    public long Id { get; private set; }

    /// <summary>For USERPTR objects: the start of the caller's memory (the object's only memory); 0 otherwise.</summary>
    public ulong UserPointer => _user?.Pointer ?? 0;

    public bool IsUserptr => _user is not null;

    /// <summary>USERPTR with ABIKIT_USERPTR_READ_ONLY: the engine may read, never write.</summary>
    public bool ReadOnly => _user?.ReadOnly ?? false;

    /// <summary>For USERPTR objects: the client charged for the pinned pages.</summary>
    public ClientState? Owner => _user?.Owner;

    /// <summary>For USERPTR objects whose pages this process locked: the range as recorded for fork protection.</summary>
    public ForkProtection.Range? ForkRange
    {
        get => _user?.ForkRange;
        set => _user!.ForkRange = value;
    }

    /// <summary>For USERPTR objects: its place in the device's <see cref="PinnedUserRanges"/>.</summary>
    public PinnedUserRanges.Links RangeLinks => _user!;

    /// <summary>For USERPTR objects: its pages are locked (pinned) — at creation when mapped, else at first use, as i915's get_pages.</summary>
    public bool UserPinned
    {
        get => _user?.Pinned ?? false;
        set => _user!.Pinned = value;
    }

    /// <summary>For USERPTR objects: an ioctl is locking its pages outside the device's lock right now.</summary>
    public bool UserPinning
    {
        get => _user?.Pinning ?? false;
        set => _user!.Pinning = value;
    }
    public ulong Size { get; private set; }
    public Caching Caching { get; private set; }
    public bool Coherent => _device.IsEmpty;

    /// <summary>The memory mappings see. Replaced when the object migrates.</summary>
    public Allocation Cpu { get; set; }

    /// <summary>The engine's view of a non-coherent object.</summary>
    public Allocation? Device
    {
        get => _device.IsEmpty ? null : _device;
        set => _device = value ?? default;
    }

    /// <summary>The engine's memory: the device view, or the shared memory of a coherent object.</summary>
    public Allocation EngineMemory => _device.IsEmpty ? Cpu : _device;

    /// <summary>mmap offset in the device's fake address space (as drm_vma_offset_manager gives).</summary>
    public ulong FakeOffset { get; private set; }

    /// <summary>Handles naming it, across clients.</summary>
    public int HandleCount { get; set; }

    /// <summary>
    /// References, as a GEM object's kref: one per handle, per queued engine command, per CPU mapping and per
    /// ioctl working on it. Its memory is returned when the last one goes, never before.
    /// </summary>
    public int References { get; set; }

    /// <summary>Ioctls copying its memory outside the device's lock: it is neither moved nor purged meanwhile.</summary>
    public int InUse { get; set; }

    /// <summary>Engine commands queued or running on it.</summary>
    public int Busy { get; set; }

    /// <summary>Engine commands queued or running that write it (CPU reads wait only for these).</summary>
    public int PendingWrites { get; set; }

    /// <summary>Its live CPU mappings (null until first mapped): moving the object remaps them onto its new memory.</summary>
    public List<MappedObject>? Mappings { get; set; }

    /// <summary>Pins over all handles.</summary>
    public int PinCount { get; set; }

    /// <summary>Open CPU-access windows over all handles.</summary>
    public int CpuWindows { get; set; }

    public Advice Madvice { get; set; } = Advice.Willneed;

    /// <summary>
    /// Its contents were dropped (i915's __I915_MADV_PURGED): final. Every later use is EFAULT; existing mappings
    /// read zeros; only CLOSE is left.
    /// </summary>
    public bool Purged { get; set; }

    /// <summary>
    /// It was used (i915's get_pages ran): PREAD, SUBMIT, CPU_ACCESS_BEGIN, PIN or a new mapping — not PWRITE
    /// (i915 writes the page cache), EXPORT, IMPORT or FLINK. Until then MADVISE(DONTNEED) purges it at once, as
    /// i915 truncates an object that has no pages.
    /// </summary>
    public bool HasPages { get; set; }
    public ulong ExportToken { get; set; }

    /// <summary>The object's GEM_FLINK name (0: none), valid while it has a handle.</summary>
    public uint FlinkName { get; set; }

    /// <summary>Set once its memory was returned; nothing may touch it after.</summary>
    public bool Freed { get; set; }

    /// <summary>
    /// Makes a freed ordinary object a new one (the device recycles them, so CREATE+CLOSE allocates nothing).
    /// Only once its last reference went: nothing can reach it any more. Returns the object.
    /// </summary>
    public DeviceObject Reuse(long id, ulong size, Caching caching, Allocation cpu, Allocation? device, ulong fakeOffset)
    {
        if (IsUserptr || !Freed) throw new InvalidOperationException("only a freed ordinary object can be reused");
        Size = size;
        Caching = caching;
        Cpu = cpu;
        Device = device;
        FakeOffset = fakeOffset;
        return Renew(id);
    }

    /// <summary>
    /// Makes a freed USERPTR object a new one over other user memory (so USERPTR+CLOSE allocates nothing), on the
    /// same terms as <see cref="Reuse"/>.
    /// </summary>
    public DeviceObject ReuseForUserMemory(long id, ulong pointer, ulong size, bool readOnly, ClientState owner, CallerProcess? process)
    {
        if (_user is null || !Freed || _user.Linked) throw new InvalidOperationException("only a freed USERPTR object can be reused as one");
        Size = size;
        _user.Pointer = pointer;
        _user.ReadOnly = readOnly;
        _user.Owner = owner;
        _user.Process = process;
        _user.ForkRange = null;
        _user.Pinned = _user.Pinning = false;
        return Renew(id);
    }

    // What every reused object starts from: no handle, reference, use, mapping, advice, name or list place.
    private DeviceObject Renew(long id)
    {
        Id = id;
        HandleCount = References = InUse = Busy = PendingWrites = PinCount = CpuWindows = 0;
        Mappings?.Clear();
        Madvice = Advice.Willneed;
        Purged = HasPages = false;
        ExportToken = 0;
        FlinkName = 0;
        Freed = false;
        Older = Newer = null;
        return this;
    }

    /// <summary>The device's list of live objects, oldest first: the next older object (null for the oldest).</summary>
    public DeviceObject? Older { get; set; }

    /// <summary>The next newer live object (null for the newest).</summary>
    public DeviceObject? Newer { get; set; }
}
