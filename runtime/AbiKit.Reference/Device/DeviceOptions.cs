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
    /// Checked mode: the runtime's <see cref="Runtime.Checked.CheckedMode"/> watches every client, driven by the
    /// spec's semantics (sync on an unknown handle, END without BEGIN, nested BEGIN, END in another direction than
    /// BEGIN, device work on an object inside a CPU-access window, stale handles, objects left open at close), and
    /// the device reports USERPTR memory unmapped under its object. Handles then carry a generation in their top
    /// byte, so a stale handle fails instead of naming the object that reused its slot.
    /// </summary>
    public bool Checked { get; init; }
}
