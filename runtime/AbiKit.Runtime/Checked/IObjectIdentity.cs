using AbiKit.Runtime.Dispatch;

namespace AbiKit.Runtime.Checked;

/// <summary>
/// Implemented by a device whose objects can be shared between files: tells checked mode which object a file's
/// handle names, so a CPU-access window opened through one file's handle is seen when another file queues device
/// work on the same object (as the kernel's DMA-API debugging keys on the memory, not on who mapped it).
/// </summary>
public interface IObjectIdentity
{
    /// <summary>The object <paramref name="handle"/> names in <paramref name="file"/>, or null when it names none.</summary>
    object? IdentityOf(DrmFile file, ulong handle);
}
