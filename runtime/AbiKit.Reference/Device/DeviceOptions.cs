namespace AbiKit.Reference.Device;

/// <summary>Limits and modes of a <see cref="ReferenceDevice"/>.</summary>
public sealed record DeviceOptions
{
    /// <summary>Largest object (ABIKIT_PARAM_MAX_OBJECT_SIZE); larger creates fail with E2BIG.</summary>
    public ulong MaxObjectSize { get; init; } = 1UL << 32;

    /// <summary>
    /// Bytes one client may have pinned, by PIN and by USERPTR (ABIKIT_PARAM_PIN_LIMIT); more fails with ENOMEM.
    /// By default the process's RLIMIT_MEMLOCK, as RDMA's ib_umem_get charges pinned pages; the device applies
    /// its own limit to everyone (CAP_IPC_LOCK does not bypass it).
    /// </summary>
    public ulong PinLimit { get; init; } = UserRange.MemlockLimit() ?? ulong.MaxValue;

    /// <summary>
    /// Object memory the device tries to stay under. When a CREATE would exceed it, idle, unpinned objects
    /// marked DONTNEED are purged (their contents dropped) first, as the kernel's shrinker does.
    /// </summary>
    public ulong MemoryBudget { get; init; } = 1UL << 30;

    /// <summary>
    /// Checked mode: like the kernel's DMA-API debugging plus what it lacks. Misuse (sync on an unknown handle,
    /// END without BEGIN, nested BEGIN, END flags that differ from BEGIN, device work on an object inside a
    /// CPU-access window, stale handles, objects left open at close) produces a <see cref="MisuseReport"/>
    /// and an errno. Handles then carry a generation in their top byte.
    /// </summary>
    public bool Checked { get; init; }
}

/// <summary>Kinds of misuse checked mode reports.</summary>
public enum MisuseKind
{
    /// <summary>CPU_ACCESS_BEGIN/END on a handle the client does not hold.</summary>
    SyncOnUnknownHandle,
    /// <summary>CPU_ACCESS_END with no open window.</summary>
    EndWithoutBegin,
    /// <summary>CPU_ACCESS_BEGIN while a window is already open on the object.</summary>
    NestedBegin,
    /// <summary>CPU_ACCESS_END with other flags than its BEGIN.</summary>
    EndFlagsMismatch,
    /// <summary>SUBMIT touching an object inside one of its CPU-access windows.</summary>
    SubmitDuringCpuAccess,
    /// <summary>A handle used after it was closed and its slot reused.</summary>
    StaleHandle,
    /// <summary>Objects still open when their client closed.</summary>
    LeakedObjects,
    /// <summary>A USERPTR object's memory was unmapped (or freed) while the object lives, found before device access.</summary>
    UserptrUnmapped,
}

/// <summary>One report of checked mode.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Ioctl">The ioctl (request macro) or event during which it was found.</param>
/// <param name="Handle">The handle involved (0 when none).</param>
/// <param name="Message">A sentence saying what happened and what to do.</param>
public sealed record MisuseReport(MisuseKind Kind, string Ioctl, uint Handle, string Message);
