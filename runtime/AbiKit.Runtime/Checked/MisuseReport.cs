namespace AbiKit.Runtime.Checked;

/// <summary>Kinds of misuse checked mode reports.</summary>
public enum MisuseKind
{
    /// <summary>A begin or end of CPU access on a handle the client does not hold.</summary>
    SyncOnUnknownHandle,
    /// <summary>An end of CPU access with no open window.</summary>
    EndWithoutBegin,
    /// <summary>A begin of CPU access while a window is already open on the object.</summary>
    NestedBegin,
    /// <summary>An end of CPU access in another direction than its begin.</summary>
    EndFlagsMismatch,
    /// <summary>Device work queued on an object inside a CPU-access window (of any client).</summary>
    SubmitDuringCpuAccess,
    /// <summary>A handle used after it was destroyed.</summary>
    StaleHandle,
    /// <summary>Objects still open when their client closed.</summary>
    LeakedObjects,
    /// <summary>A user-memory object's memory was unmapped (or freed) while the object lives (found by the device).</summary>
    UserptrUnmapped,
    /// <summary>
    /// An object whose contents were purged (MADVISE answered retained 0, or would have) was used again: the client
    /// missed the retained check. The device refuses the use with EFAULT either way (found by the device).
    /// </summary>
    PurgedObjectUsed,
}

/// <summary>One report of checked mode.</summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Ioctl">The request (its macro, as the spec names it) or event during which it was found.</param>
/// <param name="Handle">The handle involved (0 when none).</param>
/// <param name="Message">A sentence saying what happened and what to do.</param>
public sealed record MisuseReport(MisuseKind Kind, string Ioctl, uint Handle, string Message);
