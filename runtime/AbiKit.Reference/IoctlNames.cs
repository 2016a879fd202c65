using AbiKit.Interop.Alloc;

namespace AbiKit.Reference;

/// <summary>
/// The requests' names as the spec gives them (through the generated dispatch table), for the reports only the
/// device can make (USERPTR memory unmapped under an object, a purged object used): a renamed or renumbered request in the spec renames
/// it here, with no literal to forget. Checked mode names every other report from the dispatch entry itself.
/// </summary>
internal static class IoctlNames
{
    public static readonly string CpuAccessBegin = Name(AllocIoctls.CpuAccessBegin);
    public static readonly string Pread = Name(AllocIoctls.Pread);
    public static readonly string Pwrite = Name(AllocIoctls.Pwrite);
    public static readonly string Pin = Name(AllocIoctls.Pin);
    public static readonly string MmapOffset = Name(AllocIoctls.MmapOffset);
    public static readonly string Submit = Name(AllocIoctls.Submit);

    private static string Name(uint request) => ReferenceDevice.Table.NameOf(request);
}
