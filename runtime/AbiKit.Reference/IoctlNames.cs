using AbiKit.Interop.Alloc;
using AbiKit.Interop.DrmCore;

namespace AbiKit.Reference;

/// <summary>
/// The requests' names as the spec gives them (through the generated dispatch table), for checked-mode reports:
/// a renamed or renumbered request in the spec renames it here, with no literal to forget.
/// </summary>
internal static class IoctlNames
{
    public static readonly string Close = Name(AllocIoctls.Close);
    public static readonly string Pread = Name(AllocIoctls.Pread);
    public static readonly string Pwrite = Name(AllocIoctls.Pwrite);
    public static readonly string MmapOffset = Name(AllocIoctls.MmapOffset);
    public static readonly string CpuAccessBegin = Name(AllocIoctls.CpuAccessBegin);
    public static readonly string CpuAccessEnd = Name(AllocIoctls.CpuAccessEnd);
    public static readonly string Pin = Name(AllocIoctls.Pin);
    public static readonly string Unpin = Name(AllocIoctls.Unpin);
    public static readonly string Madvise = Name(AllocIoctls.Madvise);
    public static readonly string Busy = Name(AllocIoctls.Busy);
    public static readonly string Wait = Name(AllocIoctls.Wait);
    public static readonly string Export = Name(AllocIoctls.Export);
    public static readonly string Submit = Name(AllocIoctls.Submit);
    public static readonly string GemFlink = Name(DrmCoreIoctls.GemFlink);
    public static readonly string PrimeHandleToFd = Name(DrmCoreIoctls.PrimeHandleToFd);

    private static string Name(uint request) => ReferenceDevice.Table.NameOf(request);
}
